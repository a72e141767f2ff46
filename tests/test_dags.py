"""The DAG files: import cleanly, one ingestion DAG per registered source, the transform DAG
scheduled on their Assets: one `dbt build`, and a task per dbt model reporting it and its tests."""

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from ingestion.core.source_registry import load_registry

REPO = Path(__file__).resolve().parents[1]

DAGS = Path(__file__).resolve().parents[1] / "dags"


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory):
    """The DagBag built once, on a runtime folder with a parsed dbt manifest (as `make` prepares)."""
    from dbt_helpers import run_dbt

    home = tmp_path_factory.mktemp("dags") / "var"
    parsed = run_dbt(home, "parse")
    assert parsed.returncode == 0, parsed.stdout + parsed.stderr
    previous = os.environ.get("NTT_DW_HOME")
    os.environ["NTT_DW_HOME"] = str(home)
    try:
        from airflow.dag_processing.dagbag import DagBag

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


@pytest.mark.parametrize(
    "dag_id, cadence",
    [
        ("ingest_bps_population", "monthly"),
        ("ingest_uptd_ppa", "daily"),  # the UPTD PPA unit registers cases every working day
        ("ingest_simfoni", "monthly"),  # published aggregates: monthly at most
        ("ingest_budget", "monthly"),  # the realisation report is monthly
    ],
)
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


def test_one_dbt_build_and_a_task_per_model(dagbag):
    """One producer task runs `dbt build` (seeds, models, tests, dq_findings last); each model is a
    task of its own in the UI, reporting the model and its tests; seeds and tests are not tasks."""
    from cosmos.operators.watcher import DbtProducerWatcherOperator

    from ntt_dw.orchestration.dbt_watcher import DbtModelWatcherSensor

    dag = dagbag.dags["transform"]
    producer = dag.get_task("dbt_build.dbt_producer_watcher")
    assert isinstance(producer, DbtProducerWatcherOperator)
    assert producer.exclude in (None, "", [])  # the whole project: seeds, models, tests, dq_findings
    assert "--resource-type" in producer.dbt_cmd_flags and "test" in producer.dbt_cmd_flags
    models = sorted(p.stem for p in (REPO / "dbt_project" / "models").rglob("*.sql"))
    sensors = {t.task_id.split(".", 1)[1]: t for t in dag.tasks if isinstance(t, DbtModelWatcherSensor)}
    assert sorted(sensors) == models
    assert sensors["stg_bps__population"].has_tests and sensors["dq_findings"].has_tests
    assert all(t.producer_task_id == producer.task_id for t in sensors.values())
    # every model task runs after the producer has finished, whatever its outcome
    after = producer.get_flat_relative_ids(upstream=False)
    assert {f"dbt_build.{m}" for m in models} <= after
    first = [t for t in sensors.values() if t.upstream_task_ids == {producer.task_id}]
    assert first and all(str(t.trigger_rule).endswith(("all_done", "ALL_DONE")) for t in first)
    assert not any(t.task_id.endswith(("_seed", "_test", "_source")) for t in dag.tasks)
    assert {"attach_raw_zone", "dbt_source_freshness", "dbt_docs", "run_summary"} <= set(dag.task_ids)


def test_dq_findings_runs_after_every_test(dagbag):
    """dq_findings lists the failures every test stored, so in the one build it must come after all
    of them: dbt makes a node wait for the tests on its ancestors, so every other model must be an
    ancestor of dq_findings (dbt_project/models/marts/quality/dq_findings.sql names the last ones)."""
    import json

    from ntt_dw.orchestration.dbt import manifest_path

    manifest = json.loads(manifest_path().read_text(encoding="utf-8"))
    ancestors, todo = set(), ["model.ntt_dw.dq_findings"]
    while todo:
        for parent in manifest["parent_map"][todo.pop()]:
            if parent not in ancestors:
                ancestors.add(parent)
                todo.append(parent)
    # the only models after it are the findings' own register, which reads it
    findings_marts = {"model.ntt_dw.dq_findings", "model.ntt_dw.dq_findings_followup"}
    children = manifest["child_map"]["model.ntt_dw.dq_findings"]
    assert {uid for uid in children if uid.startswith("model.")} == {"model.ntt_dw.dq_findings_followup"}
    models = {uid for uid, node in manifest["nodes"].items() if node["resource_type"] == "model"}
    assert models - ancestors == findings_marts
    tests = [node for node in manifest["nodes"].values() if node["resource_type"] == "test"]
    waits_for = [t for t in tests if set(t["depends_on"]["nodes"]) <= ancestors]
    assert len(waits_for) == len([t for t in tests if not findings_marts & set(t["depends_on"]["nodes"])])


def test_warehouse_writers_share_the_single_slot_pool(dagbag):
    from ntt_dw.orchestration.dbt_watcher import DbtModelWatcherSensor

    dag = dagbag.dags["transform"]
    writers = [
        dag.get_task(t)
        for t in (
            "dbt_build.dbt_producer_watcher",
            "attach_raw_zone",
            "dbt_source_freshness",
            "dbt_docs",
            "monitoring_report",
            "run_summary",
        )
    ]
    assert all(t.pool == "ntt_dw_warehouse" for t in writers)
    # model tasks read XCom, so they run side by side; one that builds its model takes the writer lock
    model_tasks = [t for t in dag.tasks if isinstance(t, DbtModelWatcherSensor)]
    assert model_tasks and all(t.pool == "default_pool" for t in model_tasks)
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
    assert "attach_raw_zone" in dag.get_task("dbt_build.dbt_producer_watcher").upstream_task_ids
    assert changed.ignore_downstream_trigger_rules  # the all_done summary and the watcher are skipped too


def test_transform_writes_the_report_and_fails_when_a_task_fails(dagbag):
    dag = dagbag.dags["transform"]
    report = dag.get_task("monitoring_report")
    assert "dbt_build.dq_findings" in report.get_flat_relative_ids(upstream=True)
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
    assert "dbt_build.dq_findings_followup" in announce.upstream_task_ids  # the findings' register is built last
    publish = dagbag.dags["publish"]
    assert {a.name for a in publish.timetable.asset_condition.objects} == {"warehouse.marts"}
    assert [a.name for a in publish.get_task("publish_snapshot").outlets] == ["published.snapshot"]
    assert publish.get_task("publish_snapshot").pool == "ntt_dw_warehouse"
    export = dagbag.dags["export_satu_data"]
    # on every new snapshot (through the Asset), and monthly when Satu Data NTT collects
    assert {a.name for a in export.timetable.asset_condition.objects} == {"published.snapshot"}
    assert export.timetable.timetable.expression == "0 6 1 * *"
    assert export.get_task("push_to_portal").upstream_task_ids == {"export_datasets"}
