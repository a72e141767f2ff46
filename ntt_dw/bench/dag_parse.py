"""Benchmark: how long Airflow takes to parse all DAG files (goal: under 2 s in total).

Parses each file in a fresh interpreter, as the dag-processor does, on a runtime folder with a
parsed dbt manifest (as `make run` prepares it), and prints the figures. Not a test: timings
depend on the machine.

    ntt-dw bench dag-parse [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile

from ingestion.core.settings import REPO_ROOT
from ntt_dw import airflow_local
from ntt_dw.bench.figures import publish

REPO = REPO_ROOT

PROBE = """
import sys, time
from airflow.dag_processing.dagbag import DagBag
started = time.monotonic()
bag = DagBag(dag_folder=sys.argv[1])
elapsed = time.monotonic() - started
import json
print(json.dumps({"seconds": elapsed, "dags": len(bag.dags), "errors": list(bag.import_errors)}))
"""


def measure(repeat: int = 3) -> dict:
    """Median and minimum parse seconds per DAG file, each parsed in a fresh interpreter."""
    airflow_local.dbt_parse()
    env = airflow_local.airflow_env()
    env["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix="ntt_dw_bench_")
    env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{env['AIRFLOW_HOME']}/airflow.db"
    files = {}
    for path in sorted((REPO / "dags").glob("*.py")):
        runs = []
        for _ in range(repeat):
            out = subprocess.run(
                [sys.executable, "-c", PROBE, str(path)], env=env, capture_output=True, text=True, check=True
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        if any(r["errors"] for r in runs):
            raise SystemExit(f"{path.name}: import errors {runs[0]['errors']}")
        files[path.name] = {
            "median_seconds": round(statistics.median(r["seconds"] for r in runs), 3),
            "min_seconds": round(min(r["seconds"] for r in runs), 3),
            "dags": runs[0]["dags"],
        }
    return {"files": files, "total_seconds": round(sum(f["median_seconds"] for f in files.values()), 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    figures = measure(args.repeat)
    lines = [f"{'DAG file':<28} {'median s':>9} {'min s':>7} {'DAGs':>5}"]
    for name, f in figures["files"].items():
        lines.append(f"{name:<28} {f['median_seconds']:9.3f} {f['min_seconds']:7.3f} {f['dags']:>5}")
    total = figures["total_seconds"]
    lines.append(f"{'all DAG files':<28} {total:9.3f}   (goal < 2 s: {'met' if total < 2 else 'NOT met'})")
    print("\n".join(lines))
    print(
        publish(
            "dag_parse",
            "ntt-dw bench dag-parse",
            "DAG parse time, each DAG file in a fresh interpreter",
            "\n".join(lines),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
