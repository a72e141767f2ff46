"""Where a failed task is announced: always a JSON file under var/alerts/ and the task log; by
e-mail when NTT_DW_SMTP_HOST is set; to a webhook (chat, incident tool) when
NTT_DW_ALERT_WEBHOOK_URL is set. An alert names the DAG, task, run, try and where the log is; its
error text is scrubbed of anything shaped like a NIK or a phone number
(ingestion.core.privacy.scrub_text), and it never carries row data. A channel that fails is
logged and does not hide the others.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import smtplib
import urllib.request
from email.message import EmailMessage

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


def send_email(alert: dict) -> bool:
    host = os.environ.get("NTT_DW_SMTP_HOST")
    recipients = [a.strip() for a in os.environ.get("NTT_DW_ALERT_EMAIL_TO", "").split(",") if a.strip()]
    if not host or not recipients:
        return False
    message = EmailMessage()
    message["Subject"] = _subject(alert)
    message["From"] = (
        os.environ.get("NTT_DW_ALERT_EMAIL_FROM") or os.environ.get("NTT_DW_SMTP_USER") or "ntt-dw@localhost"
    )
    message["To"] = ", ".join(recipients)
    message.set_content("\n".join(f"{key}: {value}" for key, value in alert.items()))
    port = int(os.environ.get("NTT_DW_SMTP_PORT") or "587")
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        # empty (compose passes unset variables as "") means: STARTTLS on the submission port 587
        if (os.environ.get("NTT_DW_SMTP_STARTTLS") or ("true" if port == 587 else "false")).lower() == "true":
            smtp.starttls()
        if os.environ.get("NTT_DW_SMTP_USER"):
            smtp.login(os.environ["NTT_DW_SMTP_USER"], os.environ.get("NTT_DW_SMTP_PASSWORD", ""))
        smtp.send_message(message)
    return True


def post_webhook(alert: dict) -> bool:
    url = os.environ.get("NTT_DW_ALERT_WEBHOOK_URL")
    if not url:
        return False
    body = json.dumps({"text": _subject(alert), "alert": alert}).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
    return True


def send(alert: dict) -> dict[str, bool]:
    """Deliver on every configured channel; returns which ones delivered."""
    write_file(alert)
    delivered = {"file": True}
    for name, channel in (("email", send_email), ("webhook", post_webhook)):
        try:
            delivered[name] = channel(alert)
        except Exception as exc:
            log.error("alert channel %s failed: %s", name, exc)
            delivered[name] = False
    log.error("ALERT %s.%s failed (run %s): %s", alert["dag_id"], alert["task_id"], alert["run_id"], alert["error"])
    return delivered
