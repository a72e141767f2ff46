"""What a warehouse build is made of, as one fingerprint, and the fingerprint of the last good build.

Several sources often deliver together (the monthly reports arrive on the same days): each
delivery's Asset event queues a transform run, and the second run would rebuild exactly what the
first built. The transform first compares the fingerprint of its inputs with that of the last
successful build and does nothing when they are equal. The inputs are the registered file
versions with their load and re-read times (a backfill, or a full re-ingestion such as a
pseudonym-key rotation, counts as a change), their withdrawals and restores, and every file of
the dbt project, seeds included, so new data, a reader re-run, a withdrawn file and a deployed
model or seed change all rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ingestion.core import file_registry
from ingestion.core.settings import dbt_project_dir, home
from ingestion.core.source_registry import load_registry

#: the dbt project's own output folders, not inputs
IGNORED_PARTS = {"target", "logs", "dbt_packages", "__pycache__"}
#: what of a registry entry a build depends on: its withdrawal fields too, so withdrawing or
#: restoring a version (ingestion/core/withdrawal.py) makes the next transform build
REGISTRY_FIELDS = ("file_version_id", "status", "loaded_at", "reprocessed_at", *file_registry.WITHDRAWAL_FIELDS)


def _project_files(root: Path) -> list[Path]:
    """Every file of the project, following links: dbt_project/seeds links to seeds/reference
    (Path.rglob does not follow it)."""
    files: list[Path] = []
    for folder, subfolders, names in os.walk(root, followlinks=True):
        subfolders[:] = [name for name in subfolders if name not in IGNORED_PARTS]
        files.extend(Path(folder) / name for name in names)
    return sorted(files)


def inputs_fingerprint() -> str:
    """SHA-256 over the registered file versions and the dbt project's files."""
    digest = hashlib.sha256()
    for source in sorted(load_registry()):
        for entry in sorted(file_registry.entries(source), key=lambda e: e["file_version_id"]):
            digest.update(json.dumps([source, *(entry.get(k) for k in REGISTRY_FIELDS)]).encode())
    root = dbt_project_dir()
    for path in _project_files(root):
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
        state_path(), json.dumps({"inputs_fingerprint": fingerprint, "run_id": run_id}, indent=2).encode("utf-8")
    )


def needs_build(fingerprint: str, force: bool = False) -> bool:
    previous = last_build()
    return force or previous is None or previous["inputs_fingerprint"] != fingerprint
