"""BPS and Dukcapil figures quoted in the PJPK document (Pergub NTT 88/2025, Tabel 1.3 PSRI, Bab I.G and the
Bab II prose) are the published figures, verbatim (errors and number formats included), one row per figure
and region.

Every nilai must be found on the source_line it cites (as a whole number, not inside a longer one), and the
named region too; the codes exist in the PJPK catalogue; the places where the document contradicts itself are
pinned (found, not corrected).
"""

import csv
import json
import re
from pathlib import Path

import pytest

from ingestion.core.numbers import parse_id_number, parse_percent
from ingestion.core.regions import load_normaliser
from ingestion.core.settings import seeds_dir

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"
DOC = "002_a05e6b013d9a983d.txt"
EXTRACTS = seeds_dir() / "extracts"
BPS = EXTRACTS / "bps" / "bps_indikator_pjpk.csv"
DUKCAPIL = EXTRACTS / "dukcapil" / "dukcapil_indikator_pjpk.csv"
FILES = {"bps": BPS, "dukcapil": DUKCAPIL}
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
PRODUCERS = {"bps": "BPS Provinsi Nusa Tenggara Timur", "dukcapil": "Dinas Kependudukan dan Catatan Sipil Provinsi NTT"}
PROVINCE = "Provinsi NTT"
# Percentages the document writes with a decimal point ("42.90%"), kept as published.
DOT_DECIMAL = re.compile(r"^\d{1,3}\.\d{1,2}$")


@pytest.fixture(scope="module")
def doc():
    if not (SOURCES / DOC).exists():
        pytest.skip(f"source document not found in {SOURCES}: {DOC}")
    return (SOURCES / DOC).read_text(encoding="utf-8").splitlines()


def rows_of(agency):
    with FILES[agency].open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def all_rows():
    return [(agency, row) for agency in FILES for row in rows_of(agency)]


def sidecar(agency):
    path = FILES[agency]
    return json.loads(path.with_name(path.name + ".meta.json").read_text(encoding="utf-8"))


def catalogue():
    with (seeds_dir() / "reference" / "pjpk_indicators.csv").open(encoding="utf-8", newline="") as handle:
        return {r["indicator_code"]: r for r in csv.DictReader(handle)}


