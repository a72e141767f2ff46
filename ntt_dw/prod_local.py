"""The production topology as native processes (no Docker): CeleryExecutor with its metadata
database on the machine's PostgreSQL and its broker on Redis; scheduler, dag-processor,
triggerer, api-server and two Celery workers.

    ntt-dw prod start     # creates the metadata DB, migrates, starts everything
    ntt-dw prod status
    ntt-dw prod stop [--drop-db]
    ntt-dw prod stop|start COMPONENT   # one of them, e.g. scheduler or worker-1

Settings (environment): NTT_DW_PG_URL (default postgresql+psycopg2://postgres@127.0.0.1:5432),
NTT_DW_PROD_DB (metadata database, default ntt_dw_airflow), NTT_DW_REDIS_URL (default
redis://127.0.0.1:6379/0), NTT_DW_AIRFLOW_PORT. Processes, pids and logs live under var/prod/.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from ingestion.core.settings import REPO_ROOT, home
from ntt_dw import airflow_local

REPO = REPO_ROOT

PG_URL = os.environ.get("NTT_DW_PG_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("NTT_DW_PROD_DB", "ntt_dw_airflow")
REDIS_URL = os.environ.get("NTT_DW_REDIS_URL", "redis://127.0.0.1:6379/0")
PORT = airflow_local.UI_PORT
COMPONENTS = {
    "api-server": ["api-server", "--port", PORT],
    "scheduler": ["scheduler"],
    "dag-processor": ["dag-processor"],
    "triggerer": ["triggerer"],
    "worker-1": ["celery", "worker", "--celery-hostname", "worker-1@%h", "--concurrency", "2"],
    "worker-2": ["celery", "worker", "--celery-hostname", "worker-2@%h", "--concurrency", "2"],
}


def state_dir() -> Path:
    return home() / "prod"


def _secret(name: str) -> str:
    """A secret shared by every process of this topology (generated once, 0600)."""
    path = state_dir() / f"{name}.secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        os.chmod(path, 0o600)
    return path.read_text(encoding="utf-8").strip()


def configure() -> None:
    database = f"{PG_URL}/{DB_NAME}"
    airflow_local.TOPOLOGY_OVERRIDES.update(
        {
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": database,
            "AIRFLOW__CELERY__BROKER_URL": REDIS_URL,
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + database,
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://localhost:{PORT}/execution/",
            "AIRFLOW__API_AUTH__JWT_SECRET": _secret("jwt"),
            "AIRFLOW__API__SECRET_KEY": _secret("api"),
            "AIRFLOW__CORE__FERNET_KEY": "",
            "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "True",
            "AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS": "ntt_dw.orchestration.celery_config.CELERY_CONFIG",
        }
    )


def _admin_connection():
    import psycopg2

    url = PG_URL.replace("postgresql+psycopg2://", "postgresql://")
    connection = psycopg2.connect(f"{url}/postgres")
    connection.autocommit = True
    return connection


def metadata_sql(query: str, *params, database: str | None = None) -> list[tuple]:
    """One statement on a topology's metadata database: how tests and benchmarks read run and
    task states. Returns the rows (none for a statement without a result)."""
    import psycopg2

    url = PG_URL.replace("postgresql+psycopg2://", "postgresql://")
    connection = psycopg2.connect(f"{url}/{database or DB_NAME}")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def create_database() -> None:
    connection = _admin_connection()  # not `with connection`: psycopg2 would open a transaction
    with connection.cursor() as cursor:
        cursor.execute("select 1 from pg_database where datname = %s", (DB_NAME,))
        if cursor.fetchone() is None:
            cursor.execute(f'create database "{DB_NAME}"')
    connection.close()


def drop_database() -> None:
    connection = _admin_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'drop database if exists "{DB_NAME}" with (force)')
    connection.close()


def _pids() -> dict[str, int]:
    path = state_dir() / "pids.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _alive(pid: int) -> bool:
    """Whether any process of the component's group (it leads its own session) is still there:
    a worker's forked task processes count too."""
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _launch(name: str) -> int:
    logs = state_dir() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with (logs / f"{name}.log").open("a", encoding="utf-8") as log:
        process = subprocess.Popen(
            [str(airflow_local.BIN / "airflow"), *COMPONENTS[name]],
            env=airflow_local.airflow_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process.pid


def _save_pids(pids: dict[str, int]) -> None:
    (state_dir() / "pids.json").write_text(json.dumps(pids, indent=2), encoding="utf-8")


def start() -> dict[str, int]:
    configure()
    create_database()
    airflow_local.init()
    pids = {name: _launch(name) for name in COMPONENTS}
    _save_pids(pids)
    return pids


def start_component(name: str) -> int:
    """(Re)start one component of a running topology, e.g. after `stop_component`."""
    configure()
    pids = _pids()
    if name in pids and _alive(pids[name]):
        raise SystemExit(f"{name} is already running (pid {pids[name]})")
    pids[name] = _launch(name)
    _save_pids(pids)
    return pids[name]


def _tree(pid: int) -> list:
    """A component's process and all its descendants: Airflow puts each task process in a process
    group of its own, so signalling the component's group alone would leave running tasks behind."""
    import psutil

    try:
        leader = psutil.Process(pid)
        return [leader, *leader.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def kill_tree(pid: int, sig: int = signal.SIGKILL) -> None:
    """Signal a component's process group and every descendant (a worker and the tasks it runs)."""
    import psutil

    processes = _tree(pid)
    if _alive(pid):
        os.killpg(pid, sig)
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.send_signal(sig)


def _terminate(pids: list[int], timeout: float) -> None:
    """SIGTERM each component (its group and descendants), SIGKILL what is still there after `timeout`."""
    import psutil

    processes = [process for pid in pids for process in _tree(pid)]
    for pid in pids:
        kill_tree(pid, signal.SIGTERM)
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    for pid in pids:  # members of the group started after the snapshot above
        if _alive(pid):
            os.killpg(pid, signal.SIGKILL)
    psutil.wait_procs(alive, timeout=10)


def stop_component(name: str, timeout: float = 60) -> None:
    """Stop one component (the others keep running)."""
    pids = _pids()
    if name not in COMPONENTS:
        raise SystemExit(f"unknown component {name!r}: one of {', '.join(COMPONENTS)}")
    _terminate([pids[name]] if name in pids else [], timeout)


def health() -> dict:
    with urllib.request.urlopen(f"http://localhost:{PORT}/api/v2/monitor/health", timeout=5) as response:
        return json.loads(response.read())


def stop(drop_db: bool = False, timeout: float = 60) -> None:
    """Stop every component (SIGTERM, then SIGKILL after `timeout`); optionally drop the metadata DB."""
    _terminate(list(_pids().values()), timeout)
    (state_dir() / "pids.json").unlink(missing_ok=True)
    if drop_db:
        configure()
        drop_database()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    component = next((arg for arg in argv[1:] if not arg.startswith("-")), None)
    if command == "start" and component:
        print(f"started {component} ({start_component(component)})")
    elif command == "stop" and component:
        stop_component(component)
        print(f"stopped {component}")
    elif command == "start":
        pids = start()
        print(
            f"started {', '.join(f'{k} ({v})' for k, v in pids.items())}; UI http://localhost:{PORT}; "
            f"logs {state_dir() / 'logs'}"
        )
    elif command == "stop":
        stop(drop_db="--drop-db" in argv)
        print("stopped")
    else:
        configure()
        print(json.dumps({"processes": {k: _alive(v) for k, v in _pids().items()}}, indent=2))
        try:
            print(json.dumps(health(), indent=2))
        except OSError as exc:
            print(f"api-server not answering: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
