"""The read-only snapshot BI tools open: var/published/current/ -> one complete snapshot.

The build warehouse (var/warehouse/ntt_dw.duckdb) is never what Superset, Metabase or Excel
open: DuckDB allows one writer per file, and a BI connection would block the pipeline (or read a
half-built table). After a transform whose error-severity tests passed, publish_snapshot copies
the marts (schema `marts`: the facts, dimensions and data-quality findings; nothing from raw,
staging, intermediate or the quarantine) into a new folder

    var/published/snapshots/<snapshot_id>/ntt_dw_marts.duckdb
                                         /parquet/<mart>.parquet
                                         /manifest.json   (build time, run id, rows, checksums, columns)

and then switches the `current` symlink to it with one rename (atomic on POSIX): a reader that
resolves var/published/current sees the previous complete snapshot or the new complete one,
never a partial one, and keeps reading its file even after the switch. `previous` points to
the snapshot before (rollback: `ntt-dw publish --rollback`); older snapshots beyond
KEEP are deleted (an open file stays readable until its reader closes it).

The DuckDB file is written in the storage format NTT_DW_SNAPSHOT_STORAGE_VERSION names (default
DEFAULT_STORAGE_VERSION), not in the writer's newest one: the BI tools embed older DuckDB releases
(duckdb-engine's duckdb, the Metabase and DBeaver JDBC drivers), which refuse a file "created with a
newer version of DuckDB".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import duckdb

from ingestion.core.file_registry import sha256_of
from ingestion.core.settings import home, warehouse_path

DATABASE_NAME = "ntt_dw_marts.duckdb"
MANIFEST_NAME = "manifest.json"
KEEP = 3
PUBLISHED_SCHEMA = "marts"

STORAGE_VERSION_ENV = "NTT_DW_SNAPSHOT_STORAGE_VERSION"
#: The oldest storage format that holds the marts, so that every DuckDB from 1.0.0 on opens the
#: snapshot. Chosen by writing the demo's marts (their types: VARCHAR, INTEGER, BIGINT, DOUBLE,
#: BOOLEAN, DATE, TIMESTAMP WITH TIME ZONE) with DuckDB 2.0 in each 1.x format from the oldest up
#: (v1.0.0, the format DuckDB 0.10 to 1.1 write; then v1.2.0, v1.3.0, v1.4.0) and reading every
#: value back with DuckDB 2.0, 1.4.5, 1.1.3 and 1.0.0: the oldest, v1.0.0, already holds them all,
#: equal value for value, and 1.0.0 and 1.1.3 refuse v1.2.0. A newer format would only save space
#: (the demo's file is about a fifth larger in v1.0.0 than in v1.2.0 to v2.0.0); 1.4 refuses
#: v1.5.0 and v2.0.0.
#: tests/test_snapshot_compatibility.py opens every mart of the snapshot with DuckDB 1.4.
DEFAULT_STORAGE_VERSION = "v1.0.0"
_STORAGE_VERSION = re.compile(r"v\d+\.\d+\.\d+|latest")


def storage_version() -> str:
    """The storage format the snapshot is written in: NTT_DW_SNAPSHOT_STORAGE_VERSION (a DuckDB
    release, `v1.4.0`, or `latest`, the writer's own newest format) or DEFAULT_STORAGE_VERSION."""
    version = os.environ.get(STORAGE_VERSION_ENV, "").strip() or DEFAULT_STORAGE_VERSION
    if not _STORAGE_VERSION.fullmatch(version):
        raise ValueError(f"{STORAGE_VERSION_ENV}={version!r}: expected a DuckDB release such as 'v1.4.0', or 'latest'")
    return version


def published_dir() -> Path:
    return home() / "published"


def current_snapshot() -> Path | None:
    link = published_dir() / "current"
    return link.resolve() if link.exists() else None


def _switch(link_name: str, target: Path) -> None:
    """Point published/<link_name> at target with one rename (never a moment without a link)."""
    link = published_dir() / link_name
    temporary = published_dir() / f".{link_name}.{os.getpid()}.tmp"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(Path("snapshots") / target.name)
    os.replace(temporary, link)


def _tables(con) -> list[str]:
    return [
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' "
            "and table_catalog = current_database() order by table_name",
            [PUBLISHED_SCHEMA],
        ).fetchall()
    ]


