"""Drive the production topology (ntt_dw/prod_local.py: CeleryExecutor on the machine's
PostgreSQL and Redis, scheduler, dag-processor, triggerer, api-server, two Celery workers) from
tests: start it in a throwaway runtime folder with its own metadata database, talk to it through
the Airflow CLI and its metadata database, and stop it so that nothing is left running.

Only the scheduler runs DAGs here (unpausing, Assets, `airflow dags trigger`): never `dags test`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PROD_LOCAL = [str(Path(sys.executable).with_name("ntt-dw")), "prod"]
#: a Redis database of its own, emptied at start, so no message of an earlier topology leaks in
REDIS_DB = 7


def reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


#: the mark every test module of the topology carries: skipped, saying why, only without the services
needs_services = pytest.mark.skipif(
    not (reachable(5432) and reachable(6379)),
    reason="needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (CI has both)",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Topology:
    """One running topology: its runtime folder, environment and metadata database."""

    def __init__(self, home: Path, **settings: str):
        self.home = home
        self.database = f"ntt_dw_test_{uuid.uuid4().hex[:8]}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
        env.update(
            NTT_DW_HOME=str(home),
            NTT_DW_PROD_DB=self.database,
            NTT_DW_AIRFLOW_PORT=str(free_port()),
            NTT_DW_REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        )
        env.update(settings)
        self.env = env
        self._airflow_env: dict | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> dict[str, int]:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
        started = subprocess.run([*PROD_LOCAL, "start"], env=self.env, capture_output=True, text=True, timeout=600)
        assert started.returncode == 0, started.stdout[-2000:] + started.stderr[-2000:]
        return self.pids()

    def stop(self) -> None:
        stopped = subprocess.run(
            [*PROD_LOCAL, "stop", "--drop-db"], env=self.env, capture_output=True, text=True, timeout=300
        )
        assert stopped.returncode == 0, stopped.stderr[-2000:]

    def pids(self) -> dict[str, int]:
        return json.loads((self.home / "prod" / "pids.json").read_text())

    def processes(self, component: str) -> list:
        """Every process of a component: its process group, and everything under those processes
        (Airflow gives each task process a process group of its own)."""
        import psutil

        group = self.pids()[component]
        members = []
        for process in psutil.process_iter():
            with contextlib.suppress(psutil.Error, ProcessLookupError):
                if os.getpgid(process.pid) == group:
                    members.append(process)
        found = {p.pid: p for p in members}
        for process in members:
            with contextlib.suppress(psutil.Error):
                found.update({child.pid: child for child in process.children(recursive=True)})
        return list(found.values())

    def component_running(self, ti_id: str) -> str | None:
        """The component whose processes include the supervisor of a task instance (Airflow titles
        it `airflow supervisor: <ti id>`), e.g. worker-2."""
        import psutil

        for name in self.pids():
            for process in self.processes(name):
                with contextlib.suppress(psutil.Error):
                    if ti_id in " ".join(process.cmdline()):
                        return name
        return None

    def kill(self, component: str) -> None:
        """kill -9 a component and every process under it: a Celery worker's host dying takes
        the task processes with it."""
        import psutil

        processes = self.processes(component)
        for process in processes:
            with contextlib.suppress(psutil.Error):
                process.send_signal(signal.SIGKILL)
        psutil.wait_procs(processes, timeout=30)

    def stop_component(self, component: str) -> None:
        self._prod_local("stop", component)

    def start_component(self, component: str) -> int:
        self._prod_local("start", component)
        return self.pids()[component]

    def _prod_local(self, *args: str) -> None:
        out = subprocess.run([*PROD_LOCAL, *args], env=self.env, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]

    # -- talking to it ------------------------------------------------------------------------
    def airflow_env(self) -> dict:
        """The environment prod_local gives its processes (same database, broker, secrets)."""
        if self._airflow_env is None:
            code = (
                "import json; from ntt_dw import airflow_local, prod_local; "
                "prod_local.configure(); print(json.dumps(airflow_local.airflow_env()))"
            )
            out = subprocess.run([sys.executable, "-c", code], env=self.env, capture_output=True, text=True, timeout=60)
            self._airflow_env = json.loads(out.stdout.strip().splitlines()[-1])
        return self._airflow_env

    def airflow(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        out = subprocess.run(
            [str(Path(sys.executable).with_name("airflow")), *args],
            env=self.airflow_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert out.returncode == 0, f"airflow {' '.join(args)}: {out.stdout[-1500:]}{out.stderr[-1500:]}"
        return out

    def sql(self, query: str, *params) -> list[tuple]:
        from ntt_dw.prod_local import metadata_sql

        return metadata_sql(query, *params, database=self.database)

    def runs(self, dag_id: str) -> list[tuple[str, str, str]]:
        """(run_id, run_type, state) of every run of the DAG, oldest first."""
        return self.sql("select run_id, run_type, state from dag_run where dag_id = %s order by id", dag_id)

    def task_tries(self, dag_id: str, task_id: str) -> list[tuple]:
        """(run_id, try_number, state, hostname) of every try of a task, from the try history."""
        return self.sql(
            """select run_id, try_number, state, hostname from task_instance_history
                           where dag_id = %s and task_id = %s
                           union all
                           select run_id, try_number, state, hostname from task_instance
                           where dag_id = %s and task_id = %s order by 1, 2""",
            dag_id,
            task_id,
            dag_id,
            task_id,
        )

    def unpause(self, *dag_ids: str, timeout: float = 240) -> None:
        """Unpause once the dag-processor has parsed them (the scheduler then schedules them)."""
        wait_for(
            lambda: len(self.sql("select dag_id from dag where dag_id = any(%s)", list(dag_ids))) == len(dag_ids),
            timeout,
            f"the dag-processor to parse {dag_ids}",
        )
        self.sql("update dag set is_paused = false where dag_id = any(%s) returning dag_id", list(dag_ids))

    def drop_samples(self, folders: list[str] | None = None) -> int:
        """Copy the shipped sample extracts (seeds/extracts/<folder>/) into the landing zone."""
        copied = 0
        for source in sorted((REPO / "seeds" / "extracts").iterdir()):
            if source.is_dir() and (folders is None or source.name in folders):
                target = self.home / "landing" / source.name
                target.mkdir(parents=True, exist_ok=True)
                for path in source.iterdir():
                    if path.is_file() and not path.name.startswith(("README", ".")):
                        shutil.copy2(path, target / path.name)
                        copied += 1
        return copied

    def log_tail(self, component: str, chars: int = 3000) -> str:
        path = self.home / "prod" / "logs" / f"{component}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""


def wait_for(condition, timeout: float, what: str, interval: float = 2.0):
    """Poll until condition() is truthy; fail naming what was awaited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
