"""Numbers by meaning (ingestion/core/notation.py): a number that reads two ways ("200,000",
"1,234", "12.500") is judged by its column's kind and its file's notation, never read as Rp 200;
every row reader (budget, indicator actuals, BPS population, SIMFONI aggregates) loads the same
table written either way to the same values, and says so when it read a file the English way or
ignored a column it does not know."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingestion.core.notation import (
    AMBIGUOUS,
    AMOUNT,
    COUNT,
    DECIMAL,
    EN_FORM,
    EN_PERCENT,
    ENGLISH,
    ID_FORM,
    INDONESIAN,
    OTHER,
    PERCENT,
    PLAIN,
    UNKNOWN,
    AmbiguousNumber,
    Cell,
    NotationConflict,
    form_of,
    judge_file,
)
from ingestion.core.numbers import NumberParseError, Percent, parse_id_number, parse_percent, parse_rupiah
from ingestion.core.pipeline import ingest_source

EVIDENCE = {
    ENGLISH: [Cell(1, "pagu", "1,234,567", AMOUNT)],
    INDONESIAN: [Cell(1, "pagu", "1.234.567", AMOUNT)],
    UNKNOWN: [Cell(1, "pagu", "1234", AMOUNT)],
    "mixed": [Cell(1, "pagu", "1.234.567", AMOUNT), Cell(2, "pagu", "7,654,321", AMOUNT)],
}


def file_of(notation: str):
    return judge_file(EVIDENCE[notation])


# ----------------------------------------------------------------------------- cell forms


@pytest.mark.parametrize(
    "text, kind, form",
    [
        ("1234", AMOUNT, PLAIN),
        ("Rp. 6.892.432.255,-", AMOUNT, ID_FORM),
        ("(7.633.200)", AMOUNT, ID_FORM),
        ("20.577.000,50", AMOUNT, ID_FORM),
        ("157,60", DECIMAL, ID_FORM),
        ("0,316", DECIMAL, ID_FORM),  # a leading 0 is no English thousands group
        ("81,64%", PERCENT, ID_FORM),
        ("1,234,567", COUNT, EN_FORM),
        ("Rp 1,234.50", AMOUNT, EN_FORM),
        ("42.9", DECIMAL, EN_FORM),
        ("12.5", DECIMAL, EN_FORM),
        ("0.316", DECIMAL, EN_FORM),
        ("12.3456", PERCENT, EN_FORM),
        ("97.33%", PERCENT, EN_PERCENT),  # weak: Indonesian documents print percentages so too
        ("42.90", PERCENT, EN_PERCENT),
        ("200,000", AMOUNT, AMBIGUOUS),
        ("1,234", COUNT, AMBIGUOUS),
        ("12.500", PERCENT, AMBIGUOUS),
        ("157.595", COUNT, AMBIGUOUS),
        ("1,5", AMOUNT, OTHER),  # a decimal in a whole-number column is no evidence
        ("1.23", COUNT, OTHER),
        ("12.3.4", AMOUNT, OTHER),
        ("abc", DECIMAL, OTHER),
        ("-", DECIMAL, OTHER),
    ],
)
def test_cell_forms(text, kind, form):
    assert form_of(text, kind) == form


# ----------------------------------------------------------------------------- file notation


@pytest.mark.parametrize(
    "texts, notation, mixed",
    [
        ([("5.656.039", AMOUNT), ("200,000", AMOUNT)], INDONESIAN, False),
        ([("157,60", DECIMAL), ("1,234", DECIMAL)], INDONESIAN, False),
        ([("1,234,567", AMOUNT), ("200,000", AMOUNT)], ENGLISH, False),
        ([("1,234.50", AMOUNT)], ENGLISH, False),
        ([("42.9", DECIMAL), ("157.595", DECIMAL)], ENGLISH, False),
        ([("97.33%", PERCENT), ("200,000", AMOUNT)], ENGLISH, False),  # weak English alone: English
        ([("97.33%", PERCENT), ("81,64%", PERCENT)], INDONESIAN, False),  # beside Indonesian: not mixed
        ([("200,000", AMOUNT), ("157.595", COUNT), ("12", COUNT)], UNKNOWN, False),
        ([("2,71", DECIMAL), ("2,79", DECIMAL), ("3.34", DECIMAL)], INDONESIAN, True),
        ([("2.71", DECIMAL), ("2.79", DECIMAL), ("3,34", DECIMAL)], ENGLISH, True),
        ([("2.71", DECIMAL), ("3,34", DECIMAL)], INDONESIAN, True),  # a tie: the documents' notation
    ],
)
def test_file_notation_from_all_its_cells(texts, notation, mixed):
    found = judge_file(Cell(row, "x", text, kind) for row, (text, kind) in enumerate(texts, start=2))
    assert (found.notation, found.mixed) == (notation, mixed)


# ----------------------------------------------------------------------------- the judgement table

Q = "quarantine"


@pytest.mark.parametrize(
    "kind, text, expected",
    [
        # whole rupiah and counts: "x,ddd" thousands only in an English file; "x.ddd" thousands except there
        (AMOUNT, "200,000", {ENGLISH: 200000, INDONESIAN: Q, UNKNOWN: Q, "mixed": Q}),
        (AMOUNT, "Rp 200,000,-", {ENGLISH: 200000, INDONESIAN: Q, UNKNOWN: Q, "mixed": Q}),
        (AMOUNT, "(7,633)", {ENGLISH: -7633, INDONESIAN: Q, UNKNOWN: Q, "mixed": Q}),
        (AMOUNT, "157.595", {ENGLISH: Q, INDONESIAN: 157595, UNKNOWN: 157595, "mixed": Q}),
        (COUNT, "1,234", {ENGLISH: 1234, INDONESIAN: Q, UNKNOWN: Q, "mixed": Q}),
        (COUNT, "29.666", {ENGLISH: Q, INDONESIAN: 29666, UNKNOWN: 29666, "mixed": Q}),
        # percentages: never thousands; the separator is a decimal mark when it is the file's
        (PERCENT, "12.500", {ENGLISH: Decimal("12.5"), INDONESIAN: Q, UNKNOWN: Q, "mixed": Q}),
        (PERCENT, "12,500%", {ENGLISH: Q, INDONESIAN: Decimal("12.5"), UNKNOWN: Decimal("12.5"), "mixed": Q}),
        # other numbers follow the file; with no evidence "x.ddd" stays thousands, "x,ddd" is undecided
        (DECIMAL, "1,234", {ENGLISH: 1234, INDONESIAN: Decimal("1.234"), UNKNOWN: Q, "mixed": Q}),
        (DECIMAL, "549.607", {ENGLISH: Decimal("549.607"), INDONESIAN: 549607, UNKNOWN: 549607, "mixed": Q}),
    ],
)
@pytest.mark.parametrize("notation", [ENGLISH, INDONESIAN, UNKNOWN, "mixed"])
def test_ambiguous_cells_by_kind_and_file_notation(kind, text, expected, notation):
    reading = file_of(notation)
    read = {AMOUNT: reading.rupiah, PERCENT: lambda t: reading.percent(t).value}.get(
        kind, lambda t: reading.number(t, kind)
    )
    if expected[notation] == Q:
        with pytest.raises(AmbiguousNumber) as error:
            read(text)
        assert repr(text) in str(error.value)
    else:
        assert read(text) == expected[notation]


def test_an_ambiguous_amount_names_both_readings():
    with pytest.raises(AmbiguousNumber) as error:
        file_of(INDONESIAN).rupiah("200,000")
    message = str(error.value)
    assert "'200,000'" in message and "200000" in message and " 200;" in message
    assert "English way" in message and "Indonesian way" in message
    assert isinstance(error.value, NumberParseError)  # readers quarantine it like any bad number


def test_english_forms_in_an_english_file_keep_exact_values():
    english = file_of(ENGLISH)
    assert english.rupiah("1,234,567") == 1234567 and type(english.rupiah("1,234,567")) is int
    assert english.rupiah("Rp. 9,007,199,254,740,993") == 9007199254740993
    assert english.rupiah("(7,633,200)") == -7633200
    assert english.number("1,234.50", DECIMAL) == Decimal("1234.50")
    assert english.number("0.316", DECIMAL) == Decimal("0.316")
    assert english.percent("12.5") == Percent(Decimal("12.5"), ".")
    assert english.percent("12.500") == Percent(Decimal("12.500"), ".")
    assert english.percent("98") == Percent(Decimal("98"), "")
    with pytest.raises(NumberParseError, match="not a whole number of rupiah"):
        english.rupiah("1,234.50")


def test_a_mixed_file_reads_its_majority_and_quarantines_the_other_notation():
    indonesian_majority = judge_file(
        [Cell(2, "nilai", "2,71", DECIMAL), Cell(3, "nilai", "2,79", DECIMAL), Cell(4, "nilai", "3.34", DECIMAL)]
    )
    assert indonesian_majority.number("2,71") == Decimal("2.71")
    with pytest.raises(NotationConflict, match=r"'3.34' is written the English way.*'2,71' in row 2"):
        indonesian_majority.number("3.34")
    assert indonesian_majority.percent("97.33%") == Percent(Decimal("97.33"), ".")  # the tolerated habit
    english_majority = judge_file(
        [Cell(2, "nilai", "2.71", DECIMAL), Cell(3, "nilai", "2.79", DECIMAL), Cell(4, "nilai", "3,34", DECIMAL)]
    )
    assert english_majority.number("2.71") == Decimal("2.71")
    with pytest.raises(NotationConflict, match="written the Indonesian way"):
        english_majority.number("3,34")


def test_warnings_say_how_the_file_was_read():
    english = judge_file([Cell(2, "pagu", "1,234,567", AMOUNT), Cell(3, "pagu", "200,000", AMOUNT)])
    (warning,) = english.warnings("t.csv")
    assert warning.startswith("t.csv: numbers are written the English way")
    assert "'200,000' in row 3, column 'pagu' as 200000" in warning
    assert judge_file([Cell(2, "pagu", "1.234.567", AMOUNT)]).warnings("t.csv") == []
    assert judge_file([Cell(2, "persen", "97.33%", PERCENT)]).warnings("t.csv") == []  # nothing read differently
    mixed = judge_file([Cell(2, "x", "2,71", DECIMAL), Cell(3, "x", "3.34", DECIMAL), Cell(4, "x", "1,234", DECIMAL)])
    (warning,) = mixed.warnings("m.csv")
    assert "both the Indonesian way" in warning and "'3.34' in row 3, column 'x'" in warning
    assert "1 ambiguous cell(s)" in warning


# the inputs of tests/test_numbers_dates.py: an Indonesian file, or one that says nothing, reads
# every one of them exactly as the plain parsers do
NUMBER_TEXTS = [
    "5.656.039",
    "5.325,57",
    "(7.633.200)",
    "Rp. 6.892.432.255,-",
    "Rp 5.627.308.146",
    "81,64%",
    "145,10",
    "29.666",
    "0,316",
    "-12,5",
    " 1234 ",
    157595,
    0.316,
    "",
    "-",
    "N.A",
    "n.a",
    None,
    "...",
    "12.3.4",
    "1.23",
    "abc",
    "12,3,4",
    "5 kg",
    True,
    "Rp. 9.007.199.254.740.993,-",
]
RUPIAH_TEXTS = [
    "Rp. 6.892.432.255,-",
    "Rp.6.892.432.255,-",
    "5.627.308.146",
    "(7.633.200)",
    "RP 175.000.000",
    "Rp. 788.513.453,",
    "Rp. 442.113.756.",
    "0",
    4741818999,
    "-",
    "",
    "12.3.4",
    "Rp. 1.23",
    "1,5",
    "abc",
    "Rp. enam juta",
    "5.627.308.146,-x",
]
PERCENT_TEXTS = [
    "81,64%",
    "(81,97%)",
    "55,30",
    "98",
    "60 %",
    "(97,33 %)",
    "97.33%",
    "42.90",
    "-",
    "12.3.4%",
    "abc",
    "1.234.5%",
]


def _outcome(function, value):
    try:
        return function(value)
    except NumberParseError as exc:
        return type(exc), str(exc)


@pytest.mark.parametrize("notation", [INDONESIAN, UNKNOWN])
def test_indonesian_and_undecided_files_read_the_known_inputs_as_before(notation):
    reading = file_of(notation)
    for text in NUMBER_TEXTS:
        for kind in (DECIMAL, COUNT):
            assert _outcome(lambda t, kind=kind: reading.number(t, kind), text) == _outcome(parse_id_number, text), (
                text,
                kind,
            )
    for text in RUPIAH_TEXTS:
        assert _outcome(reading.rupiah, text) == _outcome(parse_rupiah, text), text
    for text in PERCENT_TEXTS:
        assert _outcome(reading.percent, text) == _outcome(parse_percent, text), text


# ----------------------------------------------------------------------------- the readers


def land(home: Path, folder: str, name: str, text: str, sidecar: dict | None = None) -> None:
    target = home / "landing" / folder
    target.mkdir(parents=True, exist_ok=True)
    (target / name).write_text(text, encoding="utf-8")
    meta = {"document": "Dokumen uji", "table": "Tabel uji", **(sidecar or {})}
    (target / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")


def raw(home: Path, source: str, source_file: str, quarantine: bool = False) -> list[dict]:
    folder = home / "raw" / ("_quarantine/" + source if quarantine else source)
    rel = duckdb.sql(
        f"select * from read_parquet('{folder}/*.parquet') where source_file = '{source_file}' order by source_row"
    )
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


def entry(home: Path, source: str, source_file: str) -> dict:
    (found,) = [
        e
        for p in (home / "raw" / "_registry" / source).glob("*.json")
        if (e := json.loads(p.read_text(encoding="utf-8")))["source_file"] == source_file
    ]
    return found


BUDGET = {"unit": "rupiah", "budget_year": 2023, "period_end": "2023-12-31"}
BUDGET_HEADER = "kegiatan,sub_kegiatan,pagu,realisasi,sisa,persen,source_line,note\n"
BUDGET_ID = BUDGET_HEADER + (
    'Administrasi Umum Perangkat Daerah,Fasilitasi Kunjungan Tamu,20.577.000,14.641.500,5.935.500,"28,85",341,\n'
    "Administrasi Umum Perangkat Daerah,Penyediaan komponen instalasi listrik/penerangan bangunan kantor,"
    "993.500,0,993.500,100,338,\n"
    "Penyediaan jasa penunjang urusan pemerintah daerah,Penyediaan Jasa Pelayanan Umum Kantor,"
    '988.754.560,942.574.760,46.179.800,"4,67",346,\n'
    'Penyediaan jasa penunjang urusan pemerintah daerah,Penyediaan Jasa Surat menyurat,"Rp. 2.280.000,-",'
    '2.297.580,(17.580),"100,77",343,\n'
)
BUDGET_EN = BUDGET_HEADER + (
    'Administrasi Umum Perangkat Daerah,Fasilitasi Kunjungan Tamu,"20,577,000","14,641,500","5,935,500",28.85,341,\n'
    "Administrasi Umum Perangkat Daerah,Penyediaan komponen instalasi listrik/penerangan bangunan kantor,"
    '"993,500",0,"993,500",100,338,\n'
    "Penyediaan jasa penunjang urusan pemerintah daerah,Penyediaan Jasa Pelayanan Umum Kantor,"
    '"988,754,560","942,574,760","46,179,800",4.67,346,\n'
    'Penyediaan jasa penunjang urusan pemerintah daerah,Penyediaan Jasa Surat menyurat,"Rp 2,280,000",'
    '"2,297,580","(17,580)",100.77,343,\n'
)
BUDGET_ROW_200 = (
    '"Perencanaan, Penganggaran dan evaluasi kinerja perangkat daerah",'
    "Penyusunan Dokumen Perencanaan Perangkat Daerah,{pagu},{realisasi},{sisa},{persen},329,\n"
)


def _budget_values(home: Path, name: str) -> list[tuple]:
    return [(r["source_row"], r["measure"], r["amount_rupiah"], r["percent"]) for r in raw(home, "budget", name)]


def test_budget_table_in_both_notations_loads_identical_values(ntt_home):
    land(ntt_home, "budget", "id.csv", BUDGET_ID, BUDGET)
    land(ntt_home, "budget", "en.csv", BUDGET_EN, BUDGET)
    report = ingest_source("budget")
    assert report.records_quarantined == 0 and report.records_loaded == 32
    indonesian, english = _budget_values(ntt_home, "id.csv"), _budget_values(ntt_home, "en.csv")
    assert indonesian == english
    amounts = {(row, measure): amount for row, measure, amount, _ in indonesian}
    assert amounts[(3, "pagu")] == 993500 and amounts[(5, "sisa")] == -17580 and amounts[(4, "pagu")] == 988754560
    assert entry(ntt_home, "budget", "id.csv")["warnings"] == []
    (warning,) = entry(ntt_home, "budget", "en.csv")["warnings"]
    assert "read so" in warning and "'993,500' in row 3, column 'pagu' as 993500" in warning


def test_english_amount_in_an_indonesian_budget_file_is_quarantined_never_rp_200(ntt_home):
    land(
        ntt_home,
        "budget",
        "id.csv",
        BUDGET_ID + BUDGET_ROW_200.format(pagu='"200,000"', realisasi="100.000", sisa="100.000", persen='"50,00"'),
        BUDGET,
    )
    report = ingest_source("budget")
    assert report.records_quarantined == 1
    (row,) = raw(ntt_home, "budget", "id.csv", quarantine=True)
    assert (row["source_row"], row["source_field"], row["raw_value"]) == (6, "pagu", "200,000")
    assert "ambiguous number '200,000'" in row["reason"] and "200000" in row["reason"] and " 200;" in row["reason"]
    assert not [r for r in raw(ntt_home, "budget", "id.csv") if r["amount_rupiah"] == 200]


def test_english_budget_file_reads_200_000_as_two_hundred_thousand_and_says_so(ntt_home):
    land(
        ntt_home,
        "budget",
        "en.csv",
        BUDGET_HEADER
        + BUDGET_ROW_200.format(pagu='"200,000"', realisasi='"1,100,000"', sisa='"(900,000)"', persen="550.00"),
        BUDGET,
    )
    report = ingest_source("budget")
    assert report.records_quarantined == 0
    amounts = {r["measure"]: r["amount_rupiah"] for r in raw(ntt_home, "budget", "en.csv")}
    assert amounts == {"pagu": 200000, "realisasi": 1100000, "sisa": -900000, "persen": None}
    (warning,) = entry(ntt_home, "budget", "en.csv")["warnings"]
    assert warning == (
        "en.csv: numbers are written the English way (comma groups thousands, point is the "
        "decimal mark) and were read so, e.g. '200,000' in row 2, column 'pagu' as 200000"
    )


def test_budget_file_mixing_notations_quarantines_its_ambiguous_cells_and_warns(ntt_home):
    land(
        ntt_home,
        "budget",
        "mixed.csv",
        BUDGET_HEADER
        + BUDGET_ROW_200.format(pagu='"200,000"', realisasi='"1,100,000"', sisa="2.461.000", persen='"50,00"'),
        BUDGET,
    )
    ingest_source("budget")
    reasons = {q["source_field"]: q["reason"] for q in raw(ntt_home, "budget", "mixed.csv", quarantine=True)}
    assert set(reasons) == {"pagu"} and "both the English and the Indonesian way" in reasons["pagu"]
    (warning,) = entry(ntt_home, "budget", "mixed.csv")["warnings"]
    assert "numbers are written both" in warning


def test_budget_column_outside_the_layout_is_reported(ntt_home):
    land(
        ntt_home,
        "budget",
        "extra.csv",
        BUDGET_ID.replace("source_line,note\n", "source_line,note,Keterangan\n", 1),
        BUDGET,
    )
    ingest_source("budget")
    assert entry(ntt_home, "budget", "extra.csv")["warnings"] == [
        "extra.csv: column 'Keterangan' is not part of the realisation layout, ignored"
    ]


INDICATOR_HEADER = (
    "indicator_code,indikator,wilayah,tahun,periode,jenis_nilai,nilai,satuan,tabel_atau_bagian,source_line,note\n"
)
INDICATOR_ROWS = [
    ("Angka uji", "2,71", "2.71", "anak per wanita"),
    ("Persentase uji", "37,9", "37.9", "%"),
    ("Garis kemiskinan uji", "549.607", "549,607", "Rp/kapita/bulan"),
    ("Jumlah uji", "1.234.567", "1,234,567", "jiwa"),
    ("Cakupan uji", "85,2% (213 Desa)", "85.2% (213 Desa)", "%"),
    ("Rasio uji", "0,316", "0.316", "rasio"),
    ("Kosong uji", "-", "-", "%"),
]


def _indicator_file(column: int) -> str:
    return INDICATOR_HEADER + "".join(
        f',{name},Provinsi NTT,2024,,realisasi,"{texts[column]}",{unit},Tabel uji,{line},\n'
        for line, (name, *texts, unit) in enumerate(INDICATOR_ROWS, start=1)
    )


def test_indicator_table_in_both_notations_loads_identical_values(ntt_home):
    land(ntt_home, "dinkes", "id.csv", _indicator_file(0))
    land(ntt_home, "dinkes", "en.csv", _indicator_file(1))
    report = ingest_source("dinkes_indicators")
    assert report.records_quarantined == 0

    def values(name):
        return [
            (r["source_row"], r["indicator_name"], r["value"], r["value_is_missing"])
            for r in raw(ntt_home, "dinkes_indicators", name)
        ]

    assert values("id.csv") == values("en.csv")
    assert [v for _, _, v, _ in values("id.csv")] == [2.71, 37.9, 549607.0, 1234567.0, 85.2, 0.316, None]
    assert entry(ntt_home, "dinkes_indicators", "id.csv")["warnings"] == []
    (warning,) = entry(ntt_home, "dinkes_indicators", "en.csv")["warnings"]
    assert "English way" in warning and "'549,607' in row 4, column 'nilai' as 549607" in warning


def test_indicator_ambiguous_value_in_a_file_that_does_not_say_is_quarantined(ntt_home):
    land(
        ntt_home,
        "dinkes",
        "x.csv",
        INDICATOR_HEADER + ',Jumlah uji,Provinsi NTT,2024,,realisasi,"1,234",orang,Tabel uji,1,\n',
    )
    ingest_source("dinkes_indicators")
    (row,) = raw(ntt_home, "dinkes_indicators", "x.csv", quarantine=True)
    assert row["source_field"] == "nilai" and "ambiguous number '1,234'" in row["reason"]


def test_indicator_column_outside_the_layout_is_reported(ntt_home):
    land(ntt_home, "dinkes", "extra.csv", _indicator_file(0).replace(",note\n", ",note,Sumber\n", 1))
    ingest_source("dinkes_indicators")
    assert entry(ntt_home, "dinkes_indicators", "extra.csv")["warnings"] == [
        "extra.csv: column 'Sumber' is not part of the indicator-actuals layout, ignored"
    ]


POPULATION_ID = (
    "Kabupaten/Kota,2025,2026\nSumba Barat,157.595,160.172\nBelu,240.392,245.054\n"
    "Provinsi Nusa Tenggara Timur,5.998.811,6.078.115\n"
)
POPULATION_EN = (
    'Kabupaten/Kota,2025,2026\nSumba Barat,"157,595","160,172"\nBelu,"240,392","245,054"\n'
    'Provinsi Nusa Tenggara Timur,"5,998,811","6,078,115"\n'
)
THOUSANDS_ID = (
    'Kabupaten/Kota,2020,2025\nSumba Barat,"145,10","157,60"\nBelu,"217,97","240,39"\n'
    'Nusa Tenggara Timur,"5.325,57","5.742,56"\n'
)
THOUSANDS_EN = (
    "Kabupaten/Kota,2020,2025\nSumba Barat,145.10,157.60\nBelu,217.97,240.39\n"
    'Nusa Tenggara Timur,"5,325.57","5,742.56"\n'
)
POPULATION = {"unit": "jiwa", "figure_kind": "projection"}
THOUSANDS = {"unit": "ribu jiwa", "figure_kind": "estimate"}


def _population(home: Path, name: str) -> list[tuple]:
    return [(r["region_kemendagri_code"], r["year"], r["value"], r["unit"]) for r in raw(home, "bps_population", name)]


def test_population_tables_in_both_notations_load_identical_values(ntt_home):
    land(ntt_home, "bps", "jiwa_id.csv", POPULATION_ID, POPULATION)
    land(ntt_home, "bps", "jiwa_en.csv", POPULATION_EN, POPULATION)
    land(ntt_home, "bps", "ribu_id.csv", THOUSANDS_ID, THOUSANDS)
    land(ntt_home, "bps", "ribu_en.csv", THOUSANDS_EN, THOUSANDS)
    report = ingest_source("bps_population")
    assert report.records_quarantined == 0 and report.records_loaded == 24
    assert _population(ntt_home, "jiwa_id.csv") == _population(ntt_home, "jiwa_en.csv")
    assert _population(ntt_home, "ribu_id.csv") == _population(ntt_home, "ribu_en.csv")
    assert ("53.12", 2025, 157595.0, "jiwa") in _population(ntt_home, "jiwa_en.csv")
    assert ("53", 2020, 5325.57, "ribu jiwa") in _population(ntt_home, "ribu_en.csv")
    (warning,) = entry(ntt_home, "bps_population", "jiwa_en.csv")["warnings"]
    assert "'157,595' in row 2, column '2025' as 157595" in warning


def test_population_counts_that_only_read_both_ways_are_quarantined(ntt_home):
    land(ntt_home, "bps", "x.csv", 'Kabupaten/Kota,2025\nSumba Barat,"157,595"\n', POPULATION)
    report = ingest_source("bps_population")
    assert report.records_loaded == 0
    (row,) = raw(ntt_home, "bps_population", "x.csv", quarantine=True)
    assert (row["source_row"], row["source_field"]) == (2, "2025") and "ambiguous number '157,595'" in row["reason"]


SIMFONI = {"unit": "kasus", "figure_kind": "published_aggregate"}
TABEL9_HEADER = "program,indikator,target_2023,realisasi_2023,source_line,note\n"
TABEL9_ID = TABEL9_HEADER + (
    "Program Perlindungan Perempuan,Cakupan uji (target 1.250 korban),100% (1.250 korban),"
    '"97,23% (1.093 korban terlayani dari 1.124 korban perempuan dewasa)",422,\n'
)
TABEL9_EN = TABEL9_HEADER + (
    'Program Perlindungan Perempuan,"Cakupan uji (target 1,250 korban)","100% (1,250 korban)",'
    '"97.23% (1,093 korban terlayani dari 1,124 korban perempuan dewasa)",422,\n'
)


def test_simfoni_table_in_both_notations_loads_identical_values(ntt_home):
    land(ntt_home, "simfoni", "id.csv", TABEL9_ID, SIMFONI)
    land(ntt_home, "simfoni", "en.csv", TABEL9_EN, SIMFONI)
    report = ingest_source("simfoni")
    assert report.records_quarantined == 0

    def values(name):
        return {(r["year"], r["measure"]): r["value"] for r in raw(ntt_home, "simfoni", name)}

    assert (
        values("id.csv")
        == values("en.csv")
        == {
            (2023, "target_pct"): 100.0,
            (2023, "target_count"): 1250.0,
            (2023, "realisasi_pct"): 97.23,
            (2023, "realisasi_served"): 1093.0,
            (2023, "realisasi_reported"): 1124.0,
            (2023, "indicator_target_count"): 1250.0,
        }
    )
    (warning,) = entry(ntt_home, "simfoni", "en.csv")["warnings"]
    assert "English way" in warning and "row 2" in warning


def test_simfoni_counts_that_only_read_both_ways_are_quarantined_never_1(ntt_home):
    land(
        ntt_home,
        "simfoni",
        "x.csv",
        'tahun,wilayah,ukuran,nilai,source_line\n2023,Provinsi NTT,kasus kekerasan terhadap Perempuan,"1,026",558\n',
        SIMFONI,
    )
    report = ingest_source("simfoni")
    assert report.records_loaded == 0
    (row,) = raw(ntt_home, "simfoni", "x.csv", quarantine=True)
    assert (row["source_row"], row["source_field"]) == (2, "nilai") and "ambiguous number '1,026'" in row["reason"]


def test_simfoni_column_outside_the_dataset_is_reported(ntt_home):
    land(ntt_home, "simfoni", "extra.csv", TABEL9_ID.replace(",note\n", ",note,catatan_lain\n", 1), SIMFONI)
    ingest_source("simfoni")
    assert entry(ntt_home, "simfoni", "extra.csv")["warnings"] == [
        "extra.csv: column 'catatan_lain' is not part of the tabel9_performance layout, ignored"
    ]
