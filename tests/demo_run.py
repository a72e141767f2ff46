"""The demo (`make run`, ntt_dw/main_job.py) run as a test subject, and a fingerprint of the
warehouse it builds, to compare with other ways of building it (a second run, the production
topology). The run uses a fixed pseudonymisation key so that victim pseudonyms compare too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
#: shared by every build that is compared with the demo's
PSEUDONYM_KEY = "ntt-dw-test-pseudonym-key-0123456789abcdef"
TIMESTAMP_TYPES = ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "DATE")


def run_main_job(home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(NTT_DW_HOME=str(home), NTT_DW_PSEUDONYM_KEY=PSEUDONYM_KEY)
    return subprocess.run(
        [str(Path(sys.executable).with_name("ntt-dw")), "run"], env=env, capture_output=True, text=True, timeout=1200
    )


def warehouse_fingerprint(database: Path) -> dict[str, tuple[int, str]]:
    """Row count and content hash of every mart, raw and reference table, ignoring run timestamps
    and which dbt run stored a row (stored_by_invocation: an audit column of incremental models)."""
    fingerprint = {}
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute("""select table_schema, table_name from information_schema.tables
                                where table_schema in ('marts', 'raw', 'reference') order by 1, 2""").fetchall()
        for schema, table in tables:
            columns = [
                name
                for name, kind, *_ in con.execute(f'describe "{schema}"."{table}"').fetchall()
                if kind.upper() not in TIMESTAMP_TYPES
                and name not in ("loaded_at", "received_at", "landing_path", "stored_by_invocation")
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            count, digest = con.execute(
                f'select count(*), coalesce(sum(hash(row({select}))), 0)::varchar from "{schema}"."{table}"'
            ).fetchone()
            fingerprint[f"{schema}.{table}"] = (count, digest)
    return fingerprint
