"""Benchmark: wall time of the main job (`make run`) after install, on a fresh runtime folder
and again on the same folder (nothing new to ingest). Goal: the fresh run in 60 s or less.

    ntt-dw bench main-job
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingestion.core.settings import REPO_ROOT
from ntt_dw.bench.figures import publish

REPO = REPO_ROOT


def timed_run(home: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env["NTT_DW_HOME"] = str(home)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "ntt_dw.main_job"], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def measure() -> dict:
    """Seconds of the main job on a fresh runtime folder, then again on the same folder."""
    home = Path(tempfile.mkdtemp(prefix="ntt_dw_bench_")) / "var"
    return {"fresh_seconds": round(timed_run(home), 1), "again_seconds": round(timed_run(home), 1), "home": str(home)}


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    figures = measure()
    fresh, again = figures["fresh_seconds"], figures["again_seconds"]
    lines = [
        f"{'main job, fresh runtime folder':<40} {fresh:7.1f} s   "
        f"(goal <= 45 s: {'met' if fresh <= 45 else 'NOT met'})",
        f"{'main job, second run (nothing new)':<40} {again:7.1f} s",
    ]
    print("\n".join(lines))
    print(f"runtime folder: {figures['home']}")
    print(publish("main_job", "ntt-dw bench main-job", "The main job, fresh and again", "\n".join(lines)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
