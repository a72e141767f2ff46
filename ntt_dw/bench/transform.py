"""Benchmark: the demo and its transform against one bare `dbt build` of the same project.

    ntt-dw bench transform [--threads 1 2 4]

1. the main job (`make run`) on a fresh runtime folder: wall time, and the transform DAG's time;
2. in that same runtime folder, one bare `dbt build` of the whole project (a fresh process, as a
   person would type it), and the ratio transform / bare build (goal <= 1.3);
3. for each dbt thread count: the transform DAG forced to rebuild (`{"force": true}`), and the bare
   build, with NTT_DW_DBT_THREADS set to it.

Each figure is given as wall time and as CPU time (user + system of the processes it ran): on a
shared virtual machine the hypervisor can take a quarter of the CPU away at times ("steal"), which
changes wall times between runs by up to two times; CPU seconds do not change with it.

Prints a table and writes var/bench/transform_<time>.json and transform_latest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingestion.core.settings import REPO_ROOT
from ntt_dw import airflow_local
from ntt_dw.bench.figures import publish

REPO = REPO_ROOT
BIN = Path(sys.executable).parent
DEMO_GOAL_SECONDS, RATIO_GOAL = 45, 1.3

FORCED_TRANSFORM = """
import datetime as dt, json, time
from airflow.cli.commands.dag_command import get_bagged_dag
dag = get_bagged_dag(bundle_names=None, dag_id="transform")
started = time.monotonic()
run = dag.test(logical_date=dt.datetime.now(dt.timezone.utc), run_conf={"force": True})
print(json.dumps({"state": str(getattr(run.state, "value", run.state)), "seconds": time.monotonic() - started}))
"""


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(NTT_DW_HOME=str(home), **extra)
    return env


def main_job(home: Path) -> dict:
    started, cpu = time.monotonic(), children_cpu()
    subprocess.run(
        [sys.executable, "-m", "ntt_dw.main_job"], env=clean_env(home), check=True, stdout=subprocess.DEVNULL
    )
    wall, cpu = time.monotonic() - started, children_cpu() - cpu
    runs = json.loads((home / "logs" / "main_job" / "dag_runs.json").read_text(encoding="utf-8"))
    return {"wall_seconds": wall, "cpu_seconds": cpu, "dag_seconds": {r["dag_id"]: r["seconds"] for r in runs}}


def bare_build(home: Path, threads: int) -> tuple[float, float]:
    """`dbt build` of the whole project in a fresh process, on the runtime folder's warehouse:
    (wall, CPU) seconds."""
    target = home / "bench" / "bare_dbt"
    started, cpu = time.monotonic(), children_cpu()
    subprocess.run(
        [
            str(BIN / "dbt"),
            "build",
            "--project-dir",
            str(REPO / "dbt_project"),
            "--profiles-dir",
            str(REPO / "dbt_project"),
            "--target-path",
            str(target / "target"),
            "--log-path",
            str(target / "logs"),
            "--quiet",
        ],
        env=clean_env(home, NTT_DW_DBT_THREADS=str(threads), DO_NOT_TRACK="1"),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started, children_cpu() - cpu


def forced_transform(home: Path, threads: int) -> tuple[float, float]:
    """The transform DAG (DAG.test, as the main job runs it) forced to rebuild: (wall seconds of the
    DAG run, CPU seconds of the whole interpreter, Airflow's start-up included)."""
    os.environ["NTT_DW_HOME"] = str(home)
    env = airflow_local.airflow_env()  # what the main job gives its Airflow interpreter
    env.update(NTT_DW_DBT_THREADS=str(threads), NTT_DW_TASK_RETRIES="0")
    cpu = children_cpu()
    out = subprocess.run([sys.executable, "-c", FORCED_TRANSFORM], env=env, check=True, capture_output=True, text=True)
    cpu = children_cpu() - cpu
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["state"] != "success":
        raise SystemExit(f"the forced transform ended {result['state']}")
    return result["seconds"], cpu


def measure(threads: list[int]) -> dict:
    home = Path(tempfile.mkdtemp(prefix="ntt_dw_bench_transform_")) / "var"
    demo = main_job(home)
    bare, bare_cpu = bare_build(home, int(os.environ.get("NTT_DW_DBT_THREADS", 1)))
    per_threads = {}
    for t in threads:
        (transform, transform_cpu), (built, built_cpu) = forced_transform(home, t), bare_build(home, t)
        per_threads[t] = {
            "transform_seconds": transform,
            "transform_cpu_seconds": transform_cpu,
            "bare_build_seconds": built,
            "bare_build_cpu_seconds": built_cpu,
        }
    return {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "home": str(home),
        "cpus": os.cpu_count(),
        "demo": demo,
        "bare_build_seconds": bare,
        "bare_build_cpu_seconds": bare_cpu,
        "transform_over_bare": demo["dag_seconds"]["transform"] / bare,
        "threads": per_threads,
    }


def report(figures: dict) -> str:
    demo, bare = figures["demo"], figures["bare_build_seconds"]
    transform = demo["dag_seconds"]["transform"]
    lines = [
        f"{'main job, fresh runtime folder':<52} {demo['wall_seconds']:7.1f} s   goal <= {DEMO_GOAL_SECONDS} s: "
        f"{'met' if demo['wall_seconds'] <= DEMO_GOAL_SECONDS else 'NOT met'}   (CPU {demo['cpu_seconds']:.1f} s)",
        f"{'  of which the transform DAG':<52} {transform:7.1f} s",
        f"{'one bare `dbt build`, same project, same folder':<52} {bare:7.1f} s   "
        f"(CPU {figures['bare_build_cpu_seconds']:.1f} s)",
        f"{'transform / bare build':<52} {figures['transform_over_bare']:7.2f}     goal <= {RATIO_GOAL}: "
        f"{'met' if figures['transform_over_bare'] <= RATIO_GOAL else 'NOT met'}",
        "",
        "dbt threads | transform DAG (forced) | bare dbt build | ratio | CPU: transform | bare | ratio",
    ]
    for threads, row in figures["threads"].items():
        lines.append(
            f"{threads:>11} | {row['transform_seconds']:20.1f} s | {row['bare_build_seconds']:12.1f} s | "
            f"{row['transform_seconds'] / row['bare_build_seconds']:5.2f} | "
            f"{row['transform_cpu_seconds']:12.1f} s | {row['bare_build_cpu_seconds']:4.1f} s | "
            f"{row['transform_cpu_seconds'] / row['bare_build_cpu_seconds']:5.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args(argv)
    out = Path(os.environ.get("NTT_DW_HOME", REPO / "var")) / "bench"  # before measure() points it elsewhere
    figures = measure(args.threads)
    print(report(figures))
    command = "ntt-dw bench transform" + (f" --threads {' '.join(map(str, args.threads))}" if argv else "")
    print(
        publish(
            "transform",
            command,
            "The demo and its transform against one bare dbt build",
            report(figures),
            "var/bench/transform_latest.json",
        )
    )
    out.mkdir(parents=True, exist_ok=True)
    stamp = figures["measured_at"].replace(":", "").replace("-", "").replace("+0000", "Z")
    for name in (f"transform_{stamp}.json", "transform_latest.json"):
        (out / name).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"figures: {out / 'transform_latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
