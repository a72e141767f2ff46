"""DP3A's own Renstra performance indicators (Laporan Tahunan DP3A NTT 2023, Tabel 9 and Tabel 12) are the
published figures, verbatim (errors included), one row per target or realisation.

Every nilai must be a whole table cell on the source_line it cites (the desa layak anak indikator is split by
a page break: its parts are on the lines its note names); the two tables disagree on the same five
indicators, and some percentages do not follow from their counts: pinned (found, not corrected).
"""

import csv
import json
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from ingestion.core.settings import seeds_dir

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"
DOC = "001_ffeb514552cc10b0.txt"
EXTRACTS = seeds_dir() / "extracts" / "dp3a"
NAME = "dp3a_indikator_kinerja_2023.csv"
HEADER = [
    "indicator_code",
    "indikator",
    "wilayah",
    "tahun",
    "periode",
    "jenis_nilai",
    "nilai",
    "satuan",
    "tabel_atau_bagian",
    "source_line",
    "note",
]
VALUE_KINDS = {"realisasi", "target", "baseline"}
SIDECAR_KEYS = {"producer", "document", "table", "unit", "figure_kind", "transcribed_from", "note"}
TABEL_9 = "Tabel 9. Indikator Kinerja Perangkat Daerah dan Capaian Tahun 2023"
TABEL_12 = "Tabel 12. Capaian target indicator kinerja bidang Kualitas Hidup Perempuan tahun 2023"
# published column of each value kind: Tabel 9 is Program | Indikator | Target 2023 | Realisasi 2023,
# Tabel 12 is Indikator Kinerja | Satuan | Target tahun 2023 | Realisasi tahun 2023 | Capaian (%) | Ket
COLUMN = {
    TABEL_9: {"indikator": 1, "target": 2, "realisasi": 3},
    TABEL_12: {"indikator": 0, "satuan": 1, "target": 2, "realisasi": 3, "capaian": 4, "ket": 5},
}
PAGE_BREAK = re.compile(r"continues on line (\d+)")


@pytest.fixture(scope="module")
def doc():
    if not (SOURCES / DOC).exists():
        pytest.skip(f"source document not found in {SOURCES}: {DOC}")
    return (SOURCES / DOC).read_text(encoding="utf-8").splitlines()


def rows_of():
    with (EXTRACTS / NAME).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sidecar():
    return json.loads((EXTRACTS / f"{NAME}.meta.json").read_text(encoding="utf-8"))


def cells(text):
    return [c.strip() for c in text.split("\t")]


def line(doc, number):
    return doc[int(number) - 1]


def by_key(table):
    """(first words of indikator, jenis_nilai) -> row, for one table."""
    return {(r["indikator"], r["jenis_nilai"]): r for r in rows_of() if r["tabel_atau_bagian"] == table}


def value(table, indikator_start, kind):
    [row] = [
        r
        for r in rows_of()
        if r["tabel_atau_bagian"] == table and r["indikator"].startswith(indikator_start) and r["jenis_nilai"] == kind
    ]
    return row["nilai"]


# ----------------------------------------------------------------------------- shape


def test_header_is_exact():
    with (EXTRACTS / NAME).open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == HEADER


def test_every_row_is_well_formed():
    rows = rows_of()
    assert rows
    for row in rows:
        assert len(row) == len(HEADER) and None not in row.values(), row
        assert row["jenis_nilai"] in VALUE_KINDS, row
        assert row["tahun"] == "2023" and row["wilayah"] == "Provinsi NTT" and row["periode"] == "", row
        assert row["source_line"].isdigit() and row["indikator"] and row["nilai"] and row["satuan"], row
        assert row["tabel_atau_bagian"] in (TABEL_9, TABEL_12), row


def test_codes_exist_in_the_catalogue():
    with (seeds_dir() / "reference" / "pjpk_indicators.csv").open(encoding="utf-8", newline="") as handle:
        catalogue = {r["indicator_code"] for r in csv.DictReader(handle)}
    codes = {r["indicator_code"] for r in rows_of()} - {""}
    assert codes <= catalogue
    # None of DP3A's Renstra indicators measures a catalogue indicator (no Indeks Perlindungan Anak is reported).
    assert codes == set()


def test_one_target_and_one_realisation_per_published_row():
    rows = rows_of()
    kinds = Counter((r["tabel_atau_bagian"], r["source_line"], r["jenis_nilai"]) for r in rows)
    assert set(kinds.values()) == {1}
    lines = {t: sorted({int(r["source_line"]) for r in rows if r["tabel_atau_bagian"] == t}) for t in COLUMN}
    assert lines[TABEL_9] == [417, 418, 419, 420, 421, 422, 423, 424, 425, 429]
    assert lines[TABEL_12] == [808, 810, 811, 812, 813]
    assert len(rows) == 2 * 10 + 2 * 5
    for (table, number, _), _count in kinds.items():
        assert {k for (t, n, k) in kinds if (t, n) == (table, number)} == {"target", "realisasi"}


# ----------------------------------------------------------------------------- sidecar


