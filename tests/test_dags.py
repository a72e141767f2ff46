"""The DAG files: import cleanly, one ingestion DAG per registered source, the transform DAG
scheduled on their Assets with each dbt model and its tests as tasks."""
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingestion.core.settings import dbt_project_dir
from ingestion.core.source_registry import load_registry

REPO = Path(__file__).resolve().parents[1]

DAGS = Path(__file__).resolve().parents[1] / "dags"


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory):
    """The DagBag built once, on a runtime folder with a parsed dbt manifest (as `make` prepares)."""
    home = tmp_path_factory.mktemp("dags") / "var"
    dbt = str(Path(sys.executable).with_name("dbt"))
    parsed = subprocess.run(
        [dbt, "parse", "--project-dir", str(dbt_project_dir()), "--profiles-dir", str(dbt_project_dir()),
         "--target-path", str(home / "dbt" / "target"), "--log-path", str(home / "dbt" / "logs"), "--quiet"],
        env=dict(os.environ, NTT_DW_HOME=str(home)), capture_output=True, text=True, timeout=300)
    assert parsed.returncode == 0, parsed.stdout + parsed.stderr
    previous = os.environ.get("NTT_DW_HOME")
    os.environ["NTT_DW_HOME"] = str(home)
    try:
        from airflow.models.dagbag import DagBag

        started = time.monotonic()
        bag = DagBag(dag_folder=str(DAGS))
        bag.parse_seconds = time.monotonic() - started
        yield bag
    finally:
        if previous is None:
            os.environ.pop("NTT_DW_HOME", None)
        else:
            os.environ["NTT_DW_HOME"] = previous


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}


def test_one_ingestion_dag_per_registered_source(dagbag):
    expected = {spec.dag_id for spec in load_registry().values()}
    assert expected <= set(dagbag.dag_ids)
    assert set(dagbag.dag_ids) == expected | {"transform", "publish", "export_satu_data", "withdraw_file_version"}


@pytest.mark.parametrize("spec", list(load_registry().values()), ids=lambda s: s.name)
def test_ingestion_dag_follows_the_registry(dagbag, spec):
    dag = dagbag.dags[spec.dag_id]
    assert dag.max_active_runs == 1
    assert not dag.catchup
    assert dag.timetable.expression == spec.schedule
    announce = dag.get_task("announce_new_data")
    assert [outlet.name for outlet in announce.outlets] == [spec.asset_name]
    ingest = dag.get_task("ingest_new_files")
    assert ingest.retries == spec.retries
    assert ingest.on_failure_callback
    assert dag.get_task("check_delivery_due").upstream_task_ids == {"ingest_new_files"}  # late-data alert


@pytest.mark.parametrize("dag_id, cadence", [
    ("ingest_bps_population", "monthly"),
    ("ingest_uptd_ppa", "daily"),       # the UPTD PPA unit registers cases every working day
    ("ingest_simfoni", "monthly"),      # published aggregates: monthly at most
    ("ingest_budget", "monthly"),       # the realisation report is monthly
])
def test_case_and_population_dags_run_at_their_sources_cadence(dagbag, dag_id, cadence):
    from croniter import croniter

    dag = dagbag.dags[dag_id]
    start = dt.datetime(2026, 1, 1)
    runs = croniter(dag.timetable.expression, start)
    first, second = runs.get_next(dt.datetime), runs.get_next(dt.datetime)
    gap_days = (second - first).days
    assert (gap_days == 1) if cadence == "daily" else (28 <= gap_days <= 31)


def test_transform_is_scheduled_on_every_source_asset(dagbag):
    dag = dagbag.dags["transform"]
    names = {asset.name for asset in dag.timetable.asset_condition.objects}
    assert names == {spec.asset_name for spec in load_registry().values()}


def test_withdrawal_dag_is_triggered_by_hand_and_announces_the_withdrawn_source(dagbag):
    """withdraw_file_version (dags/withdraw.py): conf {file_version_id, reason, action, by}; its
    one task emits, through an AssetAlias, the Asset of the withdrawn version's source, which the
    transform is scheduled on (tests/test_withdrawal.py runs the task)."""
    dag = dagbag.dags["withdraw_file_version"]
    assert type(dag.timetable).__name__ == "NullTimetable" and dag.max_active_runs == 1
    assert set(dag.params) == {"file_version_id", "reason", "action", "by"}
    assert dag.params["action"] == "withdraw"
    (task,) = dag.tasks
    assert [(type(o).__name__, o.name) for o in task.outlets] == [("AssetAlias", "withdrawn_file_version")]
    assert task.on_failure_callback


