"""What a model's task in the WATCHER transform does (ntt_dw/orchestration/dbt_watcher.py), without dbt
or a scheduler: it reads the producer's XComs through a fake task instance, the producer's state is
monkeypatched, and any dbt run it would start is captured instead. These pin the behaviour
dags/README.md "What a retry does" promises: a model task fails on its model or on an error-severity
test, never on a 'warn'; a retry, or a model the build never reached, runs `dbt build --select
<model>` alone; a build that never started skips the model.
"""

from __future__ import annotations

import json

import pytest
from airflow.sdk.exceptions import AirflowException, AirflowSkipException
from cosmos.exceptions import CosmosDbtRunError
from cosmos.operators._watcher.aggregation import get_aggregated_test_status, get_tests_status_xcom_key
from cosmos.operators._watcher.base import store_dbt_resource_status_from_log
from cosmos.operators._watcher.state import get_dbt_event_xcom_key, get_status_xcom_key

from ingestion.core.settings import dbt_project_dir
from ntt_dw.orchestration.dbt import configs
from ntt_dw.orchestration.dbt_watcher import DbtModelWatcherSensor

PRODUCER = "dbt_build.dbt_producer_watcher"
MODEL = "model.ntt_dw.stg_bps__population"
MODEL_NAME = "stg_bps__population"
TESTS = ["test.ntt_dw.not_null_stg_bps__population_region_code.1", "test.ntt_dw.unique_stg_bps__population_key.2"]
CATALOG_ERROR = "Catalog Error: Table with name a_table_that_does_not_exist does not exist!"


class FakeTaskInstance:
    """The little of a TaskInstance the sensor and cosmos's producer use: XCom over a shared dict."""

    def __init__(self, xcoms: dict, task_id: str, try_number: int = 1):
        self.xcoms, self.task_id, self.try_number = xcoms, task_id, try_number
        self.dag_id, self.run_id, self.map_index = "transform", "manual__2026-01-01T00:00:00+00:00", -1
        self.pulled: list[str] = []

    def xcom_push(self, key: str, value) -> None:
        self.xcoms[(self.task_id, key)] = value

    def xcom_pull(self, task_ids=None, key=None, **_):
        self.pulled.append(key)
        return self.xcoms.get((task_ids or self.task_id, key))


class Producer:
    """What cosmos's producer pushes, through cosmos's own log parser fed dbt-style JSON lines."""

    def __init__(self, xcoms: dict):
        self.ti = FakeTaskInstance(xcoms, PRODUCER)
        self.test_results: dict[str, dict[str, str]] = {}

    def finished(self, unique_id: str, status: str, message: str | None = None) -> None:
        line = {
            "info": {"name": "NodeFinished", "msg": f"{unique_id} {status}", "level": "info"},
            "data": {
                "node_info": {"unique_id": unique_id, "node_status": status, "resource_type": unique_id.split(".")[0]},
                "run_result": {"status": status, "message": message},
            },
        }
        store_dbt_resource_status_from_log(
            json.dumps(line),
            {"context": {"ti": self.ti}},
            tests_per_model={MODEL: TESTS},
            test_results_per_model=self.test_results,
        )


@pytest.fixture(scope="module")
def profile_config():
    return configs()[1]


@pytest.fixture
def xcoms() -> dict:
    return {}


@pytest.fixture
def producer(xcoms) -> Producer:
    return Producer(xcoms)


@pytest.fixture
def model_task(profile_config, monkeypatch):
    """make(producer_state, has_tests=True, dbt_error=None) -> the sensor, as ntt_dw.orchestration.dbt._model_task
    builds it, with the producer's state faked and every dbt command's flags recorded in sensor.dbt_runs
    (the command then raises dbt_error, if given, as cosmos's dbtRunner invocation does on a failure)."""

    def make(
        producer_state: str | None, has_tests: bool = True, dbt_error: Exception | None = None
    ) -> DbtModelWatcherSensor:
        sensor = DbtModelWatcherSensor(
            task_id=MODEL_NAME,
            project_dir=str(dbt_project_dir()),
            profile_config=profile_config,
            extra_context={"dbt_node_config": {"unique_id": MODEL, "resource_type": "model"}, "package_name": "ntt_dw"},
            has_tests=has_tests,
            producer_task_id=PRODUCER,
        )
        sensor.dbt_runs = []
        monkeypatch.setattr(sensor, "_get_producer_task_status", lambda context: producer_state)

        def build_and_run_cmd(context, cmd_flags, **_):
            sensor.dbt_runs.append(list(cmd_flags))
            if dbt_error is not None:
                raise dbt_error

        monkeypatch.setattr(sensor, "build_and_run_cmd", build_and_run_cmd)
        return sensor

    return make