def test_sidecar_keys_and_provenance():
    meta = sidecar()
    assert SIDECAR_KEYS <= set(meta)
    assert all(isinstance(meta[k], str) and meta[k].strip() for k in SIDECAR_KEYS)
    assert meta["producer"] == (
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak (DP3A) Provinsi Nusa Tenggara Timur"
    )
    simfoni = json.loads(
        (seeds_dir() / "extracts" / "simfoni" / "tabel9_cakupan_layanan_2023.csv.meta.json").read_text(encoding="utf-8")
    )
    assert meta["document"] == simfoni["document"]
    assert meta["table"] == f"{TABEL_9}; {TABEL_12}"
    assert meta["unit"] == "mixed: see satuan"
    assert meta["figure_kind"] == "published_actual"
    assert re.fullmatch(rf"shared/sources/{re.escape(DOC)} lines [0-9, -]+", meta["transcribed_from"])


def test_source_lines_lie_within_the_cited_lines():
    spans = sidecar()["transcribed_from"].split(" lines ", 1)[1]
    allowed = set()
    for part in spans.split(","):
        a, _, b = part.strip().partition("-")
        allowed |= set(range(int(a), int(b or a) + 1))
    for row in rows_of():
        assert int(row["source_line"]) in allowed, row
        for number in PAGE_BREAK.findall(row["note"]):
            assert int(number) in allowed, row


def test_table_titles_are_the_published_headings(doc):
    assert line(doc, 414) == TABEL_9
    # Tabel 12's heading is printed "Tabel. 12."; the rest of the title is verbatim.
    assert line(doc, 805) == TABEL_12.replace("Tabel 12.", "Tabel. 12.")
    assert cells(line(doc, 416)) == ["Program", "Indikator", "Target 2023", "Realisasi 2023"]
    assert cells(line(doc, 807)) == [
        "Indikator Kinerja",
        "Satuan",
        "Target tahun 2023",
        "Realisasi tahun 2023",
        "Capaian (%)",
        "Ket",
    ]


# ----------------------------------------------------------------------------- verbatim


def test_nilai_is_the_published_cell_on_its_line(doc):
    for row in rows_of():
        published = cells(line(doc, row["source_line"]))
        column = COLUMN[row["tabel_atau_bagian"]]
        assert row["nilai"] == published[column[row["jenis_nilai"]]], (row["source_line"], row["nilai"])


def test_indikator_is_verbatim_or_joined_across_the_page_break(doc):
    joined = 0
    for row in rows_of():
        published = cells(line(doc, row["source_line"]))
        name = published[COLUMN[row["tabel_atau_bagian"]]["indikator"]]
        split = PAGE_BREAK.search(row["note"])
        if split:
            rest = cells(line(doc, split.group(1)))
            assert rest[0] == "" and rest[2:] == ["", ""], "continuation line carries only the indikator part"
            assert line(doc, int(split.group(1)) - 1).startswith("Program\tIndikator"), "header repeated after break"
            assert row["indikator"] == f"{name} {rest[1]}"
            joined += 1
        else:
            assert row["indikator"] == name
    assert joined == 2  # target and realisation of the desa layak anak row


def test_satuan_is_written_in_the_source(doc):
    for row in rows_of():
        published = cells(line(doc, row["source_line"]))
        if row["tabel_atau_bagian"] == TABEL_12:
            assert row["satuan"] == published[COLUMN[TABEL_12]["satuan"]]
        else:  # Tabel 9 has no Satuan column: the % is written in the cell
            assert row["satuan"] == "%" and "%" in row["nilai"]
        assert "unit inferred" not in row["note"]


def test_tabel9_program_is_named_in_the_note(doc):
    program = ""
    for row in sorted((r for r in rows_of() if r["tabel_atau_bagian"] == TABEL_9), key=lambda r: int(r["source_line"])):
        published = cells(line(doc, row["source_line"]))[0]
        program = published or program  # an empty program cell continues the program above (line 418)
        assert row["note"].startswith(f"Program: {program}. "), row["source_line"]


def test_tabel12_capaian_and_ket_are_quoted_in_the_realisation_note(doc):
    for row in rows_of():
        if row["tabel_atau_bagian"] == TABEL_12 and row["jenis_nilai"] == "realisasi":
            published = cells(line(doc, row["source_line"]))
            quoted = f"Capaian (%) published: '{published[4]}'; Ket: '{published[5]}'."
            assert quoted in row["note"], row["source_line"]


def test_restatements_cited_in_notes_are_on_their_lines(doc):
    found = 0
    for row in rows_of():
        for number, quoted in re.findall(r"Restated in the text at line (\d+): ((?:'[^']+'[^'.]*)+)", row["note"]):
            for text in re.findall(r"'([^']+)'", quoted):
                assert text in line(doc, number), (row["source_line"], number, text)
                found += 1
    assert found == 4


