"""Failure alerts: a file always, e-mail through SMTP and a webhook when configured, each
tested against a local server that records what it receives; no victim data in any of them."""

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
    error = ValueError(f"row 7: NIK {CANARY_NIK} / telepon {CANARY_PHONE} rejected")
    return {"task_instance": ti, "exception": error}


def test_alert_reaches_every_channel_without_victim_data(ntt_home, servers, monkeypatch):
    smtp_port, http_port = servers
    monkeypatch.setenv("NTT_DW_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("NTT_DW_SMTP_PORT", str(smtp_port))
    monkeypatch.setenv("NTT_DW_SMTP_STARTTLS", "false")
    monkeypatch.delenv("NTT_DW_SMTP_USER", raising=False)
    monkeypatch.setenv("NTT_DW_ALERT_EMAIL_TO", "piket@dp3a.nttprov.go.id")
    monkeypatch.setenv("NTT_DW_ALERT_WEBHOOK_URL", f"http://127.0.0.1:{http_port}/hook")
    delivered = send(build_alert(failed_context()))
    assert delivered == {"file": True, "email": True, "webhook": True}
    (mail,) = SmtpRecorder.messages
    text = mail["data"].decode()
    assert "piket@dp3a.nttprov.go.id" in mail["rcpt"][0]
    for name in ("ingest_uptd_ppa", "ingest_new_files", "scheduled__2026-11-23", "http://localhost:8080/dags/"):
        assert name in text
    (hook,) = WebhookRecorder.received
    assert hook["alert"]["dag_id"] == "ingest_uptd_ppa" and hook["alert"]["log"].startswith("http://")
    files = list((ntt_home / "alerts").glob("*.json"))
    everything = text + json.dumps(hook) + "".join(p.read_text() for p in files)
    assert CANARY_NIK not in everything and "812-7771-2345" not in everything
    assert "[disamarkan]" in hook["alert"]["error"]


def test_without_channels_the_alert_is_still_written(ntt_home, monkeypatch):
    for name in ("NTT_DW_SMTP_HOST", "NTT_DW_ALERT_WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    assert send(build_alert(failed_context())) == {"file": True, "email": False, "webhook": False}
    (path,) = (ntt_home / "alerts").glob("*.json")
    assert json.loads(path.read_text())["task_id"] == "ingest_new_files"


def test_a_broken_channel_does_not_hide_the_others(ntt_home, servers, monkeypatch):
    _, http_port = servers
    monkeypatch.setenv("NTT_DW_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("NTT_DW_SMTP_PORT", "1")  # nothing listens there
    monkeypatch.setenv("NTT_DW_ALERT_EMAIL_TO", "piket@example.org")
    monkeypatch.setenv("NTT_DW_ALERT_WEBHOOK_URL", f"http://127.0.0.1:{http_port}/hook")
    assert send(build_alert(failed_context())) == {"file": True, "email": False, "webhook": True}
