"""Publishing for BI and the Satu Data exports, on a warehouse built from the sample extracts:
the snapshot holds the marts only and switches atomically under a reader that queries through
SQLAlchemy + duckdb-engine (the Superset path); exports validate as Frictionless Data Packages
and suppress small case counts so that no suppressed value can be recovered."""

import csv
import json
import threading
import time
from pathlib import Path

import duckdb
import frictionless
import pytest
import sqlalchemy

from ingestion.core.file_registry import sha256_of
from publish import satu_data, snapshot


@pytest.fixture(scope="module")
def built(sample_warehouse_home, tmp_path_factory):
    """A copy of the session's sample warehouse folder: publishing writes beside the warehouse."""
    import shutil

    home = tmp_path_factory.mktemp("publish") / "var"
    shutil.copytree(sample_warehouse_home, home)
    return home


@pytest.fixture
def published(built, monkeypatch):
    monkeypatch.setenv("NTT_DW_HOME", str(built))
    return built, snapshot.publish_snapshot(run_id="test")


def test_snapshot_holds_the_marts_only_with_a_manifest(published):
    home, folder = published
    manifest = snapshot.read_manifest(folder)
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        marts = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_type = 'BASE TABLE'"
            ).fetchall()
        }
    with duckdb.connect(str(folder / snapshot.DATABASE_NAME), read_only=True) as con:
        schemas = {r[0] for r in con.execute("select distinct table_schema from information_schema.tables").fetchall()}
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        rows = {t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0] for t in tables}
    assert schemas == {"marts"} and tables == marts == set(manifest["tables"])
    assert {"pjpk_progress", "fct_budget_realisation", "case_rates_by_regency", "dim_region"} <= tables
    for table, entry in manifest["tables"].items():
        assert entry["rows"] == rows[table]
        parquet = folder / entry["parquet"]
        assert duckdb.sql(f"select count(*) from read_parquet('{parquet}')").fetchall()[0][0] == rows[table]
        assert sha256_of(parquet) == entry["parquet_sha256"]
    assert manifest["run_id"] == "test" and manifest["built_at"]
    assert oct((folder / snapshot.DATABASE_NAME).stat().st_mode & 0o777) == "0o444"


def test_superset_path_reads_complete_snapshots_while_publishing(published):
    """A reader connecting like Superset (SQLAlchemy, duckdb-engine, read-only) queries every
    mart in a loop while new snapshots are published: every read sees a complete snapshot whose
    row counts equal its manifest, and the publisher is never blocked."""
    home, first = published
    current = home / "published" / "current"
    errors, reads, stop = [], [], threading.Event()

    def reader():
        while not stop.is_set():
            target = current.resolve()
            try:
                manifest = json.loads((target / snapshot.MANIFEST_NAME).read_text(encoding="utf-8"))
                engine = sqlalchemy.create_engine(
                    f"duckdb:///{target / snapshot.DATABASE_NAME}",
                    connect_args={"read_only": True},
                    poolclass=sqlalchemy.pool.NullPool,
                )
                with engine.connect() as conn:
                    for table, entry in manifest["tables"].items():
                        count = conn.execute(sqlalchemy.text(f'select count(*) from marts."{table}"')).scalar()
                        if count != entry["rows"]:
                            errors.append(f"{target.name} {table}: {count} != {entry['rows']}")
                engine.dispose()
                reads.append(target.name)
            except Exception as exc:
                errors.append(f"{target.name}: {exc!r}")

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        published_ids = []
        for n in range(4):
            started = time.monotonic()
            published_ids.append(snapshot.publish_snapshot(run_id=f"concurrent-{n}").name)
            assert time.monotonic() - started < 60  # the reader never blocks the publisher
    finally:
        time.sleep(0.5)
        stop.set()
        thread.join(timeout=60)
    assert errors == []
    assert len(reads) >= 2 and len(set(reads)) >= 2  # the reader saw the switch happen
    assert current.resolve().name == published_ids[-1]
    kept = sorted(p.name for p in (home / "published" / "snapshots").iterdir())
    assert len(kept) <= snapshot.KEEP + 1 and published_ids[-1] in kept  # older snapshots pruned


