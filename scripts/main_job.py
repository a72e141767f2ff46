"""The main job (`make run`): the whole pipeline on the shipped sample data, through Airflow.

1. prepare the Airflow home under var/airflow (SQLite metadata, no example DAGs), the pool and
   the dbt manifest;
2. drop the sample extracts (seeds/extracts/<folder>/) into the landing zone (var/landing/<folder>/);
3. run every ingest_<source> DAG, then the transform DAG, with `airflow dags test` (a real DAG run
   in the metadata DB, tasks executed in-process, one after another);
4. print the run summary the transform DAG wrote (var/reports/run_summary.txt).

Running it again changes nothing: files already registered are skipped and dbt rebuilds the same
tables.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import airflow_local  # noqa: E402
from ingestion.core.settings import home, landing_dir, seeds_dir  # noqa: E402
from ingestion.core.source_registry import load_registry  # noqa: E402


def drop_sample_extracts() -> int:
    """Copy seeds/extracts/<landing_folder>/* into the landing zone; returns the number of files."""
    copied = 0
    for folder in sorted({spec.landing_folder for spec in load_registry().values()}):
        source = seeds_dir() / "extracts" / folder
        if not source.is_dir():
            continue
        target = landing_dir(folder)
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(source.iterdir()):
            if path.is_file() and not path.name.startswith(("README", ".")):
                shutil.copy2(path, target / path.name)
                copied += 1
    return copied


DAG_TIMEOUT_SECONDS = 900


def run_dag(dag_id: str, logical_date: str) -> None:
    log = home() / "logs" / "main_job" / f"{dag_id}.log"
    started = time.monotonic()
    result = airflow_local.run([str(airflow_local.BIN / "airflow"), "dags", "test", dag_id, logical_date],
                               log_file=log, timeout=DAG_TIMEOUT_SECONDS)
    text = log.read_text(encoding="utf-8", errors="replace")
    failed = result.returncode != 0 or "state=failed" in text.replace(" ", "").lower() or "DagRunState.FAILED" in text
    print(f"  {dag_id:<28} {'FAILED' if failed else 'ok':<6} {time.monotonic() - started:6.1f} s   log: {log}")
    if failed:
        raise SystemExit(f"DAG {dag_id} failed: see {log}")


def main() -> int:
    started = time.monotonic()
    os.environ.setdefault("NTT_DW_TASK_RETRIES", "0")  # the demo fails fast instead of backing off
    print(f"ntt-dw main job: runtime folder {home()}")
    airflow_local.init()
    print(f"  dropped {drop_sample_extracts()} sample file(s) into {home() / 'landing'}")
    logical_date = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    for spec in load_registry().values():
        run_dag(spec.dag_id, logical_date)
    run_dag("transform", logical_date)
    summary = home() / "reports" / "run_summary.txt"
    print()
    print(summary.read_text(encoding="utf-8") if summary.exists() else f"(no summary at {summary})")
    print(f"Main job wall time: {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