def poke(sensor, xcoms: dict, try_number: int = 1):
    ti = FakeTaskInstance(xcoms, f"dbt_build.{MODEL_NAME}", try_number)
    result = sensor.poke({"ti": ti, "task_instance": ti, "run_id": ti.run_id})
    return result, ti


def test_model_and_tests_passed_in_the_build(model_task, producer, xcoms):
    producer.finished(MODEL, "success")
    for test in TESTS:
        producer.finished(test, "pass")
    assert xcoms[(PRODUCER, get_tests_status_xcom_key(MODEL))] == "pass"
    sensor = model_task("success")
    result, ti = poke(sensor, xcoms)
    assert result is True
    assert sensor.dbt_runs == []
    assert get_tests_status_xcom_key(MODEL) in ti.pulled  # it did look at the tests


def test_a_failed_test_fails_the_model_task(model_task, producer, xcoms):
    producer.finished(MODEL, "success")
    producer.finished(TESTS[0], "pass")
    producer.finished(TESTS[1], "fail")
    sensor = model_task("failed")
    with pytest.raises(AirflowException) as raised:
        poke(sensor, xcoms)
    assert not isinstance(raised.value, AirflowSkipException)
    assert MODEL in str(raised.value) and "test" in str(raised.value)
    assert sensor.dbt_runs == []


def test_cosmos_aggregates_a_warn_as_pass():
    tests_per_model = {MODEL: TESTS}
    assert (
        get_aggregated_test_status(MODEL, tests_per_model, {MODEL: dict(zip(TESTS, ["pass", "warn"], strict=True))})
        == "pass"
    )
    assert (
        get_aggregated_test_status(MODEL, tests_per_model, {MODEL: dict(zip(TESTS, ["warn", "fail"], strict=True))})
        == "fail"
    )
    assert get_aggregated_test_status(MODEL, tests_per_model, {MODEL: {TESTS[0]: "warn"}}) is None  # one pending


def test_a_warn_test_does_not_fail_the_model_task(model_task, producer, xcoms):
    producer.finished(MODEL, "success")
    producer.finished(TESTS[0], "warn")
    producer.finished(TESTS[1], "pass")
    sensor = model_task("success")
    assert poke(sensor, xcoms)[0] is True
    assert sensor.dbt_runs == []


def test_a_model_error_fails_with_dbts_message(model_task, producer, xcoms):
    producer.finished(MODEL, "error", CATALOG_ERROR)
    assert xcoms[(PRODUCER, get_dbt_event_xcom_key(MODEL))]["msg"] == CATALOG_ERROR
    sensor = model_task("failed")
    with pytest.raises(AirflowException) as raised:
        poke(sensor, xcoms)
    assert not isinstance(raised.value, AirflowSkipException)
    assert MODEL in str(raised.value)
    assert "Catalog Error: Table with name a_table_that_does_not_exist" in str(raised.value)
    assert sensor.dbt_runs == []


def test_a_retry_builds_the_model_alone(model_task, producer, xcoms):
    producer.ti.xcom_push("producer_cmd_flags", ["--log-format", "json"])  # as the producer publishes them
    producer.finished(MODEL, "error", CATALOG_ERROR)
    xcoms[(PRODUCER, get_tests_status_xcom_key(MODEL))] = "fail"  # a retry must not read this
    sensor = model_task("success")
    assert sensor.base_cmd == ["build"]
    result, ti = poke(sensor, xcoms, try_number=2)
    assert result is True
    assert sensor.dbt_runs == [["--select", MODEL_NAME]]
    assert get_tests_status_xcom_key(MODEL) not in ti.pulled
    assert get_status_xcom_key(MODEL) not in ti.pulled  # the first attempt's result is not reused