def _columns(con, catalog: str, table: str) -> list[dict]:
    return [
        {"name": name, "type": kind}
        for name, kind in con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_catalog = ? and table_schema = ? "
            "and table_name = ? order by ordinal_position",
            [catalog, PUBLISHED_SCHEMA, table],
        ).fetchall()
    ]


def publish_snapshot(run_id: str, warehouse: Path | None = None) -> Path:
    """Copy the marts into a new snapshot, write its manifest, switch `current` to it."""
    warehouse = warehouse or warehouse_path()
    version = storage_version()
    built_at = dt.datetime.now(dt.UTC)
    snapshot_id = built_at.strftime("%Y%m%dT%H%M%S%fZ")
    folder = published_dir() / "snapshots" / snapshot_id
    staging = folder.with_name(f".{snapshot_id}.partial")
    (staging / "parquet").mkdir(parents=True)
    tables: dict[str, dict] = {}
    # the build warehouse is opened with DuckDB's default configuration: dbt may hold it in this process
    with duckdb.connect(str(warehouse)) as con:
        try:
            con.execute(f"attach '{staging / DATABASE_NAME}' as snapshot (storage_version '{version}')")
        except duckdb.Error:  # a storage version this DuckDB does not know (the error lists the known ones)
            shutil.rmtree(staging, ignore_errors=True)
            raise
        # DuckDB's name for the format written: the oldest release that reads it, e.g. "v1.0.0+"
        storage_format = con.execute(
            "select tags['storage_version'] from duckdb_databases() where database_name = 'snapshot'"
        ).fetchall()[0][0]
        con.execute(f"create schema snapshot.{PUBLISHED_SCHEMA}")
        for table in _tables(con):
            con.execute(
                f'create table snapshot.{PUBLISHED_SCHEMA}."{table}" as select * from {PUBLISHED_SCHEMA}."{table}"'
            )
            parquet = staging / "parquet" / f"{table}.parquet"
            con.execute(f"copy {PUBLISHED_SCHEMA}.\"{table}\" to '{parquet}' (format parquet)")
            tables[table] = {
                "rows": con.execute(f'select count(*) from {PUBLISHED_SCHEMA}."{table}"').fetchall()[0][0],
                "columns": _columns(con, "snapshot", table),
                "parquet": f"parquet/{table}.parquet",
            }
        con.execute("detach snapshot")
    for entry in tables.values():
        entry["parquet_sha256"] = sha256_of(staging / entry["parquet"])
    manifest = {
        "snapshot_id": snapshot_id,
        "built_at": built_at.isoformat(),
        "run_id": run_id,
        "source_warehouse": str(warehouse),
        "database": DATABASE_NAME,
        "database_sha256": sha256_of(staging / DATABASE_NAME),
        "storage_version": version,
        "storage_format": storage_format,
        "written_by_duckdb": duckdb.__version__,
        "tables": tables,
    }
    (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    os.chmod(staging / DATABASE_NAME, 0o444)  # BI opens it read-only; nobody should write it
    os.replace(staging, folder)  # the snapshot appears complete or not at all
    previous = current_snapshot()
    if previous is not None and previous != folder:
        _switch("previous", previous)
    _switch("current", folder)
    _prune()
    return folder


def _prune() -> None:
    """Keep the KEEP newest snapshots and whatever current/previous point to."""
    snapshots = sorted(
        (p for p in (published_dir() / "snapshots").iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.name,
    )
    keep = {p.resolve() for p in snapshots[-KEEP:]}
    keep |= {
        (published_dir() / name).resolve() for name in ("current", "previous") if (published_dir() / name).exists()
    }
    for path in snapshots:
        if path.resolve() not in keep:
            shutil.rmtree(path, ignore_errors=True)


def rollback() -> Path:
    """Point `current` back at `previous` (and `previous` at what was current)."""
    current, previous = current_snapshot(), published_dir() / "previous"
    if not previous.exists():
        raise FileNotFoundError("no previous snapshot to roll back to")
    target = previous.resolve()
    _switch("current", target)
    if current is not None:
        _switch("previous", current)
    return target


def read_manifest(snapshot: Path | None = None) -> dict:
    snapshot = snapshot or current_snapshot()
    if snapshot is None:
        raise FileNotFoundError(f"nothing published yet under {published_dir()}")
    return json.loads((snapshot / MANIFEST_NAME).read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rollback", action="store_true", help="point current back at the previous snapshot")
    args = parser.parse_args()
    print(rollback() if args.rollback else publish_snapshot(run_id="manual"))


if __name__ == "__main__":
    main()
