"""The production topology as native processes: CeleryExecutor with its metadata database on
the machine's PostgreSQL and its broker on Redis (scripts/prod_local.py). The scheduler runs an
ingestion DAG on its own (no `dags test`), a Celery worker executes it, and stop leaves nothing
running and drops the database. Skipped, saying why, only when PostgreSQL or Redis is not
reachable (CI has both)."""
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]


def reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not (reachable(5432) and reachable(6379)),
                                reason="needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def query(database: str, sql: str) -> list[tuple]:
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname=database)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    finally:
        connection.close()


@pytest.fixture
def topology(tmp_path):
    home = tmp_path / "var"
    env = dict(os.environ, NTT_DW_HOME=str(home), NTT_DW_PROD_DB=f"ntt_dw_test_{uuid.uuid4().hex[:8]}",
               NTT_DW_AIRFLOW_PORT=str(free_port()), NTT_DW_REDIS_URL="redis://127.0.0.1:6379/7")
    env = {k: v for k, v in env.items() if not k.startswith("AIRFLOW")}
    script = [sys.executable, str(REPO / "scripts" / "prod_local.py")]
    started = subprocess.run([*script, "start"], env=env, capture_output=True, text=True, timeout=600)
    try:
        assert started.returncode == 0, started.stdout[-2000:] + started.stderr[-2000:]
        yield home, env
    finally:
        stopped = subprocess.run([*script, "stop", "--drop-db"], env=env, capture_output=True, text=True, timeout=300)
        assert stopped.returncode == 0, stopped.stderr[-2000:]


def test_scheduler_runs_an_ingestion_dag_on_celery_workers_and_stop_leaves_nothing(topology):
    home, env = topology
    pids = json.loads((home / "prod" / "pids.json").read_text())
    assert set(pids) == {"api-server", "scheduler", "dag-processor", "triggerer", "worker-1", "worker-2"}
    landing = home / "landing" / "dp3a"
    landing.mkdir(parents=True)
    for path in (REPO / "seeds" / "extracts" / "dp3a").iterdir():
        (landing / path.name).write_bytes(path.read_bytes())
    airflow = str(Path(sys.executable).with_name("airflow"))
    deadline, state = time.monotonic() + 240, None
    while time.monotonic() < deadline and state != "success":
        # unpausing lets the scheduler create the latest scheduled run by itself
        subprocess.run([airflow, "dags", "unpause", "ingest_dp3a_indicators"], env=_airflow_env(env),
                       capture_output=True, timeout=120)
        rows = query(env["NTT_DW_PROD_DB"], "select state from dag_run where dag_id = 'ingest_dp3a_indicators'")
        state = rows[0][0] if rows else None
        assert state != "failed"
        time.sleep(5)
    assert state == "success"
    executors = query(env["NTT_DW_PROD_DB"], """select distinct hostname, executor from task_instance
                                               where dag_id = 'ingest_dp3a_indicators' and task_id = 'ingest_new_files'""")
    worker_logs = "".join((home / "prod" / "logs" / f"worker-{n}.log").read_text() for n in (1, 2))
    assert "ingest_dp3a_indicators" in worker_logs  # a Celery worker ran it
    records = duckdb.sql(f"select count(*) from read_parquet('{home}/raw/dp3a_indicators/*.parquet')").fetchall()[0][0]
    assert records == 30 and executors


def _airflow_env(env: dict) -> dict:
    """The environment prod_local gives its processes (same database, broker, secrets)."""
    code = ("import json, sys; sys.path[:0] = [sys.argv[1], sys.argv[1] + '/scripts']; import prod_local, airflow_local;"
            "prod_local.configure(); print(json.dumps(airflow_local.airflow_env()))")
    out = subprocess.run([sys.executable, "-c", code, str(REPO)], env=env, capture_output=True, text=True, timeout=60)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_stop_leaves_no_process_and_no_database(tmp_path):
    home = tmp_path / "var"
    env = dict(os.environ, NTT_DW_HOME=str(home), NTT_DW_PROD_DB=f"ntt_dw_test_{uuid.uuid4().hex[:8]}",
               NTT_DW_AIRFLOW_PORT=str(free_port()), NTT_DW_REDIS_URL="redis://127.0.0.1:6379/7")
    env = {k: v for k, v in env.items() if not k.startswith("AIRFLOW")}
    script = [sys.executable, str(REPO / "scripts" / "prod_local.py")]
    assert subprocess.run([*script, "start"], env=env, capture_output=True, timeout=600).returncode == 0
    pids = json.loads((home / "prod" / "pids.json").read_text())
    assert subprocess.run([*script, "stop", "--drop-db"], env=env, capture_output=True, timeout=300).returncode == 0
    for pid in pids.values():
        with pytest.raises(ProcessLookupError):
            os.killpg(pid, 0)
    assert query("postgres", f"select 1 from pg_database where datname = '{env['NTT_DW_PROD_DB']}'") == []
