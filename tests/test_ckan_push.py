"""The CKAN push (ckanapi) against a local HTTP server that records what it receives."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from publish.ckan import push_export


class Portal(BaseHTTPRequestHandler):
    """A minimal CKAN action API: packages unknown until created; every request recorded."""

    received: list = []
    packages: dict = {}

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        action = self.path.rsplit("/", 1)[-1]
        self.received.append(
            {
                "action": action,
                "auth": self.headers.get("Authorization"),
                "content_type": self.headers.get("Content-Type", ""),
                "body": body,
            }
        )
        if action == "package_show":
            name = json.loads(body)["id"]
            if name not in self.packages:
                return self._reply(
                    404, {"success": False, "error": {"__type": "Not Found Error", "message": "Not found"}}
                )
            return self._reply(200, {"success": True, "result": self.packages[name]})
        if action == "package_create":
            package = json.loads(body)
            package["id"] = f"id-{package['name']}"
            self.packages[package["name"]] = package
            return self._reply(200, {"success": True, "result": package})
        if action in ("package_patch", "resource_create"):
            return self._reply(200, {"success": True, "result": {"id": "r-1"}})
        return self._reply(400, {"success": False, "error": {"__type": "Validation Error", "message": action}})

    do_GET = do_POST

    def _reply(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def portal():
    Portal.received, Portal.packages = [], {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def export_folder(tmp_path) -> Path:
    (tmp_path / "a.csv").write_text("kode_provinsi,tahun\n53,2024\n", encoding="utf-8")
    packages = [
        {
            "name": "jumlah-penduduk",
            "title": "Jumlah Penduduk",
            "owner_org": "pemprov-ntt",
            "extras": [{"key": "produsen_data", "value": "BPS"}],
            "resources": [{"name": "a.csv", "url": "a.csv", "format": "CSV"}],
        }
    ]
    (tmp_path / "ckan_package.json").write_text(json.dumps(packages), encoding="utf-8")
    return tmp_path


def test_creates_packages_and_uploads_resources_with_the_token(portal, export_folder):
    assert push_export(export_folder, url=portal, token="rahasia-uji") == 1
    actions = [r["action"] for r in Portal.received]
    assert actions == ["package_show", "package_create", "resource_create"]
    assert all(r["auth"] == "rahasia-uji" for r in Portal.received)
    created = json.loads(Portal.received[1]["body"])
    assert created["name"] == "jumlah-penduduk" and created["extras"][0]["value"] == "BPS"
    upload = Portal.received[2]
    assert upload["content_type"].startswith("multipart/form-data")
    assert b"kode_provinsi,tahun" in upload["body"] and b"id-jumlah-penduduk" in upload["body"]


def test_an_existing_package_is_patched_not_duplicated(portal, export_folder):
    push_export(export_folder, url=portal, token="t")
    Portal.received.clear()
    push_export(export_folder, url=portal, token="t")
    assert [r["action"] for r in Portal.received] == ["package_show", "package_patch", "resource_create"]


def test_without_a_portal_nothing_is_pushed(export_folder, monkeypatch):
    monkeypatch.delenv("NTT_DW_CKAN_URL", raising=False)
    assert push_export(export_folder) == 0
