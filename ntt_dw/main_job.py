"""The main job (`make run`): the whole pipeline on the shipped sample data, through Airflow.

1. prepare the Airflow home under var/airflow (SQLite metadata, no example DAGs), the pool and
   the dbt manifest;
2. drop the sample extracts (seeds/extracts/<folder>/) into the landing zone (var/landing/<folder>/);
3. run every ingest_<source> DAG, then transform, publish and export_satu_data, as `airflow dags test`
   does (DAG.test():
   a real DAG run in the metadata DB, tasks executed in-process), all in one Airflow interpreter
   (ntt_dw/run_dags.py);
4. print the run summary the transform DAG wrote (var/reports/run_summary.txt).

Running it again changes nothing: files already registered are skipped, and the transform, finding
the inputs of its last successful build unchanged, builds nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import time

from ingestion.core.settings import home, landing_dir, seeds_dir
from ingestion.core.source_registry import load_registry
from ntt_dw import airflow_local
from ntt_dw.orchestration import build_inputs


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


def run_dags(dag_ids: list[str], logical_date: str | None = None, conf: dict | None = None) -> list[dict]:
    """Run the DAGs in order, each a real DagRun (with `conf`, if given), in one Airflow
    interpreter (ntt_dw/run_dags.py); prints each DAG's state and time, exits when one failed."""
    logical_date = logical_date or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    log = home() / "logs" / "main_job" / "dag_runs.log"
    results_path = home() / "logs" / "main_job" / "dag_runs.json"
    results_path.unlink(missing_ok=True)
    result = airflow_local.run(
        [
            sys.executable,
            "-m",
            "ntt_dw.run_dags",
            str(results_path),
            logical_date,
            *(["--conf", json.dumps(conf)] if conf else []),
            *dag_ids,
        ],
        log_file=log,
        timeout=DAG_TIMEOUT_SECONDS,
    )
    results = json.loads(results_path.read_text(encoding="utf-8")) if results_path.exists() else []
    for entry in results:
        print(
            f"  {entry['dag_id']:<28} {'ok' if entry['state'] == 'success' else entry['state'].upper():<8}"
            f"{entry['seconds']:6.1f} s"
        )
    print(f"  log of the DAG runs: {log}")
    if result.returncode != 0 or len(results) != len(dag_ids):
        raise SystemExit(f"a DAG run failed: see {log}")
    return results


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    started = time.monotonic()
    os.environ.setdefault("NTT_DW_TASK_RETRIES", "0")  # the demo fails fast instead of backing off
    print(f"ntt-dw main job: runtime folder {home()}")
    airflow_local.init()
    print(f"  dropped {drop_sample_extracts()} sample file(s) into {home() / 'landing'}")
    logical_date = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    results = run_dags(
        [spec.dag_id for spec in load_registry().values()] + ["transform", "publish", "export_satu_data"], logical_date
    )
    summary = home() / "reports" / "run_summary.txt"
    print()
    built = build_inputs.last_build()
    transform_run = next(entry["run_id"] for entry in results if entry["dag_id"] == "transform")
    if built and built["run_id"] != transform_run:
        print(f"transform: nothing changed since the build of run {built['run_id']}; its summary:")
    print(summary.read_text(encoding="utf-8") if summary.exists() else f"(no summary at {summary})")
    published, exported = home() / "published" / "current", home() / "exports" / "satu_data" / "latest"
    print(f"BI snapshot: {published / 'ntt_dw_marts.duckdb' if published.exists() else '(not published)'}")
    print(f"Satu Data export: {exported.resolve() if exported.exists() else '(none)'}")
    print(f"Main job wall time: {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
