"""Broken deliveries through the ingest DAGs, as the main job runs them (issue 15).

tests/broken_deliveries.py makes at least one broken file per failure class for every source;
they are dropped next to the sample extracts and the main job runs once (every ingest DAG, transform,
publish, export, through Airflow). Then, per file: nothing crashed, rows
read = loaded + quarantined, every rejection and quarantined row names the file, row and field,
values are what the file means, and the warehouse still built and published. The privacy
searches over the same run (no identifier anywhere outside the landing zone) are in
tests/test_privacy_canary.py. A second, direct test re-delivers every sample extract under a new
name with a new sidecar and checks that every mart stays as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from broken_deliveries import Delivery, all_deliveries

pytestmark = pytest.mark.e2e

IDS = [f"{d.source or 'landing'}:{d.name}" for d in all_deliveries()]


def registry_entries(home: Path, source: str) -> list[dict]:
    folder = home / "raw" / "_registry" / source
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


def entry_of(home: Path, delivery: Delivery) -> dict:
    found = [e for e in registry_entries(home, delivery.source) if e["source_file"] == delivery.name]
    assert len(found) == 1, f"{delivery.name}: expected one registry entry, got {len(found)}"
    return found[0]


def parquet_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    relation = duckdb.sql(f"select * from read_parquet('{path}')")
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def same(actual: object, expected: object) -> bool:
    if isinstance(actual, (dt.date, dt.datetime)):
        return actual.isoformat()[: len(str(expected))] == str(expected)
    if isinstance(actual, (float, Decimal)) and isinstance(expected, (int, float)):
        return abs(float(actual) - float(expected)) < 1e-9
    return actual == expected


@pytest.fixture(scope="module")
def run(broken_delivery_run):
    return broken_delivery_run


def test_the_main_job_ran_every_dag_to_success(run):
    """No crash: every ingest DAG, the transform, publish and the Satu Data export succeeded with
    the broken files in the landing zone, and the BI snapshot and the export exist."""
    results = json.loads((run.home / "logs" / "main_job" / "dag_runs.json").read_text(encoding="utf-8"))
    states = {r["dag_id"]: r["state"] for r in results}
    assert states and set(states.values()) == {"success"}, states
    assert {"transform", "publish", "export_satu_data"} <= set(states)
    assert (run.home / "published" / "current" / "ntt_dw_marts.duckdb").exists()
    assert any((run.home / "exports" / "satu_data" / "latest").glob("*.csv"))


def test_catalogue_covers_every_class_for_every_source():
    deliveries = all_deliveries()
    assert len(deliveries) >= 30
    from ingestion.core.source_registry import load_registry

    assert {d.source for d in deliveries if d.source} == set(load_registry())
    assert {d.klass for d in deliveries} == {
        "isolation",
        "sidecar",
        "privacy",
        "numbers",
        "encoding",
        "headers",
        "accounting",
        "redelivery",
    }


@pytest.mark.parametrize("delivery", all_deliveries(), ids=IDS)
def test_each_broken_delivery(run, delivery):
    if delivery.expect == "unclaimed":
        summary = json.loads((run.home / "reports" / "run_summary.json").read_text(encoding="utf-8"))
        unclaimed = {
            "/".join(x for x in (u["folder"], u["file"]) if x): u["reason"]
            for u in summary["deliveries"]["unclaimed_files"]
        }
        key = f"{delivery.folder}/{delivery.name}"
        assert key in unclaimed, sorted(unclaimed)
        assert delivery.message in unclaimed[key]
        if delivery.source:  # also recorded in the registry by the ingestion run of its folder
            recorded = json.loads(
                (run.home / "raw" / "_registry" / "_landing" / f"{delivery.folder}.json").read_text(encoding="utf-8")
            )
            assert delivery.name in {r["file"] for r in recorded}
        return

    entry = entry_of(run.home, delivery)
    version = entry["file_version_id"]
    records = parquet_rows(run.home / "raw" / delivery.source / f"{version}.parquet")
    quarantine = parquet_rows(run.home / "raw" / "_quarantine" / delivery.source / f"{version}.parquet")
    # accounting: rows read = loaded + quarantined, in the registry and in the Parquet files
    assert entry["records_read"] == entry["records_loaded"] + entry["records_quarantined"]
    assert (len(records), len(quarantine)) == (entry["records_loaded"], entry["records_quarantined"])
    assert all(q["source_file"] == delivery.name for q in quarantine)
    assert entry["status"] == delivery.expect, (entry["status"], entry.get("error"), entry.get("warnings"))

    if delivery.expect == "rejected":
        assert entry["error"].startswith(delivery.name), entry["error"]  # names the file (or its sidecar)
        assert delivery.message in entry["error"], entry["error"]
        assert records == [] and len(quarantine) == 1
        assert quarantine[0]["reason"].startswith("file rejected: ")
        return

    if delivery.message:
        assert any(delivery.message in w for w in entry["warnings"]), entry["warnings"]
    # every quarantined row names its row and field
    assert all(q["source_row"] is not None and q["source_field"] for q in quarantine), quarantine
    if delivery.quarantined is not None:
        assert {(q["source_row"], q["source_field"]) for q in quarantine} == delivery.quarantined
    if delivery.loaded is not None:
        assert entry["records_loaded"] == delivery.loaded
    for expected in delivery.values:  # the values as the file means them
        assert any(all(same(r.get(k), v) for k, v in expected.items()) for r in records), (expected, records)


def test_rejected_files_are_reported_in_the_run_summary_and_an_alert(run):
    summary = json.loads((run.home / "reports" / "run_summary.json").read_text(encoding="utf-8"))
    rejected = {r["file"] for r in summary["deliveries"]["rejected_files"]}
    assert all(r["error"].startswith(r["file"]) for r in summary["deliveries"]["rejected_files"])
    expected = {d.name for d in all_deliveries() if d.expect == "rejected"}
    assert expected <= rejected, expected - rejected
    alerts = [json.loads(p.read_text(encoding="utf-8")) for p in (run.home / "alerts").glob("*.json")]
    alerted = " ".join(a["error"] for a in alerts if a["task_id"] == "report_rejected_files")
    assert all(name in alerted for name in expected), alerted


def test_a_second_ingestion_reads_nothing_again(run, monkeypatch):
    """The same unchanged files, ingested again: nothing is read, nothing is rejected again (so
    nothing alerts again), the registry is unchanged, and unclaimed files are no longer new."""
    from ingestion.core.pipeline import ingest_source
    from ingestion.core.source_registry import load_registry

    monkeypatch.setenv("NTT_DW_HOME", str(run.home))
    before = {s: registry_entries(run.home, s) for s in load_registry()}
    for source in load_registry():
        report = ingest_source(source)
        assert (report.files_loaded, report.files_rejected, report.files_duplicate) == (0, 0, 0), report
        assert report.rejected_files == [] and not any(u["new"] for u in report.unclaimed_files)
    assert {s: registry_entries(run.home, s) for s in load_registry()} == before


def test_redelivered_samples_leave_every_mart_as_it_was(tmp_path, demo_fingerprint, monkeypatch):
    """Every sample extract delivered again under a new name with a new sidecar: the marts equal
    the demo's (no total doubled, no uniqueness test failing, no finding added)."""
    from dbt_helpers import build_warehouse
    from demo_run import PSEUDONYM_KEY

    def resend(landing: Path) -> None:
        for path in sorted(landing.rglob("*")):
            if path.is_file() and not path.name.endswith(".meta.json"):
                copy = path.with_name(f"{path.stem}_kirim_ulang{path.suffix}")
                shutil.copy2(path, copy)
                meta = path.with_name(path.name + ".meta.json")
                data = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
                data["delivery_note"] = "dikirim ulang dengan nama baru"
                copy.with_name(copy.name + ".meta.json").write_text(json.dumps(data), encoding="utf-8")

    monkeypatch.setenv("NTT_DW_PSEUDONYM_KEY", PSEUDONYM_KEY)
    home = tmp_path / "var"
    build = build_warehouse(home, edit=resend)
    assert build.returncode == 0, build.stdout[-3000:]
    from demo_run import warehouse_fingerprint

    fingerprint = warehouse_fingerprint(home / "warehouse" / "ntt_dw.duckdb")
    marts = {k: v for k, v in fingerprint.items() if k.startswith("marts.")}
    demo = {k: v for k, v in demo_fingerprint.items() if k.startswith("marts.")}
    differing = sorted(k for k in demo if marts.get(k) != demo[k])
    assert not differing, differing
    duplicates = [
        e
        for s in ("bps_population", "simfoni", "budget", "uptd_ppa")
        for e in registry_entries(home, s)
        if e["source_file"].endswith(("_kirim_ulang.csv", "_kirim_ulang.xlsx"))
    ]
    assert duplicates and {e["status"] for e in duplicates} == {"duplicate"}
