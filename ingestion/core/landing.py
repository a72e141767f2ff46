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
from ingestion.core.source_registry import SourceSpec, load_registry

SIDECAR_SUFFIX = ".meta.json"


def _ignored(name: str) -> bool:
    """Files that are not deliveries: hidden files, Office lock files, partial writes."""
    return name.startswith((".", "~$")) or name.endswith(".tmp")


def picks_up(spec: SourceSpec, name: str) -> bool:
    """Whether the source reads a file of this name. Patterns match whatever the letter case
    ("DATA.CSV" is a CSV file, as Windows sees it); exclude_patterns name another source's files."""
    folded = name.lower()
    return (
        not folded.endswith(SIDECAR_SUFFIX)
        and not _ignored(name)
        and any(fnmatch(folded, pattern.lower()) for pattern in spec.file_patterns)
        and not any(fnmatch(folded, pattern.lower()) for pattern in spec.exclude_patterns)
    )


def scan(spec: SourceSpec) -> list[Path]:
    """Files waiting in the source's landing folder, in name order (sidecars, temp files and the
    source's exclude_patterns, files another source of the same folder reads, excluded)."""
    folder = landing_dir(spec.landing_folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and picks_up(spec, p.name))


def unclaimed(folder_name: str) -> list[dict]:
    """Every file under a landing folder that no source reads, with why: in a subfolder (sources
    read the folder itself), a name no source's patterns match, a sidecar without its data file.
    Nothing delivered may go unnoticed."""
    folder = landing_dir(folder_name)
    if not folder.is_dir():
        return []
    specs = [spec for spec in load_registry().values() if spec.landing_folder == folder_name]
    patterns = sorted({pattern for spec in specs for pattern in spec.file_patterns})
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or _ignored(path.name):
            continue
        relative = path.relative_to(folder).as_posix()
        if path.parent != folder:
            reason = "in a subfolder: sources read only files placed directly in the landing folder"
        elif path.name.lower().endswith(SIDECAR_SUFFIX):
            data = path.with_name(path.name[: -len(SIDECAR_SUFFIX)])
            if data.exists():
                continue
            reason = f"a provenance sidecar without its data file {data.name}"
        elif any(picks_up(spec, path.name) for spec in specs):
            continue
        else:
            reason = f"no source reads this name (patterns: {', '.join(patterns) or 'none'})"
        found.append(
            {
                "file": relative,
                "size_bytes": path.stat().st_size,
                "received_at": received_at(path).isoformat(),
                "reason": reason,
            }
        )
    return found


def unclaimed_everywhere() -> list[dict]:
    """Unclaimed files of every landing folder, and files in folders no source uses."""
    root = landing_dir("")
    if not root.is_dir():
        return []
    used = {spec.landing_folder for spec in load_registry().values()}
    found = [{**entry, "folder": name} for name in sorted(used) for entry in unclaimed(name)]
    for path in sorted(root.iterdir()):
        if _ignored(path.name) or path.name in used:
            continue
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        for file in files:
            found.append(
                {
                    "folder": "",
                    "file": file.relative_to(root).as_posix(),
                    "size_bytes": file.stat().st_size,
                    "received_at": received_at(file).isoformat(),
                    "reason": f"not in any source's landing folder ({', '.join(sorted(used))})",
                }
            )
    return found


def record_unclaimed(folder_name: str) -> list[dict]:
    """unclaimed(folder), also written to the registry (raw/_registry/_landing/<folder>.json), so
    the run summary and the data team see every delivery that was not picked up. Each entry keeps
    when it was first seen; "new" marks those this scan found first (the ones to alert about)."""
    path = file_registry.registry_dir("_landing") / f"{folder_name}.json"
    earlier = {}
    if path.exists():
        earlier = {
            (e["file"], e["size_bytes"], e["received_at"]): e for e in json.loads(path.read_text(encoding="utf-8"))
        }
    now = dt.datetime.now(dt.UTC).isoformat()
    found = []
    for entry in unclaimed(folder_name):
        seen = earlier.get((entry["file"], entry["size_bytes"], entry["received_at"]))
        found.append({**entry, "first_seen_at": seen["first_seen_at"] if seen else now, "new": seen is None})
    stored = [{k: v for k, v in entry.items() if k != "new"} for entry in found]
    file_registry.write_atomically(path, json.dumps(stored, ensure_ascii=False, indent=2).encode("utf-8"))
    return found


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