def test_rollback_points_current_at_the_previous_snapshot(published):
    home, folder = published
    newer = snapshot.publish_snapshot(run_id="newer")
    assert snapshot.current_snapshot() == newer
    assert snapshot.rollback() == folder
    assert snapshot.current_snapshot() == folder and (home / "published" / "previous").resolve() == newer


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_exports_validate_and_follow_the_open_data_layout(published):
    home, _ = published
    folder = satu_data.export(force=True)
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    _, datasets = satu_data.load_datasets()
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in package["resources"]} == set(datasets)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        rows = read_csv(folder / resource["path"])
        assert list(rows[0])[:6] == list(satu_data.REGION_COLUMNS) and {"satuan", "tahun"} <= set(rows[0])
        assert all(r["kode_provinsi"] == "53" for r in rows)
        assert sha256_of(folder / resource["path"]) == manifest["files"][resource["path"]]
        assert resource["custom"]["metadata_statistik"]["produsen_data"]
    density = read_csv(folder / "kepadatan_penduduk_kabupaten_kota.csv")
    assert {"kode_kabupaten_kota": "53.71", "kode_bps_kabupaten_kota": "5371"}.items() <= next(
        r for r in density if r["nama_kabupaten_kota"] == "Kota Kupang"
    ).items()
    ckan = json.loads((folder / "ckan_package.json").read_text(encoding="utf-8"))
    assert {p["name"] for p in ckan} == {name.replace("_", "-") for name in datasets}
    # nothing changed since: the next export is skipped
    assert satu_data.export() is None


def test_case_export_suppresses_small_counts_and_nothing_can_be_recovered(published):
    folder = satu_data.export(force=True)
    rows = read_csv(folder / "korban_kekerasan_kabupaten_kota.csv")
    threshold = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["suppression_threshold"]
    assert threshold == 5
    suppressed = [r for r in rows if r["status_nilai"]]
    assert suppressed and all(r["jumlah_korban"] == "" for r in suppressed)  # marked, not zero
    assert all(int(r["jumlah_korban"]) == 0 or int(r["jumlah_korban"]) >= threshold for r in rows if r["jumlah_korban"])
    for year in {r["tahun"] for r in rows}:
        group = [r for r in rows if r["tahun"] == year]
        total = [r for r in group if not r["kode_kabupaten_kota"]]
        parts = [r for r in group if r["kode_kabupaten_kota"]]
        hidden = [r for r in parts if r["status_nilai"]]
        if total and total[0]["jumlah_korban"]:
            # total - published parts = the sum of the hidden parts: never a single cell
            assert len(hidden) != 1
    assert all(r["data_sintetis"] == "true" for r in rows)  # the demo register is synthetic, and says so


def test_breakdown_exports_are_yearly_two_way_tables_with_every_margin_protected(published):
    """kasus_kekerasan_menurut_*: a category x regency table per year, no month and no second
    breakdown; no count of 1-4 is shown; neither a category's regencies + province row nor a
    regency's categories has exactly one hidden cell (either sum would give it back)."""
    folder = satu_data.export(force=True)
    _, datasets = satu_data.load_datasets()
    names = [name for name, spec in datasets.items() if spec["mart"] == "case_breakdowns"]
    assert len(names) >= 5
    hidden_anywhere = 0
    for name in names:
        rows = read_csv(folder / f"{name}.csv")
        assert rows and "bulan" not in rows[0] and set(rows[0]) >= {"kode_kategori", "kategori", "jumlah_kasus"}
        shown = [int(r["jumlah_kasus"]) for r in rows if r["jumlah_kasus"]]
        assert all(v == 0 or v >= 5 for v in shown), name
        for year in {r["tahun"] for r in rows}:
            group = [r for r in rows if r["tahun"] == year]
            for key in ("kode_kategori", "kode_kabupaten_kota"):
                for value in {r[key] for r in group}:
                    relation = [r for r in group if r[key] == value]
                    assert sum(1 for r in relation if r["status_nilai"]) != 1, (name, year, key, value)
        hidden_anywhere += sum(1 for r in rows if r["status_nilai"])
    assert hidden_anywhere > 0  # the demo's small regencies have small counts: the check is not vacuous
