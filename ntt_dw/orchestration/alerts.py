"""Where a failed task is announced: always a JSON file under var/alerts/ and the task log; then
through Airflow's notifier providers, each when its connection is configured: e-mail by
SmtpNotifier (connection `ntt_dw_smtp`, recipients NTT_DW_ALERT_EMAIL_TO) and chat or webhook
targets by AppriseNotifier (connection `ntt_dw_apprise`: Slack, Teams, Telegram, a JSON webhook ...,
in Apprise's URL syntax). Connections come from Airflow (the UI, a secrets backend, or
AIRFLOW_CONN_NTT_DW_SMTP / AIRFLOW_CONN_NTT_DW_APPRISE): no hand-written SMTP or HTTP client.

An alert names the DAG, task, run, try and where the log is; its error text is scrubbed of
anything shaped like a NIK or a phone number (ingestion.core.privacy.scrub_text), and it never
carries row data. A channel that fails is logged and does not hide the others.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os

from ingestion.core.privacy import scrub_text
from ingestion.core.settings import home

log = logging.getLogger(__name__)


def build_alert(context) -> dict:
    ti = context.get("task_instance") or context.get("ti")
    dag_id, task_id, run_id = (getattr(ti, name, None) for name in ("dag_id", "task_id", "run_id"))
    log_location = getattr(ti, "log_url", None) or str(
        home() / "airflow" / "logs" / f"dag_id={dag_id}" / f"run_id={run_id}" / f"task_id={task_id}"
    )
    exception = context.get("exception")
    return {
        "dag_id": dag_id,
        "task_id": task_id,
        "run_id": run_id,
        "try_number": getattr(ti, "try_number", None),
        "error": scrub_text(f"{type(exception).__name__}: {exception}" if exception else "failed")[:2000],
        "log": log_location,
        "at": dt.datetime.now(dt.UTC).isoformat(),
    }


def _subject(alert: dict) -> str:
    return f"[ntt-dw] {alert['dag_id']}.{alert['task_id']} gagal / failed (run {alert['run_id']})"


def write_file(alert: dict) -> None:
    folder = home() / "alerts"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{alert['dag_id']}__{alert['task_id']}__{alert['run_id']}".replace(":", "_").replace("/", "_")
    (folder / f"{name}.json").write_text(json.dumps(alert, indent=2), encoding="utf-8")


#: the Airflow connections of the two notifier channels
SMTP_CONN_ID, APPRISE_CONN_ID = "ntt_dw_smtp", "ntt_dw_apprise"


def _connection_configured(conn_id: str) -> bool:
    from airflow.sdk import Connection
    from airflow.sdk.exceptions import AirflowNotFoundException, AirflowRuntimeError

    try:
        Connection.get(conn_id)
    except (AirflowNotFoundException, AirflowRuntimeError):  # not found, in whichever backend was asked
        return False
    return True


def _verbatim(text: str) -> str:
    """Text the notifiers' Jinja rendering leaves as it is (an error message may contain "{{": a
    dbt compilation error always does)."""
    return "{% raw %}" + text.replace("{% endraw %}", "{% end raw %}") + "{% endraw %}"


def _text(alert: dict) -> str:
    return "\n".join(f"{key}: {value}" for key, value in alert.items())


def notifiers(alert: dict) -> dict[str, object]:
    """The configured notifier per channel name ("email", "chat"), ready to notify."""
    configured: dict[str, object] = {}
    recipients = [a.strip() for a in os.environ.get("NTT_DW_ALERT_EMAIL_TO", "").split(",") if a.strip()]
    if recipients and _connection_configured(SMTP_CONN_ID):
        from airflow.providers.smtp.notifications.smtp import SmtpNotifier

        configured["email"] = SmtpNotifier(
            to=recipients,
            subject=_verbatim(_subject(alert)),
            html_content="<pre>" + _verbatim(html.escape(_text(alert))) + "</pre>",
            smtp_conn_id=SMTP_CONN_ID,
        )
    if _connection_configured(APPRISE_CONN_ID):
        from airflow.providers.apprise.notifications.apprise import AppriseNotifier

        configured["chat"] = AppriseNotifier(
            title=_verbatim(_subject(alert)), body=_verbatim(_text(alert)), apprise_conn_id=APPRISE_CONN_ID
        )
    return configured


def send(alert: dict, context=None) -> dict[str, bool]:
    """Deliver on every configured channel; returns which ones delivered (a channel not configured
    is False too)."""
    write_file(alert)
    delivered = {"file": True, "email": False, "chat": False}
    for name, notifier in notifiers(alert).items():
        try:
            notifier(dict(context or {}))  # type: ignore[operator]  # renders its templates, then notifies
            delivered[name] = True
        except Exception as exc:
            log.error("alert channel %s failed: %s", name, scrub_text(str(exc)))
    log.error("ALERT %s.%s failed (run %s): %s", alert["dag_id"], alert["task_id"], alert["run_id"], alert["error"])
    return delivered
