"""The SIMFONI / UPTD PPA sample extracts are the published figures, verbatim (errors included).

Every published value must be found on the source_line it cites; the shapes of Tabel 13 and Tabel 14
are checked, and the inconsistencies between them are pinned (found, not corrected).
"""

import csv
import importlib
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from ingestion.core.dates import MONTH_NAMES
from ingestion.core.settings import seeds_dir

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"
DOC_001 = "001_ffeb514552cc10b0.txt"
DOC_002 = "002_a05e6b013d9a983d.txt"
EXTRACTS = seeds_dir() / "extracts" / "simfoni"

# file -> (document, header)
FILES = {
    "uptd_tabel13_korban_2023.csv": (
        DOC_001,
        ["tahun", "bulan", "bulan_label", "kategori", "jumlah_korban", "source_line"],
    ),
    "uptd_teks_kasus_2023.csv": (DOC_001, ["tahun", "bulan", "pernyataan", "nilai", "source_line"]),
    "uptd_tabel14_kasus_2023.csv": (
        DOC_001,
        ["tahun", "bulan", "bulan_label", "jenis_kekerasan", "bentuk_kekerasan", "jumlah_kasus", "source_line", "note"],
    ),
    "simfoni_kasus_tahunan.csv": (DOC_001, ["tahun", "wilayah", "ukuran", "nilai", "source_line"]),
    "simfoni_tidak_melapor.csv": (DOC_001, ["tahun", "kabupaten_kota", "source_line"]),
    "simfoni_jumlah_tidak_melapor.csv": (DOC_001, ["tahun", "nilai", "source_line"]),
    "kta_2024_2025.csv": (DOC_002, ["tahun", "jenis", "nilai", "source_line", "note"]),
    "tabel9_cakupan_layanan_2023.csv": (
        DOC_001,
        ["program", "indikator", "target_2023", "realisasi_2023", "source_line", "note"],
    ),
}
# Published values that are whole table cells on their source line.
CELL_COLUMNS = {
    "uptd_tabel13_korban_2023.csv": ["bulan_label", "jumlah_korban"],
    "tabel9_cakupan_layanan_2023.csv": ["program", "target_2023", "realisasi_2023"],
}
# Published values quoted from prose: found on their line as a whole token.
TEXT_COLUMNS = {
    "uptd_teks_kasus_2023.csv": ["nilai"],
    "simfoni_kasus_tahunan.csv": ["ukuran", "nilai"],
    "simfoni_tidak_melapor.csv": ["kabupaten_kota"],
    "simfoni_jumlah_tidak_melapor.csv": ["nilai"],
    "kta_2024_2025.csv": ["jenis", "nilai"],
}
MONTHS = MONTH_NAMES
SIDECAR_KEYS = {"producer", "document", "table", "unit", "figure_kind", "transcribed_from", "note"}


@pytest.fixture(scope="module")
def docs():
    missing = [name for name in (DOC_001, DOC_002) if not (SOURCES / name).exists()]
    if missing:
        pytest.skip(f"source documents not found in {SOURCES}: {', '.join(missing)}")
    return {name: (SOURCES / name).read_text(encoding="utf-8").splitlines() for name in (DOC_001, DOC_002)}