def test_a_failed_retry_fails_with_its_own_dbt_error(model_task, producer, xcoms):
    producer.finished(MODEL, "error", CATALOG_ERROR)
    own_error = CosmosDbtRunError("dbt invocation completed with errors: stg_bps__population: Binder Error")
    sensor = model_task("success", dbt_error=own_error)
    with pytest.raises(CosmosDbtRunError) as raised:
        poke(sensor, xcoms, try_number=2)
    assert raised.value is own_error  # not decorated with the first attempt's (stale) message
    assert sensor.dbt_runs == [["--select", MODEL_NAME]]


def test_the_retry_command_is_dbt_build_select_model(model_task, xcoms):
    """The command build_and_run_cmd would run, from the flags the fallback passes it."""
    sensor = model_task("success")
    poke(sensor, xcoms, try_number=2)
    ti = FakeTaskInstance(xcoms, f"dbt_build.{MODEL_NAME}", 2)
    command, _ = sensor.build_cmd({"ti": ti, "run_id": ti.run_id}, cmd_flags=sensor.dbt_runs[0])
    assert command[command.index("build") :][-2:] == ["--select", MODEL_NAME]
    assert "run" not in command and "test" not in command


@pytest.mark.parametrize("producer_state", ["failed", "skipped"])
def test_a_model_the_build_never_reached_builds_itself(model_task, producer_state, xcoms):
    sensor = model_task(producer_state)
    result, ti = poke(sensor, xcoms)
    assert result is True
    assert sensor.dbt_runs == [["--select", MODEL_NAME]]
    assert get_tests_status_xcom_key(MODEL) not in ti.pulled  # its own build ran the tests


def test_model_built_but_build_stopped_before_its_tests(model_task, producer, xcoms):
    producer.finished(MODEL, "success")
    producer.finished(TESTS[0], "pass")  # the second test never ran
    sensor = model_task("failed")
    assert poke(sensor, xcoms)[0] is True
    assert sensor.dbt_runs == [["--select", MODEL_NAME]]


def test_build_that_never_started_skips_the_model(model_task, xcoms):
    sensor = model_task("upstream_failed")
    with pytest.raises(AirflowSkipException):
        poke(sensor, xcoms)
    with pytest.raises(AirflowSkipException):  # a retry too: there is no build to follow
        poke(sensor, xcoms, try_number=2)
    assert sensor.dbt_runs == []


def test_a_model_skipped_by_dbt_is_skipped_not_failed(model_task, producer, xcoms):
    producer.finished(MODEL, "skipped")
    sensor = model_task("success")
    with pytest.raises(AirflowSkipException):
        poke(sensor, xcoms)
    assert sensor.dbt_runs == []


def test_a_model_without_tests_succeeds_on_its_own_status(model_task, producer, xcoms):
    producer.finished(MODEL, "success")
    sensor = model_task("failed", has_tests=False)  # even if the build failed later, elsewhere
    result, ti = poke(sensor, xcoms)
    assert result is True
    assert sensor.dbt_runs == []
    assert get_tests_status_xcom_key(MODEL) not in ti.pulled


