"""The follow-up log of data-quality findings: what the walidata did about each finding.

A finding is recomputed at every build; what the data team decided about it must not be. The log
is an append-only CSV beside the warehouse (NTT_DW_HOME/quality/findings_followup.csv), one line
per status change, read by dbt at build time (macro findings_followup_log). Why a file of its own
and not a seed or a warehouse table: a seed is code (a status would need a commit and a deploy,
and the next deploy would overwrite it); the warehouse is a build product that is rebuilt,
copied and deleted, and dbt holds its write lock during a build. An append-only CSV survives all
of that, keeps the whole history (who changed what, when, why), opens in Excel, and appending a
line never needs the warehouse.

Two writers: the data team (`ntt-dw findings set-status ID STATUS --note ...`) and every
transform (`sync`), which records what the build found: a new finding (baru), a finding that no
longer appears (diperbaiki: the re-delivered figure passes its check) and one that appears again
after being fixed (baru, reopened). The rule itself is SQL (marts.dq_findings_followup); `sync`
only persists it.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import getpass
import io
from collections.abc import Iterable
from pathlib import Path

from ingestion.core import privacy
from ingestion.core.settings import home, warehouse_path

#: the statuses of the walidata's follow-up (DHIS2 / WHO DQR follow-up analysis, in Bahasa)
STATUSES = ("baru", "dikirim ke produsen", "dikonfirmasi benar", "diperbaiki", "diterima dengan catatan")
#: the log's columns (dbt reads them with these names: macro findings_followup_columns)
COLUMNS = (
    "recorded_at",
    "finding_id",
    "status",
    "note",
    "recorded_by",
    "origin",
    "check_name",
    "model_name",
    "record_key",
    "observed_value",
    "expected_value",
    "source_document",
    "source_table",
    "agency_code",
)
#: what a finding is, copied into each of its log lines so a closed finding is still described
FINDING_FIELDS = COLUMNS[6:]


class FollowupError(ValueError):
    """A status change that cannot be recorded (unknown status or finding, identifier in a note)."""


def log_path() -> Path:
    return home() / "quality" / "findings_followup.csv"


def normalise_status(text: str) -> str:
    """'dikirim-ke-produsen', 'Dikirim_ke_produsen' and 'dikirim ke produsen' are one status."""
    status = " ".join(text.replace("-", " ").replace("_", " ").lower().split())
    if status not in STATUSES:
        raise FollowupError(f"unknown status {text!r}: one of {', '.join(STATUSES)}")
    return status


def read_events(path: Path | None = None) -> list[dict[str, str]]:
    path = path or log_path()
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def latest_by_finding(events: Iterable[dict[str, str]]) -> dict[str, dict[str, str]]:
    """Each finding's current line: its latest (the log is append-only, in time order)."""
    latest: dict[str, dict[str, str]] = {}
    for event in events:
        latest[event["finding_id"]] = event
    return latest


def append_events(events: list[dict[str, object]], path: Path | None = None) -> int:
    """Append lines under an exclusive lock (the transform and a person may write at once)."""
    if not events:
        return 0
    path = path or log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8", newline="") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0, io.SEEK_END)
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        if handle.tell() == 0:
            writer.writeheader()
        for event in events:
            writer.writerow({name: "" if event.get(name) is None else event.get(name) for name in COLUMNS})
    return len(events)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _register(database: Path, read_only: bool = True) -> dict[str, dict[str, object]]:
    """marts.dq_findings_followup by finding id ({} when the warehouse has none yet). In the
    transform's worker, dbt already holds the file in this process: DuckDB then only accepts a
    connection configured as dbt's (read_only=False), so the transform passes that."""
    import duckdb

    if not database.exists():
        return {}
    try:
        con = duckdb.connect(str(database), read_only=read_only)
    except duckdb.IOException:  # a build holds the warehouse: the log alone answers
        return {}
    with con:
        found = con.execute(
            "select 1 from information_schema.tables where table_schema = 'marts' "
            "and table_name = 'dq_findings_followup'"
        ).fetchone()
        if not found:
            return {}
        relation = con.execute("select * from marts.dq_findings_followup")
        names = [column[0] for column in relation.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in relation.fetchall()}


def resolve_id(text: str, known: Iterable[str]) -> str:
    """A full finding id, or a unique prefix of one (as git takes short hashes)."""
    text = text.strip().lower()
    matches = sorted({finding_id for finding_id in known if finding_id.startswith(text)})
    if len(text) < 6 or not matches:
        raise FollowupError(
            f"no finding with id {text!r} (give the id of marts.dq_findings, or its first 6+ characters)"
        )
    if len(matches) > 1:
        raise FollowupError(f"{text!r} is the start of {len(matches)} finding ids: give more characters")
    return matches[0]


def set_status(
    finding: str,
    status: str,
    note: str | None = None,
    recorded_by: str | None = None,
    database: Path | None = None,
) -> dict[str, object]:
    """Record a status decided by the data team; returns the line written."""
    status = normalise_status(status)
    if note and privacy.identifier_kinds(note):
        kinds = ", ".join(privacy.identifier_kinds(note))
        raise FollowupError(
            f"the note holds what looks like a victim identifier ({kinds}): it was not recorded. "
            "A note must describe the figure, never a person."
        )
    register = _register(database or warehouse_path())
    logged = latest_by_finding(read_events())
    finding_id = resolve_id(finding, {*register, *logged})
    described = register.get(finding_id) or logged.get(finding_id) or {}
    event: dict[str, object] = {
        "recorded_at": _now(),
        "finding_id": finding_id,
        "status": status,
        "note": note or "",
        "recorded_by": recorded_by or getpass.getuser(),
        "origin": "manual",
        **{name: described.get(name) for name in FINDING_FIELDS},
    }
    append_events([event])
    return event


def sync(database: Path | None = None, run_id: str | None = None, read_only: bool = False) -> dict[str, int]:
    """After a build: append every status of marts.dq_findings_followup that differs from the
    log's latest (new findings, fixed ones, reopened ones). Counts of lines written by status."""
    register = _register(database or warehouse_path(), read_only=read_only)
    logged = latest_by_finding(read_events())
    now, events = _now(), []
    for finding_id, row in sorted(register.items()):
        status = str(row["followup_status"])
        previous = logged.get(finding_id)
        if previous is not None and previous["status"] == status:
            continue
        if previous is None:
            note = "temuan baru"
        elif status == "diperbaiki":
            note = str(row["followup_note"] or "")
        elif previous["status"] == "diperbaiki":
            note = "dibuka kembali: temuan muncul lagi"
        else:
            continue  # a status the team set and the build did not change
        events.append(
            {
                "recorded_at": now,
                "finding_id": finding_id,
                "status": status,
                "note": note + (f" (build {run_id})" if run_id else ""),
                "recorded_by": "ntt-dw",
                "origin": "otomatis",
                **{name: row.get(name) for name in FINDING_FIELDS},
            }
        )
    append_events(events)
    counts: dict[str, int] = {}
    for event in events:
        counts[str(event["status"])] = counts.get(str(event["status"]), 0) + 1
    return counts
