"""Failure alerts: a file always, e-mail (SmtpNotifier) and chat or webhook (AppriseNotifier) when their
Airflow connections are configured, each tested against a local server that records what it
receives; no victim data in any of them."""

import email
import json
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from ntt_dw.orchestration.alerts import build_alert, send

CANARY_NIK, CANARY_PHONE = "5371016101990042", "+62 812-7771-2345"


class SmtpRecorder(socketserver.StreamRequestHandler):
    """Just enough SMTP (EHLO, MAIL, RCPT, DATA, QUIT) to record one message per session."""

    messages: list = []

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 localhost recorder")
        envelope = {"rcpt": [], "data": b""}
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 localhost")
            elif verb == "MAIL":
                envelope["from"] = command
                self.reply("250 OK")
            elif verb == "RCPT":
                envelope["rcpt"].append(command)
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with .")
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    envelope["data"] += data
                self.messages.append(envelope)
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


class WebhookRecorder(BaseHTTPRequestHandler):
    received: list = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()


@pytest.fixture
def servers():
    SmtpRecorder.messages, WebhookRecorder.received = [], []
    smtp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpRecorder)
    http = ThreadingHTTPServer(("127.0.0.1", 0), WebhookRecorder)
    for server in (smtp, http):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield smtp.server_address[1], http.server_address[1]
    smtp.shutdown()
    http.shutdown()


def failed_context():
    ti = SimpleNamespace(
        dag_id="ingest_uptd_ppa",
        task_id="ingest_new_files",
        run_id="scheduled__2026-11-23",
        try_number=2,
        log_url="http://localhost:8080/dags/ingest_uptd_ppa/runs/x/tasks/ingest_new_files",
    )
    error = ValueError(f"row 7: NIK {CANARY_NIK} / telepon {CANARY_PHONE} rejected; {{{{ not a template }}}}")
    return {"task_instance": ti, "exception": error}


def smtp_connection(port: int) -> str:
    """The `ntt_dw_smtp` connection as Airflow reads it from the environment (JSON form)."""
    return json.dumps(
        {
            "conn_type": "smtp",
            "host": "127.0.0.1",
            "port": port,
            "extra": {"disable_ssl": True, "disable_tls": True, "from_email": "ntt-dw@localhost"},
        }
    )


def apprise_connection(port: int) -> str:
    """The `ntt_dw_apprise` connection: Apprise's generic JSON webhook, to the local recorder."""
    return json.dumps({"conn_type": "apprise", "extra": {"config": {"path": f"json://127.0.0.1:{port}/hook"}}})


def test_alert_reaches_every_channel_without_victim_data(ntt_home, servers, monkeypatch):
    smtp_port, http_port = servers
    monkeypatch.setenv("AIRFLOW_CONN_NTT_DW_SMTP", smtp_connection(smtp_port))
    monkeypatch.setenv("AIRFLOW_CONN_NTT_DW_APPRISE", apprise_connection(http_port))
    monkeypatch.setenv("NTT_DW_ALERT_EMAIL_TO", "piket@dp3a.nttprov.go.id")
    context = failed_context()
    delivered = send(build_alert(context), context)
    assert delivered == {"file": True, "email": True, "chat": True}
    (mail,) = SmtpRecorder.messages
    message = email.message_from_bytes(mail["data"])
    text = message["Subject"] + "".join(
        part.get_payload(decode=True).decode() for part in message.walk() if not part.is_multipart()
    )
    assert "piket@dp3a.nttprov.go.id" in mail["rcpt"][0]
    for name in ("ingest_uptd_ppa", "ingest_new_files", "scheduled__2026-11-23", "http://localhost:8080/dags/"):
        assert name in text
    assert "{% raw %}" not in text and "{{ not a template }}" in text  # the error text arrives verbatim
    (hook,) = WebhookRecorder.received
    assert "ingest_uptd_ppa.ingest_new_files" in hook["title"] and "log: http://" in hook["message"]
    files = list((ntt_home / "alerts").glob("*.json"))
    everything = text + json.dumps(hook) + "".join(p.read_text() for p in files)
    assert CANARY_NIK not in everything and "812-7771-2345" not in everything
    assert "[disamarkan]" in hook["message"]


def test_without_channels_the_alert_is_still_written(ntt_home, monkeypatch):
    for name in ("AIRFLOW_CONN_NTT_DW_SMTP", "AIRFLOW_CONN_NTT_DW_APPRISE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NTT_DW_ALERT_EMAIL_TO", "piket@example.org")  # recipients without a connection: no e-mail
    assert send(build_alert(failed_context())) == {"file": True, "email": False, "chat": False}
    (path,) = (ntt_home / "alerts").glob("*.json")
    assert json.loads(path.read_text())["task_id"] == "ingest_new_files"


def test_a_broken_channel_does_not_hide_the_others(ntt_home, servers, monkeypatch):
    _, http_port = servers
    monkeypatch.setenv("AIRFLOW_CONN_NTT_DW_SMTP", smtp_connection(1))  # nothing listens there
    monkeypatch.setenv("AIRFLOW_CONN_NTT_DW_APPRISE", apprise_connection(http_port))
    monkeypatch.setenv("NTT_DW_ALERT_EMAIL_TO", "piket@example.org")
    assert send(build_alert(failed_context())) == {"file": True, "email": False, "chat": True}
