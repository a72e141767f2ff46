"""What a warehouse build is made of, as one fingerprint, and the fingerprint of the last good build.

Several sources often deliver together (the monthly reports arrive on the same days): each
delivery's Asset event queues a transform run, and the second run would rebuild exactly what the
first built. The transform first compares the fingerprint of its inputs with that of the last
successful build and does nothing when they are equal. The inputs are the registered file
versions (a backfill's re-read counts as a change), the dbt project (models, macros, tests,
seeds) and the pseudonymisation key's identity, so new data, a reader re-run and a deployed model
change all rebuild.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ingestion.core import file_registry
from ingestion.core.settings import dbt_project_dir, home
from ingestion.core.source_registry import load_registry

#: the dbt project's own output folders, not inputs
IGNORED_PARTS = {"target", "logs", "dbt_packages", "__pycache__"}
REGISTRY_FIELDS = ("file_version_id", "status", "reprocessed_at")


def _project_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not IGNORED_PARTS & set(p.relative_to(root).parts))


def inputs_fingerprint() -> str:
    """SHA-256 over the registered file versions and the dbt project's files."""
    digest = hashlib.sha256()
    for source in sorted(load_registry()):
        for entry in sorted(file_registry.entries(source), key=lambda e: e["file_version_id"]):
            digest.update(json.dumps([source, *(entry.get(k) for k in REGISTRY_FIELDS)]).encode())
    root = dbt_project_dir()
    for path in _project_files(root):  # follows dbt_project/seeds, the link to seeds/reference
        digest.update(str(path.relative_to(root)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def state_path() -> Path:
    return home() / "warehouse" / "last_build.json"


def last_build() -> dict | None:
    path = state_path()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def record_build(fingerprint: str, run_id: str) -> None:
    """Remember a successful build's inputs (written last, atomically, like the registry's entries)."""
    file_registry.write_atomically(
        state_path(), json.dumps({"inputs_fingerprint": fingerprint, "run_id": run_id}, indent=2).encode("utf-8"))


def needs_build(fingerprint: str, force: bool = False) -> bool:
    previous = last_build()
    return force or previous is None or previous["inputs_fingerprint"] != fingerprint
