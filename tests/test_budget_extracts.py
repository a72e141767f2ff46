"""The budget sample extracts are the published figures of the Laporan Tahunan 2023 DP3A NTT, verbatim.

Every published cell or figure must be found on the source_line it cites (table cells as whole cells,
figures quoted from prose as whole tokens); carried-forward and page-break-joined cells must rebuild from
the lines their note names; the line items must exist in seeds/reference/budget_hierarchy.csv. The
document's own inconsistencies are pinned here (found, not corrected).
"""

import csv
import json
import re
from pathlib import Path

import pytest

from ingestion.core.settings import seeds_dir

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"
DOC_001 = "001_ffeb514552cc10b0.txt"
EXTRACTS = seeds_dir() / "extracts" / "budget"
HIERARCHY = seeds_dir() / "reference" / "budget_hierarchy.csv"

T6 = "realisasi_apbd_2023_tabel6.csv"
T7 = "realisasi_dak_nf_2023_tabel7.csv"
T8 = "realisasi_dak_nf_2023_tabel8.csv"
PDPA = "pergeseran_pdpa_2023.csv"
TEXT = "anggaran_teks_2023.csv"
DAK_HEADER = [
    "kegiatan",
    "sub_kegiatan",
    "pagu",
    "realisasi",
    "persen_realisasi",
    "sisa",
    "persen_sisa",
    "source_line",
    "note",
]
FILES = {
    T6: ["kegiatan", "sub_kegiatan", "pagu", "realisasi", "sisa", "persen", "source_line", "note"],
    T7: DAK_HEADER,
    T8: DAK_HEADER,
    PDPA: [
        "program",
        "no",
        "kegiatan",
        "sub_kegiatan",
        "anggaran_murni",
        "perubahan",
        "anggaran_perubahan",
        "source_line",
        "note",
    ],
    TEXT: ["item", "measure", "nilai", "source_line", "note"],
}
TABLE_FILES = [T6, T7, T8, PDPA]
HIERARCHY_HEADER = [
    "line_item_key",
    "program_code",
    "program_name",
    "kegiatan_code",
    "kegiatan_name",
    "sub_kegiatan_code",
    "sub_kegiatan_name",
    "program_group",
    "belanja_type",
    "sumber_dana",
    "code_source",
    "note",
]
SIDECAR_KEYS = {
    "producer",
    "document",
    "table",
    "unit",
    "figure_kind",
    "period_start",
    "period_end",
    "budget_year",
    "dpa_number",
    "transcribed_from",
    "note",
}
PRODUCER = "Dinas Pemberdayaan Perempuan dan Perlindungan Anak (DP3A) Provinsi Nusa Tenggara Timur"
DOCUMENT = "Laporan Tahunan 2023 Dinas Pemberdayaan Perempuan dan Perlindungan Anak (DP3A) Provinsi Nusa Tenggara Timur"
DPA_NUMBER = "DPPA/B.1/2.08.0.00.0.00.01.0000/001/2023"
MEASURES = {
    "pagu",
    "realisasi",
    "persen_realisasi",
    "sisa",
    "persen_sisa",
    "target_murni",
    "target_perubahan",
    "persen_alokasi",
    "biaya_kegiatan",
}


@pytest.fixture(scope="module")
def doc():
    if not (SOURCES / DOC_001).exists():
        pytest.skip(f"source document not found in {SOURCES}: {DOC_001}")
    return (SOURCES / DOC_001).read_text(encoding="utf-8").splitlines()


