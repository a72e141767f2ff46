"""Backfill by period: ingest_source(period=...) re-reads exactly the files delivered in the period,
rewriting the same rows (no duplicate), and keeps each version's first load time, which orders
the versions of a file name. (The Airflow side, `airflow backfill create` on the production
topology, is tested in tests/test_prod_pipeline.py.)"""

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import duckdb

from ingestion.core.pipeline import ingest_source

REPO = Path(__file__).resolve().parents[1]
UTC = dt.UTC
#: each sample budget file delivered in its own month of 2025
DELIVERED = {
    "anggaran_teks_2023.csv": dt.datetime(2025, 2, 10, tzinfo=UTC),
    "pergeseran_pdpa_2023.csv": dt.datetime(2025, 3, 3, tzinfo=UTC),
    "realisasi_apbd_2023_tabel6.csv": dt.datetime(2025, 3, 28, tzinfo=UTC),
    "realisasi_dak_nf_2023_tabel7.csv": dt.datetime(2025, 4, 10, tzinfo=UTC),
    "realisasi_dak_nf_2023_tabel8.csv": dt.datetime(2025, 5, 10, tzinfo=UTC),
}
MARCH = (dt.datetime(2025, 3, 1, tzinfo=UTC), dt.datetime(2025, 4, 1, tzinfo=UTC))


def deliver_budget_files(home: Path) -> None:
    landing = home / "landing" / "budget"
    landing.mkdir(parents=True, exist_ok=True)
    for name, delivered in DELIVERED.items():
        for path in (
            REPO / "seeds" / "extracts" / "budget" / name,
            REPO / "seeds" / "extracts" / "budget" / f"{name}.meta.json",
        ):
            shutil.copy(path, landing / path.name)
            os.utime(landing / path.name, (delivered.timestamp(), delivered.timestamp()))


def registry(home: Path) -> dict[str, dict]:
    return {
        entry["source_file"]: entry
        for entry in (json.loads(p.read_text()) for p in (home / "raw" / "_registry" / "budget").glob("*.json"))
    }


def raw_rows(home: Path) -> list[tuple]:
    return duckdb.sql(f"""select file_version_id, count(*) from read_parquet('{home}/raw/budget/*.parquet')
                          group by all order by all""").fetchall()


def test_backfill_rereads_only_the_periods_files_without_duplicating(ntt_home):
    deliver_budget_files(ntt_home)
    first = ingest_source("budget")
    assert first.files_loaded == 5 and first.files_reprocessed == 0
    before_registry, before_rows = registry(ntt_home), raw_rows(ntt_home)
    files_before = sorted(p.name for p in (ntt_home / "raw").rglob("*.parquet"))

    backfill = ingest_source("budget", period=MARCH)

    assert backfill.files_seen == 2 and backfill.files_reprocessed == 2 and backfill.files_skipped == 0
    march_files = {"pergeseran_pdpa_2023.csv", "realisasi_apbd_2023_tabel6.csv"}
    assert backfill.records_loaded == sum(before_registry[name]["records_loaded"] for name in march_files)
    after = registry(ntt_home)
    assert {name for name, entry in after.items() if entry.get("reprocessed_at")} == march_files
    # same version ids and first load times; nothing added to the raw zone
    assert {n: e["loaded_at"] for n, e in after.items()} == {n: e["loaded_at"] for n, e in before_registry.items()}
    assert raw_rows(ntt_home) == before_rows
    assert sorted(p.name for p in (ntt_home / "raw").rglob("*.parquet")) == files_before


def test_a_normal_run_after_the_backfill_skips_everything(ntt_home):
    deliver_budget_files(ntt_home)
    ingest_source("budget")
    ingest_source("budget", period=MARCH)
    again = ingest_source("budget")
    assert again.files_seen == 5 and again.files_skipped == 5 and again.file_versions == []


def test_a_backfill_over_a_period_without_deliveries_reads_nothing(ntt_home):
    deliver_budget_files(ntt_home)
    ingest_source("budget")
    empty = ingest_source("budget", period=(dt.datetime(2024, 1, 1, tzinfo=UTC), dt.datetime(2024, 2, 1, tzinfo=UTC)))
    assert empty.files_seen == 0 and empty.file_versions == []


def test_a_file_first_seen_by_a_backfill_is_loaded_as_new(ntt_home):
    deliver_budget_files(ntt_home)
    report = ingest_source("budget", period=MARCH)
    assert report.files_loaded == 2 and report.files_reprocessed == 0
    assert all(entry.get("reprocessed_at") is None for entry in registry(ntt_home).values())
