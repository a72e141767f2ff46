"""Benchmark: ingestion of national-scale synthetic case registers, side by side on the same files.

For each scale (scripts/generate_national_extracts.py) it measures, each in its own process
(time and peak resident memory from the kernel's rusage):

- ntt-dw's ingestion (ingestion.core.pipeline.ingest_source("uptd_ppa"), what ingest_uptd_ppa runs);
- DuckDB's native read_csv of the same files into a table (goal: ntt-dw at least 0.7 of its rate);
- a plain pandas script: read_csv per file, append, write one CSV (goal: ntt-dw 20 times faster).

It prints a table, writes $NTT_DW_HOME/bench/national_<timestamp>.json (and national_latest.json)
so runs can be compared, and a PNG plot of time against rows.

    python scripts/bench_national.py --scales xs s [--seed 2026]

Not a test: the figures depend on the machine. Still to come (issue 9): the dbt build against a
hand-written SQL script, and incremental builds after 1% new rows.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import generate_national_extracts as generator  # noqa: E402
from ingestion.core.settings import home  # noqa: E402

BENCH_KEY = "benchmark-only-pseudonym-key-0123456789abcdef"

NTT_DW = """
import sys
from ingestion.core.pipeline import ingest_source
report = ingest_source("uptd_ppa")
print(report.records_read, report.records_loaded, report.records_quarantined)
"""

DUCKDB_NATIVE = """
import sys, duckdb
columns = {name: 'VARCHAR' for name in sys.argv[3].split(',')}
con = duckdb.connect(sys.argv[2])
# the columns given, as a user who has looked at the file would: DuckDB's sniffer on 190 files
# with a title line costs 100 times the read itself
con.execute(f"create or replace table cases as select * from read_csv('{sys.argv[1]}/*.csv', skip = 1, header = true, "
            f"auto_detect = false, columns = {columns}, store_rejects = true)")
print(con.execute("select count(*) from cases").fetchone()[0], con.execute("select count(*) from reject_errors").fetchone()[0])
"""


PANDAS_SCRIPT = """
import sys, glob, pandas as pd
frames = []
for path in sorted(glob.glob(sys.argv[1] + '/*.csv')):
    frames.append(pd.read_csv(path, skiprows=1, dtype=str))
data = pd.concat(frames, ignore_index=True)
data.to_csv(sys.argv[2], index=False)
print(len(data))
"""


def measured(code: str, *args: str, env: dict | None = None) -> dict:
    """Run `code` in a fresh interpreter; wall seconds, peak RSS (MiB) and its stdout. Its output
    goes to temporary files, not pipes: a pipe nobody reads would block a chatty child."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"benchmark step failed:\n{err.read()[-3000:]}")
        return {"seconds": round(seconds, 2), "peak_rss_mib": round(usage.ru_maxrss / 1024, 1), "output": out.read().split()}


def bench_scale(scale: str, seed: int, work: Path) -> dict:
    folder = generator.generate(scale, seed)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    rows, files = manifest["rows"], folder / "landing" / "uptd_ppa"

    shutil.rmtree(work / scale, ignore_errors=True)
    bench_home = work / scale / "var"
    (bench_home / "landing").mkdir(parents=True)
    shutil.copytree(files, bench_home / "landing" / "uptd_ppa")
    env = dict(os.environ, NTT_DW_HOME=str(bench_home), NTT_DW_PSEUDONYM_KEY=BENCH_KEY, PYTHONPATH=str(REPO))
    ntt_dw = measured(NTT_DW, env=env)
    native = measured(DUCKDB_NATIVE, str(files), str(work / scale / "native.duckdb"), ",".join(generator.HEADER))
    pandas = measured(PANDAS_SCRIPT, str(files), str(work / scale / "pandas_all_cases.csv"))
    rate = {name: rows / result["seconds"] for name, result in (("ntt_dw", ntt_dw), ("duckdb", native), ("pandas", pandas))}
    return {
        "scale": scale, "rows": rows, "files": len(manifest["files"]), "generate_seconds": manifest["seconds"],
        "ntt_dw": ntt_dw, "duckdb_read_csv": native, "pandas": pandas,
        "rows_per_second": {k: round(v) for k, v in rate.items()},
        "ratio_to_duckdb": round(rate["ntt_dw"] / rate["duckdb"], 3),
        "times_faster_than_pandas": round(rate["ntt_dw"] / rate["pandas"], 2),
    }


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(7, 4.5))
    for key, label in (("ntt_dw", "ntt-dw ingestion"), ("duckdb_read_csv", "DuckDB read_csv"), ("pandas", "pandas read + append")):
        axis.plot([r["rows"] for r in results], [r[key]["seconds"] for r in results], marker="o", label=label)
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("case rows")
    axis.set_ylabel("seconds")
    axis.set_title("Ingestion time against rows (national synthetic registers)")
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", choices=generator.SCALES, default=["xs", "s"])
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    work = home() / "bench" / "national_work"
    results = [bench_scale(scale, args.seed, work) for scale in args.scales]

    print(f"{'scale':<6}{'rows':>12}  {'ntt-dw rows/s':>14}{'duckdb rows/s':>15}{'pandas rows/s':>15}"
          f"{'vs duckdb':>11}{'vs pandas':>11}{'peak MiB':>10}")
    for r in results:
        rate = r["rows_per_second"]
        print(f"{r['scale']:<6}{r['rows']:>12,}  {rate['ntt_dw']:>14,}{rate['duckdb']:>15,}{rate['pandas']:>15,}"
              f"{r['ratio_to_duckdb']:>11}{r['times_faster_than_pandas']:>11}{r['ntt_dw']['peak_rss_mib']:>10}")
    print("goals: ntt-dw >= 0.7 x DuckDB read_csv; >= 20 x pandas; peak < 4096 MiB at 10 million rows")
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = home() / "bench"
    out.mkdir(parents=True, exist_ok=True)
    document = {"measured_at": stamp, "machine_cpus": os.cpu_count(), "results": results}
    for name in (f"national_{stamp}.json", "national_latest.json"):
        (out / name).write_text(json.dumps(document, indent=2), encoding="utf-8")
    plot(results, out / "national_latest.png")
    print(f"figures: {out / f'national_{stamp}.json'}; plot: {out / 'national_latest.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
