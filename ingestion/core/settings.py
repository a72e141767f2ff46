"""Where ntt-dw keeps its runtime output.

Everything the pipeline writes lives under one folder, ``NTT_DW_HOME`` (default ``<repo>/var``),
so a run can be wiped or relocated by changing one variable.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def home() -> Path:
    """The runtime folder: ``$NTT_DW_HOME`` or ``<repo>/var``, always absolute."""
    return Path(os.environ.get("NTT_DW_HOME") or REPO_ROOT / "var").resolve()


def landing_dir(folder: str) -> Path:
    """Where an agency drops its files: ``var/landing/<folder>/``."""
    return home() / "landing" / folder


def raw_zone_dir() -> Path:
    """Immutable Parquet written by ingestion, one file per file version."""
    return home() / "raw"


def warehouse_path() -> Path:
    """The DuckDB file dbt builds (only the transform writes it)."""
    return home() / "warehouse" / "ntt_dw.duckdb"


def dbt_project_dir() -> Path:
    """The dbt project; NTT_DW_DBT_PROJECT_DIR points elsewhere (the tests break a copy of it)."""
    return Path(os.environ.get("NTT_DW_DBT_PROJECT_DIR") or REPO_ROOT / "dbt_project").resolve()


def dbt_artifacts_dir() -> Path:
    """dbt's target/ and logs/ live under the runtime folder, never in the source tree."""
    return home() / "dbt"


#: the profile of dbt_project/profiles.yml
DBT_PROFILE = "ntt_dw"


def dbt_target() -> str:
    """The profile's output: `local` (the DuckDB file under the runtime folder) unless NTT_DW_DBT_TARGET says."""
    return os.environ.get("NTT_DW_DBT_TARGET", "local")


def dbt_profile_args() -> list[str]:
    """The profile and target every dbt command names, as cosmos names them in the transform: dbt
    reuses a partial parse only for a command naming the same profile and target (its state check
    hashes the arguments, not what they resolve to), so a parse without them costs every task a
    whole parse of the project (about 6 s on the demo)."""
    return ["--profile", DBT_PROFILE, "--target", dbt_target()]


def seeds_dir() -> Path:
    return REPO_ROOT / "seeds"
