"""Superset provisioned as code (`make bi`): install, provision, serve, run every chart, screenshot every dashboard.

Against a snapshot published from the sample warehouse: Superset's own venv (cached in
~/.cache/ntt-dw/superset-venv-<hash of superset/requirements.txt>, so reruns skip the install),
ntt_dw/superset_local.setup (db upgrade, roles, admin, the assets of superset/assets/), gunicorn
on a free port. Every chart's saved query runs through /api/v1/chart/<id>/data/ and must return
rows; every dashboard is rendered by headless Chromium (driven over the DevTools protocol) and
saved as <home>/superset/screenshots/<slug>.png. An install that fails fails the test: Superset
is part of what the project delivers, not an optional extra.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
import yaml

from ntt_dw import superset_local

pytestmark = pytest.mark.e2e

CACHE = Path(os.environ.get("NTT_DW_CACHE", Path.home() / ".cache" / "ntt-dw"))
CHROMIUM = Path(os.environ.get("NTT_DW_CHROMIUM", "/usr/bin/chromium"))
ASSETS = superset_local.ASSETS
#: what a rendered dashboard must not show (Superset's error and empty-result messages)
ERROR_TEXTS = ("Unexpected error", "No results were returned", "Data error", "An error occurred", "Traceback")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def superset_venv() -> Path:
    venv = CACHE / f"superset-venv-{superset_local.requirements_hash()}"
    try:
        return superset_local.ensure_venv(venv)
    except superset_local.InstallError as error:
        pytest.fail(f"Superset could not be installed into {venv}: {error}", pytrace=False)


@pytest.fixture(scope="module")
def bi_home(sample_warehouse_home, tmp_path_factory, superset_venv):
    """A copy of the sample warehouse, published, with Superset provisioned on it."""
    from publish import snapshot

    home = tmp_path_factory.mktemp("superset") / "var"
    shutil.copytree(sample_warehouse_home, home)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NTT_DW_HOME", str(home))
        for name in ("SUPERSET_SECRET_KEY", "SUPERSET_ADMIN_PASSWORD"):
            patch.delenv(name, raising=False)
        snapshot.publish_snapshot(run_id="superset-test")
        problem = superset_local.snapshot_readable(superset_venv)
        assert problem is None, f"Superset's DuckDB (1.x) cannot open the published snapshot: {problem}"
        superset_local.setup(superset_venv)
        yield home


@pytest.fixture(scope="module")
def server(bi_home, superset_venv):
    port = free_port()
    log = bi_home / "superset" / "gunicorn.log"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NTT_DW_HOME", str(bi_home))
        env = superset_local.superset_env(superset_venv)
    with log.open("w") as handle:
        process = subprocess.Popen(
            superset_local.serve_command(superset_venv, port), env=env, stdout=handle, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, f"Superset exited ({process.returncode}):\n{log.read_text()[-4000:]}"
            try:
                if requests.get(f"{base}/health", timeout=10).text == "OK":
                    break
            except requests.RequestException:  # not listening yet, or a worker still booting
                pass
            assert time.monotonic() < deadline, f"Superset did not answer /health:\n{log.read_text()[-4000:]}"
            time.sleep(1)
        yield {"base": base, "password": env["SUPERSET_ADMIN_PASSWORD"], "home": bi_home}
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def api_token(server, username: str = "admin") -> dict[str, str]:
    answer = requests.post(
        f"{server['base']}/api/v1/security/login",
        json={"username": username, "password": server["password"], "provider": "db", "refresh": False},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def listing(server, what: str, headers: dict | None = None) -> list[dict]:
    answer = requests.get(
        f"{server['base']}/api/v1/{what}/", params={"q": "(page_size:100)"}, headers=headers or {}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["result"]


def test_every_chart_returns_rows(server):
    headers = api_token(server)
    charts = listing(server, "chart", headers)
    assert {c["slice_name"] for c in charts} == {
        yaml.safe_load(p.read_text(encoding="utf-8"))["slice_name"] for p in (ASSETS / "charts").glob("*.yaml")
    }
    empty = {}
    for chart in charts:
        answer = requests.get(f"{server['base']}/api/v1/chart/{chart['id']}/data/", headers=headers, timeout=120)
        if answer.status_code != 200:
            empty[chart["slice_name"]] = answer.text[:500]
            continue
        rows = sum(result["rowcount"] for result in answer.json()["result"])
        if rows == 0:
            empty[chart["slice_name"]] = "no rows"
    assert empty == {}


def test_public_reads_only_the_public_dashboards(server):
    """Anonymous visitors (role Public) see the public dashboards, not the restricted case statistics."""
    admin = {d["slug"]: d for d in listing(server, "dashboard", api_token(server))}
    assert set(admin) == set(yaml.safe_load((ASSETS.parent / "access.yml").read_text())["dashboards"])
    public = {d["slug"] for d in listing(server, "dashboard")}
    assert "kasus" not in public and {"pjpk", "anggaran", "kualitas-data"} <= public
    charts = {c["slice_name"]: c["id"] for c in listing(server, "chart", api_token(server))}
    restricted = requests.get(f"{server['base']}/api/v1/chart/{charts['Korban menurut jenis kelamin']}/data/")
    assert restricted.status_code in (401, 403, 404), restricted.text[:300]
    opened = requests.get(f"{server['base']}/api/v1/chart/{charts['Status indikator PJPK']}/data/")
    assert opened.status_code == 200, opened.text[:300]
    # read-only: an anonymous visitor creates nothing
    created = requests.post(f"{server['base']}/api/v1/chart/", json={"slice_name": "x", "viz_type": "table"})
    assert created.status_code in (400, 401, 403), created.text[:300]


# ---------------------------------------------------------------- screenshots (Chrome DevTools protocol)


class Browser:
    """Headless Chromium driven over its DevTools websocket (no webdriver needed)."""

    def __init__(self, profile: Path):
        from websockets.sync.client import connect

        self.process = subprocess.Popen(
            [
                str(CHROMIUM),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--lang=id-ID",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            assert time.monotonic() < deadline, "Chromium did not open its DevTools port"
            time.sleep(0.2)
        port = port_file.read_text().splitlines()[0]
        pages = [
            t for t in requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json() if t["type"] == "page"
        ]
        self.stack = contextlib.ExitStack()
        self.socket = self.stack.enter_context(connect(pages[0]["webSocketDebuggerUrl"], max_size=None))
        self.ids = itertools.count(1)

    def call(self, method: str, **params) -> dict:
        message_id = next(self.ids)
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=120))
            if message.get("id") == message_id:
                assert "error" not in message, message
                return message.get("result", {})

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def close(self) -> None:
        self.stack.close()
        self.process.terminate()
        self.process.wait(timeout=30)


def session_cookie(server) -> str:
    """Log in through the login form (the API's JWT does not open the UI)."""
    session = requests.Session()
    page = session.get(f"{server['base']}/login/", timeout=30)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert token, "no CSRF token on the login page"
    session.post(
        f"{server['base']}/login/",
        data={"username": "admin", "password": server["password"], "csrf_token": token.group(1)},
        timeout=30,
    )
    assert "session" in session.cookies, "login through the form failed"
    return session.cookies["session"]


WAIT_RENDERED = """(() => {
  const charts = document.querySelectorAll('.dashboard-component-chart-holder').length;
  const loading = document.querySelectorAll('.loading, [data-test="loading-indicator"], .ant-skeleton').length;
  return {charts, loading, text: document.body.innerText};
})()"""


def test_screenshot_every_dashboard(server, tmp_path):
    assert CHROMIUM.exists(), f"no Chromium at {CHROMIUM} (NTT_DW_CHROMIUM)"
    folder = server["home"] / "superset" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    dashboards = listing(server, "dashboard", api_token(server))
    browser = Browser(tmp_path / "chromium")
    problems = {}
    try:
        browser.call("Network.enable")
        browser.call("Network.setCookie", name="session", value=session_cookie(server), url=server["base"])
        browser.call("Emulation.setDeviceMetricsOverride", width=1600, height=1400, deviceScaleFactor=1, mobile=False)
        for dashboard in dashboards:
            expected = len(
                [
                    k
                    for k in yaml.safe_load((ASSETS / "dashboards" / f"{dashboard['slug']}.yaml").read_text())[
                        "position"
                    ]
                    if k.startswith("CHART-")
                ]
            )
            browser.call("Page.navigate", url=f"{server['base']}/superset/dashboard/{dashboard['slug']}/?standalone=1")
            deadline, state, calm = time.monotonic() + 120, {}, 0
            while time.monotonic() < deadline:
                time.sleep(1)
                state = browser.evaluate(WAIT_RENDERED) or {}
                calm = calm + 1 if state.get("charts", 0) >= expected and state.get("loading", 1) == 0 else 0
                if calm >= 3 or (state.get("charts", 0) == 0 and time.monotonic() > deadline - 90):
                    break
            height = browser.evaluate("document.documentElement.scrollHeight") or 1400
            browser.call(
                "Emulation.setDeviceMetricsOverride", width=1600, height=int(height), deviceScaleFactor=1, mobile=False
            )
            time.sleep(2)
            shot = browser.call("Page.captureScreenshot", format="png")
            (folder / f"{dashboard['slug']}.png").write_bytes(base64.b64decode(shot["data"]))
            browser.call(
                "Emulation.setDeviceMetricsOverride", width=1600, height=1400, deviceScaleFactor=1, mobile=False
            )
            errors = [text for text in ERROR_TEXTS if text in state.get("text", "")]
            if calm < 3 or errors:
                problems[dashboard["slug"]] = {
                    "charts": state.get("charts"),
                    "expected": expected,
                    "loading": state.get("loading"),
                    "errors": errors,
                }
    finally:
        browser.close()
    assert problems == {}, f"{problems} (screenshots in {folder})"
    assert sorted(p.stem for p in folder.glob("*.png")) == sorted(d["slug"] for d in dashboards)