def test_tabel9_rows_agree_with_the_simfoni_transcription():
    with (seeds_dir() / "extracts" / "simfoni" / "tabel9_cakupan_layanan_2023.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        simfoni = list(csv.DictReader(handle))
    mine = by_key(TABEL_9)
    assert len(simfoni) * 2 == len(mine)
    for other in simfoni:
        assert mine[(other["indikator"], "target")]["nilai"] == other["target_2023"]
        assert mine[(other["indikator"], "realisasi")]["nilai"] == other["realisasi_2023"]
        assert mine[(other["indikator"], "target")]["source_line"] == other["source_line"]


def test_the_indicator_reader_accepts_every_row():
    indicators = pytest.importorskip("ingestion.core.indicators")
    from ingestion.core.regions import load_normaliser

    context = SimpleNamespace(sidecar=sidecar(), regions=load_normaliser(), spec=None)
    result = indicators.read(EXTRACTS / NAME, context)
    assert len(result.records) == len(rows_of())
    assert result.quarantine == []
    leading = {(r["source_line"], r["value_kind"]): r["value"] for r in result.records}
    assert leading[(422, "realisasi")] == pytest.approx(97.23)
    assert leading[(429, "target")] == pytest.approx(60.0)
    assert leading[(808, "realisasi")] == pytest.approx(24.0)


# ----------------------------------------------------------------------------- pinned values


def test_known_values():
    assert (
        value(TABEL_9, "Cakupan penanganan kasus kekerasan terhadap perempuan", "realisasi")
        == "97,23% (596 korban terlayani dari 613 korban perempuan dewasa)"
    )
    assert value(TABEL_9, "Cakupan perlindungan terhadap anak berhadapan dengan hukum", "target") == "60 % (75 ABH)"
    assert value(TABEL_12, "Peningkatan Cakupan keluarga yang melaksanakan pola asuh", "realisasi") == "24 keluarga"
    assert value(TABEL_9, "Cakupan desa layak anak", "realisasi") == "85,2% (213 Desa)"
    assert [r["indikator"] for r in rows_of() if r["indikator"].startswith("Cakupan desa layak anak")][
        0
    ] == "Cakupan desa layak anak. Jumlah desa yang telah mencapai tahapan desa layak anak (target: 250 Desa)"


def test_published_spellings_are_kept():
    assert {"Lemba ga", "Keluarg a", "Perang kat Daerah", "Kab. /Kota"} <= {r["satuan"] for r in rows_of()}
    names = {r["indikator"] for r in rows_of()}
    assert "Cakupan Perangkat Daerah yang melaksanakan Pengarusutamaan Gender (PUG)." in names
    assert (
        "Peningkatan Cakupan pendampingan kader champion dalam pola asuh, pemenuhan hak anak untuk pencegahan stunting)"
    ) in names


def test_tabel9_and_tabel12_disagree_on_the_same_indicators():
    """Pinned inconsistency: Tabel 12 repeats Tabel 9's five Kualitas Hidup Perempuan indicators, other figures."""
    pairs = [
        ("Cakupan Perangkat Daerah", "Cakupan Perangkat Daerah", ("100% (35 PD)", "100% (35 PD)"), ("39", "39")),
        ("Cakupan Kab/kota", "Cakupan Kab / Kota", ("100% (11 Kab/Kota)", "100% (11 Kab/Kota)"), ("22", "11")),
        (
            "Peningkatan cakupan keluarga",
            "Peningkatan Cakupan keluarga",
            ("75% (563 KK)", "49,07% (368 KK)"),
            ("250", "24 keluarga"),
        ),
        ("Peningkatan lembaga", "Peningkatan Lembaga", ("100% (10 Lembaga)", "130% (13 Lembaga)"), ("2", "1")),
        (
            "Cakupan pendamping Champion",
            "Peningkatan Cakupan pendampingan kader champion",
            ("100% (500 Keluarga)", "123,4% (617 Keluarga)"),
            ("63", "7"),
        ),
    ]
    for start9, start12, figures9, figures12 in pairs:
        assert (value(TABEL_9, start9, "target"), value(TABEL_9, start9, "realisasi")) == figures9
        assert (value(TABEL_12, start12, "target"), value(TABEL_12, start12, "realisasi")) == figures12


def test_percentages_against_their_counts():
    """Most bracketed counts reproduce the percentage; the ABH realisation does not (102 of 125 is 81,6%)."""

    def pct(text):
        return float(text.split("%")[0].strip().replace(",", "."))

    assert round(596 / 613 * 100, 2) == pct(
        value(TABEL_9, "Cakupan penanganan kasus kekerasan terhadap perempuan", "realisasi")
    )
    assert round(368 / 750 * 100, 2) == pct(value(TABEL_9, "Peningkatan cakupan keluarga", "realisasi"))
    assert round(213 / 250 * 100, 1) == pct(value(TABEL_9, "Cakupan desa layak anak", "realisasi"))
    # 609 of 640 is 95,156%: published 95,15 (truncated, not rounded)
    assert pct(value(TABEL_9, "Cakupan penanganan kasus kekerasan terhadap anak", "realisasi")) == 95.15
    assert round(609 / 640 * 100, 2) == 95.16
    abh = value(TABEL_9, "Cakupan perlindungan terhadap anak berhadapan dengan hukum", "realisasi")
    assert abh == "81,25% (102 kasus ABH dilayani)"
    assert pct(abh) not in (round(102 / 125 * 100, 2), round(102 / 75 * 100, 2))
