"""Write the SIMFONI / UPTD PPA sample extracts (violence-case aggregates) from the published text.

Copies the figures of the Laporan Tahunan 2023 DP3A Provinsi NTT
(../shared/sources/001_ffeb514552cc10b0.txt) and of Pergub NTT 88/2025 (PJPK,
../shared/sources/002_a05e6b013d9a983d.txt) verbatim, errors and typos included, into
seeds/extracts/simfoni/ as UTF-8 CSVs (comma-separated, header row, every value a text cell) with a
provenance sidecar <file>.meta.json each. Every row carries source_line, the 1-based line of the
source text the cell is on. Run once; the output is committed and tests/test_case_extracts.py checks
it against the documents.

Which file comes from which lines, and how (line numbers as of the stored source text):

| file | source | lines | how |
| --- | --- | --- | --- |
| uptd_tabel13_korban_2023.csv | 001 Tabel. 13 | 904-916 | mechanical: table rows parsed cell by cell |
| uptd_teks_kasus_2023.csv | 001 text around Tabel 13 | 897, 918 | hand-picked phrases (listed below), located and checked mechanically |
| uptd_tabel14_kasus_2023.csv | 001 Tabel. 14 | 923-969 | mechanical: empty Bulan / Jenis cells carried forward, multi-bentuk cells split and paired in order, rows shifted two columns left re-aligned |
| simfoni_kasus_tahunan.csv | 001 text, Bab III (BIMTEK SIMFONI PPA) | 558 | regex on the sentence, wording of the measure hand-picked |
| simfoni_tidak_melapor.csv | 001 text | 562 | hand-transcribed names, located and checked mechanically |
| simfoni_jumlah_tidak_melapor.csv | 001 text | 562 | regex on "N (kata)" phrases |
| kta_2024_2025.csv | 002 Tabel 1.3 (PSRI), Sasaran 3, Indek Perlindungan Anak | 445, 449 | regex on "KTA <jenis> : <nilai>" |
| tabel9_cakupan_layanan_2023.csv | 001 Tabel 9 | 416-429 | mechanical, with the indikator cell split by the page break (425 + 428) rejoined |

The hand-picked phrases are anchored in the text (the script fails when an anchor is not found on
exactly one line), so a re-run either reproduces the same rows or stops.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

from ingestion.core.dates import MONTH_NAMES
from ingestion.core.settings import REPO_ROOT

REPO = REPO_ROOT
SOURCES = REPO.parent / "shared" / "sources"
DOC_001 = "001_ffeb514552cc10b0.txt"
DOC_002 = "002_a05e6b013d9a983d.txt"
OUT = REPO / "seeds" / "extracts" / "simfoni"

DOCUMENT_001 = (
    "Laporan Tahunan 2023 Dinas Pemberdayaan Perempuan dan Perlindungan Anak (DP3A) Provinsi Nusa Tenggara Timur"
)
DOCUMENT_002 = "Peraturan Gubernur NTT 88/2025, Peta Jalan Pembangunan Kependudukan 2025-2029"

BULAN = MONTH_NAMES
T13_KATEGORI = ["perempuan_dewasa", "anak_laki_laki", "anak_perempuan", "total"]


# --------------------------------------------------------------------------- helpers


def read_lines(name: str) -> list[str]:
    return (SOURCES / name).read_text(encoding="utf-8").splitlines()


def find_line(lines: list[str], anchor: str, start: int = 0, end: int | None = None) -> int:
    """1-based number of the single line in [start, end) containing anchor."""
    hits = [i + 1 for i in range(start, len(lines) if end is None else end) if anchor in lines[i]]
    if len(hits) != 1:
        raise SystemExit(f"anchor {anchor!r} found on lines {hits}, expected exactly one")
    return hits[0]


def write_csv(name: str, header: list[str], rows: list[list[object]]) -> Path:
    path = OUT / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            assert len(row) == len(header), (name, row)
            writer.writerow(["" if v is None else str(v) for v in row])
    return path


def sidecar(
    path: Path, *, producer: str, document: str, table: str, unit: str, doc: str, lines: str, note: str
) -> None:
    meta = {
        "producer": producer,
        "document": document,
        "table": table,
        "unit": unit,
        "figure_kind": "published_aggregate",
        "transcribed_from": f"shared/sources/{doc} lines {lines}",
        "note": note,
    }
    path.with_name(path.name + ".meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


# --------------------------------------------------------------------------- Tabel 13


def tabel13(lines: list[str]) -> tuple[list[list[object]], int, int]:
    title = find_line(lines, "Tabel. 13. Perincian Korban berdasarkan Kategori")
    rows: list[list[object]] = []
    first = last = 0
    for n in range(title + 1, len(lines) + 1):
        cells = [c.strip() for c in lines[n - 1].split("\t")]
        if cells[0].isdigit() and len(cells) >= 6 and cells[1] in BULAN:
            if int(cells[0]) != BULAN.index(cells[1]) + 1:
                raise SystemExit(f"Tabel 13 line {n}: No {cells[0]} does not match {cells[1]}")
            bulan, label = BULAN.index(cells[1]) + 1, cells[1]
        elif cells[0] == "Total":
            bulan, label = "", "Total"
        else:
            if rows and not lines[n - 1].strip():
                break
            continue
        first = first or n
        last = n
        for kategori, value in zip(T13_KATEGORI, cells[2:6], strict=True):
            rows.append([2023, bulan, label, kategori, value, n])
        if label == "Total":
            break
    return rows, first, last


# --------------------------------------------------------------------------- Tabel 14


def split_bentuk(cell: str) -> list[str]:
    """'- Fisik - Psikis' -> ['Fisik', 'Psikis'] (the published separator is ' - ')."""
    text = cell.strip()
    if text.startswith("- "):
        text = text[2:]
    return [part.strip() for part in text.split(" - ")]


def tabel14(lines: list[str]) -> tuple[list[list[object]], int, int]:
    title = find_line(lines, "Tabel. 14. Perincian Kasus Kekerasan")
    rows: list[list[object]] = []
    month: tuple[int, str, int] | None = None  # (bulan, label, line)
    jenis: tuple[str, int] | None = None  # (jenis, line)
    first = last = 0
    for n in range(title + 1, len(lines) + 1):
        raw = lines[n - 1]
        cells = [c.strip() for c in raw.split("\t")]
        if not raw.strip() or cells[0] == "No":
            continue
        if len(cells) < 3:  # prose after the table
            break
        notes: list[str] = []
        if cells[1].startswith("- ") and not any(cells[3:]):
            # Row shifted two columns left in the text: Jenis in column 1, Bentuk in 2, Jumlah in 3.
            no, bulan_cell, jenis_cell, bentuk_cell, jumlah_cell = "", "", cells[0], cells[1], cells[2]
            notes.append(
                "row shifted two columns left in the source text (Jenis, Bentuk, Jumlah in the "
                "first three columns); re-aligned, No and Bulan taken as empty"
            )
        elif len(cells) >= 5 and cells[3].startswith("- "):
            no, bulan_cell, jenis_cell, bentuk_cell, jumlah_cell = cells[:5]
        else:
            break
        if bulan_cell:
            if bulan_cell not in BULAN or int(no) != BULAN.index(bulan_cell) + 1:
                raise SystemExit(f"Tabel 14 line {n}: unexpected No/Bulan {no!r} {bulan_cell!r}")
            month = (BULAN.index(bulan_cell) + 1, bulan_cell, n)
            jenis = None
        elif month is None:
            raise SystemExit(f"Tabel 14 line {n}: continuation row before any month")
        else:
            notes.append(f"bulan cell empty: carried forward from line {month[2]}")
        if jenis_cell:
            jenis = (jenis_cell, n)
        elif jenis is None:
            raise SystemExit(f"Tabel 14 line {n}: continuation row before any jenis")
        else:
            notes.append(f"jenis cell empty: carried forward from line {jenis[1]}")
        if lines[n - 2].startswith("No\t") and not bulan_cell:
            notes.append(
                "first row after a page break (repeated header); it continues the last "
                f"month and jenis before the break ({month[1]} {jenis[0]})"
            )
        first = first or n
        last = n
        bentuk = split_bentuk(bentuk_cell)
        counts = jumlah_cell.split()
        note = "; ".join(notes)
        if len(bentuk) != len(counts):
            rows.append(
                [
                    2023,
                    month[0],
                    month[1],
                    jenis[0],
                    bentuk_cell.removeprefix("- "),
                    "",
                    n,
                    "; ".join(
                        notes
                        + [
                            f"{len(bentuk)} bentuk but {len(counts)} counts "
                            f"({jumlah_cell!r}): not paired, jumlah left empty"
                        ]
                    ),
                ]
            )
            continue
        for b, c in zip(bentuk, counts, strict=True):
            rows.append([2023, month[0], month[1], jenis[0], b, c, n, note])
    return rows, first, last


# --------------------------------------------------------------------------- text statements

# (anchor phrase located on one line, bulan, pernyataan, nilai): nilai must occur inside the anchor.
TEKS_13 = [
    (
        "Jumlah kasus yang ditangani dalam bulan Januari – Desember Tahun 2023 sebanyak 323 kasus",
        "",
        "jumlah kasus yang ditangani UPTD PPA Januari-Desember 2023",
        "323",
    ),
    ("total korban berdasarkan bulan sebanyak 323 kasus", "", "total korban berdasarkan bulan", "323"),
    (
        "tertinggi di bulan November sebanyak 38 kasus dan terendah",
        11,
        "bulan tertinggi (korban berdasarkan bulan)",
        "38",
    ),
    ("terendah di bulan Desember sebanyak 11 kasus", 12, "bulan terendah (korban berdasarkan bulan)", "11"),
    (
        "korban berdasarkan kategori tertinggi di bulan November sebanyak 38 kasus",
        11,
        "bulan tertinggi (korban berdasarkan kategori)",
        "38",
    ),
    ("terdiri dari perempuan dewasa 18 kasus", 11, "korban perempuan dewasa di bulan tertinggi", "18"),
    ("dan anak sebanyak 20 kasus", 11, "korban anak di bulan tertinggi", "20"),
    ("Kasus kekerasan tertinggi di bulan November sebanyak 38 kasus", 11, "kasus kekerasan di bulan tertinggi", "38"),
    ("kekerasan terhadap anak sebanyak 12 kasus", 11, "kekerasan terhadap anak (KtA) di bulan tertinggi", "12"),
    (
        "kekerasan terhadap perempuan sebanyak 14 kasus",
        11,
        "kekerasan terhadap perempuan (KtP) di bulan tertinggi",
        "14",
    ),
    (
        "kekerasan dalam rumah tangga sebanyak 12 kasus",
        11,
        "kekerasan dalam rumah tangga (KDRT) di bulan tertinggi",
        "12",
    ),
]


def teks_13(lines: list[str], t13_title: int, t14_title: int) -> list[list[object]]:
    rows = []
    for anchor, bulan, pernyataan, nilai in TEKS_13:
        n = find_line(lines, anchor, t13_title - 5, t14_title)
        assert nilai in anchor.split()
        rows.append([2023, bulan, pernyataan, nilai, n])
    return rows


def simfoni(lines: list[str]) -> tuple[list[list[object]], list[list[object]], list[list[object]], int, int]:
    n_total = find_line(lines, "pencatatan dan pelaporan melalui SIMFONI PPA pada tahun 2022 tercatat")
    text = lines[n_total - 1]
    m = re.search(
        r"pada tahun (2022) tercatat sebanyak (\d+) (kasus kekerasan terhadap Perempuan) "
        r"sedangkan pada (2023) tercatat sebanyak (\d+) kasus",
        text,
    )
    if not m:
        raise SystemExit(f"SIMFONI totals sentence changed on line {n_total}")
    ukuran = m.group(3)
    totals = [
        [int(m.group(1)), "Provinsi NTT", ukuran, m.group(2), n_total],
        [int(m.group(4)), "Provinsi NTT", ukuran, m.group(5), n_total],
    ]

    n_tm = find_line(lines, "kabupaten yang tidak melaporkan kasus kekerasan yaitu")
    text = lines[n_tm - 1]
    m = re.search(
        r"Pada tahun (2022) terdapat (\d+ \(\w+\)) kabupaten yang tidak melaporkan kasus kekerasan "
        r"yaitu Kabupaten (Sikka) dan (Lembata) sedangkan di tahun (2023) terdapat (\d+ \(\w+\)) "
        r"kabupaten yang tidak menginput data dalam SIMFONI PPA yaitu (Manggarai Timur)\.",
        text,
    )
    if not m:
        raise SystemExit(f"SIMFONI non-reporting sentence changed on line {n_tm}")
    names = [[2022, m.group(3), n_tm], [2022, m.group(4), n_tm], [2023, m.group(7), n_tm]]
    counts = [[2022, m.group(2), n_tm], [2023, m.group(6), n_tm]]
    return totals, names, counts, n_total, n_tm


def kta(lines: list[str]) -> tuple[list[list[object]], list[int]]:
    rows: list[list[object]] = []
    found = []
    for year in ("2024", "2025"):
        n = find_line(lines, f"Jumlah kasus Kekerasan terhadap Anak (KTA) Tahun {year} dengan rincian")
        found.append(n)
        cell = lines[n - 1].split(f"Tahun {year} dengan rincian :", 1)[1].split("</p>", 1)[0]
        for jenis, nilai in re.findall(r"(KTA [A-Za-z ]+?) : ([^,\s<]+)", cell):
            notes = []
            if nilai == "-":
                notes.append("published '-' (no figure given)")
            if jenis == "KTA Traffiking":
                notes.append(
                    f"spelled 'Traffiking' here, 'Trafficking' in the 2024 cell (line {found[0]}), as published"
                )
            rows.append([int(year), jenis, nilai, n, "; ".join(notes)])
    return rows, found


def tabel9(lines: list[str]) -> tuple[list[list[object]], int, int]:
    title = find_line(lines, "Tabel 9. Indikator Kinerja Perangkat Daerah dan Capaian Tahun 2023")
    header = ["Program", "Indikator", "Target 2023", "Realisasi 2023"]
    rows: list[list[object]] = []
    first = last = 0
    after_break = False
    program_line = 0
    for n in range(title + 1, len(lines) + 1):
        raw = lines[n - 1]
        cells = [c.strip() for c in raw.split("\t")]
        if not raw.strip():
            if rows:
                after_break = True
            continue
        if cells[:4] == header:
            continue
        if len(cells) < 4:
            break
        program, indikator, target, realisasi = cells[:4]
        first = first or n
        last = n
        if after_break and not program and not target and not realisasi and rows:
            # The indikator cell of the last row before the page break continues here.
            prev = rows[-1]
            prev[1] = f"{prev[1]} {indikator}"
            prev[-1] = "; ".join(
                filter(
                    None,
                    [
                        prev[-1],
                        (
                            f"indikator cell split by a page break: first part on line {prev[-2]}, "
                            f"continues on line {n} ('{indikator}'); joined with one space"
                        ),
                    ],
                )
            )
            after_break = False
            continue
        after_break = False
        notes = []
        if program:
            program_line = n
        else:
            notes.append(f"program cell empty as published (row continues the program of line {program_line})")
        rows.append([program, indikator, target, realisasi, n, "; ".join(notes)])
    return rows, first, last


# --------------------------------------------------------------------------- main


def main() -> int:
    l1 = read_lines(DOC_001)
    l2 = read_lines(DOC_002)
    OUT.mkdir(parents=True, exist_ok=True)
    uptd = "UPTD PPA Provinsi Nusa Tenggara Timur (DP3A Provinsi NTT)"
    dp3a = "Dinas Pemberdayaan Perempuan dan Perlindungan Anak (DP3A) Provinsi Nusa Tenggara Timur"

    # Tabel 13
    t13, a, b = tabel13(l1)
    path = write_csv(
        "uptd_tabel13_korban_2023.csv",
        ["tahun", "bulan", "bulan_label", "kategori", "jumlah_korban", "source_line"],
        t13,
    )
    sidecar(
        path,
        producer=uptd,
        document=DOCUMENT_001,
        table="Tabel. 13. Perincian Korban berdasarkan Kategori Perempuan dewasa dan anak",
        unit="korban (the surrounding text also calls them kasus)",
        doc=DOC_001,
        lines=f"{a}-{b}",
        note=(
            "Cells copied verbatim. Column headers: Kategori = Perempuan dewasa | Anak (Laki - laki, "
            "Perempuan) | Total; kategori total is the published row total, the bulan_label 'Total' "
            "row is the published column total (its Bulan cell is empty, so bulan is empty). The "
            "published No cell (1-12) is checked against the month name and stored as bulan."
        ),
    )

    t13_title = find_line(l1, "Tabel. 13. Perincian Korban")
    t14_title = find_line(l1, "Tabel. 14. Perincian Kasus Kekerasan")
    teks = teks_13(l1, t13_title, t14_title)
    path = write_csv("uptd_teks_kasus_2023.csv", ["tahun", "bulan", "pernyataan", "nilai", "source_line"], teks)
    lines_used = sorted({r[-1] for r in teks})
    sidecar(
        path,
        producer=uptd,
        document=DOCUMENT_001,
        table="Bab III.3 Kasus yang ditangani UPTD PPA: figures stated in the text before and after Tabel. 13",
        unit="kasus",
        doc=DOC_001,
        lines=", ".join(map(str, lines_used)),
        note=(
            "Figures stated in the prose, one row per stated figure; nilai copied verbatim, pernyataan is a "
            "short description written by the transcriber. Line 897 precedes Tabel 13 yet says 'Dari "
            "tabel diatas'. Line 918 also states the November split by jenis (KtA 12, KtP 14, KDRT 12), "
            "which refers to Tabel 14; included for completeness. bulan is empty for whole-year figures."
        ),
    )

    # Tabel 14
    t14, a, b = tabel14(l1)
    path = write_csv(
        "uptd_tabel14_kasus_2023.csv",
        ["tahun", "bulan", "bulan_label", "jenis_kekerasan", "bentuk_kekerasan", "jumlah_kasus", "source_line", "note"],
        t14,
    )
    sidecar(
        path,
        producer=uptd,
        document=DOCUMENT_001,
        table="Tabel. 14. Perincian Kasus Kekerasan yang dilayani oleh UPTD PPA Provinsi NTT",
        unit="kasus",
        doc=DOC_001,
        lines=f"{a}-{b}",
        note=(
            "One row per bentuk: a cell like '- Fisik - Psikis' with counts '1 6' is split on ' - ' and "
            "paired in order with the whitespace-separated counts (all cells paired exactly; none had a "
            "differing number of bentuk and counts). Bentuk copied without the leading '- ', spelling "
            "as published (e.g. 'Pemerkosan' next to 'Pemerkosaan'). Rows whose Bulan or Jenis cell is "
            "empty continue the last month / jenis above; the row note names the line carried forward "
            "from. Line 958 ('- Psikis 6', first row after the page-break header on line 957, month and "
            "jenis cells empty) is assigned to Oktober KDRT: the empty cells continue the last row before "
            "the break (line 955, Oktober KDRT '- Fisik 3'); Oktober then sums to 3+2+8+3+6 = 22 = Tabel "
            "13 Oktober, and November without it sums to KtA 12, KtP 14, KDRT 12 = 38, exactly the "
            "November split stated in the text on line 918, so the row cannot belong to November. Lines "
            "963-964 and 968-969 are shifted two columns left in the text (Jenis 'KDRT' or empty in "
            "the first column); they are re-aligned and belong to November and Desember respectively. "
            "The table has no published total row."
        ),
    )

    # SIMFONI
    totals, names, counts, n_total, n_tm = simfoni(l1)
    path = write_csv("simfoni_kasus_tahunan.csv", ["tahun", "wilayah", "ukuran", "nilai", "source_line"], totals)
    sidecar(
        path,
        producer=f"{dp3a}, from SIMFONI PPA",
        document=DOCUMENT_001,
        table="Bab III text, BOPPA Manajemen / BIMTEK SIMFONI PPA V.2: cases recorded in SIMFONI PPA",
        unit="kasus",
        doc=DOC_001,
        lines=str(n_total),
        note=(
            "Sentence: 'pencatatan dan pelaporan melalui SIMFONI PPA pada tahun 2022 tercatat sebanyak 1093 "
            "kasus kekerasan terhadap Perempuan sedangkan pada 2023 tercatat sebanyak 1026 kasus'. ukuran "
            "is the verbatim wording of the 2022 clause; the 2023 clause says only 'kasus' and takes its "
            "measure from the same sentence. Whether 'terhadap Perempuan' means women only or women and "
            "children is not stated (Tabel 9 counts 613 adult women and 640 children reported in 2023). "
            "wilayah is the transcriber's label: the text concerns the whole province."
        ),
    )
    path = write_csv("simfoni_tidak_melapor.csv", ["tahun", "kabupaten_kota", "source_line"], names)
    sidecar(
        path,
        producer=f"{dp3a}, from SIMFONI PPA",
        document=DOCUMENT_001,
        table="Bab III text, BIMTEK SIMFONI PPA V.2: kabupaten not reporting to SIMFONI PPA",
        unit="kabupaten",
        doc=DOC_001,
        lines=str(n_tm),
        note=(
            "Names as published: 2022 'Kabupaten Sikka dan Lembata' (the word Kabupaten is written once, "
            "before Sikka), 2023 'Manggarai Timur'. The wording differs by year: 2022 'tidak melaporkan "
            "kasus kekerasan', 2023 'tidak menginput data dalam SIMFONI PPA'."
        ),
    )
    path = write_csv("simfoni_jumlah_tidak_melapor.csv", ["tahun", "nilai", "source_line"], counts)
    sidecar(
        path,
        producer=f"{dp3a}, from SIMFONI PPA",
        document=DOCUMENT_001,
        table="Bab III text, BIMTEK SIMFONI PPA V.2: number of kabupaten not reporting to SIMFONI PPA",
        unit="kabupaten",
        doc=DOC_001,
        lines=str(n_tm),
        note="Stated counts verbatim, digits with the number word in brackets ('2 (dua)', '1 (satu)').",
    )

    # KTA 2024/2025
    kta_rows, kta_lines = kta(l2)
    path = write_csv("kta_2024_2025.csv", ["tahun", "jenis", "nilai", "source_line", "note"], kta_rows)
    sidecar(
        path,
        producer="Pemerintah Provinsi NTT (Pergub NTT 88/2025); the cell names no data source",
        document=DOCUMENT_002,
        table=(
            "Tabel 1. 3 Hasil Analisis Peta Jalan Kependudukan Menggunakan Metode PSRI, Sasaran 3 "
            "Pembangunan Keluarga, indikator Indek Perlindungan Anak, column State (Kondisi Saat Ini)"
        ),
        unit="kasus",
        doc=DOC_002,
        lines=f"{kta_lines[0]}, {kta_lines[1]}",
        note=(
            "Cells 'Jumlah kasus Kekerasan terhadap Anak (KTA) Tahun <year> dengan rincian : KTA <jenis> : "
            "<n>, ...'; one row per 'KTA <jenis> : <n>' pair, jenis and nilai verbatim. The sets of jenis "
            "differ by year (2024 has Penelantaran, 2025 has Penculikan), 2025 writes 'Traffiking' and "
            "gives '-' for KTA Lainnya. The cells give no total and no KTP figure; none is invented."
        ),
    )

    # Tabel 9
    t9, a, b = tabel9(l1)
    path = write_csv(
        "tabel9_cakupan_layanan_2023.csv",
        ["program", "indikator", "target_2023", "realisasi_2023", "source_line", "note"],
        t9,
    )
    sidecar(
        path,
        producer=dp3a,
        document=DOCUMENT_001,
        table="Tabel 9. Indikator Kinerja Perangkat Daerah dan Capaian Tahun 2023",
        unit="mixed: percentages with counts in brackets (PD, Kab/Kota, KK, Lembaga, Keluarga, korban, Desa, ABH)",
        doc=DOC_001,
        lines=f"{a}-{b}",
        note=(
            "All rows of Tabel 9, one each, cells verbatim. The table's header is Program | Indikator | "
            "Target 2023 | Realisasi 2023: it has no No, Satuan or Capaian column, so none is invented; "
            "realisasi cells carry both the percentage and the count. The header repeats after a page "
            "break (line 427) and the indikator cell of the desa layak anak row is split by it (line 425 "
            "'... tahapan desa layak', line 428 'anak (target: 250 Desa)'); the parts are joined with one "
            "space, source_line is the first part. Published as is: 'Cakupan penanganan kasus kekerasan "
            "terhadap anak' under 'Program Perlindungan Perempuan'; 'Program Pemenuhan' (truncated "
            "program name); 'Program Peningkatan Kualitas Keluarga' repeated on three rows; '60 % (75 "
            "ABH)' with a space; '81,25% (102 kasus ABH dilayani)' although 102 of the 125 ABH target is "
            "81,6%; '95,15%' for 609 of 640 (95,16% when rounded); '75% (563 KK)' of 750 KK (562,5)."
        ),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
