"""Benchmark: the national-scale case register through ingestion and dbt, side by side on the same files.

For each scale (ntt_dw/tools/generate_national_extracts.py) it measures, each step in its own process
(wall seconds, and peak resident memory from the kernel's rusage):

- ingestion: ntt-dw's (ingest_source("uptd_ppa"), what ingest_uptd_ppa runs) against DuckDB's
  native read_csv of the same files into a table (goal: ntt-dw at least 0.7 of its rate) and a
  plain pandas read-and-append script (goal: ntt-dw at least 20 times faster);
- transform: a full dbt build of the national mart (fct_case_counts_by_region and everything
  upstream, models and seeds) against the same mart computed by one hand-written DuckDB SQL
  script from the raw zone (goal: dbt at most 1.5 times its time); the two tables must be equal;
- incremental: 1 % new rows delivered (a year of new files), ingested, then an incremental dbt
  build against a full rebuild of the same data (goal: at most 10 %); equal to the SQL script again;
- peak resident memory of every step (goal: under 4 GiB at 10 million rows on 2 cores).

Once per run, unless --skip-platform: the DAG parse time (ntt_dw/bench/dag_parse.py) and the
demo's wall time (ntt_dw/bench/main_job.py).

It prints a table, writes $NTT_DW_HOME/bench/national_<timestamp>.json (and national_latest.json)
so runs can be compared, and a PNG plot of time against rows.

    ntt-dw bench national --scales xs s m [l] [--seed 2026] [--skip-platform]

Not a test: the figures depend on the machine.
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

import duckdb

from ingestion.core.settings import REPO_ROOT, dbt_project_dir, home, seeds_dir
from ntt_dw.bench.figures import publish
from ntt_dw.tools import generate_national_extracts as generator

REPO = REPO_ROOT


BENCH_KEY = "benchmark-only-pseudonym-key-0123456789abcdef"

NTT_DW = """
import sys
from ingestion.core.pipeline import ingest_source
report = ingest_source("uptd_ppa")
print(report.records_read, report.records_loaded, report.records_quarantined)
"""

ATTACH = """
from ingestion.core.warehouse import attach_raw_zone
print(attach_raw_zone()["uptd_ppa_cases"])
"""

#: fct_case_counts_by_region as a data engineer would write it by hand: one DuckDB script over
#: the raw zone (Parquet per file version, the registry's JSON entries) and the region list
HAND_WRITTEN_SQL = """
import json, sys, time, duckdb
raw, registry, regions, database = sys.argv[1:5]
started = time.monotonic()
con = duckdb.connect(database)
con.execute(f\"\"\"
create or replace table fct_case_counts_by_region as
with versions as (
    select file_version_id, status,
           row_number() over (partition by source_name, source_file order by loaded_at desc, file_version_id) as newest
    from read_json('{registry}/*.json', columns = {{file_version_id: 'VARCHAR', source_name: 'VARCHAR',
        source_file: 'VARCHAR', status: 'VARCHAR', loaded_at: 'VARCHAR'}})
), regions as (
    select * from read_csv('{regions}', all_varchar = true)
), counted as (
    select year(report_date)::INTEGER as year, month(report_date)::INTEGER as month,
           region_kemendagri_code as region_code, victim_category, jenis_kekerasan,
           count(*)::BIGINT as case_count,
           count(distinct coalesce(victim_pseudonym, 'case:' || case_id))::BIGINT as victim_count,
           bool_or(is_synthetic) as is_synthetic
    from read_parquet('{raw}/*.parquet')
    where file_version_id in (select file_version_id from versions where newest = 1 and status = 'loaded')
    group by all
)
select c.year, c.month, r.parent_kemendagri_code as province_code, p.region_name as province_name,
       c.region_code, r.official_name as region_name, r.region_level, c.victim_category, c.jenis_kekerasan,
       c.case_count, c.victim_count, c.is_synthetic
from counted c
left join regions r on r.kemendagri_code = c.region_code
left join regions p on p.kemendagri_code = r.parent_kemendagri_code
\"\"\")
cases = con.execute("select sum(case_count) from fct_case_counts_by_region").fetchone()[0]
con.close()
figures = {"seconds": round(time.monotonic() - started, 2), "cases": cases}
print("BENCH_JSON=" + json.dumps(figures, separators=(",", ":")))
"""

#: a dbt command in a process that has imported dbt already, as a Celery worker of the production
#: topology has (ntt_dw/orchestration/celery_config.py): the invocation is timed apart from dbt's
#: ~2.6 s import, which every command line run pays again
DBT_IN_PROCESS = """
import json, sys, time
from dbt.cli.main import dbtRunner
runner = dbtRunner()
started = time.monotonic()
result = runner.invoke(json.loads(sys.argv[1]))
seconds = time.monotonic() - started
print("BENCH_JSON=" + json.dumps({"seconds": round(seconds, 2), "success": result.success}, separators=(",", ":")))
sys.exit(0 if result.success else 1)
"""

DBT_SELECTION = ["--select", "+fct_case_counts_by_region", "--exclude-resource-type", "test"]

DUCKDB_NATIVE = """
import sys, duckdb
columns = {name: 'VARCHAR' for name in sys.argv[3].split(',')}
con = duckdb.connect(sys.argv[2])
con.execute("set enable_progress_bar = false")  # its text would land in the figures JSON
# the columns given, as a user who has looked at the file would: DuckDB's sniffer on 190 files
# with a title line costs 100 times the read itself
con.execute(f"create or replace table cases as select * from read_csv('{sys.argv[1]}/*.csv', skip = 1, header = true, "
            f"auto_detect = false, columns = {columns}, store_rejects = true)")
cases, rejects = (con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("cases", "reject_errors"))
print(cases, rejects)
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


#: prepended to every measured snippet: the process's own peak resident memory (VmHWM of its
#: address space), printed at exit. The kernel's rusage of a child is no use here: its maxrss
#: starts from the parent's high-water mark at fork, and this parent has just generated the data.
PEAK_AT_EXIT = """
import atexit
def _peak():
    with open('/proc/self/status') as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))
    print('BENCH_HWM=' + str(kib), flush=True)
atexit.register(_peak)
"""


def measured(code: str, *args: str, env: dict | None = None) -> dict:
    """Run `code` in a fresh interpreter; wall seconds, its own peak RSS (MiB) and its stdout."""
    result = measured_command([sys.executable, "-c", PEAK_AT_EXIT + code, *args], env=env)
    kib = next(int(t[len("BENCH_HWM=") :]) for t in result["output"] if t.startswith("BENCH_HWM="))
    result["peak_rss_mib"] = round(kib / 1024, 1)
    result["output"] = [t for t in result["output"] if not t.startswith("BENCH_HWM=")]
    return result


def measured_command(argv: list[str], env: dict | None = None) -> dict:
    """Run a command; wall seconds and its stdout (and rusage's maxrss, an upper bound: see
    PEAK_AT_EXIT). Its output goes to temporary files, not pipes: a pipe nobody reads would block
    a chatty child."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"benchmark step failed: {argv[:3]}\n{out.read()[-3000:]}\n{err.read()[-3000:]}")
        return {
            "seconds": round(seconds, 2),
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
            "output": out.read().split(),
        }


def dbt(home: Path, env: dict, *args: str) -> dict:
    """One dbt command on the benchmark's warehouse in its own process: `seconds` is the
    invocation (dbt imported), `process_seconds` the whole process, peak RSS of the process."""
    project = dbt_project_dir()
    command = [
        *args,
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        "--target-path",
        str(home / "dbt" / "target"),
        "--log-path",
        str(home / "dbt" / "logs"),
    ]
    result = measured(DBT_IN_PROCESS, json.dumps(command), env=env)
    invocation = bench_json(result)
    return {
        "seconds": invocation["seconds"],
        "process_seconds": result["seconds"],
        "peak_rss_mib": result["peak_rss_mib"],
        "output": result["output"][-1:],
    }


def bench_json(result: dict) -> dict:
    return json.loads(next(t for t in result["output"] if t.startswith("BENCH_JSON="))[len("BENCH_JSON=") :])


def hand_written(home: Path, database: Path) -> dict:
    """The SQL script in its own process: `seconds` is the script (duckdb imported), as for dbt."""
    if database.exists():
        database.unlink()
    result = measured(
        HAND_WRITTEN_SQL,
        str(home / "raw" / "uptd_ppa"),
        str(home / "raw" / "_registry" / "uptd_ppa"),
        str(seeds_dir() / "national" / "regions_kemendagri.csv"),
        str(database),
    )
    return {
        "seconds": bench_json(result)["seconds"],
        "process_seconds": result["seconds"],
        "peak_rss_mib": result["peak_rss_mib"],
        "cases": bench_json(result)["cases"],
    }


def differing_rows(warehouse: Path, database: Path) -> int:
    """Rows in one mart and not the other (both ways): 0 when dbt and the SQL script agree."""
    with duckdb.connect() as con:
        con.execute(f"attach '{warehouse}' as dbt (read_only)")
        con.execute(f"attach '{database}' as hand (read_only)")
        script = "hand.main.fct_case_counts_by_region"
        columns = ", ".join(c for c, *_ in con.execute(f"describe {script}").fetchall())
        mart = f"(select {columns} from dbt.marts.fct_case_counts_by_region)"  # less its audit column
        return con.execute(
            f"select (select count(*) from (from {mart} except all from {script})) + "
            f"(select count(*) from (from {script} except all from {mart}))"
        ).fetchall()[0][0]


def bench_scale(scale: str, seed: int, work: Path) -> dict:
    folder = generator.generate(scale, seed)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    rows, files = manifest["rows"], folder / "landing" / "uptd_ppa"

    shutil.rmtree(work / scale, ignore_errors=True)
    bench_home = work / scale / "var"
    (bench_home / "landing").mkdir(parents=True)
    shutil.copytree(files, bench_home / "landing" / "uptd_ppa")
    env = dict(os.environ, NTT_DW_HOME=str(bench_home), NTT_DW_PSEUDONYM_KEY=BENCH_KEY, DO_NOT_TRACK="1")
    ntt_dw = measured(NTT_DW, env=env)
    native = measured(DUCKDB_NATIVE, str(files), str(work / scale / "native.duckdb"), ",".join(generator.HEADER))
    pandas = measured(PANDAS_SCRIPT, str(files), str(work / scale / "pandas_all_cases.csv"))
    (work / scale / "pandas_all_cases.csv").unlink(missing_ok=True)
    rate = {
        name: rows / result["seconds"] for name, result in (("ntt_dw", ntt_dw), ("duckdb", native), ("pandas", pandas))
    }

    # transform: full dbt build of the national mart against the hand-written script
    warehouse, script_db = bench_home / "warehouse" / "ntt_dw.duckdb", work / scale / "hand_written.duckdb"
    attach = measured(ATTACH, env=env)
    dbt_full = dbt(bench_home, env, "build", "--full-refresh", *DBT_SELECTION)
    dbt_tests = dbt(bench_home, env, "test", "--select", "+fct_case_counts_by_region")
    script = hand_written(bench_home, script_db)
    differing_full = differing_rows(warehouse, script_db)

    # incremental: 1 % new rows as new files (a new year), then incremental vs full rebuild
    delta_rows = max(rows // 100, 1)
    delta = generator.generate(scale, seed + 1, out=work / scale / "delta", years=(2026,), rows=delta_rows)
    for path in (delta / "landing" / "uptd_ppa").iterdir():
        shutil.copy2(path, bench_home / "landing" / "uptd_ppa" / path.name)
    ingest_delta = measured(NTT_DW, env=env)
    attach_delta = measured(ATTACH, env=env)
    dbt_incremental = dbt(bench_home, env, "build", *DBT_SELECTION)
    script_after = hand_written(bench_home, script_db)
    differing_incremental = differing_rows(warehouse, script_db)
    dbt_rebuild = dbt(bench_home, env, "build", "--full-refresh", *DBT_SELECTION)

    steps = {
        "ingest": ntt_dw,
        "attach": attach,
        "dbt_full": dbt_full,
        "dbt_tests": dbt_tests,
        "ingest_delta": ingest_delta,
        "dbt_incremental": dbt_incremental,
        "dbt_rebuild": dbt_rebuild,
    }
    return {
        "scale": scale,
        "rows": rows,
        "files": len(manifest["files"]),
        "generate_seconds": manifest["seconds"],
        "ntt_dw": ntt_dw,
        "duckdb_read_csv": native,
        "pandas": pandas,
        "rows_per_second": {k: round(v) for k, v in rate.items()},
        "ratio_to_duckdb": round(rate["ntt_dw"] / rate["duckdb"], 3),
        "times_faster_than_pandas": round(rate["ntt_dw"] / rate["pandas"], 2),
        "transform": {
            "attach": attach,
            "dbt_full_build": dbt_full,
            "dbt_tests": dbt_tests,
            "hand_written_sql": script,
            "dbt_to_sql_ratio": round(dbt_full["seconds"] / script["seconds"], 2),
            "marts_differing_rows": differing_full,
        },
        "incremental": {
            "new_rows": delta_rows,
            "ingest": ingest_delta,
            "attach": attach_delta,
            "dbt_incremental_build": dbt_incremental,
            "dbt_full_rebuild": dbt_rebuild,
            "hand_written_sql": script_after,
            "marts_differing_rows": differing_incremental,
            "incremental_to_full_ratio": round(dbt_incremental["seconds"] / dbt_rebuild["seconds"], 3),
        },
        "peak_rss_mib": max(step["peak_rss_mib"] for step in steps.values()),
        "peak_rss_step": max(steps, key=lambda name: steps[name]["peak_rss_mib"]),
    }


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (ingestion, transform) = plt.subplots(1, 2, figsize=(12, 4.5))
    rows = [r["rows"] for r in results]
    for key, label in (
        ("ntt_dw", "ntt-dw ingestion"),
        ("duckdb_read_csv", "DuckDB read_csv"),
        ("pandas", "pandas read + append"),
    ):
        ingestion.plot(rows, [r[key]["seconds"] for r in results], marker="o", label=label)
    for label, pick in (
        ("dbt full build", lambda r: r["transform"]["dbt_full_build"]),
        ("hand-written SQL", lambda r: r["transform"]["hand_written_sql"]),
        ("dbt incremental (+1 % rows)", lambda r: r["incremental"]["dbt_incremental_build"]),
    ):
        transform.plot(rows, [pick(r)["seconds"] for r in results], marker="o", label=label)
    for axis, title in ((ingestion, "Ingestion"), (transform, "Transform (fct_case_counts_by_region)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("case rows")
        axis.set_ylabel("seconds")
        axis.set_title(f"{title}: time against rows")
        axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", choices=generator.SCALES, default=["xs", "s"])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-platform", action="store_true", help="skip the DAG parse and demo timings")
    args = parser.parse_args(argv)
    work = home() / "bench" / "national_work"
    results = [bench_scale(scale, args.seed, work) for scale in args.scales]

    lines: list[str] = []
    lines.append("ingestion")
    lines.append(
        f"{'scale':<6}{'rows':>12}  {'ntt-dw rows/s':>14}{'duckdb rows/s':>15}{'pandas rows/s':>15}"
        f"{'vs duckdb':>11}{'vs pandas':>11}{'peak MiB':>10}"
    )
    for r in results:
        rate = r["rows_per_second"]
        lines.append(
            f"{r['scale']:<6}{r['rows']:>12,}  {rate['ntt_dw']:>14,}{rate['duckdb']:>15,}{rate['pandas']:>15,}"
            f"{r['ratio_to_duckdb']:>11}{r['times_faster_than_pandas']:>11}{r['ntt_dw']['peak_rss_mib']:>10}"
        )
    lines.append("transform (seconds)")
    lines.append(
        f"{'scale':<6}{'dbt full':>10}{'SQL script':>12}{'dbt/SQL':>9}{'same?':>7}{'dbt tests':>11}"
        f"{'1% ingest':>11}{'dbt incr.':>11}{'dbt rebuild':>13}{'incr/full':>11}{'peak MiB':>10}  (step)"
    )
    for r in results:
        t, i = r["transform"], r["incremental"]
        same = "yes" if t["marts_differing_rows"] == 0 and i["marts_differing_rows"] == 0 else "NO"
        lines.append(
            f"{r['scale']:<6}{t['dbt_full_build']['seconds']:>10}{t['hand_written_sql']['seconds']:>12}"
            f"{t['dbt_to_sql_ratio']:>9}{same:>7}{t['dbt_tests']['seconds']:>11}{i['ingest']['seconds']:>11}"
            f"{i['dbt_incremental_build']['seconds']:>11}{i['dbt_full_rebuild']['seconds']:>13}"
            f"{i['incremental_to_full_ratio']:>11}{r['peak_rss_mib']:>10}  ({r['peak_rss_step']})"
        )
    lines.append(
        "goals: ingestion >= 0.7 x DuckDB read_csv and >= 20 x pandas; dbt <= 1.5 x the SQL script; "
        "incremental <= 0.1 x full; peak < 4096 MiB at 10 million rows"
    )
    print("\n".join(lines))
    platform = {}
    if not args.skip_platform:
        from ntt_dw.bench import dag_parse as bench_dag_parse
        from ntt_dw.bench import main_job as bench_main_job

        platform = {"dag_parse": bench_dag_parse.measure(), "demo_main_job": bench_main_job.measure()}
        lines.append(
            f"DAG parse, all files: {platform['dag_parse']['total_seconds']} s (goal < 2 s); demo main job: "
            f"{platform['demo_main_job']['fresh_seconds']} s fresh (goal <= 45 s), "
            f"{platform['demo_main_job']['again_seconds']} s again"
        )
        print(lines[-1])
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = home() / "bench"
    out.mkdir(parents=True, exist_ok=True)
    document = {"measured_at": stamp, "machine_cpus": os.cpu_count(), "results": results, "platform": platform}
    for name in (f"national_{stamp}.json", "national_latest.json"):
        (out / name).write_text(json.dumps(document, indent=2), encoding="utf-8")
    plot(results, out / "national_latest.png")
    print(f"figures: {out / f'national_{stamp}.json'}; plot: {out / 'national_latest.png'}")
    command = f"ntt-dw bench national --scales {' '.join(args.scales)}" + (
        " --skip-platform" if args.skip_platform else ""
    )
    print(
        publish(
            "national",
            command,
            "National scale: ingestion, dbt against SQL, incremental, memory",
            "\n".join(lines),
            f"var/bench/national_{stamp}.json",
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
