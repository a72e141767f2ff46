"""The Dinkes and BKKBN / DP3AP2KB PJPK actuals are the published figures, verbatim (errors included).

Source: Pergub NTT 88/2025 (PJPK 2025-2029), Tabel 1.3 (PSRI matrix, column State), Bab I.G (Isu
Strategis) and one sentence each of Bab I.A. Every value must be found on the line it cites, with
its region; codes must be catalogue codes; the figures that restate a Tabel 2.x baseline are pinned
against seeds/reference/pjpk_targets.csv, and the inconsistencies of the document are pinned (found,
not corrected).
"""

import csv
import json
import re
from pathlib import Path

import pytest

from ingestion.core.settings import seeds_dir

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"
DOC = "002_a05e6b013d9a983d.txt"
EXTRACTS = seeds_dir() / "extracts"
DINKES = "dinkes/dinkes_indikator_pjpk.csv"
BKKBN = "bkkbn/bkkbn_indikator_pjpk.csv"
FILES = (DINKES, BKKBN)
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
PRODUCERS = {DINKES: "Dinas Kesehatan Provinsi NTT", BKKBN: "Perwakilan BKKBN Provinsi NTT dan DP3AP2KB Provinsi NTT"}
PROVINCE = "Provinsi NTT"


@pytest.fixture(scope="module")
def doc():
    path = SOURCES / DOC
    if not path.exists():
        pytest.skip(f"source document not found: {path}")
    return path.read_text(encoding="utf-8").splitlines()


