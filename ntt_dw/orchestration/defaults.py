"""Defaults and callbacks shared by every DAG, defined once."""

from __future__ import annotations

import datetime as dt
import os

START_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

#: The warehouse has one writer at a time (DuckDB): every task that writes it takes this pool's
#: single slot. Ingestion does not write the warehouse, so it does not need the pool.
WAREHOUSE_POOL = "ntt_dw_warehouse"


def alert_on_failure(context) -> None:
    """Every DAG's failure callback: a scrubbed alert on every configured channel
    (ntt_dw/orchestration/alerts.py: var/alerts/, SmtpNotifier, AppriseNotifier)."""
    from ntt_dw.orchestration.alerts import build_alert, send

    send(build_alert(context), context)


def default_args(owner: str = "data-engineering", retries: int = 3, retry_delay_minutes: int = 5) -> dict:
    """Retries with exponential backoff, a timeout and the alert callback on every task.

    NTT_DW_TASK_RETRIES overrides the retry count everywhere (the demo sets 0: a failure there
    should show at once, not after a backoff); NTT_DW_TASK_RETRY_DELAY_SECONDS the first delay
    (the fault tests retry after seconds, not minutes).
    """
    return {
        "owner": owner,
        "retries": int(os.environ.get("NTT_DW_TASK_RETRIES", retries)),
        "retry_delay": dt.timedelta(
            seconds=int(os.environ.get("NTT_DW_TASK_RETRY_DELAY_SECONDS", retry_delay_minutes * 60))
        ),
        "retry_exponential_backoff": True,
        "max_retry_delay": dt.timedelta(hours=1),
        "execution_timeout": dt.timedelta(hours=1),
        "on_failure_callback": alert_on_failure,
    }
