"""Bad input is part of the job: every kind of broken delivery gives a clear message naming the
file (and the row and field where there is one), the file's good rows still load, the run does not
crash, and records_read == records_loaded + records_quarantined in the file's registry entry.

Each test drops files into a throwaway landing zone (NTT_DW_HOME = tmp_path/var) and runs the
real pipeline, pipeline.ingest_source("bps_population").
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from ingestion.bps.population import _is_header
from ingestion.core import pipeline
from ingestion.core.readers import read_csv_table

REPO = Path(__file__).resolve().parents[1]
SAMPLE_XLSX = REPO / "seeds" / "extracts" / "bps" / "bps_proyeksi_penduduk_2025_2029.xlsx"
WEBAPI_FIXTURES = REPO / "tests" / "fixtures" / "bps_webapi"

#: A small, clean Tabel-1.2-like extract: title row 1, header row 2, data rows 3-4.
GOOD_CSV = (
    "Tabel T Proyeksi Penduduk (jiwa)\nKabupaten/Kota,2025,2026\nSumba Barat,157.595,160.172\nBelu,240.392,245.054\n"
)
GOOD_VALUES = {("53.12", 2025): 157595, ("53.12", 2026): 160172, ("53.04", 2025): 240392, ("53.04", 2026): 245054}


def ingest(raw_zone, name: str) -> tuple[dict, list[dict], list[dict]]:
    """Run the pipeline (it must not raise) and return the file's registry entry, loaded records
    and quarantine rows, after checking the accounting the registry and the Parquet both keep."""
    report = pipeline.ingest_source("bps_population")
    assert report.records_read == report.records_loaded + report.records_quarantined
    entry = raw_zone.entry(name)
    assert entry["records_read"] == entry["records_loaded"] + entry["records_quarantined"]
    records = raw_zone.records(entry["file_version_id"])
    quarantine = raw_zone.quarantine(entry["file_version_id"])
    assert len(records) == entry["records_loaded"]
    assert len(quarantine) == entry["records_quarantined"]
    assert all(q["source_file"] == name for q in quarantine)  # every quarantine row names its file
    return entry, records, quarantine


def values_of(records: list[dict]) -> dict[tuple[str, int], float]:
    return {(r["region_kemendagri_code"], r["year"]): r["value"] for r in records}


def assert_rejected(entry: dict, quarantine: list[dict], name: str, *fragments: str) -> None:
    """A whole-file rejection: status, an error naming the file, one quarantine row saying why."""
    assert entry["status"] == "rejected"
    assert entry["error"].startswith(name), entry["error"]
    for fragment in fragments:
        assert fragment in entry["error"], entry["error"]
    assert entry["records_loaded"] == 0
    assert len(quarantine) == 1
    assert quarantine[0]["reason"].startswith("file rejected: ")
    for fragment in fragments:
        assert fragment in quarantine[0]["reason"]


# --- empty, header only -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content",
    [
        ("empty.csv", b""),
        ("blank.csv", b"\r\n  \n\t\n"),
        ("empty.xlsx", b""),
        ("empty.json", b""),
    ],
)
def test_empty_file_is_rejected_with_its_name(drop_file, raw_zone, name, content):
    drop_file(name, content)
    entry, records, quarantine = ingest(raw_zone, name)
    assert_rejected(entry, quarantine, name, "empty")
    assert records == []


def _header_only_xlsx() -> bytes:
    import io

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tabel T Proyeksi Penduduk"])
    sheet.append(["Kabupaten/Kota", 2025, 2026])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content, header_row",
    [
        ("header_only.csv", "Kabupaten/Kota,2025,2026\n", 1),
        ("header_and_layout_only.csv", "Tabel T\nKabupaten/Kota,2025,2026\n(1),(2),(3)\nSumber: BPS\n", 2),
        ("header_only.xlsx", _header_only_xlsx(), 2),
    ],
)
def test_header_only_file_is_rejected_naming_the_header_row(drop_file, raw_zone, name, content, header_row):
    drop_file(name, content)
    entry, records, quarantine = ingest(raw_zone, name)
    assert_rejected(entry, quarantine, name, "header only", f"row {header_row}")
    assert f"{name}, row {header_row}: " in entry["error"]
    assert quarantine[0]["source_row"] == header_row


# --- encodings --------------------------------------------------------------------------------

#: Tabel 1.1 style: semicolons, decimal commas, "Kabupaten"/"Kota" sections (the second "Kupang"
#: is Kota Kupang), non-ASCII text in the title and the footnote.
ENCODED_TABLE = (
    "Tabel 1.1 Jumlah Penduduk (données révisées)\r\n"
    "Kabupaten/Kota;2024;2025\r\n"
    "Kabupaten;;\r\n"
    "1. Sumba Barat;155,01;157,60\r\n"
    "2. Kupang;380,21;383,39\r\n"
    "Kota;;\r\n"
    "1. Kupang;474,80;482,73\r\n"
    "Nusa Tenggara Timur;5.656,04;5.742,56\r\n"
    "Sumber: BPS Provinsi NTT, Proyeksi Penduduk (révisé)\r\n"
)
ENCODED_VALUES = {
    ("53.12", 2024): 155.01,
    ("53.12", 2025): 157.60,
    ("53.01", 2024): 380.21,
    ("53.01", 2025): 383.39,
    ("53.71", 2024): 474.80,
    ("53.71", 2025): 482.73,
    ("53", 2024): 5656.04,
    ("53", 2025): 5742.56,
}
RIBU = {"document": "Dokumen uji", "table": "Tabel 1.1", "unit": "ribu jiwa", "figure_kind": "estimate"}


@pytest.mark.parametrize(
    "encoding, expected_encoding",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),  # UTF-8 with BOM (what Excel writes)
        ("latin-1", None),  # no BOM, not UTF-8: charset detection; é is 0xE9
        ("utf-16", "utf-16"),  # with BOM
        ("utf-16-le", "utf-16-le"),  # without BOM
    ],
)
def test_same_table_in_any_encoding_loads_identical_values(drop_file, raw_zone, encoding, expected_encoding):
    path = drop_file("penduduk.csv", ENCODED_TABLE, sidecar=RIBU, encoding=encoding)
    if encoding == "latin-1":
        assert b"donn\xe9es" in path.read_bytes()  # really not UTF-8

    entry, records, quarantine = ingest(raw_zone, "penduduk.csv")

    assert entry["status"] == "loaded" and entry["error"] is None
    assert quarantine == []
    assert values_of(records) == pytest.approx(ENCODED_VALUES)
    assert entry["layout_rows"] == 3  # Kabupaten, Kota, Sumber
    if expected_encoding:
        assert entry["encoding"] == expected_encoding
    else:
        assert not entry["encoding"].lower().replace("_", "-").startswith(("utf", "ascii"))
    # the non-ASCII text is decoded, not mangled
    table = read_csv_table(path, _is_header)
    assert table.rows[-1][1][0] == "Sumber: BPS Provinsi NTT, Proyeksi Penduduk (révisé)"


# --- delimiters -------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", ["\t", "|", ","])
def test_tab_pipe_and_comma_separated_files_load(drop_file, raw_zone, delimiter):
    # decimal commas and a title row: the cases csv.Sniffer alone gets wrong
    # a cell holding the delimiter is quoted, as any CSV writer does (the comma file's numbers)
    text = "".join(
        delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in line.split(";")) + "\n"
        for line in ENCODED_TABLE.splitlines()
    )
    drop_file("penduduk.csv", text, sidecar=RIBU)
    entry, records, quarantine = ingest(raw_zone, "penduduk.csv")
    assert entry["status"] == "loaded", entry["error"]
    assert quarantine == []
    assert values_of(records) == pytest.approx(ENCODED_VALUES)


def test_file_whose_delimiter_splits_nothing_is_rejected(drop_file, raw_zone):
    drop_file("colon.csv", "Kabupaten/Kota:2025:2026\nSumba Barat:157.595:160.172\nBelu:240.392:245.054\n")
    entry, records, quarantine = ingest(raw_zone, "colon.csv")
    assert_rejected(entry, quarantine, "colon.csv", "only one column found", "delimiter not recognised")
    assert records == []


# --- truncated XLSX, malformed JSON -----------------------------------------------------------


def test_truncated_xlsx_is_rejected(drop_file, raw_zone):
    data = SAMPLE_XLSX.read_bytes()
    drop_file("proyeksi.xlsx", data[: len(data) // 2])
    entry, records, quarantine = ingest(raw_zone, "proyeksi.xlsx")
    assert_rejected(entry, quarantine, "proyeksi.xlsx", "not a readable XLSX workbook", "truncated or corrupt")
    assert records == []


def test_malformed_json_is_rejected_naming_the_line(drop_file, raw_zone):
    data = (WEBAPI_FIXTURES / "malformed.json").read_bytes()  # a WebAPI payload cut off mid-transfer
    try:
        json.loads(data)
    except json.JSONDecodeError as exc:
        line = exc.lineno
    else:  # pragma: no cover
        pytest.fail("fixture malformed.json is valid JSON")
    drop_file("webapi_5300.json", data, sidecar=None)  # a WebAPI payload needs no sidecar
    entry, records, quarantine = ingest(raw_zone, "webapi_5300.json")
    assert_rejected(entry, quarantine, "webapi_5300.json", "malformed JSON", f"line {line}")
    assert entry["error"].startswith(f"webapi_5300.json, row {line}: ")
    assert quarantine[0]["source_row"] == line
    assert records == []


def test_json_payload_with_bad_cells_loads_the_good_ones(drop_file, raw_zone):
    payload = json.loads((WEBAPI_FIXTURES / "penduduk_proyeksi_5300.json").read_bytes())
    content = payload["datacontent"]
    assert len(content) == 115
    # Malaka (5321) becomes an unknown region 5399 "Atlantis": its 5 cells cannot be mapped
    for item in payload["vervar"]:
        if item["val"] == 5321:
            item["val"], item["label"] = 5399, "Atlantis"
    payload["datacontent"] = content = {
        ("5399" + key[4:] if key.startswith("5321") else key): value for key, value in content.items()
    }
    bad_number_key = "5301100101260"  # Sumba Barat 2026
    content[bad_number_key] = "12.3.4"
    stray_key = "5301100101990"  # a cell no listed vervar/tahun produces
    content[stray_key] = 1234
    drop_file("webapi_5300.json", json.dumps(payload, indent=1), sidecar=None)

    entry, records, quarantine = ingest(raw_zone, "webapi_5300.json")

    assert entry["status"] == "loaded"
    assert entry["records_read"] == 116
    assert entry["records_loaded"] == 115 - 5 - 1
    by_field = {q["source_field"]: q for q in quarantine}
    assert by_field[bad_number_key]["raw_value"] == "12.3.4"
    assert "unparseable number" in by_field[bad_number_key]["reason"]
    assert "12.3.4" in by_field[bad_number_key]["reason"]
    assert by_field[stray_key]["raw_value"] == "1234"
    assert "matches no listed" in by_field[stray_key]["reason"]
    unknown = [q for q in quarantine if q["source_field"] == "vervar"]
    assert len(unknown) == 5
    assert all(q["raw_value"] == "5399" and "unknown region" in q["reason"] for q in unknown)
    assert all(isinstance(q["source_row"], int) for q in unknown + [by_field[bad_number_key]])


# --- missing and extra columns ----------------------------------------------------------------


def test_file_without_year_column_is_rejected(drop_file, raw_zone):
    drop_file("no_years.csv", "Kabupaten/Kota,Jumlah Penduduk\nSumba Barat,157.595\nBelu,240.392\n")
    entry, records, quarantine = ingest(raw_zone, "no_years.csv")
    assert_rejected(entry, quarantine, "no_years.csv", "no header row found", "year columns")
    assert records == []


def test_row_missing_a_cell_quarantines_that_cell_only(drop_file, raw_zone):
    drop_file("short_row.csv", GOOD_CSV + "Ende,284.165\n")  # row 5 lacks its 2026 cell
    entry, records, quarantine = ingest(raw_zone, "short_row.csv")
    assert entry["status"] == "loaded"
    assert values_of(records) == {**GOOD_VALUES, ("53.08", 2025): 284165}
    assert [(q["source_row"], q["source_field"], q["raw_value"]) for q in quarantine] == [(5, "2026", None)]
    assert "no value published" in quarantine[0]["reason"]


def test_extra_column_is_ignored_with_a_warning(drop_file, raw_zone):
    drop_file(
        "extra.csv",
        ("Kabupaten/Kota,2025,2026,Keterangan\nSumba Barat,157.595,160.172,angka sementara\nBelu,240.392,245.054,\n"),
    )
    entry, records, quarantine = ingest(raw_zone, "extra.csv")
    assert entry["status"] == "loaded" and entry["error"] is None
    assert values_of(records) == GOOD_VALUES
    assert quarantine == []
    assert entry["warnings"] == ["extra.csv: column 'Keterangan' is not a year column, ignored"]


# --- regions and numbers ----------------------------------------------------------------------


def test_unknown_and_ambiguous_regions_are_quarantined_with_reasons(drop_file, raw_zone):
    drop_file("regions.csv", GOOD_CSV + "Atlantis,1.000,2.000\nKupang,383.387,386.353\n")
    entry, records, quarantine = ingest(raw_zone, "regions.csv")

    assert entry["status"] == "loaded"
    assert values_of(records) == GOOD_VALUES
    assert entry["records_read"] == 8 and entry["records_quarantined"] == 4
    rows = [(q["source_row"], q["source_field"], q["raw_value"]) for q in quarantine]
    assert rows == [(5, "Kabupaten/Kota", "Atlantis")] * 2 + [(6, "Kabupaten/Kota", "Kupang")] * 2
    atlantis, kupang = quarantine[0], quarantine[2]
    assert "unknown region 'Atlantis'" in atlantis["reason"]
    assert "ambiguous region 'Kupang'" in kupang["reason"]
    assert "Kabupaten Kupang (53.01)" in kupang["reason"] and "Kota Kupang (53.71)" in kupang["reason"]
    # each quarantined cell says which year's value it holds back
    assert {q["reason"].rsplit("(its ", 1)[-1] for q in quarantine[:2]} == {
        "2025 value is not loaded)",
        "2026 value is not loaded)",
    }


def test_malformed_number_is_quarantined_with_row_field_and_value(drop_file, raw_zone):
    # row 5 is Alor; its 2026 cell is "12.3.4" (bad digit grouping), its 2025 cell is fine
    drop_file("numbers.csv", GOOD_CSV + "Alor,228.504,12.3.4\n")
    entry, records, quarantine = ingest(raw_zone, "numbers.csv")

    assert entry["status"] == "loaded"
    assert values_of(records) == {**GOOD_VALUES, ("53.05", 2025): 228504}
    assert len(quarantine) == 1
    bad = quarantine[0]
    assert (bad["source_file"], bad["source_row"], bad["source_field"], bad["raw_value"]) == (
        "numbers.csv",
        5,
        "2026",
        "12.3.4",
    )
    assert bad["reason"].startswith("unparseable number") and "'12.3.4'" in bad["reason"]
    assert entry["records_read"] == 6 == entry["records_loaded"] + entry["records_quarantined"]


def test_loaded_values_are_exact(drop_file, raw_zone):
    drop_file("exact.csv", GOOD_CSV)
    _, records, _ = ingest(raw_zone, "exact.csv")
    assert {r["value_text"] for r in records} == {"157.595", "160.172", "240.392", "245.054"}
    assert sorted(Decimal(str(r["value"])) for r in records) == sorted(Decimal(v) for v in GOOD_VALUES.values())


# --- the provenance sidecar -------------------------------------------------------------------


def test_missing_sidecar_is_rejected_naming_the_sidecar(drop_file, raw_zone):
    drop_file("no_meta.csv", GOOD_CSV, sidecar=None)
    entry, records, quarantine = ingest(raw_zone, "no_meta.csv")
    assert_rejected(entry, quarantine, "no_meta.csv", "no_meta.csv.meta.json", "missing")
    assert records == []


def test_malformed_sidecar_is_rejected_naming_the_sidecar(drop_file, raw_zone):
    drop_file("bad_meta.csv", GOOD_CSV, sidecar='{"document": "Dokumen uji", "table": ')
    entry, records, quarantine = ingest(raw_zone, "bad_meta.csv")
    assert entry["status"] == "rejected"
    assert entry["error"].startswith("bad_meta.csv.meta.json: provenance sidecar is not valid JSON")
    assert records == [] and len(quarantine) == 1


def test_sidecar_with_unknown_unit_is_rejected_naming_the_field(drop_file, raw_zone):
    drop_file("bad_unit.csv", GOOD_CSV, sidecar={**RIBU, "unit": "kilogram"})
    entry, records, quarantine = ingest(raw_zone, "bad_unit.csv")
    assert_rejected(entry, quarantine, "bad_unit.csv", "'kilogram'")
    assert quarantine[0]["source_field"] == "unit"


# --- one run, many bad files ------------------------------------------------------------------


def test_bad_files_do_not_stop_the_run(drop_file, raw_zone):
    """Every bad file lands next to a good one: the run finishes, registers every file, loads the
    good file in full and the good rows of the partly bad ones."""
    data = SAMPLE_XLSX.read_bytes()
    drop_file("a_good.csv", GOOD_CSV)
    drop_file("b_empty.csv", b"")
    drop_file("c_truncated.xlsx", data[: len(data) // 2])
    drop_file("d_malformed.json", (WEBAPI_FIXTURES / "malformed.json").read_bytes(), sidecar=None)
    drop_file("e_no_meta.csv", GOOD_CSV.replace("Belu", "Alor"), sidecar=None)
    drop_file("f_partly_bad.csv", GOOD_CSV.replace("Belu", "Atlantis").replace("160.172", "12.3.4"))
    drop_file("g_latin1.csv", ENCODED_TABLE, sidecar=RIBU, encoding="latin-1")

    report = pipeline.ingest_source("bps_population")

    assert report.files_seen == 7
    assert (report.files_loaded, report.files_rejected) == (3, 4)
    assert report.records_read == report.records_loaded + report.records_quarantined
    entries = {e["source_file"]: e for e in raw_zone.entries()}
    assert len(entries) == 7
    for entry in entries.values():
        assert entry["records_read"] == entry["records_loaded"] + entry["records_quarantined"]
        if entry["status"] == "rejected":
            assert entry["error"].startswith(entry["source_file"])
    assert values_of(raw_zone.records(entries["a_good.csv"]["file_version_id"])) == GOOD_VALUES
    assert values_of(raw_zone.records(entries["f_partly_bad.csv"]["file_version_id"])) == {("53.12", 2025): 157595}
    assert entries["f_partly_bad.csv"]["records_quarantined"] == 3
    assert values_of(raw_zone.records(entries["g_latin1.csv"]["file_version_id"])) == pytest.approx(ENCODED_VALUES)
    assert sum(e["records_loaded"] for e in entries.values()) == report.records_loaded == 4 + 1 + 8
