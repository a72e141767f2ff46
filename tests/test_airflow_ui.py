"""`make airflow`: Airflow standalone (api-server, scheduler, dag-processor, triggerer) on the
runtime folder's home serves the UI and the DAGs, with a login for user admin."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.e2e  # starts Airflow standalone (about 40 s)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str, token: str | None = None, data: dict | None = None) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(data).encode() if data else None,
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def standalone(tmp_path_factory):
    home = tmp_path_factory.mktemp("ui") / "var"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(NTT_DW_HOME=str(home), NTT_DW_AIRFLOW_PORT=str(port))
    log = (home.parent / "standalone.log").open("w")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("ntt-dw")), "airflow", "standalone"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"standalone exited early: see {log.name}")
            try:
                get_json(f"{base}/api/v2/monitor/health")
                break
            except OSError:
                time.sleep(2)
        else:
            pytest.fail(f"UI not up after 240 s: see {log.name}")
        yield base, home
    finally:
        stop_tree(process.pid)
        log.close()


def stop_tree(pid: int) -> None:
    """Stop standalone and every process it started (scheduler, api-server, ...): none may outlive the test."""
    import psutil

    try:
        parent = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    processes = [parent, *parent.children(recursive=True)]
    for proc in processes:
        try:
            proc.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(processes, timeout=30)
    for proc in alive:
        proc.kill()
    psutil.wait_procs(alive, timeout=10)


def test_ui_serves_the_dags_after_login(standalone):
    base, home = standalone
    passwords = json.loads((home / "airflow" / "simple_auth_manager_passwords.json").read_text())
    token = get_json(f"{base}/auth/token", data={"username": "admin", "password": passwords["admin"]})["access_token"]
    deadline = time.monotonic() + 120
    dag_ids = set()
    while time.monotonic() < deadline and not {"ingest_bps_population", "transform"} <= dag_ids:
        dag_ids = {d["dag_id"] for d in get_json(f"{base}/api/v2/dags", token)["dags"]}
        time.sleep(2)
    assert {"ingest_bps_population", "transform"} <= dag_ids
    tasks = {t["task_id"] for t in get_json(f"{base}/api/v2/dags/transform/tasks", token)["tasks"]}
    assert "dbt_build.fct_population" in tasks  # each dbt model is a task the operator can see


def test_ui_requires_a_login(standalone):
    base, _ = standalone
    with pytest.raises(urllib.error.HTTPError) as denied:
        get_json(f"{base}/api/v2/dags")
    assert denied.value.code in (401, 403)
