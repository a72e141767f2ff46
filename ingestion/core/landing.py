"""The landing zone: var/landing/<folder>/ where agencies (or the demo) drop files.

A delivery may carry a provenance sidecar, ``<file>.meta.json`` (document, table, unit, ...),
in the spirit of a data catalogue's snapshot metadata: the figure keeps its reference to the
published document and table.
"""
from __future__ import annotations

import datetime as dt
import json
from fnmatch import fnmatch
from pathlib import Path

from ingestion.core import file_registry
from ingestion.core.readers import FileReadError
from ingestion.core.settings import landing_dir
from ingestion.core.source_registry import SourceSpec

SIDECAR_SUFFIX = ".meta.json"


def scan(spec: SourceSpec) -> list[Path]:
    """Files waiting in the source's landing folder, in name order (sidecars, temp files and the
    source's exclude_patterns, files another source of the same folder reads, excluded)."""
    folder = landing_dir(spec.landing_folder)
    if not folder.is_dir():
        return []
    found: set[Path] = set()
    for pattern in spec.file_patterns:
        found.update(p for p in folder.glob(pattern) if p.is_file())
    return sorted(
        p for p in found
        if not p.name.endswith(SIDECAR_SUFFIX) and not p.name.startswith((".", "~$")) and not p.name.endswith(".tmp")
        and not any(fnmatch(p.name, pattern) for pattern in spec.exclude_patterns)
    )


received_at = file_registry.received_at  # when a file was delivered (its landing mtime, UTC)


def delivered_between(paths: list[Path], start: dt.datetime, end: dt.datetime) -> list[Path]:
    """The files delivered in [start, end): what a backfill run over that period re-ingests."""
    return [p for p in paths if start <= received_at(p) < end]


def sidecar_path(path: Path) -> Path:
    return file_registry.sidecar_of(path)


def read_sidecar(path: Path) -> dict:
    """The provenance sidecar of a delivered file, or {} when none was delivered."""
    meta = sidecar_path(path)
    if not meta.exists():
        return {}
    try:
        data = json.loads(meta.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FileReadError(meta, f"provenance sidecar is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise FileReadError(meta, "provenance sidecar must be a JSON object")
    return data
