"""The file registry and idempotence: every file version registered with its checksum, size,
times and counts; an already loaded file skipped; a changed file under the same name loaded as a
new version; a crash before the registry commit repaired by the next run without duplicates; and
records_read == records_loaded + records_quarantined proven on a deliberately broken file.

Also: the source registry (ingestion/sources.yml) rejects malformed entries with a message naming
the source and the key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from ingestion.core import file_registry, pipeline, source_registry

REPO = Path(__file__).resolve().parents[1]
EXTRACTS = REPO / "seeds" / "extracts" / "bps"
CSV = "bps_penduduk_kabkota_2020_2025.csv"  # Tabel 1.1: 17 regions incl. province x 3 years
XLSX = "bps_proyeksi_penduduk_2025_2029.xlsx"  # Tabel 1.2: 23 rows x 5 years, "Kupang" twice


@pytest.fixture
def landing(ntt_home) -> Path:
    """The two sample extracts and their sidecars, delivered to landing/bps/."""
    folder = ntt_home / "landing" / "bps"
    folder.mkdir(parents=True)
    for path in EXTRACTS.iterdir():
        shutil.copy2(path, folder / path.name)
    return folder


def _assert_accounting(entry: dict, raw_zone) -> None:
    assert entry["records_read"] == entry["records_loaded"] + entry["records_quarantined"]
    assert len(raw_zone.records(entry["file_version_id"])) == entry["records_loaded"]
    assert len(raw_zone.quarantine(entry["file_version_id"])) == entry["records_quarantined"]


def test_sample_extracts_are_registered_with_checksum_size_times_and_counts(landing, raw_zone):
    report = pipeline.ingest_source("bps_population")

    assert (report.files_seen, report.files_loaded, report.files_rejected, report.files_skipped) == (2, 2, 0, 0)
    assert (report.records_read, report.records_loaded, report.records_quarantined) == (51 + 115, 51 + 105, 10)
    entries = raw_zone.entries()
    assert len(entries) == 2
    for entry in entries:
        path = landing / entry["source_file"]
        assert entry["source_name"] == "bps_population"
        assert entry["landing_path"] == str(path)
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entry["size_bytes"] == path.stat().st_size
        received = dt.datetime.fromisoformat(entry["received_at"])
        loaded = dt.datetime.fromisoformat(entry["loaded_at"])
        assert received.tzinfo is not None and loaded.tzinfo is not None
        assert received <= loaded
        assert entry["status"] == "loaded" and entry["error"] is None
        assert entry["provenance"]["table"].startswith(("Tabel 1.1", "Tabel 1.2"))
        assert entry["file_version_id"] in report.file_versions
        _assert_accounting(entry, raw_zone)

    csv_entry, xlsx_entry = raw_zone.entry(CSV), raw_zone.entry(XLSX)
    assert (csv_entry["records_read"], csv_entry["records_loaded"], csv_entry["records_quarantined"]) == (51, 51, 0)
    assert csv_entry["encoding"] == "utf-8-sig"
    csv_records = raw_zone.records(csv_entry["file_version_id"])
    assert len({r["region_kemendagri_code"] for r in csv_records}) == 17
    assert {r["year"] for r in csv_records} == {2020, 2024, 2025}
    codes_by_label = {r["region_label"]: r["region_kemendagri_code"] for r in csv_records}
    assert codes_by_label["3. Kupang"] == "53.01"  # under the "Kabupaten" heading
    assert codes_by_label["1. Kota Kupang"] == "53.71"

    assert (xlsx_entry["records_read"], xlsx_entry["records_loaded"], xlsx_entry["records_quarantined"]) == (
        115,
        105,
        10,
    )
    quarantine = raw_zone.quarantine(xlsx_entry["file_version_id"])
    # both bare "Kupang" rows (sheet rows 4 and 23), all five years each: ambiguous, never guessed
    assert sorted({(q["source_row"], q["source_field"], q["raw_value"]) for q in quarantine}) == [
        (4, "Kabupaten/Kota", "Kupang"),
        (23, "Kabupaten/Kota", "Kupang"),
    ]
    assert all(q["reason"].startswith("ambiguous region 'Kupang'") for q in quarantine)
    assert all(q["source_file"] == XLSX for q in quarantine)


def test_second_run_skips_files_already_loaded(landing, raw_zone):
    pipeline.ingest_source("bps_population")
    entries_before = raw_zone.entries()
    parquet_before = raw_zone.parquet_files()
    assert len(parquet_before) == 4  # records + quarantine per file version

    report = pipeline.ingest_source("bps_population")

    assert (report.files_seen, report.files_skipped, report.files_loaded) == (2, 2, 0)
    assert report.file_versions == [] and report.records_read == 0
    assert raw_zone.entries() == entries_before
    assert raw_zone.parquet_files() == parquet_before  # same files, not rewritten
    loaded = sum(len(raw_zone.records(e["file_version_id"])) for e in raw_zone.entries())
    assert loaded == 51 + 105


def test_an_unchanged_landing_file_is_not_hashed_again(landing, raw_zone, monkeypatch):
    """Each run's cost grows with new data, not the whole landing zone: a file with the name,
    size and time of a registered version (and the same sidecar) is skipped unread; touching it
    (a new time) makes it hashed again, and still skipped as the same content."""
    pipeline.ingest_source("bps_population")
    hashed = []
    real = file_registry.sha256_of
    monkeypatch.setattr(file_registry, "sha256_of", lambda path: hashed.append(Path(path).name) or real(path))

    report = pipeline.ingest_source("bps_population")
    assert (report.files_seen, report.files_skipped) == (2, 2)
    assert [name for name in hashed if not name.endswith(".meta.json")] == []

    os.utime(landing / CSV)  # same content, a new modification time
    report = pipeline.ingest_source("bps_population")
    assert (report.files_seen, report.files_skipped, report.files_loaded) == (2, 2, 0)
    assert [name for name in hashed if not name.endswith(".meta.json")] == [CSV]


def test_changed_file_under_the_same_name_is_a_new_version(landing, raw_zone):
    pipeline.ingest_source("bps_population")
    old = raw_zone.entry(CSV)
    path = landing / CSV
    text = path.read_text(encoding="utf-8-sig")
    assert text.count("1. Sumba Barat;145,10;") == 1
    path.write_text(text.replace("1. Sumba Barat;145,10;", "1. Sumba Barat;145,11;"), encoding="utf-8-sig")

    report = pipeline.ingest_source("bps_population")

    assert (report.files_seen, report.files_loaded, report.files_skipped) == (2, 1, 1)
    entries = raw_zone.entries()
    assert len(entries) == 3
    versions = [e for e in entries if e["source_file"] == CSV]
    assert len(versions) == 2
    new = next(e for e in versions if e["file_version_id"] != old["file_version_id"])
    assert old in entries  # the old version's entry is kept as it was
    assert new["sha256"] != old["sha256"] and new["records_loaded"] == 51
    old_values = {
        (r["region_kemendagri_code"], r["year"]): r["value"] for r in raw_zone.records(old["file_version_id"])
    }
    new_values = {
        (r["region_kemendagri_code"], r["year"]): r["value"] for r in raw_zone.records(new["file_version_id"])
    }
    assert old_values[("53.12", 2020)] == pytest.approx(145.10)  # old Parquet kept, unchanged
    assert new_values[("53.12", 2020)] == pytest.approx(145.11)
    assert {k: v for k, v in old_values.items() if k != ("53.12", 2020)} == {
        k: v for k, v in new_values.items() if k != ("53.12", 2020)
    }
    assert len(raw_zone.parquet_files()) == 6


def test_identical_content_under_a_new_name_is_skipped(landing, raw_zone):
    pipeline.ingest_source("bps_population")
    shutil.copy2(landing / CSV, landing / "penduduk_kirim_ulang.csv")
    shutil.copy2(landing / f"{CSV}.meta.json", landing / "penduduk_kirim_ulang.csv.meta.json")
    parquet_before = raw_zone.parquet_files()

    report = pipeline.ingest_source("bps_population")

    assert (report.files_seen, report.files_skipped, report.files_loaded) == (3, 3, 0)
    assert len(raw_zone.entries()) == 2
    assert raw_zone.parquet_files() == parquet_before


#: Good rows mixed with bad ones: line -> what is wrong (title row 1, header row 2).
BROKEN_CSV = (
    "Tabel T Proyeksi Penduduk (jiwa)\n"  # 1 title (layout)
    "Kabupaten/Kota,2025,2026,2027\n"  # 2 header
    "Sumba Barat,157.595,160.172,162.732\n"  # 3 good
    "Atlantis,1.000,2.000,3.000\n"  # 4 unknown region: 3 cells quarantined
    "Belu,240.392,12.3.4,249.668\n"  # 5 2026 bad digit grouping
    "Kupang,383.387,386.353,389.124\n"  # 6 ambiguous region: 3 cells quarantined
    "Alor,228.504,abc,\n"  # 7 2026 not a number, 2027 empty
    "Ende,(284.165),286.911,289.646\n"  # 8 good ("(x)" is a negative, still a number)
    "Kota,,,\n"  # 9 section heading (layout)
    "Kupang,482.734,490.393,497.786\n"  # 10 good: Kota Kupang under "Kota"
    "Sumber: BPS\n"  # 11 footnote (layout)
)


def test_broken_file_rows_read_equal_loaded_plus_quarantined(drop_file, raw_zone):
    drop_file("rusak.csv", BROKEN_CSV)

    report = pipeline.ingest_source("bps_population")

    entry = raw_zone.entry("rusak.csv")
    assert entry["status"] == "loaded"
    # 7 region rows x 3 years; layout rows (title is above the header) are not records
    assert entry["records_read"] == 21
    assert entry["records_quarantined"] == 3 + 1 + 3 + 2
    assert entry["records_loaded"] == 12
    assert entry["records_read"] == entry["records_loaded"] + entry["records_quarantined"]
    assert entry["layout_rows"] == 2
    assert (report.records_read, report.records_loaded, report.records_quarantined) == (21, 12, 9)
    _assert_accounting(entry, raw_zone)

    loaded = raw_zone.records(entry["file_version_id"])
    assert {(r["source_row"], r["source_field"]) for r in loaded} == {
        (3, "2025"),
        (3, "2026"),
        (3, "2027"),
        (5, "2025"),
        (5, "2027"),
        (7, "2025"),
        (8, "2025"),
        (8, "2026"),
        (8, "2027"),
        (10, "2025"),
        (10, "2026"),
        (10, "2027"),
    }
    assert {r["region_kemendagri_code"] for r in loaded if r["source_row"] == 10} == {"53.71"}

    quarantine = raw_zone.quarantine(entry["file_version_id"])
    for row in quarantine:  # file, row, field, raw value and reason for every bad record
        assert row["source_file"] == "rusak.csv"
        assert row["file_version_id"] == entry["file_version_id"]
        assert row["source_name"] == "bps_population"
        assert row["source_row"] is not None and row["source_field"] and row["reason"]
        assert row["raw_value"] is not None
        assert row["quarantined_at"] is not None
    found = {(q["source_row"], q["source_field"], q["raw_value"]): q["reason"] for q in quarantine}
    assert set(found) == {
        (4, "Kabupaten/Kota", "Atlantis"),
        (6, "Kabupaten/Kota", "Kupang"),
        (5, "2026", "12.3.4"),
        (7, "2026", "abc"),
        (7, "2027", ""),
    }
    assert sum(1 for q in quarantine if q["source_row"] in (4, 6)) == 6  # one per year, each kept
    assert found[(5, "2026", "12.3.4")].startswith("unparseable number")
    assert found[(7, "2026", "abc")].startswith("unparseable number")
    assert found[(7, "2027", "")] == "no value published for this region and year"
    assert found[(4, "Kabupaten/Kota", "Atlantis")].startswith("unknown region 'Atlantis'")
    assert found[(6, "Kabupaten/Kota", "Kupang")].startswith("ambiguous region 'Kupang'")


def test_crash_before_registry_commit_is_repaired_without_duplicates(landing, raw_zone, monkeypatch):
    real_commit = file_registry.commit
    calls = []

    def commit_crashing_once(version):
        calls.append(version.source_file)
        if len(calls) == 1:
            raise RuntimeError("worker killed between Parquet write and registry commit")
        return real_commit(version)

    monkeypatch.setattr(file_registry, "commit", commit_crashing_once)

    with pytest.raises(RuntimeError, match="worker killed"):
        pipeline.ingest_source("bps_population")
    assert raw_zone.entries() == []  # no commit, no entry: the version does not exist yet
    written = raw_zone.parquet_files()
    assert len(written) == 2  # the first file's records and quarantine Parquet

    report = pipeline.ingest_source("bps_population")

    assert (report.files_seen, report.files_loaded, report.files_skipped) == (2, 2, 0)
    entries = raw_zone.entries()
    assert len(entries) == 2
    after = raw_zone.parquet_files()
    assert len(after) == 4  # the re-ingested file rewrote the same two paths
    assert set(written) <= set(after)
    assert not list((raw_zone.home / "raw").rglob("*.tmp"))
    for entry in entries:
        _assert_accounting(entry, raw_zone)
    assert sum(e["records_loaded"] for e in entries) == 51 + 105
    assert calls[:2] == [CSV, CSV]  # name order: the crashed file was the first retried


def test_file_version_id_is_deterministic(landing, ntt_home):
    path = landing / CSV
    first, second = file_registry.new_version("bps_population", path), file_registry.new_version("bps_population", path)
    assert first.file_version_id == second.file_version_id
    assert file_registry.new_version("other_source", path).file_version_id != first.file_version_id


# --- the source registry ----------------------------------------------------------------------

VALID_ENTRY = """\
    agency: bps
    description: test source
    landing_folder: test
    file_patterns: ["*.csv"]
    reader: ingestion.bps.population
    raw_table: test_table
    schedule: "@daily"
    freshness: {warn_after_hours: 1, error_after_hours: 2}
    unique_key: [id]
    columns: {id: VARCHAR, value: DOUBLE}