def rows_of(name):
    with (EXTRACTS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def meta_of(name):
    return json.loads((EXTRACTS / f"{name}.meta.json").read_text(encoding="utf-8"))


def reference(name):
    with (seeds_dir() / "reference" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def has_token(text, value):
    """value occurs as a whole word or number (not inside a longer word, nor as part of "21,50" or "1.234")."""
    return re.search(r"(?<!\w)(?<!\d[,.])" + re.escape(value) + r"(?!\w)(?![,.]\d)", text) is not None


def bare_region(name):
    return re.sub(r"^(kabupaten|kab\.|kota)\s+", "", name.strip(), flags=re.IGNORECASE).lower()


def number(text):
    return float(text.replace(".", "").replace(",", "."))


def find(name, **where):
    return [r for r in rows_of(name) if all(r[k] == v for k, v in where.items())]


# ----------------------------------------------------------------------------- shape


@pytest.mark.parametrize("name", FILES)
def test_header_and_rows(name):
    with (EXTRACTS / name).open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == HEADER
    rows = rows_of(name)
    assert rows
    for row in rows:
        assert row["jenis_nilai"] in VALUE_KINDS, row
        assert row["source_line"].isdigit(), row
        assert row["indikator"] and row["wilayah"] and row["nilai"] and row["satuan"] and row["tabel_atau_bagian"]
        assert re.fullmatch(r"(19|20)\d\d", row["tahun"]) or (row["tahun"] == "" and "no year" in row["note"]), row
        assert row["periode"] == ""  # no sub-period is published for any of these figures


def test_row_counts():
    assert len(rows_of(DINKES)) == 60
    assert len(rows_of(BKKBN)) == 20


@pytest.mark.parametrize("name", FILES)
def test_codes_are_catalogue_codes(name):
    codes = {r["indicator_code"] for r in reference("pjpk_indicators.csv")}
    assert {r["indicator_code"] for r in rows_of(name) if r["indicator_code"]} <= codes


def test_which_catalogue_indicators_got_an_actual():
    coded = {(r["indicator_code"], r["tahun"]) for name in FILES for r in rows_of(name) if r["indicator_code"]}
    assert {code for code, _ in coded} == {
        "PJPK-S1-01",
        "PJPK-S1-02",
        "PJPK-S2-04",
        "PJPK-S3-01",
        "PJPK-S3-05",
        "PJPK-S3-06",
        "PJPK-S4-01",
    }
    # AKB and AKI (rates) have no published actual besides the Tabel 2.2 baselines: counts are not coded
    assert not [r for r in rows_of(DINKES) if "kematian" in r["indikator"] and r["indicator_code"]]


# ----------------------------------------------------------------------------- sidecars


@pytest.mark.parametrize("name", FILES)
def test_sidecar(name):
    meta = meta_of(name)
    assert SIDECAR_KEYS <= set(meta)
    assert all(isinstance(meta[k], str) and meta[k].strip() for k in SIDECAR_KEYS)
    assert meta["producer"] == PRODUCERS[name]
    assert meta["document"] == meta_of("simfoni/kta_2024_2025.csv")["document"]
    assert meta["figure_kind"] == "published_actual"
    assert meta["unit"] == "mixed: see satuan"
    assert meta["table"].startswith("Tabel 1.3 Hasil Analisis") and "Bab I.G Isu Strategis" in meta["table"]
    assert re.fullmatch(rf"shared/sources/{re.escape(DOC)} lines [0-9, -]+", meta["transcribed_from"])


@pytest.mark.parametrize("name", FILES)
def test_source_lines_lie_within_the_cited_lines(name):
    spans = meta_of(name)["transcribed_from"].split(" lines ", 1)[1]
    allowed = set()
    for part in spans.split(","):
        a, _, b = part.strip().partition("-")
        allowed |= set(range(int(a), int(b or a) + 1))
    assert {int(r["source_line"]) for r in rows_of(name)} <= allowed


# ----------------------------------------------------------------------------- verbatim


@pytest.mark.parametrize("name", FILES)
def test_values_and_regions_are_on_their_line(doc, name):
    for row in rows_of(name):
        text = doc[int(row["source_line"]) - 1]
        assert has_token(text, row["nilai"]), (row["source_line"], row["nilai"])
        if row["wilayah"] != PROVINCE:
            assert bare_region(row["wilayah"]) in text.lower(), (row["source_line"], row["wilayah"])


def test_regions_resolve_except_the_misprinted_one():
    from ingestion.core.regions import load_normaliser

    normaliser = load_normaliser()
    unresolved = {
        r["wilayah"] for name in FILES for r in rows_of(name) if normaliser.resolve(r["wilayah"]).region is None
    }
    assert unresolved == {"Kabupaten ITS"}  # printed so on line 444 (no such regency; kept as published)


def test_published_number_formats_are_kept():
    assert [r["nilai"] for r in find(BKKBN, wilayah="kabupaten Sumba barat daya")] == ["3.34"]  # line 387
    assert [r["nilai"] for r in find(BKKBN, wilayah="Sumba Barat Daya")] == ["3,34"]  # line 519
    assert [r["nilai"] for r in find(BKKBN, indicator_code="PJPK-S1-02", tahun="2024", wilayah=PROVINCE)] == ["21,50"]
    assert find(DINKES, nilai="51,0", jenis_nilai="realisasi")


# ----------------------------------------------------------------------------- pinned values


def test_tfr_2024_province():
    rows = find(BKKBN, indicator_code="PJPK-S1-01", wilayah=PROVINCE, tahun="2024")
    assert {r["nilai"] for r in rows} == {"2,71"}
    assert sorted(int(r["source_line"]) for r in rows) == [211, 387, 519]
    assert [r["nilai"] for r in find(BKKBN, indicator_code="PJPK-S1-01", wilayah=PROVINCE, tahun="2023")] == ["2,79"]


def test_stunting_37_9_is_dated_2024_by_the_document(doc):
    rows = find(DINKES, indicator_code="PJPK-S2-04")
    assert {(r["wilayah"], r["tahun"], r["nilai"]) for r in rows} == {(PROVINCE, "2024", "37,9")}
    assert "37,9% pada tahun 2024" in doc[209 - 1]
    assert "Prevalensi Stunting" in doc[556 - 1] and "Tahun 2024" in doc[556 - 1]


def test_deaths_2024():
    assert [(r["nilai"], r["satuan"]) for r in find(DINKES, indikator="jumlah kematian ibu")] == [("125", "jiwa")]
    ibu = {r["wilayah"]: r["nilai"] for r in find(DINKES, indikator="kasus kematian ibu")}
    assert ibu == {
        "Kabupaten Timor Tengah Selatan": "20",
        "Kabupaten Manggarai": "14",
        "Manggarai Timur": "10",
        "Kota Kupang": "5",
    }
    bayi = {r["wilayah"]: r["nilai"] for r in find(DINKES, indikator="jumlah kematian bayi")}
    assert bayi == {
        "Kabupaten Sumba Timur": "89",
        "Timor Tengah Selatan": "84",
        "Manggarai": "82",
        "Sumba Tengah": "8",
        "Sumba Barat": "10",
        "Malaka": "10",
    }
    assert {r["tahun"] for r in find(DINKES, indikator="jumlah kematian bayi")} == {"2024"}
    # the regencies named are a part of the province total (no inconsistency)
    assert sum(int(v) for v in ibu.values()) == 49 < 125


def test_i_bangga_and_kampung_kb():
    ib = {r["wilayah"]: r["nilai"] for r in find(BKKBN, indicator_code="PJPK-S3-01")}
    assert ib == {PROVINCE: "59,2", "Kabupaten ITS": "53,12", "Kabupaten Rote Ndao": "54,37"}
    assert [r["nilai"] for r in find(BKKBN, indicator_code="PJPK-S4-01")] == ["11,94"]


def test_service_coverage_is_printed_alike_in_the_stunting_akb_and_aki_rows():
    by_place = {}
    for row in rows_of(DINKES):
        if row["source_line"] in ("407", "412", "419", "421") and any(
            word in row["indikator"] for word in ("Kunjungan", "Nifas", "Persalinan")
        ):
            by_place.setdefault((row["indikator"], row["jenis_nilai"]), set()).add(row["nilai"])
    assert by_place[("Capaian ibu hamil Kunjungan 6 kali", "realisasi")] == {"24,6"}
    assert all(len(values) == 1 for values in by_place.values()), by_place
    assert by_place[("Capaian Persalinan di Fasilitas Kesehatan", "realisasi")] == {"31,9"}
    assert len(find(DINKES, indikator="Capaian ibu hamil Kunjungan 6 kali", jenis_nilai="realisasi")) == 3


def test_b2sa_breakdown_sums_to_the_stated_154():
    parts = ["Ibu hamil", "Ibu Menyusu", "Baduta Stunting", "Baduta gizi kurang", "baduta gizi buruk"]
    total = sum(int(find(DINKES, indikator=p, source_line="409")[0]["nilai"]) for p in parts)
    assert total == int(find(DINKES, indikator="rumah Tangga Miskin")[0]["nilai"]) == 154


# ----------------------------------------------------------------------------- against the baselines


def baseline(code):
    return next(
        r["published_text"]
        for r in reference("pjpk_targets.csv")
        if r["indicator_code"] == code and r["value_kind"] == "baseline"
    )


@pytest.mark.parametrize(
    "code,name",
    [
        ("PJPK-S1-01", BKKBN),
        ("PJPK-S1-02", BKKBN),
        ("PJPK-S2-04", DINKES),
        ("PJPK-S3-01", BKKBN),
        ("PJPK-S3-06", BKKBN),
        ("PJPK-S4-01", BKKBN),
    ],
)
def test_province_2024_actuals_restate_the_tabel2_baseline(code, name):
    rows = find(name, indicator_code=code, wilayah=PROVINCE, tahun="2024")
    assert rows
    expected = number(baseline(code).rstrip("%"))
    assert all(number(r["nilai"]) == expected for r in rows), (code, baseline(code))


# ----------------------------------------------------------------------------- pinned inconsistencies


def test_tfr_fall_is_printed_0_8_but_is_0_08(doc):
    assert "mengalami penurunan sebesar 0,8 di banding TFR tahun 2023 yaitu 2,79" in doc[387 - 1]
    fall = number(find(BKKBN, indicator_code="PJPK-S1-01", tahun="2023")[0]["nilai"]) - number("2,71")
    assert round(fall, 2) == 0.08 != 0.8


def test_asfr_rise_of_1_8_agrees(doc):
    assert "kenaikan 1,8 dari tahun 2023 yaitu 19,7" in doc[389 - 1]
    assert round(number("21,50") - number("19,7"), 2) == 1.8


def test_two_modern_contraception_rates_for_2024():
    cpr = {r["source_line"]: r["nilai"] for r in rows_of(BKKBN) if "CPR" in r["indikator"]}
    assert cpr == {"392": "61,6", "510": "42,4"}
    assert {r["tahun"] for r in rows_of(BKKBN) if "CPR" in r["indikator"]} == {"2024"}


def test_indeks_lansia_berdaya_differs_from_its_baseline():
    rows = find(BKKBN, indicator_code="PJPK-S3-05")
    assert [(r["nilai"], r["tahun"]) for r in rows] == [("58,81", "")]
    assert baseline("PJPK-S3-05") == "56,99%"