def test_the_producer_stores_only_each_nodes_final_event(xcoms, monkeypatch):
    """ntt_dw.orchestration.dbt_watcher.store_only_final_node_events: a node's start and compile events push
    nothing (each would overwrite the same key), its final event and error events still do."""
    import cosmos.operators._watcher.base as watcher_base

    from ntt_dw.orchestration.dbt_watcher import store_only_final_node_events

    cosmos_default = watcher_base._DBT_ERROR_EVENTS_TYPES | watcher_base._DBT_NODE_STATUS_EVENT_TYPES
    monkeypatch.setattr(watcher_base, "_DBT_EVENT_ALLOWLIST", cosmos_default)  # restored after the test
    ti = FakeTaskInstance(xcoms, PRODUCER)
    start = {"info": {"name": "NodeStart"}, "data": {"node_info": {"unique_id": MODEL, "node_status": "started"}}}
    watcher_base._process_dbt_log_event(ti, start)
    assert (PRODUCER, get_dbt_event_xcom_key(MODEL)) in xcoms  # cosmos's default: every node event
    xcoms.clear()
    store_only_final_node_events()
    watcher_base._process_dbt_log_event(ti, start)
    assert xcoms == {}
    error = {"info": {"name": "RunResultError", "msg": CATALOG_ERROR}, "data": {"node_info": {"unique_id": MODEL}}}
    watcher_base._process_dbt_log_event(ti, error)
    finished = {
        "info": {"name": "NodeFinished"},
        "data": {"node_info": {"unique_id": MODEL, "node_status": "error"}, "run_result": {"message": CATALOG_ERROR}},
    }
    watcher_base._process_dbt_log_event(ti, finished)
    assert xcoms[(PRODUCER, get_dbt_event_xcom_key(MODEL))]["msg"] == CATALOG_ERROR


def test_a_model_task_that_builds_holds_the_warehouse_writer_lock(model_task, producer, xcoms, ntt_home):
    """Model tasks run outside the warehouse pool; the one that builds its model holds the writer
    lock beside the DuckDB file for the whole build, so two retries on one host never collide."""
    import fcntl

    from ingestion.core.settings import warehouse_path

    sensor = model_task("success")
    held = []

    def build_and_run_cmd(context, cmd_flags, **_):
        with warehouse_path().with_name(".writer.lock").open("a") as other:
            try:
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held.append(False)
            except BlockingIOError:
                held.append(True)

    sensor.build_and_run_cmd = build_and_run_cmd
    assert poke(sensor, xcoms, try_number=2)[0] is True
    assert held == [True]
    with warehouse_path().with_name(".writer.lock").open("a") as after:
        fcntl.flock(after, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released once the build ended


def test_the_producer_hands_cosmos_only_the_events_it_reads(monkeypatch):
    """ntt_dw.orchestration.dbt_watcher.skip_debug_events_in_producer: cosmos's callback gets info-level
    and worse events (the task log's lines, results), the debug events it acts on (a node's final
    event, a skip's cause), and not dbt's other debug events (each SQL statement, connection...)."""
    from types import SimpleNamespace

    import cosmos.dbt.runner as runner
    import cosmos.operators._watcher.base as watcher_base

    from ntt_dw.orchestration.dbt_watcher import NODE_EVENTS_KEPT, skip_debug_events_in_producer

    created = []
    monkeypatch.setattr(runner, "get_runner", lambda callbacks=None: created.append(callbacks) or "a dbtRunner")
    monkeypatch.setattr(watcher_base, "_DBT_EVENT_ALLOWLIST", watcher_base._DBT_ERROR_EVENTS_TYPES | NODE_EVENTS_KEPT)
    skip_debug_events_in_producer()
    skip_debug_events_in_producer()  # idempotent: the DAG file may be parsed again in one process
    seen = []
    assert runner.get_runner(callbacks=[seen.append]) == "a dbtRunner"
    (callback,) = created[0]
    events = [
        ("debug", "SQLQuery"),
        ("info", "LogModelResult"),
        ("debug", "NodeStart"),
        ("debug", "NodeFinished"),
        ("info", "SkippingDetails"),
        ("debug", "ConnectionUsed"),
        ("error", "RunResultError"),
        ("warn", "LogTestResult"),
        ("debug", "LogSkipBecauseError"),
    ]
    for level, name in events:
        callback(SimpleNamespace(info=SimpleNamespace(level=level, name=name)))
    assert [event.info.name for event in seen] == [
        "LogModelResult",
        "NodeFinished",
        "SkippingDetails",
        "RunResultError",
        "LogTestResult",
        "LogSkipBecauseError",
    ]
    assert runner.get_runner() == "a dbtRunner" and created[-1] is None  # no callbacks: cosmos's cached runner
