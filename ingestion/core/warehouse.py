"""Expose the raw zone to the warehouse as its ``raw`` schema.

The transform DAG runs this first, as the warehouse's single writer: for every registered
source a view raw.<raw_table> over its Parquet files (typed empty table when nothing has been
delivered yet, so dbt never fails on a missing source), plus raw.file_registry and
raw.quarantine. Ingestion itself never opens the warehouse file.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from ingestion.core import file_registry
from ingestion.core.raw_zone import QUARANTINE_COLUMNS
from ingestion.core.settings import raw_zone_dir, warehouse_path
from ingestion.core.source_registry import load_registry

REGISTRY_COLUMNS = {
    "file_version_id": "VARCHAR",
    "source_name": "VARCHAR",
    "source_file": "VARCHAR",
    "landing_path": "VARCHAR",
    "sha256": "VARCHAR",
    "sidecar_sha256": "VARCHAR",
    "size_bytes": "BIGINT",
    "received_at": "TIMESTAMPTZ",
    "loaded_at": "TIMESTAMPTZ",
    "status": "VARCHAR",
    "encoding": "VARCHAR",
    "records_read": "INTEGER",
    "records_loaded": "INTEGER",
    "records_quarantined": "INTEGER",
    "layout_rows": "INTEGER",
    "error": "VARCHAR",
    "warnings": "VARCHAR[]",
    "provenance": "JSON",
    # set by a withdrawal (ingestion/core/withdrawal.py), null otherwise: the current one and every action
    "withdrawn_at": "TIMESTAMPTZ",
    "withdrawn_by": "VARCHAR",
    "withdrawal_reason": "VARCHAR",
    "withdrawal_history": "JSON",
}
#: the JSON columns and their value in an entry that lacks them
_JSON_DEFAULTS: dict[str, object] = {"provenance": {}, "withdrawal_history": []}


def _quote(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _drop(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drop raw.<name> whether it is a view (files delivered) or a table (none yet)."""
    found = con.execute(
        "select table_type from information_schema.tables where table_schema = 'raw' and table_name = ?", [name]
    ).fetchone()
    if found:
        con.execute(f"DROP {'VIEW' if found[0] == 'VIEW' else 'TABLE'} raw.{name}")


def _empty_table(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, str]) -> None:
    cols = ", ".join(f'CAST(NULL AS {kind}) AS "{col}"' for col, kind in columns.items())
    con.execute(f"CREATE OR REPLACE TABLE raw.{name} AS SELECT {cols} LIMIT 0")


def _parquet_view(con, name: str, folder: Path, columns: dict[str, str]) -> None:
    """raw.<name> over the source's Parquet files. A column the registry added after every file
    present was written (e.g. the register's SIMFONI fields, issue 19) is NULL of its type:
    files already loaded are not rewritten, and they need not be read again."""
    _drop(con, name)
    if not any(folder.glob("*.parquet")):
        _empty_table(con, name, columns)
        return
    files = f"read_parquet({_quote(folder / '*.parquet')}, union_by_name = true)"
    present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {files}").fetchall()}
    select = ", ".join(
        f'"{col}"' if col in present else f'CAST(NULL AS {kind}) AS "{col}"' for col, kind in columns.items()
    )
    con.execute(f"CREATE VIEW raw.{name} AS SELECT {select} FROM {files}")


def _registry_table(con) -> None:
    """The file registry as a table (it is small): one row per registered file version."""
    rows = [entry for spec in load_registry() for entry in file_registry.entries(spec)]
    _drop(con, "file_registry")
    _empty_table(con, "file_registry", REGISTRY_COLUMNS)
    for entry in rows:
        values = [
            json.dumps(entry.get(col) or _JSON_DEFAULTS[col], ensure_ascii=False)
            if col in _JSON_DEFAULTS
            else entry.get(col)
            for col in REGISTRY_COLUMNS
        ]
        placeholders = ", ".join("?" for _ in REGISTRY_COLUMNS)
        con.execute(f"INSERT INTO raw.file_registry VALUES ({placeholders})", values)


def attach_raw_zone(database: Path | None = None) -> dict[str, int]:
    """(Re)create the raw schema's views; returns the row count of each raw table."""
    database = database or warehouse_path()
    database.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with duckdb.connect(str(database)) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        for spec in load_registry().values():
            _parquet_view(con, spec.raw_table, raw_zone_dir() / spec.name, spec.columns)
        quarantine_glob_root = raw_zone_dir() / "_quarantine"
        _drop(con, "quarantine")
        if any(quarantine_glob_root.glob("*/*.parquet")):
            con.execute(
                "CREATE VIEW raw.quarantine AS SELECT * FROM "
                f"read_parquet({_quote(quarantine_glob_root / '*' / '*.parquet')}, union_by_name = true)"
            )
        else:
            _empty_table(con, "quarantine", QUARANTINE_COLUMNS)
        _registry_table(con)
        for (table,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' ORDER BY 1"
        ).fetchall():
            counts[table] = con.execute(f"SELECT count(*) FROM raw.{table}").fetchall()[0][0]
    return counts