def rows_of(name):
    with (EXTRACTS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def line(docs, name, number):
    return docs[FILES[name][0]][int(number) - 1]


def cells(text):
    return [c.strip() for c in text.split("\t")]


def has_token(text, value):
    """value occurs as a whole word or number (not inside a longer word, nor as part of "1.093" or "1,5")."""
    return re.search(r"(?<!\w)(?<!\d[,.])" + re.escape(value) + r"(?!\w)(?![,.]\d)", text) is not None


# ----------------------------------------------------------------------------- every file


@pytest.mark.parametrize("name", sorted(FILES))
def test_csv_has_its_header_and_rows(name):
    with (EXTRACTS / name).open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == FILES[name][1]
    assert rows_of(name), f"{name} has no rows"
    assert all(r["source_line"].isdigit() for r in rows_of(name))


def test_the_folder_holds_exactly_these_files_each_with_a_sidecar():
    names = {p.name for p in EXTRACTS.iterdir()}
    assert names == set(FILES) | {f"{n}.meta.json" for n in FILES}


@pytest.mark.parametrize("name", sorted(FILES))
def test_sidecar_has_the_required_keys(name):
    meta = json.loads((EXTRACTS / f"{name}.meta.json").read_text(encoding="utf-8"))
    assert SIDECAR_KEYS <= set(meta)
    assert all(isinstance(meta[k], str) and meta[k].strip() for k in SIDECAR_KEYS)
    assert meta["figure_kind"] == "published_aggregate"
    assert re.fullmatch(rf"shared/sources/{re.escape(FILES[name][0])} lines [0-9, -]+", meta["transcribed_from"])


@pytest.mark.parametrize("name", sorted(FILES))
def test_source_lines_lie_within_the_cited_lines(name):
    meta = json.loads((EXTRACTS / f"{name}.meta.json").read_text(encoding="utf-8"))
    spans = meta["transcribed_from"].split(" lines ", 1)[1]
    allowed = set()
    for part in spans.split(","):
        a, _, b = part.strip().partition("-")
        allowed |= set(range(int(a), int(b or a) + 1))
    assert {int(r["source_line"]) for r in rows_of(name)} <= allowed


@pytest.mark.parametrize("name", sorted(CELL_COLUMNS))
def test_table_cells_are_verbatim_on_their_line(docs, name):
    for row in rows_of(name):
        published = cells(line(docs, name, row["source_line"]))
        for column in CELL_COLUMNS[name]:
            if row[column]:
                assert row[column] in published, (name, row["source_line"], column, row[column])


@pytest.mark.parametrize("name", sorted(TEXT_COLUMNS))
def test_text_figures_are_verbatim_on_their_line(docs, name):
    for row in rows_of(name):
        text = line(docs, name, row["source_line"])
        for column in TEXT_COLUMNS[name]:
            if row[column]:
                assert has_token(text, row[column]), (name, row["source_line"], column, row[column])


def test_reproducible_from_the_document(docs, tmp_path, monkeypatch):
    script = importlib.import_module("ntt_dw.tools.transcribe_case_tables")
    monkeypatch.setattr(script, "SOURCES", SOURCES)
    monkeypatch.setattr(script, "OUT", tmp_path)
    assert script.main() == 0
    for name in FILES:
        for file in (name, f"{name}.meta.json"):
            assert (tmp_path / file).read_bytes() == (EXTRACTS / file).read_bytes(), file


# ----------------------------------------------------------------------------- Tabel 13


def test_tabel13_has_12_months_by_4_kategori_and_the_total_row(docs):
    rows = rows_of("uptd_tabel13_korban_2023.csv")
    assert len(rows) == 12 * 4 + 4
    kategori = ["perempuan_dewasa", "anak_laki_laki", "anak_perempuan", "total"]
    for month in range(1, 13):
        got = [r for r in rows if r["bulan"] == str(month)]
        assert [r["kategori"] for r in got] == kategori
        assert {r["bulan_label"] for r in got} == {MONTHS[month - 1]}
        published = cells(line(docs, "uptd_tabel13_korban_2023.csv", got[0]["source_line"]))
        assert published[:2] == [str(month), MONTHS[month - 1]]
        assert [r["jumlah_korban"] for r in got] == published[2:6]
    total = [r for r in rows if r["bulan_label"] == "Total"]
    assert [r["kategori"] for r in total] == kategori and {r["bulan"] for r in total} == {""}
    assert [r["jumlah_korban"] for r in total] == ["150", "67", "106", "323"]


def test_tabel13_row_and_column_totals_as_published():
    """Tabel 13 is internally consistent: row totals and the Total row add up (as published)."""
    rows = rows_of("uptd_tabel13_korban_2023.csv")
    value = {(r["bulan"], r["kategori"]): int(r["jumlah_korban"]) for r in rows}
    for month in [str(m) for m in range(1, 13)] + [""]:
        parts = sum(value[(month, k)] for k in ("perempuan_dewasa", "anak_laki_laki", "anak_perempuan"))
        assert parts == value[(month, "total")], month
    for k in ("perempuan_dewasa", "anak_laki_laki", "anak_perempuan", "total"):
        assert sum(value[(str(m), k)] for m in range(1, 13)) == value[("", k)], k


def test_text_statements_match_what_they_quote(docs):
    rows = rows_of("uptd_teks_kasus_2023.csv")
    assert len(rows) == 11
    assert [r["nilai"] for r in rows if r["bulan"] == ""] == ["323", "323"]
    for row in rows:
        assert re.search(rf"\b{row['nilai']} kasus", line(docs, "uptd_teks_kasus_2023.csv", row["source_line"]))


# ----------------------------------------------------------------------------- Tabel 14


def test_tabel14_bentuk_and_counts_rebuild_the_published_cells(docs):
    """Per source line, the split rows joined back give exactly the published Bentuk and Jumlah cells."""
    by_line = defaultdict(list)
    for row in rows_of("uptd_tabel14_kasus_2023.csv"):
        by_line[row["source_line"]].append(row)
    for number, rows in by_line.items():
        published = cells(line(docs, "uptd_tabel14_kasus_2023.csv", number))
        at = next(i for i, c in enumerate(published) if c.startswith("- "))
        assert "- " + " - ".join(r["bentuk_kekerasan"] for r in rows) == published[at], number
        assert " ".join(r["jumlah_kasus"] for r in rows) == published[at + 1], number
        assert all(r["jumlah_kasus"] for r in rows) and not any("not paired" in r["note"] for r in rows)
        # Month and jenis: on this line, or carried forward from the line the note names.
        for column, what in (("bulan_label", "bulan"), ("jenis_kekerasan", "jenis")):
            value = rows[0][column]
            carried = re.search(rf"{what} cell empty: carried forward from line (\d+)", rows[0]["note"])
            source = line(docs, "uptd_tabel14_kasus_2023.csv", carried.group(1) if carried else number)
            assert value in cells(source), (number, column, value)
            if carried:
                assert value not in cells(line(docs, "uptd_tabel14_kasus_2023.csv", number))
                assert int(carried.group(1)) < int(number)


def test_tabel14_page_break_row_is_oktober_kdrt(docs):
    row = next(
        r
        for r in rows_of("uptd_tabel14_kasus_2023.csv")
        if r["bentuk_kekerasan"] == "Psikis"
        and r["jumlah_kasus"] == "6"
        and line(docs, "uptd_tabel14_kasus_2023.csv", r["source_line"]).startswith("\t\t\t- Psikis")
    )
    assert line(docs, "uptd_tabel14_kasus_2023.csv", int(row["source_line"]) - 1).startswith("No\tBulan")
    assert (row["bulan"], row["jenis_kekerasan"]) == ("10", "KDRT")


def tabel14_sums():
    sums = defaultdict(int)
    for row in rows_of("uptd_tabel14_kasus_2023.csv"):
        sums[int(row["bulan"])] += int(row["jumlah_kasus"])
    return dict(sums)


def test_tabel14_year_sum():
    sums = tabel14_sums()
    assert sorted(sums) == list(range(1, 13))
    # 322: does NOT agree with Tabel 13's published Total of 323 (nor with the text's "323 kasus").
    assert sum(sums.values()) == 322


def test_tabel14_against_tabel13_month_by_month():
    """Pinned inconsistency: only September differs (Tabel 13 total 31, Tabel 14 sums to 30)."""
    t13 = {
        int(r["bulan"]): int(r["jumlah_korban"])
        for r in rows_of("uptd_tabel13_korban_2023.csv")
        if r["kategori"] == "total" and r["bulan"]
    }
    t14 = tabel14_sums()
    differ = {m: (t13[m], t14[m]) for m in range(1, 13) if t13[m] != t14[m]}
    assert differ == {9: (31, 30)}


def test_november_split_by_jenis_matches_the_text():
    """Line 918 states November: KtA 12, KtP 14, KDRT 12 (38); Tabel 14 gives the same."""
    by_jenis = defaultdict(int)
    for row in rows_of("uptd_tabel14_kasus_2023.csv"):
        if row["bulan"] == "11":
            by_jenis[row["jenis_kekerasan"]] += int(row["jumlah_kasus"])
    stated = {r["pernyataan"]: r["nilai"] for r in rows_of("uptd_teks_kasus_2023.csv")}
    assert by_jenis == {"KtA": 12, "KtP": 14, "KDRT": 12}
    assert str(by_jenis["KtA"]) == stated["kekerasan terhadap anak (KtA) di bulan tertinggi"]
    assert str(by_jenis["KtP"]) == stated["kekerasan terhadap perempuan (KtP) di bulan tertinggi"]
    assert str(by_jenis["KDRT"]) == stated["kekerasan dalam rumah tangga (KDRT) di bulan tertinggi"]


def test_tabel14_published_spellings_are_kept():
    bentuk = {r["bentuk_kekerasan"] for r in rows_of("uptd_tabel14_kasus_2023.csv")}
    assert {"Pemerkosan", "Pemerkosaan"} <= bentuk
    assert {r["jenis_kekerasan"] for r in rows_of("uptd_tabel14_kasus_2023.csv")} == {"KtA", "KtP", "KDRT", "Lainnya"}


# ----------------------------------------------------------------------------- text extracts


def test_simfoni_figures(docs):
    rows = rows_of("simfoni_kasus_tahunan.csv")
    assert [(r["tahun"], r["nilai"]) for r in rows] == [("2022", "1093"), ("2023", "1026")]
    text = line(docs, "simfoni_kasus_tahunan.csv", rows[0]["source_line"])
    assert "SIMFONI PPA pada tahun 2022 tercatat sebanyak 1093 kasus kekerasan terhadap Perempuan" in text
    assert "pada 2023 tercatat sebanyak 1026 kasus" in text
    names = rows_of("simfoni_tidak_melapor.csv")
    assert [(r["tahun"], r["kabupaten_kota"]) for r in names] == [
        ("2022", "Sikka"),
        ("2022", "Lembata"),
        ("2023", "Manggarai Timur"),
    ]
    counts = rows_of("simfoni_jumlah_tidak_melapor.csv")
    assert [(r["tahun"], r["nilai"]) for r in counts] == [("2022", "2 (dua)"), ("2023", "1 (satu)")]
    # The stated counts agree with the number of names listed.
    for row in counts:
        assert int(row["nilai"].split()[0]) == sum(1 for n in names if n["tahun"] == row["tahun"])


def test_kta_pairs_are_verbatim(docs):
    rows = rows_of("kta_2024_2025.csv")
    for row in rows:
        assert f"{row['jenis']} : {row['nilai']}" in line(docs, "kta_2024_2025.csv", row["source_line"])
        assert f"Tahun {row['tahun']} dengan rincian" in line(docs, "kta_2024_2025.csv", row["source_line"])
    assert len([r for r in rows if r["tahun"] == "2024"]) == 6
    assert len([r for r in rows if r["tahun"] == "2025"]) == 6
    assert {r["nilai"] for r in rows if r["jenis"] == "KTA Lainnya" and r["tahun"] == "2025"} == {"-"}


# ----------------------------------------------------------------------------- Tabel 9


def test_tabel9_all_rows_and_the_split_indikator(docs):
    rows = rows_of("tabel9_cakupan_layanan_2023.csv")
    assert len(rows) == 10
    for row in rows:
        published = cells(line(docs, "tabel9_cakupan_layanan_2023.csv", row["source_line"]))
        split = re.search(r"continues on line (\d+)", row["note"])
        if split:
            rest = cells(line(docs, "tabel9_cakupan_layanan_2023.csv", split.group(1)))[1]
            assert row["indikator"] == f"{published[1]} {rest}"
        else:
            assert row["indikator"] == published[1]
    served = {r["indikator"]: r["realisasi_2023"] for r in rows}
    assert (
        served["Cakupan penanganan kasus kekerasan terhadap perempuan"]
        == "97,23% (596 korban terlayani dari 613 korban perempuan dewasa)"
    )
    assert (
        served["Cakupan penanganan kasus kekerasan terhadap anak"]
        == "95,15% (609 korban terlayani dari 640 korban anak)"
    )