def targets():
    """(indicator_code, year, value_kind) -> published_text of seeds/reference/pjpk_targets.csv."""
    with (seeds_dir() / "reference" / "pjpk_targets.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["indicator_code"], r["year"], r["value_kind"]): r["published_text"] for r in csv.DictReader(handle)}


def line(doc, number):
    return doc[int(number) - 1]


def has_token(text, value):
    """value occurs as a whole word or number (not inside a longer word, nor as part of "1.093" or "1,5")."""
    return re.search(r"(?<!\w)(?<!\d[,.])" + re.escape(value) + r"(?!\w)(?![,.]\d)", text) is not None


def find(agency, code="", indikator=None, tahun=None, periode=None, wilayah=PROVINCE, source_line=None):
    found = [
        r
        for r in rows_of(agency)
        if r["indicator_code"] == code
        and r["wilayah"] == wilayah
        and (indikator is None or r["indikator"] == indikator)
        and (tahun is None or r["tahun"] == tahun)
        and (periode is None or r["periode"] == periode)
        and (source_line is None or r["source_line"] == str(source_line))
    ]
    assert len(found) == 1, (agency, code, indikator, tahun, periode, wilayah, source_line, found)
    return found[0]


# ----------------------------------------------------------------------------- shape


def test_files_are_named_for_their_readers():
    # bps_indikator_* is read by the bps_indicators source, not by the population reader.
    assert BPS.name.startswith("bps_indikator_") and BPS.exists()
    assert DUKCAPIL.exists()
    for path in FILES.values():
        assert path.with_name(path.name + ".meta.json").exists()


@pytest.mark.parametrize("agency", sorted(FILES))
def test_header_is_exact(agency):
    with FILES[agency].open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == HEADER


@pytest.mark.parametrize("agency", sorted(FILES))
def test_every_row_is_well_formed(agency):
    rows = rows_of(agency)
    assert rows
    for row in rows:
        assert len(row) == len(HEADER) and None not in row.values(), row
        assert row["jenis_nilai"] in VALUE_KINDS, row
        assert re.fullmatch(r"20\d\d", row["tahun"]), row
        assert row["periode"] in {"", "Maret", "September", "Februari", "Agustus", "Semester I", "Semester II"}, row
        assert row["source_line"].isdigit(), row
        assert row["indikator"] and row["wilayah"] and row["nilai"] and row["satuan"] and row["note"], row
        assert row["tabel_atau_bagian"].startswith(
            ("Tabel 1.3 PSRI, Sasaran ", "Bab I.G Isu Strategis, ", "Bab II.")
        ), row
        # no published figure is a target or baseline here: those are in seeds/reference/pjpk_targets.csv
        assert row["jenis_nilai"] == "realisasi", row


def test_bps_and_dukcapil_row_counts():
    assert len(rows_of("bps")) == 35
    assert len(rows_of("dukcapil")) == 5


def test_every_region_resolves_to_an_official_code():
    regions = load_normaliser()
    for agency, row in all_rows():
        resolution = regions.resolve(row["wilayah"])
        assert resolution.region is not None, (agency, row["wilayah"], resolution.problem)


def test_every_value_reads_as_a_number():
    """Indonesian format ("10,95", "217.195", "78–80" by its leading number); the two dot-decimal
    percentages of Dukcapil ("42.90") read as percentages with a "." decimal mark."""
    for _agency, row in all_rows():
        text = row["nilai"]
        if DOT_DECIMAL.match(text):
            assert row["satuan"] == "%" and parse_percent(text + "%").decimal_mark == ".", row
            continue
        leading = re.match(r"[\d.,]*\d", text).group(0)
        assert parse_id_number(leading) is not None, row


# ----------------------------------------------------------------------------- verbatim on the line


def test_nilai_is_on_its_source_line(doc):
    for agency, row in all_rows():
        assert has_token(line(doc, row["source_line"]), row["nilai"]), (agency, row["source_line"], row["nilai"])


def test_named_region_is_on_its_source_line(doc):
    """Loosely: case-insensitive, spaces normalised. Province-wide figures often name no region on their line."""
    for agency, row in all_rows():
        if row["wilayah"] == PROVINCE:
            continue
        text = " ".join(line(doc, row["source_line"]).split()).lower()
        assert " ".join(row["wilayah"].split()).lower() in text, (agency, row["source_line"], row["wilayah"])


def test_source_lines_lie_in_the_sections_read(doc):
    """Tabel 1.3 (382-498), Bab I.G (499-622) or the Bab II prose (623-857), never a Bab II target table row."""
    target_rows = {
        653,
        655,
        656,
        727,
        728,
        730,
        731,
        732,
        733,
        734,
        735,
        737,
        738,
        739,
        740,
        741,
        742,
        784,
        785,
        786,
        787,
        788,
        791,
        792,
        819,
        820,
        849,
        850,
        851,
        852,
    }
    for agency, row in all_rows():
        number = int(row["source_line"])
        assert 382 <= number <= 857 and number not in target_rows, (agency, number)
        section = row["tabel_atau_bagian"]
        if section.startswith("Tabel 1.3"):
            assert number <= 498, row
        elif section.startswith("Bab I.G"):
            assert 499 <= number <= 622, row
        else:
            assert number >= 623, row


def test_inferred_units_say_so():
    for _agency, row in all_rows():
        if row["satuan"] in {"rasio", "indeks"}:
            assert "unit inferred" in row["note"], row


# ----------------------------------------------------------------------------- catalogue codes


def test_codes_exist_in_the_catalogue():
    codes = catalogue()
    for _agency, row in all_rows():
        if row["indicator_code"]:
            assert row["indicator_code"] in codes, row


def test_which_catalogue_indicators_got_an_actual():
    assert {r["indicator_code"] for r in rows_of("bps")} - {""} == {
        "PJPK-S2-01",
        "PJPK-S2-07",
        "PJPK-S2-09",
        "PJPK-S2-11",
        "PJPK-S2-12",
        "PJPK-S2-13",
        "PJPK-S3-03",
    }
    # PJPK-S5-04 (akta kematian coverage) gets none: the document says it cannot be a percentage.
    assert {r["indicator_code"] for r in rows_of("dukcapil")} - {""} == {"PJPK-S5-01", "PJPK-S5-02", "PJPK-S5-03"}


def test_coded_percentages_match_the_catalogue_unit():
    codes = catalogue()
    for _agency, row in all_rows():
        if row["indicator_code"] and codes[row["indicator_code"]]["unit"] == "%":
            assert row["satuan"] == "%", row


def test_bounds_and_shares_are_not_coded():
    for _agency, row in all_rows():
        if "lower bound" in row["note"].lower():
            assert row["indicator_code"] == "", row
    # women's share of the labour force is not the TPAK Wanita (PJPK-S2-08)
    share = find("bps", indikator="Persentase angkatan kerja wanita (dari jumlah angkatan kerja)")
    assert share["nilai"] == "45,71"
    assert not [r for r in rows_of("bps") if r["indicator_code"] == "PJPK-S2-08"]


# ----------------------------------------------------------------------------- sidecars


@pytest.mark.parametrize("agency", sorted(FILES))
def test_sidecar_keys_and_provenance(agency):
    meta = sidecar(agency)
    assert SIDECAR_KEYS <= set(meta)
    assert all(isinstance(meta[k], str) and meta[k].strip() for k in SIDECAR_KEYS)
    assert meta["producer"] == PRODUCERS[agency]
    kta = json.loads((EXTRACTS / "simfoni" / "kta_2024_2025.csv.meta.json").read_text(encoding="utf-8"))
    assert meta["document"] == kta["document"]
    assert meta["table"].startswith(
        "Tabel 1.3 Hasil Analisis Peta Jalan Kependudukan Menggunakan Metode PSRI; "
        "Bab I.G Isu Strategis Pembangunan Kependudukan"
    )
    assert meta["unit"] == "mixed: see satuan"
    assert meta["figure_kind"] == "published_actual"
    assert re.fullmatch(rf"shared/sources/{re.escape(DOC)} lines [0-9, -]+", meta["transcribed_from"])


@pytest.mark.parametrize("agency", sorted(FILES))
def test_source_lines_are_the_cited_lines(agency):
    spans = sidecar(agency)["transcribed_from"].split(" lines ", 1)[1]
    allowed = set()
    for part in spans.split(","):
        a, _, b = part.strip().partition("-")
        allowed |= set(range(int(a), int(b or a) + 1))
    assert {int(r["source_line"]) for r in rows_of(agency)} == allowed


# ----------------------------------------------------------------------------- pinned values


def test_poverty_rate_march_and_september_2024_and_march_2025(doc):
    march_2024 = find("bps", "PJPK-S2-07", tahun="2024", periode="Maret")
    assert (march_2024["nilai"], march_2024["source_line"]) == ("19,48", "565")
    assert "NOT written" in march_2024["note"]  # the period is inferred, and says so
    september = find("bps", "PJPK-S2-07", tahun="2024", periode="September")
    assert (september["nilai"], september["source_line"]) == ("19,02", "409")
    assert "september 2024" in line(doc, 409)
    assert find("bps", "PJPK-S2-07", tahun="2025", periode="Maret")["nilai"] == "18,6"  # one decimal, as published


def test_gini_by_semester_tpt_pdrb_and_informal_workers():
    assert find("bps", "PJPK-S2-11", tahun="2024", periode="Semester II")["nilai"] == "0,316"
    assert find("bps", "PJPK-S2-11", tahun="2025", periode="Semester I")["nilai"] == "0,315"
    assert find("bps", "PJPK-S2-13", tahun="2024", periode="Agustus")["nilai"] == "3,02"
    assert find("bps", "PJPK-S2-12", tahun="2023")["nilai"] == "23,08"
    assert find("bps", "PJPK-S2-12", tahun="2024")["nilai"] == "24,27"
    assert find("bps", "PJPK-S2-09", tahun="2024", periode="Februari")["nilai"] == "74,3"


def test_regency_figures():
    regency = {(r["wilayah"], r["indikator"]): r["nilai"] for r in rows_of("bps") if r["wilayah"] != PROVINCE}
    assert regency == {
        ("Sumba Tengah", "kemiskinan (persentase)"): "28",
        ("Sabu Raijua", "kemiskinan (persentase)"): "28",
        ("Kabupaten Sumba Barat Daya", "Rasio ketergantungan"): "67,80",
        ("Kota Kupang", "Indeks Pembangunan Manusia (IPM)"): "80",
        ("Kabupaten Flores Timur", "Persentase penduduk Lanjut Usia (lansia)"): "12,08",
    }


def test_dukcapil_coverage_and_death_certificates(doc):
    assert find("dukcapil", "PJPK-S5-01")["nilai"] == "77,77"
    assert find("dukcapil", "PJPK-S5-02")["nilai"] == "42.90"  # decimal point kept, as published
    assert find("dukcapil", "PJPK-S5-03")["nilai"] == "58.21"
    deaths = [r for r in rows_of("dukcapil") if r["indikator"].startswith("Jumlah akte kematian")]
    assert sorted((r["source_line"], r["nilai"], r["satuan"]) for r in deaths) == [
        ("497", "217.195", "dokumen"),
        ("617", "217.195", "dokumen"),
    ]
    assert all(r["tahun"] == "2025" for r in rows_of("dukcapil"))  # 'pada saat ini': the document's year
    assert "pada tanggal 30 Desember 2025" in line(doc, 134)


# ----------------------------------------------------------------------------- inconsistencies, found not fixed


def test_rls_is_published_as_9_13_and_as_8_02(doc):
    assert find("bps", "PJPK-S2-01", tahun="2023")["nilai"] == "9,13"
    assert find("bps", "PJPK-S2-01", tahun="2024")["nilai"] == "8,02"
    assert targets()[("PJPK-S2-01", "2024", "baseline")] == "8,02"


def test_pdrb_2024_differs_from_the_baseline():
    assert find("bps", "PJPK-S2-12", tahun="2024")["nilai"] == "24,27"
    assert targets()[("PJPK-S2-12", "2024", "baseline")] == "23,52"


def test_dukcapil_current_coverage_differs_from_the_baselines(doc):
    published = targets()
    assert published[("PJPK-S5-01", "2024", "baseline")] == "82%"
    for code in ("PJPK-S5-02", "PJPK-S5-03", "PJPK-S5-04"):
        assert published[(code, "2024", "baseline")] == "100%"
    # while the text says death-certificate coverage cannot be expressed as a percentage
    for number in (497, 617):
        assert "tidak dapat digambarkan dengan persentase" in line(doc, number)


def test_women_and_men_in_the_labour_force_do_not_add_up_to_the_total():
    wanita = find("bps", indikator="Jumlah angkatan kerja wanita")["nilai"]
    pria = find("bps", indikator="Jumlah angkatan kerja pria")["nilai"]
    total = [r for r in rows_of("bps") if r["source_line"] == "434" and r["nilai"] == "3,12"]
    assert (wanita, pria, len(total)) == ("1,4", "1,6", 1)  # 3,0 juta (line 427) vs 'sekitar 3,12 juta' (line 434)
