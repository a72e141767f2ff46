"""Defaults and callbacks shared by every DAG, defined once."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os

from ingestion.core.settings import home

log = logging.getLogger(__name__)

START_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)

#: The warehouse has one writer at a time (DuckDB): every task that writes it takes this pool's
#: single slot. Ingestion does not write the warehouse, so it does not need the pool.
WAREHOUSE_POOL = "ntt_dw_warehouse"


def alert_on_failure(context) -> None:
    """Record a failed task where operators and the run summary find it (var/alerts/).

    A mail or chat hook can be added here once; every DAG uses this callback.
    """
    ti = context.get("task_instance") or context.get("ti")
    alert = {
        "dag_id": getattr(ti, "dag_id", None),
        "task_id": getattr(ti, "task_id", None),
        "run_id": getattr(ti, "run_id", None),
        "try_number": getattr(ti, "try_number", None),
        "exception": str(context.get("exception"))[:2000],
        "at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    folder = home() / "alerts"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{alert['dag_id']}__{alert['task_id']}__{alert['run_id']}".replace(":", "_").replace("/", "_")
    (folder / f"{name}.json").write_text(json.dumps(alert, indent=2), encoding="utf-8")
    log.error("ALERT %s.%s failed (run %s): %s", alert["dag_id"], alert["task_id"], alert["run_id"], alert["exception"])


def default_args(owner: str = "data-engineering", retries: int = 3, retry_delay_minutes: int = 5) -> dict:
    """Retries with exponential backoff, a timeout and the alert callback on every task.

    NTT_DW_TASK_RETRIES overrides the retry count everywhere (the demo sets 0: a failure there
    should show at once, not after a backoff).
    """
    return {
        "owner": owner,
        "retries": int(os.environ.get("NTT_DW_TASK_RETRIES", retries)),
        "retry_delay": dt.timedelta(minutes=retry_delay_minutes),
        "retry_exponential_backoff": True,
        "max_retry_delay": dt.timedelta(hours=1),
        "execution_timeout": dt.timedelta(hours=1),
        "on_failure_callback": alert_on_failure,
    }