def test_every_dbt_model_and_its_tests_are_tasks(dagbag):
    dag = dagbag.dags["transform"]
    task_ids = set(dag.task_ids)
    # one `dbt build` task per model (the model, then its tests)
    models = sorted(p.stem for p in (REPO / "dbt_project" / "models").rglob("*.sql"))
    for model in models:
        group = "dq_findings" if model == "dq_findings" else "dbt_build"
        assert f"{group}.{model}_model_build" in task_ids
    # the seeds are one task before the models; source freshness one task beside them
    assert not any(task_id.endswith("_source") for task_id in task_ids)
    assert {"attach_raw_zone", "dbt_seed", "dbt_source_freshness", "dbt_docs", "run_summary"} <= task_ids
    assert not any(task_id.endswith("_seed") and task_id.startswith("dbt_build.") for task_id in task_ids)
    after_seeds = dag.get_task("dbt_seed").get_flat_relative_ids(upstream=False)
    assert {t for t in task_ids if t.startswith("dbt_build.")} <= after_seeds


def test_warehouse_writers_share_the_single_slot_pool(dagbag):
    dag = dagbag.dags["transform"]
    writers = [t for t in dag.tasks if t.task_id.startswith(("dbt_build.", "dq_findings."))
               or t.task_id in ("attach_raw_zone", "dbt_seed", "dbt_source_freshness")]
    assert writers and all(t.pool == "ntt_dw_warehouse" for t in writers)
    ingest = dagbag.dags["ingest_bps_population"]
    assert all(t.pool != "ntt_dw_warehouse" for t in ingest.tasks)  # ingestion never opens the warehouse


def test_dag_files_do_no_heavy_work_at_import():
    """The DAG files import no pandas/duckdb/dbt at module level (cosmos is imported inside the DAG body)."""
    for path in DAGS.glob("*.py"):
        head = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(("import ", "from "))]
        assert not any(mod in line for line in head for mod in ("pandas", "duckdb", "dbt.", "openpyxl")), path


def test_source_freshness_is_checked_in_the_transform(dagbag):
    dag = dagbag.dags["transform"]
    freshness = dag.get_task("dbt_source_freshness")
    assert type(freshness).__name__ == "DbtSourceLocalOperator"
    assert "attach_raw_zone" in freshness.upstream_task_ids
    # a stale source fails the run (watcher) but does not hold back the other sources' models
    assert "fail_run_if_a_task_failed" in freshness.downstream_task_ids
    assert not any(t.startswith("dbt_build.") for t in freshness.get_flat_relative_ids(upstream=False))


def test_transform_builds_once_per_batch_of_deliveries(dagbag):
    """It waits for running ingestions, then ends (every task skipped) when the last successful
    build had the same inputs; the fingerprint is recorded only by a fully successful build."""
    dag = dagbag.dags["transform"]
    wait, changed = dag.get_task("wait_for_ingestions"), dag.get_task("inputs_changed")
    assert wait.mode == "reschedule" and changed.downstream_task_ids == {"attach_raw_zone", "announce_marts"}
    assert wait.downstream_task_ids == {"inputs_changed"}
    assert "attach_raw_zone" in dag.get_task("dbt_seed").upstream_task_ids
    assert changed.ignore_downstream_trigger_rules  # the all_done summary and the watcher are skipped too


def test_transform_writes_the_report_and_fails_when_a_task_fails(dagbag):
    dag = dagbag.dags["transform"]
    report = dag.get_task("monitoring_report")
    assert "dq_findings.dq_findings_model_build" in report.get_flat_relative_ids(upstream=True)
    assert report.pool == "ntt_dw_warehouse"
    watcher = dag.get_task("fail_run_if_a_task_failed")
    assert str(watcher.trigger_rule) in ("one_failed", "TriggerRule.ONE_FAILED")
    assert {"run_summary", "monitoring_report", "dbt_docs", "attach_raw_zone"} <= watcher.upstream_task_ids
    assert not watcher.downstream_task_ids


def test_publish_runs_on_the_transforms_asset_and_export_on_the_snapshot(dagbag):
    transform = dagbag.dags["transform"]
    announce = transform.get_task("announce_marts")
    assert [a.name for a in announce.outlets] == ["warehouse.marts"]
    assert str(announce.trigger_rule) in ("all_success", "TriggerRule.ALL_SUCCESS")  # never after a failed build
    assert "dq_findings.dq_findings_model_build" in announce.upstream_task_ids
    publish = dagbag.dags["publish"]
    assert {a.name for a in publish.timetable.asset_condition.objects} == {"warehouse.marts"}
    assert [a.name for a in publish.get_task("publish_snapshot").outlets] == ["published.snapshot"]
    assert publish.get_task("publish_snapshot").pool == "ntt_dw_warehouse"
    export = dagbag.dags["export_satu_data"]
    # on every new snapshot (through the Asset), and monthly when Satu Data NTT collects
    assert {a.name for a in export.timetable.asset_condition.objects} == {"published.snapshot"}
    assert export.timetable.timetable.expression == "0 6 1 * *"
    assert export.get_task("push_to_portal").upstream_task_ids == {"export_datasets"}
