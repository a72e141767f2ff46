"""Withdraw a delivered file version ("ignore the file we sent yesterday"), or restore it.

The registry keeps the version and its Parquet files; its entry gains who withdrew it, when and
why (withdrawn_at, withdrawn_by, withdrawal_reason), and an append-only withdrawal_history of
every withdraw and restore. The warehouse then treats it as if it had never been delivered:
stg_ingestion__file_versions never makes a withdrawn version current (an earlier version of the
same file name becomes current again), so staging, the incremental models and every mart leave it
out at the next transform build. Both actions are idempotent: withdrawing a withdrawn version or
restoring one that is not withdrawn changes nothing and says so.

Command line: ntt_dw/withdraw.py; Airflow: the withdraw_file_version DAG.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ingestion.core import file_registry
from ingestion.core.privacy import scrub_text
from ingestion.core.source_registry import load_registry

#: a file version id is 20 hex digits; a prefix names it when it is unique (like a git commit)
MIN_PREFIX = 6
_ID = re.compile(r"[0-9a-f]+")


class VersionNotFound(LookupError):
    """No registered file version has that id (or the prefix names several)."""


@dataclass
class Outcome:
    action: str  # withdraw | restore
    changed: bool  # False: it already was in that state, the entry was not rewritten
    entry: dict  # the registry entry after the action
    message: str

    def as_dict(self) -> dict:
        return {
            "action": self.action,
            "changed": self.changed,
            "message": self.message,
            **{
                k: self.entry.get(k)
                for k in ("file_version_id", "source_name", "source_file", *file_registry.WITHDRAWAL_FIELDS)
            },
        }


def _registry_files() -> list[Path]:
    """The entry files of every registered source (not raw/_registry/_landing, the unclaimed files)."""
    return sorted(path for source in load_registry() for path in file_registry.registry_dir(source).glob("*.json"))


def find(version_id: str) -> Path:
    """The registry entry's file of the version with that id, or with a unique id prefix, in
    whichever source it was delivered."""
    wanted = (version_id or "").strip().lower()
    if not _ID.fullmatch(wanted) or len(wanted) < MIN_PREFIX:
        raise VersionNotFound(f"{version_id!r} is not a file version id (at least {MIN_PREFIX} hex digits of one)")
    found = [path for path in _registry_files() if path.stem.startswith(wanted)]
    if not found:
        raise VersionNotFound(
            f"no registered file version has the id {version_id!r} "
            f"(see var/raw/_registry/<source>/ or the file versions in the warehouse)"
        )
    if len(found) > 1:
        names = ", ".join(f"{p.parent.name}/{p.stem}" for p in found)
        raise VersionNotFound(f"the id prefix {version_id!r} names several file versions ({names}): give more digits")
    return found[0]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _describe(entry: dict) -> str:
    return f"{entry['source_name']}/{entry['source_file']} (version {entry['file_version_id']})"


def _change(version_id: str, action: str, reason: str, by: str) -> Outcome:
    reason, by = scrub_text(reason or "").strip(), scrub_text(by or "").strip()
    if not reason:
        raise ValueError(f"a reason is required to {action} a file version")
    if not by:
        raise ValueError(f"who does it is required to {action} a file version")
    path = find(version_id)
    with file_registry.entry_lock(path.parent.name):
        entry = json.loads(path.read_text(encoding="utf-8"))
        withdrawn = entry.get("withdrawn_at") is not None
        if action == "withdraw" and withdrawn:
            return Outcome(
                action,
                False,
                entry,
                f"{_describe(entry)} was already withdrawn at {entry['withdrawn_at']} by "
                f"{entry.get('withdrawn_by')} ({entry.get('withdrawal_reason')}): nothing changed",
            )
        if action == "restore" and not withdrawn:
            return Outcome(action, False, entry, f"{_describe(entry)} is not withdrawn: nothing changed")
        at = _now()
        entry["withdrawn_at"], entry["withdrawn_by"], entry["withdrawal_reason"] = (
            (at, by, reason) if action == "withdraw" else (None, None, None)
        )
        entry["withdrawal_history"] = [
            *(entry.get("withdrawal_history") or []),
            {"action": action, "at": at, "by": by, "reason": reason},
        ]
        file_registry.write_atomically(path, json.dumps(entry, ensure_ascii=False, indent=2).encode("utf-8"))
    done = (
        "withdrawn: the next transform build leaves it out"
        if action == "withdraw"
        else "restored: the next transform build takes it in again"
    )
    return Outcome(action, True, entry, f"{_describe(entry)} {done}")


def withdraw(version_id: str, reason: str, by: str) -> Outcome:
    """Withdraw a delivered file version: kept in the registry and the raw zone, left out of the warehouse."""
    return _change(version_id, "withdraw", reason, by)


def restore(version_id: str, reason: str, by: str) -> Outcome:
    """Undo a withdrawal: the version counts again from the next build."""
    return _change(version_id, "restore", reason, by)


def withdrawn_versions(source_name: str | None = None) -> list[dict]:
    """The registry entries of the withdrawn file versions (of one source, or all), oldest withdrawal first."""
    entries = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in _registry_files()
        if source_name is None or path.parent.name == source_name
    ]
    return sorted(
        (e for e in entries if e.get("withdrawn_at")), key=lambda e: (e["withdrawn_at"], e["file_version_id"])
    )
