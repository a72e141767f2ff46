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


def build_warehouse(home: Path, edit=None) -> subprocess.CompletedProcess:
    """Land the sample extracts of every registered source (edit(landing_root) may alter them),
    ingest, attach, one `dbt build`. Case data is pseudonymised with a key made for this folder."""
    from ingestion.core import privacy
    from ingestion.core.pipeline import ingest_source
    from ingestion.core.source_registry import load_registry
    from ingestion.core.warehouse import attach_raw_zone

    os.environ["NTT_DW_HOME"] = str(home)
    registry = load_registry()
    for folder in {spec.landing_folder for spec in registry.values()}:
        landing = home / "landing" / folder
        landing.mkdir(parents=True, exist_ok=True)
        for path in sorted((seeds_dir() / "extracts" / folder).glob("*")):
            if path.is_file() and path.name != "README.md":
                shutil.copy2(path, landing / path.name)
    if edit:
        edit(home / "landing")
    privacy.ensure_local_demo_key()
    for name in registry:
        ingest_source(name)
    attach_raw_zone()
    return run_dbt(home, "build")  # one dbt process, dq_findings last (as the transform DAG)


#: the shipped synthetic UPTD PPA register (its first line is a title, then the header)
REGISTER = Path(__file__).resolve().parents[1] / "seeds" / "extracts" / "uptd_ppa" / "uptd_ppa_register_2023_SINTETIS.csv"


def deliver_register(home: Path, name: str, title: str, header: list[str], rows: list[list[str]]) -> None:
    """Drop part of the synthetic register as its own file, with the register's sidecar."""
    import csv
    import io
    import json

    landing = home / "landing" / "uptd_ppa"
    landing.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    out.write(title + "\n")
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    (landing / name).write_text(out.getvalue(), encoding="utf-8")
    sidecar = json.loads(REGISTER.with_name(REGISTER.name + ".meta.json").read_text(encoding="utf-8"))
    (landing / f"{name}.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
