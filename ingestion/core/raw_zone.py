"""The raw zone: immutable Parquet, one file per file version, written atomically.

Ingestion never opens the warehouse. Each file version becomes var/raw/<source>/<id>.parquet
(and var/raw/_quarantine/<source>/<id>.parquet for what could not be loaded), so any number of
ingestions can run at once on different workers without contending for DuckDB's single-writer
lock; the transform exposes these files as the warehouse's raw schema (ingestion/core/warehouse.py).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from ingestion.core.records import QuarantineRow
from ingestion.core.settings import raw_zone_dir

QUARANTINE_COLUMNS = {
    "file_version_id": "VARCHAR",
    "source_name": "VARCHAR",
    "source_file": "VARCHAR",
    "source_row": "INTEGER",
    "source_field": "VARCHAR",
    "raw_value": "VARCHAR",
    "reason": "VARCHAR",
    "quarantined_at": "TIMESTAMP",
}


def records_path(source_name: str, file_version_id: str) -> Path:
    return raw_zone_dir() / source_name / f"{file_version_id}.parquet"


def quarantine_path(source_name: str, file_version_id: str) -> Path:
    return raw_zone_dir() / "_quarantine" / source_name / f"{file_version_id}.parquet"


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _copy_atomically(con: duckdb.DuckDBPyConnection, select: str, path: Path) -> int:
    """COPY a query's result to `path` as Parquet via a temp file (readers see all or nothing);
    the number of rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".parquet.tmp")
    os.close(fd)
    try:
        (written,) = con.execute(f"COPY ({select}) TO '{tmp}' (FORMAT parquet)").fetchall()[0]
        os.replace(tmp, path)
        return written
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _literal(value: object) -> str:
    return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"


def write_parquet(rows: list[dict], columns: dict[str, str], path: Path) -> None:
    """Cast rows to the declared column types and write them as one Parquet file, atomically.

    A value that does not fit its declared type is a reader bug, not bad input: it raises.
    """
    frame = pd.DataFrame(
        {name: pd.Series([_as_text(row.get(name)) for row in rows], dtype="object") for name in columns}
    )
    select = ", ".join(f'CAST("{name}" AS {kind}) AS "{name}"' for name, kind in columns.items())
    with duckdb.connect() as con:
        con.register("incoming", frame)
        _copy_atomically(con, f"SELECT {select} FROM incoming", path)


def write_relation(
    con: duckdb.DuckDBPyConnection,
    relation: duckdb.DuckDBPyRelation,
    columns: dict[str, str],
    constants: dict[str, object],
    path: Path,
) -> int:
    """A set-based reader's relation, cast to the declared columns, as one Parquet file (atomically);
    `constants` fill the columns the relation does not carry (file version, load time). Returns
    the number of rows written."""
    relation.create_view("incoming", replace=True)
    select = ", ".join(
        f'CAST({_literal(constants[name]) if name in constants else chr(34) + name + chr(34)} AS {kind}) AS "{name}"'
        for name, kind in columns.items()
    )
    return _copy_atomically(con, f"SELECT {select} FROM incoming", path)


def quarantine_rows(
    rows: list[QuarantineRow], file_version_id: str, source_name: str, source_file: str, quarantined_at: str
) -> list[dict]:
    return [
        {
            "file_version_id": file_version_id,
            "source_name": source_name,
            "source_file": source_file,
            "source_row": row.source_row,
            "source_field": row.source_field,
            "raw_value": row.raw_value,
            "reason": row.reason,
            "quarantined_at": quarantined_at,
        }
        for row in rows
    ]


#: columns that say which file a row came from and when, not what it says
IDENTITY_COLUMNS = frozenset({"file_version_id", "source_file", "ingested_at", "quarantined_at", "source_name"})


def content_digest(spec, file_version_id: str) -> str:
    """What a version's Parquet files hold, file identity and load time aside: row counts and an
    order-independent hash of the rows of the records and the quarantine. Two versions with the
    same digest are the same delivery sent twice."""
    parts = []
    with duckdb.connect() as con:
        for path, columns in (
            (records_path(spec.name, file_version_id), spec.columns),
            (quarantine_path(spec.name, file_version_id), QUARANTINE_COLUMNS),
        ):
            if not path.exists():
                parts.append("-")
                continue
            row = ", ".join(f'"{c}"' for c in columns if c not in IDENTITY_COLUMNS)
            count, digest = con.execute(
                f"select count(*), coalesce(sum(hash(row({row}))), 0)::varchar from read_parquet(?)", [str(path)]
            ).fetchall()[0]
            parts.append(f"{count}:{digest}")
    return "/".join(parts)
