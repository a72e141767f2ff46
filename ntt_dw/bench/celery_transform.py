"""Benchmark: the demo's transform on the native Celery topology (`make prod-local`).

    ntt-dw bench celery

Starts the production topology as processes on a throwaway runtime folder and metadata database
(PostgreSQL, Redis, scheduler, dag-processor, triggerer, api-server, two Celery workers), drops the
shipped sample extracts, lets the ingestion DAGs run and the transform follow through the Assets,
then forces a second transform. Prints each transform run's time as the metadata DB records it
(start to end of the DAG run; goal <= 60 s) and its slowest tasks, then stops everything and
drops the database. Writes var/bench/celery_transform_latest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from ingestion.core.settings import REPO_ROOT
from ntt_dw.bench.figures import publish
from ntt_dw.prod_local import metadata_sql

REPO = REPO_ROOT
BIN = Path(sys.executable).parent
GOAL_SECONDS = 60
REDIS_DB = 13  # not the default 0 a running `make prod-local` uses, nor the tests' database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Topology:
    def __init__(self) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="ntt_dw_bench_celery_")) / "var"
        self.database = f"ntt_dw_bench_{uuid.uuid4().hex[:8]}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
        self.env.update(
            NTT_DW_HOME=str(self.home),
            NTT_DW_PROD_DB=self.database,
            NTT_DW_AIRFLOW_PORT=str(free_port()),
            NTT_DW_REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
            NTT_DW_TASK_RETRIES="0",
        )

    def prod_local(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "ntt_dw.prod_local", *args],
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=600,
        )

    def airflow_env(self) -> dict:
        code = (
            "import json; from ntt_dw import airflow_local, prod_local; "
            "prod_local.configure(); print(json.dumps(airflow_local.airflow_env()))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], env=self.env, capture_output=True, text=True, check=True, timeout=60
        )
        return json.loads(out.stdout.strip().splitlines()[-1])

    def sql(self, query: str, *params) -> list[tuple]:
        return metadata_sql(query, *params, database=self.database)

    def wait(self, condition, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if condition():
                    return
            except Exception:  # the metadata DB is not there yet while the topology starts
                pass
            time.sleep(2)
        raise SystemExit(f"timed out after {timeout} s waiting for {what}")

    def transform_runs(self) -> list[tuple]:
        return self.sql("""select run_id, run_type, state, extract(epoch from end_date - start_date)::float
                           from dag_run where dag_id = 'transform' order by id""")

    def slowest_tasks(self, run_id: str, count: int = 5) -> list[tuple[str, float]]:
        rows = self.sql(
            """select task_id, extract(epoch from end_date - start_date)::float from task_instance
                           where dag_id = 'transform' and run_id = %s and end_date is not null
                           order by 2 desc limit %s""",
            run_id,
            count,
        )
        return [(task_id, round(seconds, 1)) for task_id, seconds in rows]


def drop_samples(home: Path) -> None:
    for source in sorted((REPO / "seeds" / "extracts").iterdir()):
        if source.is_dir():
            target = home / "landing" / source.name
            target.mkdir(parents=True, exist_ok=True)
            for path in source.iterdir():
                if path.is_file() and not path.name.startswith(("README", ".")):
                    shutil.copy2(path, target / path.name)


def measure() -> dict:
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    topology = Topology()
    topology.prod_local("start")
    try:
        drop_samples(topology.home)
        from ingestion.core.source_registry import load_registry

        ingest = [spec.dag_id for spec in load_registry().values()]
        dags = [*ingest, "transform"]
        topology.wait(
            lambda: len(topology.sql("select dag_id from dag where dag_id = any(%s)", dags)) == len(dags),
            300,
            "the dag-processor to parse the DAGs",
        )
        topology.sql("update dag set is_paused = false where dag_id = any(%s)", dags)
        topology.wait(
            lambda: (
                any(state == "success" for _, _, state, _ in topology.transform_runs())
                and all(state in ("success", "failed") for _, _, state, _ in topology.transform_runs())
            ),
            900,
            "the asset-triggered transform",
        )
        # several deliveries may queue several runs; the one that built ran the producer
        built = topology.sql("""select run_id from task_instance where dag_id = 'transform' and state = 'success'
                                and task_id = 'dbt_build.dbt_producer_watcher' order by start_date limit 1""")[0][0]
        first = next(run for run in topology.transform_runs() if run[0] == built)
        before = len(topology.transform_runs())
        subprocess.run(
            [str(BIN / "airflow"), "dags", "trigger", "transform", "--conf", '{"force": true}'],
            env=topology.airflow_env(),
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )
        topology.wait(
            lambda: (
                len(topology.transform_runs()) > before and topology.transform_runs()[-1][2] in ("success", "failed")
            ),
            900,
            "the forced transform",
        )
        forced = topology.transform_runs()[-1]
        return {
            "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "cpus": os.cpu_count(),
            "workers": 2,
            "worker_concurrency": 2,
            "asset_triggered": {"state": first[2], "seconds": first[3], "slowest": topology.slowest_tasks(first[0])},
            "forced": {"state": forced[2], "seconds": forced[3], "slowest": topology.slowest_tasks(forced[0])},
        }
    finally:
        topology.prod_local("stop", "--drop-db")


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    figures = measure()
    lines = []
    for label, key in (
        ("transform on Celery, asset-triggered (first build)", "asset_triggered"),
        ("transform on Celery, forced rebuild", "forced"),
    ):
        run = figures[key]
        verdict = "met" if run["state"] == "success" and run["seconds"] <= GOAL_SECONDS else "NOT met"
        lines.append(f"{label:<52} {run['seconds']:7.1f} s  {run['state']:<8} goal <= {GOAL_SECONDS} s: {verdict}")
        lines.append("    slowest tasks: " + ", ".join(f"{task} {seconds} s" for task, seconds in run["slowest"]))
    print("\n".join(lines))
    out = Path(os.environ.get("NTT_DW_HOME", REPO / "var")) / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "celery_transform_latest.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"figures: {out / 'celery_transform_latest.json'}")
    print(
        publish(
            "celery_transform",
            "ntt-dw bench celery",
            "The demo transform on the Celery topology",
            "\n".join(lines),
            "var/bench/celery_transform_latest.json",
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
