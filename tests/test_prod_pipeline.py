"""The production topology, proven: the whole pipeline through Assets on CeleryExecutor with
PostgreSQL and Redis (ntt_dw/prod_local.py: scheduler, dag-processor, triggerer, api-server, two
Celery workers), under the faults an operator meets. Only the scheduler runs DAGs here (unpaused
schedules, Assets, `airflow backfill create`, one `airflow dags trigger`): never `dags test`.

One topology serves the whole module, in phases (the tests run in file order):
1. with the transform paused: kill -9 the Celery worker running the SIMFONI ingestion after its
   first file is written, and backfill one month of budget deliveries;
2. the whole pipeline: every source, the transform (its scheduler stopped and restarted in the
   middle), publish and the Satu Data export, all through Assets; the warehouse must equal the
   demo's (`make run`), which also shows that the kill and the backfill duplicated or lost nothing;
3. a transform whose model is made to break: the published snapshot stays as it was and an
   alert is sent;
4. stop: no process left, metadata database dropped.

Skipped, saying why, only when PostgreSQL or Redis cannot be reached (CI has both).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from demo_run import PSEUDONYM_KEY, warehouse_fingerprint
from prod_topology import REPO, Topology, needs_services, wait_for

# the pipeline phase waits up to 1500 s for the whole chain (its own limit, in the fixture); the
# suite's 900 s per test would cut it short on a loaded machine (692 s seen with two other jobs on the cores)
pytestmark = [pytest.mark.topology, needs_services, pytest.mark.timeout(1800)]

UTC = dt.UTC
INGEST_DAGS = [
    "ingest_bps_population",
    "ingest_uptd_ppa",
    "ingest_simfoni",
    "ingest_budget",
    "ingest_bps_indicators",
    "ingest_dinkes_indicators",
    "ingest_dukcapil_indicators",
    "ingest_bkkbn_indicators",
    "ingest_dp3a_indicators",
]
#: budget deliveries spread over 2025; the backfill over March must re-read exactly the two of
#: ingest_budget's interval [2025-03-10 04:00, 2025-04-10 04:00) (schedule "0 4 10 * *")
BUDGET_DELIVERED = {
    "anggaran_teks_2023.csv": dt.datetime(2025, 1, 20, tzinfo=UTC),
    "pergeseran_pdpa_2023.csv": dt.datetime(2025, 3, 20, tzinfo=UTC),
    "realisasi_apbd_2023_tabel6.csv": dt.datetime(2025, 4, 2, tzinfo=UTC),
    "realisasi_dak_nf_2023_tabel7.csv": dt.datetime(2025, 2, 15, tzinfo=UTC),
    "realisasi_dak_nf_2023_tabel8.csv": dt.datetime(2025, 5, 12, tzinfo=UTC),
}
BACKFILLED = {"pergeseran_pdpa_2023.csv", "realisasi_apbd_2023_tabel6.csv"}
BROKEN_MODEL = Path("models") / "staging" / "ingestion" / "stg_ingestion__file_versions.sql"


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    root = tmp_path_factory.mktemp("prod")
    project = root / "dbt_project"  # a copy: phase 3 breaks one of its models
    shutil.copytree(REPO / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs"))
    started = time.monotonic()
    topology = Topology(
        root / "var",
        NTT_DW_PSEUDONYM_KEY=PSEUDONYM_KEY,
        NTT_DW_DBT_PROJECT_DIR=str(project),
        NTT_DW_TASK_RETRIES="2",
        NTT_DW_TASK_RETRY_DELAY_SECONDS="2",
        # a killed worker's task is declared lost after 30 s without heartbeat (production: 5 min)
        AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT="30",
        AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL="5",
    )
    topology.project = project
    topology.timings = {}
    topology.start()
    topology.timings["start"] = time.monotonic() - started
    try:
        yield topology
    finally:
        if (topology.home / "prod" / "pids.json").exists():
            topology.stop()
        print("prod topology timings (s):", json.dumps({k: round(v, 1) for k, v in topology.timings.items()}))


# ------------------------------------------------------------------ helpers


def deliver(topology: Topology, folder: str) -> None:
    topology.drop_samples([folder])
    if folder == "budget":
        for name, delivered in BUDGET_DELIVERED.items():
            for path in (topology.home / "landing" / "budget").glob(f"{name}*"):
                os.utime(path, (delivered.timestamp(), delivered.timestamp()))


def reference_raw_zone(tmp_path: Path, folder: str, source: str) -> dict:
    """What ingesting the same files once, directly, writes: the expected raw zone of a source."""
    home = tmp_path / f"reference_{source}"
    shutil.copytree(REPO / "seeds" / "extracts" / folder, home / "landing" / folder)
    code = "import sys; from ingestion.core.pipeline import ingest_source; ingest_source(sys.argv[1])"
    env = dict(os.environ, NTT_DW_HOME=str(home), NTT_DW_PSEUDONYM_KEY=PSEUDONYM_KEY)
    subprocess.run([sys.executable, "-c", code, source], env=env, check=True, timeout=300)
    return raw_zone(home, source)


def raw_zone(home: Path, source: str) -> dict:
    """Per Parquet file of the source (records and quarantine): rows and a content hash without
    load times; plus the registered version ids."""
    files = {}
    for kind, folder in (("records", home / "raw" / source), ("quarantine", home / "raw" / "_quarantine" / source)):
        for path in sorted(folder.glob("*.parquet")):
            columns = [
                c
                for c in duckdb.sql(f"describe select * from read_parquet('{path}')").fetchall()
                if c[0] not in ("ingested_at", "quarantined_at")
            ]
            select = ", ".join(f'"{c[0]}"' for c in columns)
            files[f"{kind}/{path.name}"] = duckdb.sql(
                f"select count(*), coalesce(sum(hash(row({select}))), 0)::varchar from read_parquet('{path}')"
            ).fetchall()[0]
    registered = sorted(p.stem for p in (home / "raw" / "_registry" / source).glob("*.json"))
    return {"files": files, "registered": registered}


def finished(topology: Topology, dag_id: str) -> bool:
    runs = topology.runs(dag_id)
    return bool(runs) and all(state in ("success", "failed") for _, _, state in runs)


# ------------------------------------------------------------------ phase 1: faults on ingestion


def test_a_worker_killed_mid_ingestion_leaves_no_duplicate_and_no_missing_row(topology, tmp_path):
    deliver(topology, "simfoni")
    topology.unpause("ingest_simfoni")
    started = time.monotonic()
    running = wait_for(
        lambda: topology.sql(
            "select id::text from task_instance where dag_id = 'ingest_simfoni' and task_id = 'ingest_new_files' "
            "and state = 'running'"
        ),
        240,
        "ingest_simfoni's ingest_new_files to run",
        interval=0.2,
    )
    ti_id = running[0][0]
    victim = wait_for(lambda: topology.component_running(ti_id), 30, "the worker supervising the task", interval=0.05)
    # kill once the task has written its first file (a crash in the middle of a delivery), or
    # after 1 s, whichever comes first: the 8 small files take only a few seconds
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline and not any((topology.home / "raw").rglob("*.parquet")):
        time.sleep(0.02)
    assert victim.startswith("worker-"), victim
    topology.kill(victim)
    written_before_kill = len(list((topology.home / "raw").rglob("*.parquet")))
    print(f"killed {victim} running ingest_simfoni after it had written {written_before_kill} Parquet file(s)")
    survivor = "worker-2" if victim == "worker-1" else "worker-1"

    wait_for(lambda: finished(topology, "ingest_simfoni"), 300, "ingest_simfoni to finish after the kill")
    topology.timings["kill_and_retry"] = time.monotonic() - started
    topology.start_component(victim)  # back to two workers for the next phases
    assert [state for *_, state in topology.runs("ingest_simfoni")] == ["success"]
    tries = topology.task_tries("ingest_simfoni", "ingest_new_files")
    assert [t[1] for t in tries] == [1, 2] and tries[-1][2] == "success", tries
    assert "task_id=ingest_new_files/attempt=2" in topology.log_tail(survivor, 10**7)
    assert "task_id=ingest_new_files/attempt=2" not in topology.log_tail(victim, 10**7)
    assert raw_zone(topology.home, "simfoni") == reference_raw_zone(tmp_path, "simfoni", "simfoni")


def test_a_backfill_rereads_only_its_periods_files(topology):
    deliver(topology, "budget")
    topology.unpause("ingest_budget")
    wait_for(lambda: finished(topology, "ingest_budget"), 300, "ingest_budget's scheduled run")
    before = {
        json.loads(p.read_text())["source_file"]: json.loads(p.read_text())
        for p in (topology.home / "raw" / "_registry" / "budget").glob("*.json")
    }
    raw_before = raw_zone(topology.home, "budget")
    started = time.monotonic()
    topology.airflow(
        "backfill",
        "create",
        "--dag-id",
        "ingest_budget",
        "--from-date",
        "2025-03-01T00:00:00+00:00",
        "--to-date",
        "2025-03-31T00:00:00+00:00",
    )
    wait_for(
        lambda: (
            any(run_type == "backfill" for _, run_type, _ in topology.runs("ingest_budget"))
            and finished(topology, "ingest_budget")
        ),
        300,
        "the backfill run",
    )
    topology.timings["backfill"] = time.monotonic() - started
    backfills = [
        (run_id, state) for run_id, run_type, state in topology.runs("ingest_budget") if run_type == "backfill"
    ]
    assert [state for _, state in backfills] == ["success"], backfills  # one monthly interval
    after = {
        json.loads(p.read_text())["source_file"]: json.loads(p.read_text())
        for p in (topology.home / "raw" / "_registry" / "budget").glob("*.json")
    }
    assert {name for name, entry in after.items() if entry.get("reprocessed_at")} == BACKFILLED
    assert {n: e["loaded_at"] for n, e in after.items()} == {n: e["loaded_at"] for n, e in before.items()}
    assert raw_zone(topology.home, "budget") == raw_before  # the same rows, rewritten in place


# ------------------------------------------------------------------ phase 2: the whole pipeline


@pytest.fixture(scope="module")
def pipeline(topology):
    """Every source delivered; the scheduler runs sources -> transform -> publish -> export through
    Assets. The scheduler is stopped once the transform has built a few models, and restarted."""
    for folder in ("bps", "uptd_ppa", "bkkbn", "dinkes", "dp3a", "dukcapil"):
        deliver(topology, folder)
    started = time.monotonic()
    topology.unpause("transform", "publish", "export_satu_data")
    topology.unpause(*[d for d in INGEST_DAGS if d not in ("ingest_simfoni", "ingest_budget")])
    wait_for(
        lambda: (
            topology.sql(
                "select count(*) from task_instance where dag_id = 'transform' "
                "and task_id like 'dbt_build.%%' and state = 'success'"
            )[0][0]
            >= 3
        ),
        600,
        "the transform to build its first models",
    )
    running_run = topology.sql("select run_id from dag_run where dag_id = 'transform' and state = 'running'")[0][0]
    old_scheduler = topology.pids()["scheduler"]
    topology.stop_component("scheduler")
    time.sleep(10)  # tasks already queued or running go on without it
    topology.start_component("scheduler")
    restart = {"run_id": running_run, "old_pid": old_scheduler, "new_pid": topology.pids()["scheduler"]}

    def done() -> bool:
        exports = topology.runs("export_satu_data")
        return (
            all(finished(topology, dag_id) for dag_id in [*INGEST_DAGS, "transform", "publish"])
            and any(state == "success" for *_, state in topology.runs("publish"))
            and any(run_type == "asset_triggered" and state == "success" for _, run_type, state in exports)
            and finished(topology, "export_satu_data")
        )

    wait_for(done, 1500, "sources -> transform -> publish -> export", interval=5)
    topology.timings["pipeline"] = time.monotonic() - started
    topology.timings["transform"] = topology.sql(  # the first transform run, scheduler restart included
        "select extract(epoch from end_date - start_date)::float from dag_run where dag_id = 'transform' "
        "order by id limit 1"
    )[0][0]
    return restart


def test_the_pipeline_runs_through_assets_on_celery(topology, pipeline):
    for dag_id in INGEST_DAGS:
        assert {state for *_, state in topology.runs(dag_id)} == {"success"}, dag_id
    transform_runs = topology.runs("transform")
    assert transform_runs and all(run_type == "asset_triggered" for _, run_type, _ in transform_runs)
    assert {state for *_, state in transform_runs} == {"success"}
    built = topology.sql("""select count(*) from task_instance where dag_id = 'transform' and state = 'success'
                            and task_id like 'dbt_build.%%' and task_id not like 'dbt_build.dbt_producer%%'""")[0][0]
    models = len(list((REPO / "dbt_project" / "models").rglob("*.sql")))
    assert built == models  # a task per model, once: a later run found the same inputs and skipped
    producer = topology.task_tries("transform", "dbt_build.dbt_producer_watcher")
    assert [(tries, state) for _, tries, state, _ in producer if state != "skipped"] == [(1, "success")]  # ONE build
    assert [run_type for _, run_type, _ in topology.runs("publish")] == ["asset_triggered"]
    assert (topology.home / "published" / "current" / "ntt_dw_marts.duckdb").exists()
    latest = topology.home / "exports" / "satu_data" / "latest"
    assert (latest / "datapackage.json").exists() and (latest / "manifest.json").exists()
    worker_logs = topology.log_tail("worker-1", 10**7) + topology.log_tail("worker-2", 10**7)
    assert "dag_id=transform/" in worker_logs  # Celery workers ran the dbt tasks


def test_the_warehouse_equals_the_demos(topology, pipeline, demo_fingerprint):
    assert warehouse_fingerprint(topology.home / "warehouse" / "ntt_dw.duckdb") == demo_fingerprint


def test_a_scheduler_stopped_mid_run_and_restarted_completes_the_run(topology, pipeline):
    assert pipeline["new_pid"] != pipeline["old_pid"]
    state = topology.sql("select state from dag_run where dag_id = 'transform' and run_id = %s", pipeline["run_id"])
    assert state == [("success",)]
    assert "Adopting or resetting orphaned tasks" in topology.log_tail("scheduler", 10**7)


def test_concurrent_ingestions_never_fail_on_a_lock(topology, pipeline):
    """Ingestion never opens the warehouse (it writes Parquet per file version): several
    ingestion tasks ran at the same moment, and none failed."""
    intervals = topology.sql("""select dag_id, start_date, end_date from task_instance
                                where dag_id like 'ingest_%%' and task_id = 'ingest_new_files'
                                and dag_id not in ('ingest_simfoni', 'ingest_budget')""")
    overlapping = max(sum(1 for _, s, e in intervals if s <= start < e) for _, start, _ in intervals)
    assert overlapping >= 2, intervals
    failed = topology.sql(
        "select dag_id, task_id from task_instance_history where dag_id like 'ingest_%%' "
        "and dag_id != 'ingest_simfoni' and state = 'failed'"
    )
    # every ingestion DAG ran (one may have run twice: its cron time can fall during the test)
    assert failed == [] and len({dag_id for dag_id, _, _ in intervals}) == len(INGEST_DAGS) - 2


# ------------------------------------------------------------------ phase 3: a failing transform


def test_a_failing_transform_leaves_the_published_snapshot_and_alerts(topology, pipeline):
    current = topology.home / "published" / "current"
    snapshot, manifest = current.resolve(), (current / "manifest.json").read_bytes()
    publishes = len(topology.runs("publish"))
    model = topology.project / BROKEN_MODEL
    model.write_text("select * from a_table_that_does_not_exist\n")
    started = time.monotonic()
    topology.airflow("dags", "trigger", "transform")
    wait_for(lambda: topology.runs("transform")[-1][2] in ("success", "failed"), 600, "the broken transform run")
    topology.timings["failing_transform"] = time.monotonic() - started
    run_id, _, state = topology.runs("transform")[-1]
    assert state == "failed"
    time.sleep(10)  # give a (wrong) publish the time it would need to be triggered
    assert len(topology.runs("publish")) == publishes
    assert current.resolve() == snapshot and (current / "manifest.json").read_bytes() == manifest
    alerts = [json.loads(p.read_text()) for p in (topology.home / "alerts").glob("*.json")]
    broken = [
        a
        for a in alerts
        if a.get("dag_id") == "transform"
        and a.get("run_id") == run_id
        and a.get("task_id") == "dbt_build.stg_ingestion__file_versions"
    ]
    assert broken, alerts
    assert broken[0]["log"] and "a_table_that_does_not_exist" in broken[0]["error"]


# ------------------------------------------------------------------ phase 4: stop


def test_stop_leaves_no_process_and_no_database(topology):
    import psutil

    processes = [
        p
        for pid in topology.pids().values()
        for p in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    ]
    topology.stop()
    assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in processes)
    import psycopg2

    with pytest.raises(psycopg2.OperationalError, match="does not exist"):  # the database was dropped
        topology.sql("select 1")
