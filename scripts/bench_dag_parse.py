"""Benchmark: how long Airflow takes to parse all DAG files (goal: under 2 s in total).

Parses each file in a fresh interpreter, as the dag-processor does, on a runtime folder with a
parsed dbt manifest (as `make run` prepares it), and prints the figures. Not a test: timings
depend on the machine.

    python scripts/bench_dag_parse.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

import airflow_local  # noqa: E402

PROBE = """
import sys, time
from airflow.models.dagbag import DagBag
started = time.monotonic()
bag = DagBag(dag_folder=sys.argv[1])
elapsed = time.monotonic() - started
import json
print(json.dumps({"seconds": elapsed, "dags": len(bag.dags), "errors": list(bag.import_errors)}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    airflow_local.dbt_parse()
    env = airflow_local.airflow_env()
    env["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix="ntt_dw_bench_")
    env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{env['AIRFLOW_HOME']}/airflow.db"
    print(f"{'DAG file':<28} {'median s':>9} {'min s':>7} {'DAGs':>5}")
    total = 0.0
    for path in sorted((REPO / "dags").glob("*.py")):
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run([sys.executable, "-c", PROBE, str(path)], env=env, capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        if any(r["errors"] for r in runs):
            print(f"{path.name}: import errors {runs[0]['errors']}")
            return 1
        median = statistics.median(r["seconds"] for r in runs)
        total += median
        print(f"{path.name:<28} {median:9.3f} {min(r['seconds'] for r in runs):7.3f} {runs[0]['dags']:>5}")
    print(f"{'all DAG files':<28} {total:9.3f}   (goal < 2 s: {'met' if total < 2 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
