"""The raw schema over the raw zone: typed empty tables before any delivery, views after, and
re-attaching (every transform run does it) never fails."""

import shutil

import duckdb

from ingestion.core.pipeline import ingest_source
from ingestion.core.settings import seeds_dir, warehouse_path
from ingestion.core.source_registry import load_registry
from ingestion.core.warehouse import attach_raw_zone


def test_attach_before_and_after_delivery_and_again(ntt_home):
    empty = attach_raw_zone()
    tables = {spec.raw_table for spec in load_registry().values()} | {"file_registry", "quarantine"}
    assert empty == {table: 0 for table in tables}
    with duckdb.connect(str(warehouse_path()), read_only=True) as con:
        kinds = dict(
            con.execute(
                "select table_name, table_type from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        )
    assert kinds["bps_population"] == "BASE TABLE"

    landing = ntt_home / "landing" / "bps"
    landing.mkdir(parents=True)
    for path in (seeds_dir() / "extracts" / "bps").iterdir():
        shutil.copy2(path, landing / path.name)
    ingest_source("bps_population")
    counts = attach_raw_zone()
    assert {k: v for k, v in counts.items() if v} == {"bps_population": 156, "file_registry": 2, "quarantine": 10}
    assert attach_raw_zone() == counts  # a second attach replaces, never duplicates
    with duckdb.connect(str(warehouse_path()), read_only=True) as con:
        kinds = dict(
            con.execute(
                "select table_name, table_type from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        )
        typed = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'raw' and table_name = 'bps_population'"
            ).fetchall()
        )
    assert kinds["bps_population"] == "VIEW"
    assert typed["year"] == "INTEGER" and typed["value"] == "DOUBLE" and typed["ingested_at"] == "TIMESTAMP"