def rows_of(name):
    with (EXTRACTS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def hierarchy():
    with HIERARCHY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def cells(doc, number):
    return [c.strip() for c in doc[int(number) - 1].split("\t")]


def has_token(text, value):
    """value occurs whole: not inside a longer word or number ("1.100.000" is not in "11.100.000")."""
    return re.search(r"(?<![\w.,])" + re.escape(value) + r"(?!\d)(?![,.]\d)", text) is not None


def norm(text):
    return " ".join(text.split()).casefold()


def rupiah(text):
    """'4.741.818.999' -> 4741818999, '(7.633.200)' -> -7633200 (table cells only)."""
    negative = text.startswith("(") and text.endswith(")")
    value = int(text.strip("()").replace(".", ""))
    return -value if negative else value


def note_line(row, pattern):
    found = re.search(pattern + r" (\d+)", row["note"])
    return int(found.group(1)) if found else None


# ----------------------------------------------------------------------------- every file


@pytest.mark.parametrize("name", sorted(FILES))
def test_csv_has_its_header_and_rows(name):
    with (EXTRACTS / name).open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == FILES[name]
    rows = rows_of(name)
    assert rows, f"{name} has no rows"
    assert all(r["source_line"].isdigit() for r in rows)


def test_row_counts():
    assert {name: len(rows_of(name)) for name in FILES} == {T6: 17, T7: 3, T8: 2, PDPA: 22, TEXT: 46}


def test_the_folder_holds_exactly_these_files_each_with_a_sidecar():
    names = {p.name for p in EXTRACTS.iterdir()} - {"README.md"}
    assert names == set(FILES) | {f"{n}.meta.json" for n in FILES}


@pytest.mark.parametrize("name", sorted(FILES))
def test_sidecar_has_the_required_keys(doc, name):
    meta = json.loads((EXTRACTS / f"{name}.meta.json").read_text(encoding="utf-8"))
    assert SIDECAR_KEYS <= set(meta)
    assert all(isinstance(meta[k], str) and meta[k].strip() for k in SIDECAR_KEYS - {"budget_year"})
    assert meta["producer"] == PRODUCER
    assert meta["document"] == DOCUMENT
    # the same document string as the SIMFONI / UPTD extracts of this report
    simfoni = json.loads(
        (seeds_dir() / "extracts" / "simfoni" / "uptd_tabel14_kasus_2023.csv.meta.json").read_text(encoding="utf-8")
    )
    assert meta["document"] == simfoni["document"]
    assert meta["unit"].startswith("rupiah")
    assert meta["figure_kind"] == "published_aggregate"
    assert (meta["period_start"], meta["period_end"], meta["budget_year"]) == ("2023-01-01", "2023-12-31", 2023)
    assert meta["dpa_number"] == DPA_NUMBER and DPA_NUMBER in doc[317 - 1]
    assert re.fullmatch(rf"shared/sources/{re.escape(DOC_001)} lines [0-9, -]+", meta["transcribed_from"])


@pytest.mark.parametrize("name", sorted(FILES))
def test_source_lines_lie_within_the_cited_lines(name):
    meta = json.loads((EXTRACTS / f"{name}.meta.json").read_text(encoding="utf-8"))
    allowed = set()
    for part in meta["transcribed_from"].split(" lines ", 1)[1].split(","):
        a, _, b = part.strip().partition("-")
        allowed |= set(range(int(a), int(b or a) + 1))
    assert {int(r["source_line"]) for r in rows_of(name)} <= allowed


def test_sidecar_captions_are_printed_in_the_document(doc):
    text = "\n".join(doc)
    for name in TABLE_FILES:
        caption = json.loads((EXTRACTS / f"{name}.meta.json").read_text(encoding="utf-8"))["table"]
        first = caption.split(" Perlindungan Perempuan dan Anak (DAK NF-PPA)")[0]
        assert first in text, (name, first)


# ----------------------------------------------------------------------------- Tabel 6


def test_tabel6_cells_are_verbatim_on_their_line(doc):
    for row in rows_of(T6):
        n = int(row["source_line"])
        published = cells(doc, n)
        assert len(published) == 6, n
        assert [row["sub_kegiatan"], row["pagu"], row["realisasi"], row["sisa"], row["persen"]] == published[1:], n
        carried = note_line(row, "kegiatan cell empty: carried forward from line")
        if published[0]:
            assert row["kegiatan"] == published[0] and carried is None, n
        else:
            assert carried is not None and carried < n, n
            assert row["kegiatan"] == cells(doc, carried)[0] != "", n
            # nothing but empty kegiatan cells (or the repeated header) in between
            assert all(
                not cells(doc, k)[0] or cells(doc, k)[0] == "Kegiatan"
                for k in range(carried + 1, n)
                if doc[k - 1].strip()
            ), n


def test_tabel6_pins():
    rows = {r["sub_kegiatan"]: r for r in rows_of(T6)}
    assert rows["Penyediaan gaji dan tunjangan ASN"]["pagu"] == "4.741.818.999"
    assert rows["Penyediaan gaji dan tunjangan ASN"]["source_line"] == "334"
    assert (
        rows["Koordinasi dan Penyusunan laporan capaian kinerja dan ikhtisar realisasi kinerja SKPD"]["persen"] == "98"
    )
    # spelling kept as published
    assert "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPP" in rows
    assert (
        rows["Koordinasi dan Penyusunan Laporan Keuangan Bulanan/Triwulan/Semesteran SKPD"]["kegiatan"]
        == "Administrasi kepegawaian Perangkat Daerah"
    )


def test_tabel6_pagu_equals_realisasi_plus_sisa_except_one_row():
    """Pinned inconsistency: line 347 (51.558.035 + 118.326.605 = 169.884.640, pagu 165.798.700)."""
    off = {r["source_line"]: rupiah(r["pagu"]) - rupiah(r["realisasi"]) - rupiah(r["sisa"]) for r in rows_of(T6)}
    assert {line: d for line, d in off.items() if d} == {"347": -4085940}


# ----------------------------------------------------------------------------- Tabel 7 and 8 (DAK NF)


@pytest.mark.parametrize("name", [T7, T8])
def test_dak_nf_cells_are_verbatim_on_their_line(doc, name):
    for row in rows_of(name):
        n = int(row["source_line"])
        published = cells(doc, n)
        assert len(published) == 7, n
        assert [row[c] for c in DAK_HEADER[2:7]] == published[2:], n
        continued = note_line(row, "kegiatan and sub_kegiatan cells continue on line")
        for i, column in enumerate(("kegiatan", "sub_kegiatan")):
            if continued:
                rest = cells(doc, continued)
                assert continued > n and not any(rest[2:]), n
                assert row[column] == f"{published[i]} {rest[i]}", (n, column)
            else:
                assert row[column] == published[i], (n, column)


def test_tabel8_page_break_row_is_joined(doc):
    row = next(r for r in rows_of(T8) if r["source_line"] == "366")
    assert row["kegiatan"] == (
        "Penguatan dan Pengembangan Lembaga Penyedia Layanan Bagi Anak Yang Memerlukan "
        "Perlindungan Khusus Tingkat Daerah Provinsi Dan Lintas Kab/Kota"
    )
    assert row["sub_kegiatan"].endswith(
        "Lembaga Penyedia Layanan Anak Yang Memerlukan Perlindungan Khusus Kewenangan Provinsi"
    )
    assert "368" in row["note"] and "joined with one space" in row["note"]
    assert set(cells(doc, 369)) <= {"--", "---"}  # the dashes row after it is not a data row


def test_dak_nf_pagu_equals_realisasi_plus_sisa_except_one_row():
    """Pinned inconsistency: Tabel 7 line 358 (151.111.780 + 38.158.820 = 189.270.600, pagu 189.581.100)."""
    off = {
        (name, r["source_line"]): rupiah(r["pagu"]) - rupiah(r["realisasi"]) - rupiah(r["sisa"])
        for name in (T7, T8)
        for r in rows_of(name)
    }
    assert {k: d for k, d in off.items() if d} == {(T7, "358"): 310500}


# ----------------------------------------------------------------------------- P-DPA shift table


def test_pergeseran_cells_are_verbatim_on_their_line(doc):
    rows = rows_of(PDPA)
    by_line = {int(r["source_line"]): r for r in rows}
    for row in rows:
        n = int(row["source_line"])
        published = cells(doc, n)
        assert len(published) == 6, n
        assert [row["sub_kegiatan"], row["anggaran_murni"], row["perubahan"], row["anggaran_perubahan"]] == published[
            2:
        ], n
        # program: the nearest heading row above ('Program ...' and nothing else on the line)
        heading = next(
            k for k in range(n - 1, 376, -1) if cells(doc, k)[0].startswith("Program") and not any(cells(doc, k)[1:])
        )
        assert row["program"] == cells(doc, heading)[0], n
        # No
        carried = note_line(row, "no and kegiatan cells empty: carried forward from line") or note_line(
            row, "no cell empty: carried forward from line"
        )
        if published[0]:
            assert row["no"] == published[0] and carried is None, n
        elif carried:
            assert carried < n and row["no"] == by_line[carried]["no"] == cells(doc, carried)[0] != "", n
        else:
            assert row["no"] == "" and "no cell empty as published" in row["note"], n
        # Kegiatan
        continues_on = note_line(row, "kegiatan cell continues on line")
        continues_from = note_line(row, "kegiatan cell continues from line")
        kegiatan_carried = note_line(row, "no and kegiatan cells empty: carried forward from line")
        if continues_on:
            assert continues_on > n and row["kegiatan"] == f"{published[1]} {cells(doc, continues_on)[1]}", n
        elif continues_from:
            assert (
                row["kegiatan"]
                == by_line[continues_from]["kegiatan"]
                == f"{cells(doc, continues_from)[1]} {published[1]}"
            ), n
        elif kegiatan_carried:
            assert not published[1] and row["kegiatan"] == by_line[kegiatan_carried]["kegiatan"], n
        else:
            assert row["kegiatan"] == published[1] != "", n


def test_pergeseran_pins():
    rows = {r["sub_kegiatan"]: r for r in rows_of(PDPA)}
    rka = rows["Koordinasi dan Penyusunan Dokumen RKA-SKPD"]
    assert (rka["anggaran_murni"], rka["perubahan"], rka["anggaran_perubahan"]) == (
        "13.260.300",
        "5.627.100",
        "(7.633.200)",
    )
    assert (
        rows["Penyediaan jasa komunikasi, sumber daya air dan listrik"]["kegiatan"]
        == "Penyediaan jasa penunjang urusan pemerintah daerah"
    )
    assert {r["program"] for r in rows_of(PDPA)} == {
        "Program Penunjang Urusan Pemerintah Daerah",
        "Program Perlindungan Perempuan",
        "Program Perlindungan Khusus Anak",
    }


def test_pergeseran_columns_do_not_add_up_on_13_rows():
    """Pinned: anggaran_murni + perubahan != anggaran_perubahan on 13 of 22 rows as published. On 12 of them
    perubahan - anggaran_murni = anggaran_perubahan; on line 379 that difference is -470.000, printed 470.000."""
    rows = rows_of(PDPA)
    murni, change, final = (
        {r["source_line"]: rupiah(r[c]) for r in rows} for c in ("anggaran_murni", "perubahan", "anggaran_perubahan")
    )
    off = {line for line in murni if murni[line] + change[line] != final[line]}
    assert off == {"379", "380", "381", "382", "383", "387", "388", "390", "394", "396", "397", "401", "404"}
    assert {line for line in off if change[line] - murni[line] == final[line]} == off - {"379"}
    assert change["379"] - murni["379"] == -final["379"] == -470000


# ----------------------------------------------------------------------------- figures stated in the text


def test_text_figures_are_verbatim_on_their_line(doc):
    for row in rows_of(TEXT):
        assert has_token(doc[int(row["source_line"]) - 1], row["nilai"]), (row["source_line"], row["nilai"])
        assert re.fullmatch(r"[a-z][a-z0-9_]*", row["item"]) and row["measure"] in MEASURES, row


def test_text_items_and_measures_are_unique_per_line():
    keys = [(r["item"], r["measure"], r["source_line"]) for r in rows_of(TEXT)]
    assert len(keys) == len(set(keys))


def test_text_pins():
    stated = {(r["item"], r["measure"], r["source_line"]): r["nilai"] for r in rows_of(TEXT)}
    assert stated[("total_pdpa", "pagu", "317")] == "Rp.6.892.432.255,-"
    assert stated[("total_pdpa", "realisasi", "317")] == "Rp. 5.627.308.146,-"
    assert stated[("total_pdpa", "persen_realisasi", "317")] == "81,64%"
    # restated in the Kesimpulan
    assert stated[("total_pdpa", "pagu", "984")] == "Rp.6.892.432.255,-"
    assert stated[("belanja_modal", "pagu", "322")] == "Rp. 66.118.900,-"
    assert stated[("dak_nf", "pagu", "351")] == "375.000.000,-"
    assert stated[("dak_nf", "pagu", "437")] == "Rp. 375.000.000,-"
    assert [
        stated[(f"dak_nf_boppa_{part}", "pagu", line)]
        for part, line in (("pelayanan", "438"), ("pencegahan", "439"), ("manajemen", "440"))
    ] == ["217.500.000,-", "93.750.000,-", "63.750.000,-"]
    assert stated[("dak_nf_boppa_manajemen", "persen_alokasi", "440")] == "17 %"


def test_tpa_revenue_restatements_disagree():
    """Pinned: realisasi Rp.175.200.000,- (lines 313, 373) but RP 175.000.000 on line 634, all with 97,33 %."""
    rows = [r for r in rows_of(TEXT) if r["item"] == "pendapatan_tpa"]
    realised = {r["source_line"]: r["nilai"] for r in rows if r["measure"] == "realisasi"}
    assert realised == {"313": "Rp.175.200.000,-", "373": "Rp.175.200.000,-", "634": "RP 175.000.000"}
    percent = {r["source_line"]: r["nilai"] for r in rows if r["measure"] == "persen_realisasi"}
    assert percent == {"313": "97.33%", "373": "97,33%", "634": "97,33 %"}


def test_totals_against_the_tables():
    """What adds up and what does not, as published (figures not corrected)."""
    t6, dak = rows_of(T6), rows_of(T7) + rows_of(T8)
    pagu = sum(rupiah(r["pagu"]) for r in t6 + dak)
    realised = sum(rupiah(r["realisasi"]) for r in t6 + dak)
    assert pagu == 6892432255  # = total_pdpa pagu, line 317
    assert realised == 5627002146 == 5627308146 - 306000  # line 317 states 5.627.308.146
    assert sum(rupiah(r["pagu"]) for r in dak) == 408570000 == 375000000 + 33570000  # DAK NF allocation 375.000.000
    gaji = next(r for r in t6 if r["sub_kegiatan"] == "Penyediaan gaji dan tunjangan ASN")
    assert rupiah(gaji["pagu"]) == 4838298999 - 96480000  # belanja pegawai, line 320
    modal = next(r for r in t6 if r["sub_kegiatan"] == "Pengadaan Peralatan dan Mesin Lainnya")
    assert (modal["pagu"], modal["realisasi"], modal["sisa"]) == ("66.118.900", "31.622.000", "34.496.900")


# ----------------------------------------------------------------------------- hierarchy seed


def test_hierarchy_header_and_values():
    with HIERARCHY.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == HIERARCHY_HEADER
    rows = hierarchy()
    groups = {
        "Penunjang Urusan": ("2.08.01", "PAD/DAU"),
        "Perlindungan Perempuan": ("2.08.03", "DAK NF"),
        "Perlindungan Khusus Anak": ("2.08.07", "DAK NF"),
    }
    for row in rows:
        assert row["program_group"] in groups, row
        assert (row["program_code"], row["sumber_dana"]) == groups[row["program_group"]], row
        assert row["belanja_type"] in {"pegawai", "barang_jasa", "modal"}, row
        assert row["kegiatan_name"] and row["sub_kegiatan_name"] and row["note"], row
        if row["kegiatan_code"]:
            assert re.fullmatch(re.escape(row["program_code"]) + r"\.1\.\d\d", row["kegiatan_code"]), row
        if row["sub_kegiatan_code"]:
            assert row["kegiatan_code"] and re.fullmatch(
                re.escape(row["kegiatan_code"]) + r"\.\d{4}", row["sub_kegiatan_code"]
            ), row
        if not (row["kegiatan_code"] and row["sub_kegiatan_code"]):
            assert "code not verified" in row["note"], row
        assert row["code_source"], row
    pegawai = {r["sub_kegiatan_name"] for r in rows if r["belanja_type"] == "pegawai"}
    modal = {r["sub_kegiatan_name"] for r in rows if r["belanja_type"] == "modal"}
    assert pegawai == {"Penyediaan gaji dan tunjangan ASN"} and modal == {"Pengadaan Peralatan dan Mesin Lainnya"}


def test_every_table_line_item_resolves_to_one_hierarchy_row():
    """The reader's resolver (names normalised, spelling variants from
    budget_line_item_variants.csv) finds every line item of every table, and every hierarchy row
    is used by some table."""
    from ingestion.budget.line_items import load_resolver

    resolver = load_resolver()
    used = set()
    for name in TABLE_FILES:
        for row in rows_of(name):
            resolution = resolver.resolve(row["kegiatan"], row["sub_kegiatan"])
            assert resolution.item is not None, (name, row["source_line"], resolution.problem)
            used.add(resolution.item.line_item_key)
    assert {r["line_item_key"] for r in hierarchy()} == used


def test_one_hierarchy_row_per_line_item_with_a_stable_key():
    rows = hierarchy()
    keys = [r["line_item_key"] for r in rows]
    assert len(keys) == len(set(keys))
    assert all(k.startswith(r["program_code"] + ":") for k, r in zip(keys, rows, strict=True))
    names = [norm(r["sub_kegiatan_name"]) for r in rows]
    assert len(names) == len(set(names))  # a sub-kegiatan is one line item, whatever table prints it