"""


def _write_registry(tmp_path: Path, entry: str | None, name: str = "broken_source") -> Path:
    body = "" if entry is None else textwrap.indent(entry, "    ")
    path = tmp_path / "sources.yml"
    path.write_text(f"defaults:\n  owner: data-engineering\nsources:\n  {name}:\n{body}", encoding="utf-8")
    return path


def test_valid_registry_entry_parses(tmp_path):
    spec = source_registry._parse(_write_registry(tmp_path, textwrap.dedent(VALID_ENTRY)))["broken_source"]
    assert spec.raw_table == "test_table" and spec.freshness.error_after_hours == 2
    assert spec.dag_id == "ingest_broken_source"


@pytest.mark.parametrize("drop_key", ["raw_table", "reader", "columns", "freshness"])
def test_registry_entry_missing_a_key_is_rejected_naming_source_and_key(tmp_path, drop_key):
    entry = "".join(
        line + "\n" for line in textwrap.dedent(VALID_ENTRY).splitlines() if not line.startswith(f"{drop_key}:")
    )
    with pytest.raises(source_registry.RegistryError) as excinfo:
        source_registry._parse(_write_registry(tmp_path, entry))
    message = str(excinfo.value)
    assert "'broken_source'" in message and drop_key in message and "sources.yml" in message


def test_registry_unique_key_naming_unknown_column_is_rejected(tmp_path):
    entry = textwrap.dedent(VALID_ENTRY).replace("unique_key: [id]", "unique_key: [id, nope]")
    with pytest.raises(source_registry.RegistryError, match=r"'broken_source'.*unique_key.*nope"):
        source_registry._parse(_write_registry(tmp_path, entry))


def test_registry_freshness_missing_a_key_is_rejected_naming_source_and_key(tmp_path):
    entry = textwrap.dedent(VALID_ENTRY).replace(", error_after_hours: 2", "")
    with pytest.raises(source_registry.RegistryError, match=r"'broken_source'.*error_after_hours"):
        source_registry._parse(_write_registry(tmp_path, entry))


def test_registry_source_without_keys_is_rejected_naming_source(tmp_path):
    with pytest.raises(source_registry.RegistryError, match=r"'broken_source'"):
        source_registry._parse(_write_registry(tmp_path, None))


def test_project_registry_is_valid():
    registry = source_registry.load_registry()
    spec = registry["bps_population"]
    assert spec.landing_folder == "bps" and spec.reader == "ingestion.bps.population"
    assert set(spec.unique_key) <= set(spec.columns)


def test_file_rejected_for_a_missing_sidecar_is_read_again_when_the_sidecar_arrives(drop_file, raw_zone, ntt_home):
    import json

    from ingestion.core.pipeline import ingest_source

    body = "Kabupaten/Kota;2025;2026\nSikka;345.319;350.343\n"
    path = drop_file("late_sidecar.csv", body, sidecar=None)
    first = ingest_source("bps_population")
    assert first.files_rejected == 1 and first.records_loaded == 0
    # the sidecar arrives later: same file bytes, new delivery
    path.with_name(path.name + ".meta.json").write_text(
        json.dumps({"document": "Dokumen uji", "table": "Tabel uji", "unit": "jiwa", "figure_kind": "projection"}),
        encoding="utf-8",
    )
    second = ingest_source("bps_population")
    assert second.files_loaded == 1 and second.records_loaded == 2
    # and a third run has nothing new
    assert ingest_source("bps_population").files_skipped == 1
