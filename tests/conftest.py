"""Shared fixtures: a throwaway runtime folder, a way to drop files into the BPS landing zone, and
a view of what ingestion wrote (registry entries, raw and quarantine Parquet).

Every test that ingests uses ``ntt_home``, so nothing ever touches the repository's var/.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

#: A complete provenance sidecar for a BPS table extract.
VALID_SIDECAR = {"document": "Dokumen uji", "table": "Tabel uji", "unit": "jiwa", "figure_kind": "projection"}


@pytest.fixture
def ntt_home(tmp_path, monkeypatch) -> Path:
    """NTT_DW_HOME pointed at tmp_path/var for this test; returns that folder."""
    home = tmp_path / "var"
    monkeypatch.setenv("NTT_DW_HOME", str(home))
    return home


@pytest.fixture
def drop_file(ntt_home):
    """drop(name, content, sidecar=VALID_SIDECAR, encoding="utf-8") -> Path in landing/bps/.

    content is bytes (written as is) or text (encoded with ``encoding``). sidecar is a dict
    written as <name>.meta.json, raw bytes/text written verbatim, or None for no sidecar.
    """

    def drop(
        name: str, content: bytes | str, sidecar: dict | bytes | str | None = VALID_SIDECAR, encoding: str = "utf-8"
    ) -> Path:
        folder = ntt_home / "landing" / "bps"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        meta = folder / f"{name}.meta.json"
        if isinstance(sidecar, dict):
            meta.write_text(json.dumps(sidecar), encoding="utf-8")
        elif isinstance(sidecar, bytes):
            meta.write_bytes(sidecar)
        elif isinstance(sidecar, str):
            meta.write_text(sidecar, encoding="utf-8")
        return path

    return drop


class RawZoneView:
    """Read what ingestion left under NTT_DW_HOME/raw, for one source."""

    def __init__(self, home: Path, source: str = "bps_population"):
        self.home, self.source = home, source

    @property
    def records_dir(self) -> Path:
        return self.home / "raw" / self.source

    @property
    def quarantine_dir(self) -> Path:
        return self.home / "raw" / "_quarantine" / self.source

    @property
    def registry_dir(self) -> Path:
        return self.home / "raw" / "_registry" / self.source

    def entries(self) -> list[dict]:
        if not self.registry_dir.exists():
            return []
        return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(self.registry_dir.glob("*.json"))]

    def entry(self, source_file: str) -> dict:
        """The one registry entry of that file name (fails if there are none or several)."""
        found = [e for e in self.entries() if e["source_file"] == source_file]
        assert len(found) == 1, f"expected one registry entry for {source_file}, got {len(found)}"
        return found[0]

    def _query(self, path: Path, columns: str, order: str) -> list[dict]:
        relation = duckdb.sql(f"select {columns} from read_parquet('{path}') order by {order}")
        names = relation.columns
        return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]

    def records(self, file_version_id: str) -> list[dict]:
        return self._query(self.records_dir / f"{file_version_id}.parquet", "*", "source_row, source_field")

    def quarantine(self, file_version_id: str) -> list[dict]:
        return self._query(
            self.quarantine_dir / f"{file_version_id}.parquet", "*", "source_row nulls first, source_field"
        )

    def parquet_files(self) -> dict[str, float]:
        """Every Parquet file (records and quarantine) with its mtime, by path relative to raw/."""
        raw = self.home / "raw"
        return {str(p.relative_to(raw)): p.stat().st_mtime_ns for p in raw.rglob("*.parquet")} if raw.exists() else {}


@pytest.fixture
def raw_zone(ntt_home) -> RawZoneView:
    return RawZoneView(ntt_home)


def pytest_configure(config):
    """Airflow reads its configuration at import: point it at a throwaway home before any test
    imports it, so the suite never touches a real Airflow installation or var/."""
    import os
    import tempfile

    airflow_home = Path(tempfile.mkdtemp(prefix="ntt_dw_test_airflow_"))
    os.environ.setdefault("AIRFLOW_HOME", str(airflow_home))
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(Path(__file__).resolve().parents[1] / "dags"))
    os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{airflow_home / 'airflow.db'}")


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """The demo (`make run`) once per test run: (runtime folder, its output, warehouse fingerprint
    taken right after it). The e2e tests run it a second time; the production topology's
    warehouse is compared with this fingerprint. Under pytest-xdist the first worker that needs
    it runs it, under a file lock, and the others read its result."""
    import fcntl
    import os

    from demo_run import run_main_job, warehouse_fingerprint

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the folder all workers' temp folders share
    result = root / "demo_run.json"
    with (root / "demo_run.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            home = root / "demo" / "var"
            first = run_main_job(home)
            assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
            fingerprint = warehouse_fingerprint(home / "warehouse" / "ntt_dw.duckdb")
            result.write_text(json.dumps({"home": str(home), "stdout": first.stdout, "fingerprint": fingerprint}))
    data = json.loads(result.read_text())
    return Path(data["home"]), data["stdout"], {table: tuple(value) for table, value in data["fingerprint"].items()}


@dataclass
class MainJobRun:
    home: Path
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def broken_delivery_run(tmp_path_factory) -> MainJobRun:
    """The main job once on the sample extracts plus every broken delivery of
    tests/broken_deliveries.py and the privacy canary register (tests/test_privacy_canary.py):
    one run, shared by the modules that check it (under pytest-xdist, under a file lock)."""
    import fcntl
    import os

    from broken_deliveries import drop_all
    from demo_run import run_main_job
    from test_privacy_canary import drop_canary_register

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    result = root / "broken_delivery_run.json"
    with (root / "broken_delivery_run.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            home = root / "broken" / "var"
            drop_all(home / "landing")
            drop_canary_register(home / "landing")
            done = run_main_job(home)
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
            result.write_text(json.dumps({"home": str(home), "stdout": done.stdout, "stderr": done.stderr}))
    data = json.loads(result.read_text())
    return MainJobRun(Path(data["home"]), data["stdout"], data["stderr"])


@pytest.fixture(scope="session")
def sample_warehouse_home(tmp_path_factory) -> Path:
    """The sample extracts ingested and built by one `dbt build` (no Airflow), once per test run:
    the modules that only read it share it (under pytest-xdist, under a file lock); a module that
    writes beside it (publishing) copies the folder first."""
    import fcntl
    import os

    from dbt_helpers import build_warehouse

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    home, done = root / "sample_warehouse" / "var", root / "sample_warehouse.done"
    with (root / "sample_warehouse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            previous = os.environ.get("NTT_DW_HOME")
            build = build_warehouse(home)
            if previous is None:
                os.environ.pop("NTT_DW_HOME", None)
            else:
                os.environ["NTT_DW_HOME"] = previous
            assert build.returncode == 0, build.stdout[-4000:]
            done.write_text(build.stdout, encoding="utf-8")
    return home


@pytest.fixture(scope="session")
def demo_fingerprint(demo_run):
    return demo_run[2]


#: the slowest modules first, so that on the xdist processes (make test: one file per process at a
#: time, in this order) the topology test starts at once, the long dbt modules next, and the many
#: short ones fill the processes at the end instead of one long module running alone
SLOW_MODULES_FIRST = (
    "test_prod_pipeline.py",
    "test_e2e_main_job.py",
    "test_broken_deliveries.py",
    "test_privacy_canary.py",
    "test_withdrawal_register_build.py",
    "test_withdrawal_budget_build.py",
    "test_incremental_models.py",
    "test_dbt_build.py",
    "test_national_generator.py",
    "test_register_oracle.py",
)


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        name = item.path.name
        return SLOW_MODULES_FIRST.index(name) if name in SLOW_MODULES_FIRST else len(SLOW_MODULES_FIRST)

    items.sort(key=rank)  # stable: the order within each rank stays pytest's
