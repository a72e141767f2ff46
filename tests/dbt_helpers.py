"""Build the warehouse from the sample extracts in a throwaway runtime folder (used by the dbt tests)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ingestion.core.settings import dbt_project_dir, seeds_dir

DBT = str(Path(sys.executable).with_name("dbt"))


def run_dbt(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NTT_DW_HOME=str(home), DO_NOT_TRACK="1")
    return subprocess.run(
        [DBT, *args, "--project-dir", str(dbt_project_dir()), "--profiles-dir", str(dbt_project_dir()),
         "--target-path", str(home / "dbt" / "target"), "--log-path", str(home / "dbt" / "logs")],
        env=env, capture_output=True, text=True, timeout=600,
    )


def build_warehouse(home: Path, edit=None) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """Land the sample extracts (edit(landing_folder) may alter them), ingest, attach, dbt build."""
    from ingestion.core.pipeline import ingest_source
    from ingestion.core.warehouse import attach_raw_zone

    os.environ["NTT_DW_HOME"] = str(home)
    landing = home / "landing" / "bps"
    landing.mkdir(parents=True, exist_ok=True)
    for path in (seeds_dir() / "extracts" / "bps").iterdir():
        shutil.copy2(path, landing / path.name)
    if edit:
        edit(landing)
    ingest_source("bps_population")
    attach_raw_zone()
    build = run_dbt(home, "build", "--exclude", "dq_findings")
    findings = run_dbt(home, "build", "--select", "dq_findings")
    return build, findings
