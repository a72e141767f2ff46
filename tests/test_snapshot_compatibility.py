"""The BI snapshot opens in the DuckDB 1.x that BI tools embed (issue 20): the warehouse is built by
DuckDB 2.0, whose newest storage format DuckDB 1.4 (duckdb-engine's duckdb, the Metabase and DBeaver
JDBC drivers) refuses; publish_snapshot writes the file in NTT_DW_SNAPSHOT_STORAGE_VERSION's format.

A real DuckDB 1.4 from PyPI, in a virtualenv of its own (cached under ~/.cache/ntt-dw/, so only the
first run downloads it), reads every mart of a published sample snapshot in a subprocess: the row
counts equal the manifest's and every value equals what DuckDB 2.0 reads. The same 1.4 refuses a
snapshot written in the latest format, so the check can fail. Without PyPI the test fails and
says so: it is never skipped."""

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from publish import snapshot

OLD_DUCKDB = "duckdb==1.4.*"
VENV = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ntt-dw" / "duckdb-1.4-venv"

#: run by each DuckDB on a snapshot file: its version, and per mart the row count and a digest of
#: every value (cast to text in UTC inside DuckDB: 1.4's Python conversion of TIMESTAMPTZ wants pytz)
READER = r"""
import hashlib, json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("set TimeZone = 'UTC'")
tables = {}
for (table,) in con.execute(
    "select table_name from information_schema.tables where table_schema = 'marts' order by table_name"
).fetchall():
    rows = sorted(repr(row) for row in con.execute(f'select columns(*)::varchar from marts."{table}"').fetchall())
    count = con.execute(f'select count(*) from marts."{table}"').fetchall()[0][0]
    tables[table] = {"rows": count, "digest": hashlib.sha256("\n".join(rows).encode()).hexdigest()}
print(json.dumps({"duckdb": duckdb.__version__, "tables": tables}))
"""


def _works(python: Path) -> bool:
    probe = [str(python), "-c", "import duckdb, sys; sys.exit(not duckdb.__version__.startswith('1.4.'))"]
    return python.exists() and subprocess.run(probe, capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def duckdb_14() -> Path:
    """The python of a virtualenv holding DuckDB 1.4 from PyPI, made once and reused (under a lock:
    other test runs may want it at the same time)."""
    python = VENV / "bin" / "python"
    VENV.parent.mkdir(parents=True, exist_ok=True)
    with (VENV.parent / "duckdb-1.4-venv.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _works(python):
            shutil.rmtree(VENV, ignore_errors=True)
            uv = Path(sys.executable).with_name("uv")
            if uv.exists():
                commands = [
                    [str(uv), "venv", "--quiet", "--python", sys.executable, str(VENV)],
                    [str(uv), "pip", "install", "--quiet", "--python", str(python), OLD_DUCKDB],
                ]
            else:
                commands = [
                    [sys.executable, "-m", "venv", str(VENV)],
                    [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", OLD_DUCKDB],
                ]
            for command in commands:
                try:
                    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
                except subprocess.TimeoutExpired:
                    pytest.fail(f"installing {OLD_DUCKDB} from PyPI into {VENV} timed out: is PyPI reachable?")
                if result.returncode != 0:
                    shutil.rmtree(VENV, ignore_errors=True)
                    pytest.fail(
                        f"could not install {OLD_DUCKDB} from PyPI into {VENV} (this test needs PyPI once, "
                        f"then the cached virtualenv): {' '.join(command)} exited {result.returncode}:\n"
                        f"{(result.stderr or result.stdout)[-2000:]}"
                    )
            assert _works(python), f"{VENV} was made but does not import a DuckDB 1.4"
    return python


@pytest.fixture(scope="module")
def built(sample_warehouse_home, tmp_path_factory):
    """A copy of the session's sample warehouse folder: publishing writes beside the warehouse."""
    home = tmp_path_factory.mktemp("compat") / "var"
    shutil.copytree(sample_warehouse_home, home)
    return home


def read(python: Path | str, database: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-c", READER, str(database)], capture_output=True, text=True, timeout=300)


def publish(built: Path, monkeypatch, version: str | None) -> tuple[Path, dict]:
    monkeypatch.setenv("NTT_DW_HOME", str(built))
    if version is None:
        monkeypatch.delenv(snapshot.STORAGE_VERSION_ENV, raising=False)
    else:
        monkeypatch.setenv(snapshot.STORAGE_VERSION_ENV, version)
    folder = snapshot.publish_snapshot(run_id="compatibility")
    return folder, snapshot.read_manifest(folder)


def test_duckdb_1_4_reads_every_mart_of_the_snapshot(duckdb_14, built, monkeypatch):
    folder, manifest = publish(built, monkeypatch, None)
    assert manifest["storage_version"] == snapshot.DEFAULT_STORAGE_VERSION
    assert manifest["storage_format"] == f"{snapshot.DEFAULT_STORAGE_VERSION}+"
    old = read(duckdb_14, folder / snapshot.DATABASE_NAME)
    assert old.returncode == 0, old.stderr[-2000:]
    old_view = json.loads(old.stdout)
    assert old_view["duckdb"].startswith("1.4.")
    assert {t: e["rows"] for t, e in old_view["tables"].items()} == {
        t: e["rows"] for t, e in manifest["tables"].items()
    }
    assert len(manifest["tables"]) >= 20 and any(e["rows"] for e in manifest["tables"].values())
    # value for value what the writer's DuckDB reads: every type of the marts survives the old format
    new = read(sys.executable, folder / snapshot.DATABASE_NAME)
    assert new.returncode == 0, new.stderr[-2000:]
    assert json.loads(new.stdout)["tables"] == old_view["tables"]


def test_duckdb_1_4_refuses_the_latest_format(duckdb_14, built, monkeypatch):
    """Without the setting's format the file is DuckDB 2.0's own, and 1.4 cannot open it: the
    test above would fail if publish_snapshot ignored the setting."""
    folder, manifest = publish(built, monkeypatch, "latest")
    assert manifest["storage_version"] == "latest" and manifest["storage_format"] != "v1.0.0+"
    refused = read(duckdb_14, folder / snapshot.DATABASE_NAME)
    assert refused.returncode != 0 and "newer version of DuckDB" in refused.stderr, refused.stderr[-2000:]


@pytest.mark.parametrize(
    ("value", "error"),
    [("v1.0.0') ; drop table x; --", ValueError), ("v9.9.9", duckdb.InvalidInputException)],
    ids=["malformed", "unknown"],
)
def test_a_bad_storage_version_publishes_nothing(built, monkeypatch, value, error):
    monkeypatch.setenv("NTT_DW_HOME", str(built))
    monkeypatch.setenv(snapshot.STORAGE_VERSION_ENV, value)
    before = published_state(built)
    with pytest.raises(error, match="NTT_DW_SNAPSHOT_STORAGE_VERSION|not a known DuckDB version"):
        snapshot.publish_snapshot(run_id="bad")
    assert published_state(built) == before  # no partial folder left behind, current unchanged


def published_state(home: Path) -> tuple[list[str], Path | None]:
    snapshots = home / "published" / "snapshots"
    return sorted(p.name for p in snapshots.iterdir()) if snapshots.exists() else [], snapshot.current_snapshot()
