"""A model's task in the WATCHER transform: the model's result and its tests', from one dbt build.

cosmos's own model sensor (DbtRunWatcherOperator) reports the model only, and its test sensor is a
second task per model; on Celery every task costs seconds of start-up, so one task here reports
both: it fails when the model failed or when any of its tests failed with severity error (a 'warn'
test is a finding, not a failure, as in dbt). A retry, or a model the producer never reached,
runs `dbt build --select <model>`: the model and its tests, alone.
"""

from __future__ import annotations

import contextlib
import fcntl
from typing import Any

from airflow.sdk.exceptions import AirflowException, AirflowSkipException
from cosmos.operators._watcher.aggregation import get_tests_status_xcom_key
from cosmos.operators._watcher.state import (
    DbtTestStatus,
    get_dbt_event_xcom_key,
    get_xcom_val,
    is_producer_task_terminated,
)
from cosmos.operators.watcher import DbtConsumerWatcherSensor


class DbtModelWatcherSensor(DbtConsumerWatcherSensor):
    """Succeeds when the producer's `dbt build` built this model and none of its tests failed."""

    base_cmd = ["build"]  # a retry builds the model and runs its tests, not `dbt run` alone

    def __init__(self, *, has_tests: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("deferrable", False)  # it starts after the producer: nothing to wait for
        kwargs.setdefault("mode", "poke")
        kwargs.setdefault("poke_interval", 5)
        super().__init__(**kwargs)
        self.has_tests = has_tests
        self._built_here = False

    def _fallback_to_non_watcher_run(self, try_number: int, context: Any) -> bool:
        """Build the model alone. Model tasks run outside the warehouse pool (reading XCom writes
        nothing; one at a time they added ~24 s to the demo transform on Celery), so the rare task
        that writes takes the warehouse's writer lock here; a writer on another host makes DuckDB
        refuse the file, and the task's retry comes back later."""
        self._built_here = True  # its own `dbt build --select` ran the tests too
        with warehouse_writer_lock():
            return super()._fallback_to_non_watcher_run(try_number, context)

    def poke(self, context: Any) -> bool:
        if self._get_producer_task_status(context) == "upstream_failed":
            raise AirflowSkipException("the build did not start: a task before it failed")
        try:
            if not super().poke(context):
                return False
        except AirflowSkipException:  # a subclass of AirflowException: a node dbt skipped stays skipped
            raise
        except AirflowException as error:
            raise AirflowException(f"{error}: {self._dbt_message(context)}") from error
        if self._built_here or not self.has_tests:
            return True
        ti = context["ti"]
        tests = get_xcom_val(ti, self.producer_task_id, get_tests_status_xcom_key(self.model_unique_id))
        if tests == DbtTestStatus.FAIL:
            raise AirflowException(
                f"a test of model '{self.model_unique_id}' failed (severity error): see the "
                f"producer task '{self.producer_task_id}' log and marts.dq_findings"
            )
        if tests is not None:
            return True
        producer_state = self._get_producer_task_status(context)
        if not is_producer_task_terminated(producer_state):
            return False
        if producer_state == "success":  # a test the build did not select (it spans an excluded model)
            return True
        # the producer stopped after the model but before its tests: run them here
        return self._fallback_to_non_watcher_run(ti.try_number, context)

    def _dbt_message(self, context: Any) -> str:
        """dbt's own error for this model (a missing table, a contract broken), for the alert."""
        event = get_xcom_val(context["ti"], self.producer_task_id, get_dbt_event_xcom_key(self.model_unique_id))
        return (event or {}).get("msg") or "no message from dbt"


#: dbt node events the producer stores in XCom for the model tasks: the last one only. cosmos also
#: stores NodeStart, NodeCompiling and NodeExecuting, each overwriting the one before under the
#: same key; at ~8 ms a push through the execution API that was ~570 of a build's ~1,230 pushes
#: and 4-5 s of the demo's build, for nothing a model task reads (it reads the node's final event).
NODE_EVENTS_KEPT = frozenset({"NodeFinished"})


def store_only_final_node_events() -> None:
    """Narrow cosmos's event allowlist to the final node event and the error events. Fails loudly
    if cosmos renames what this relies on (tests/test_dbt_watcher_retry.py checks the effect)."""
    import cosmos.operators._watcher.base as watcher_base

    errors = watcher_base._DBT_ERROR_EVENTS_TYPES  # AttributeError after a cosmos rename: on purpose
    watcher_base._DBT_EVENT_ALLOWLIST = errors | NODE_EVENTS_KEPT


#: debug-level dbt events the producer still hands to cosmos: the skip cause (an upstream failure)
#: and the versions cosmos records; with cosmos's allowlist (node states, errors), added at call time
DEBUG_EVENTS_KEPT = frozenset({"SkippingDetails", "LogSkipBecauseError", "MainReportVersion", "AdapterRegistered"})


def skip_debug_events_in_producer() -> None:
    """Hand cosmos's producer callback only the events it acts on: info level and above (the lines
    of the task log), and the debug events it reads (above). dbt fires about ten debug events per
    node (each SQL statement, connection, file written); cosmos turned each into JSON and parsed it
    back only to drop it, several seconds of the demo's build. Patches cosmos.dbt.runner.get_runner,
    the one place cosmos creates a dbtRunner with callbacks (only the producer registers any)."""
    import cosmos.dbt.runner as runner
    import cosmos.operators._watcher.base as watcher_base

    create = runner.get_runner
    if getattr(create, "keeps_needed_events_only", False):
        return

    def get_runner(callbacks=None):
        if callbacks and isinstance(callbacks, list):
            callbacks = [
                _needed_events_only(callback, watcher_base._DBT_EVENT_ALLOWLIST | DEBUG_EVENTS_KEPT)
                for callback in callbacks
            ]
        return create(callbacks=callbacks)

    get_runner.keeps_needed_events_only = True  # type: ignore[attr-defined]  # marks the patch as applied
    runner.get_runner = get_runner


def _needed_events_only(callback, debug_events_kept: frozenset[str]):
    def filtered(event) -> None:
        if event.info.level != "debug" or event.info.name in debug_events_kept:
            callback(event)

    return filtered


@contextlib.contextmanager
def warehouse_writer_lock():
    """An exclusive lock beside the DuckDB file, for writers outside the warehouse pool."""
    from ingestion.core.settings import warehouse_path

    lock = warehouse_path().with_name(".writer.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
