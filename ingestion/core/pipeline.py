"""Ingest one registered source: scan its landing folder, read each new file version, write
records and quarantine to the raw zone, register the version.

This is what every ingest_<source> DAG runs; it is the same for every source, the reader module
named in the registry being the only per-source code.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from ingestion.core import file_registry, landing, privacy, raw_zone, sidecar
from ingestion.core.privacy import PseudonymKeyMissing
from ingestion.core.readers import FileReadError
from ingestion.core.records import QuarantineRow, ReadResult, RelationResult
from ingestion.core.regions import RegionNormaliser, load_normaliser
from ingestion.core.source_registry import SourceSpec, get_source

log = logging.getLogger(__name__)

#: distinct quarantine reasons logged per file; the quarantine table has them all
LOGGED_REASONS = 20


@dataclass
class ReadContext:
    """What a reader may need besides the file."""

    spec: SourceSpec
    sidecar: dict
    regions: RegionNormaliser


@dataclass
class IngestReport:
    source: str
    files_seen: int = 0
    files_skipped: int = 0
    files_loaded: int = 0
    files_rejected: int = 0
    files_duplicate: int = 0  # the same figures as a file already loaded, under another name
    files_reprocessed: int = 0
    records_read: int = 0
    records_loaded: int = 0
    records_quarantined: int = 0
    file_versions: list[str] = field(default_factory=list)
    #: every file rejected whole in this run: {"file", "file_version_id", "error"}
    rejected_files: list[dict] = field(default_factory=list)
    #: files in the source's landing folder that no source picks up: {"file", "reason"}
    unclaimed_files: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _read(path: Path, spec: SourceSpec, version: file_registry.FileVersion) -> ReadResult | RelationResult:
    reader = importlib.import_module(spec.reader)
    try:
        delivered = landing.read_sidecar(path)
        version.provenance = delivered
        parsed = sidecar.normalise(path, delivered, spec.sidecar_required)
        version.provenance = parsed
        result = reader.read(
            path, ReadContext(spec=spec, sidecar=parsed, regions=load_normaliser(scope=spec.region_scope))
        )
        version.status = "loaded"
    except FileReadError as exc:
        # the whole file is unreadable: one quarantine row says why; nothing is lost, the file
        # stays in the landing zone and its registry entry records the error
        result = _rejection(spec, version, exc.reason, exc.row, exc.field, file_name=Path(exc.path).name)
    return result


def _rejection(
    spec: SourceSpec,
    version: file_registry.FileVersion,
    reason: str,
    row: int | None = None,
    field_name: str | None = None,
    file_name: str | None = None,
) -> ReadResult:
    """A file rejected whole: its registry entry says why, naming the file (or its sidecar, when
    the sidecar is what is wrong), the row and the field; one quarantine row says it too."""
    reason = _safe_reason(spec, reason)
    where = (
        (file_name or version.source_file)
        + (f", row {row}" if row is not None else "")
        + (f", field {field_name!r}" if field_name is not None else "")
    )
    result = ReadResult()
    result.reject(row, field_name, None, f"file rejected: {reason}")
    version.status, version.error = "rejected", f"{where}: {reason}"
    log.error("%s: %s", spec.name, version.error)
    return result


def _safe_reason(spec: SourceSpec, text: str) -> str:
    """A message about a file's content fit for the registry, the quarantine and the logs: no
    identifier shape in any source, and for case-level data no quoted value at all."""
    return privacy.strip_quoted(text) if spec.case_level else privacy.scrub_text(text)


def _safe_value(spec: SourceSpec, value: str | None) -> str | None:
    """What a quarantine row keeps of the offending value: its shape for case-level data; for
    other sources the value, unless it holds an identifier shape: then the text around it (a
    name, an address typed with the phone number) belongs to the same person, and only the
    shape is kept."""
    if value is None:
        return None
    if spec.case_level or privacy.identifier_kinds(value):
        return privacy.mask_value(value)
    return value


def _safe_row(spec: SourceSpec, raw_value: str | None, reason: str) -> tuple[str | None, str]:
    """A quarantine row's value and reason, made safe together: a reason quoting a value that
    holds an identifier quotes nothing."""
    holds_identifier = raw_value is not None and bool(privacy.identifier_kinds(raw_value))
    reason = privacy.strip_quoted(reason) if spec.case_level or holds_identifier else privacy.scrub_text(reason)
    return _safe_value(spec, raw_value), reason


#: columns a reader fills from the file's identity, not from its content
_META_COLUMNS = frozenset({"file_version_id", "source_file", "ingested_at"})


def _scrub_records(result: ReadResult, spec: SourceSpec) -> None:
    """Free text of every loaded record (notes, labels, verbatim figures) with identifier shapes
    redacted: an identifier in a health note is still an identifier. The file gets a warning
    naming the fields, never the values."""
    text_columns = [c for c, kind in spec.columns.items() if kind.upper() == "VARCHAR" and c not in _META_COLUMNS]
    scrubbed: Counter = Counter()
    verdicts: dict[str, str] = {}
    for record in result.records:
        for column in text_columns:
            value = record.get(column)
            if not isinstance(value, str) or not value:
                continue
            clean = verdicts.get(value)
            if clean is None:
                clean = verdicts[value] = privacy.scrub_text(value)
            if clean != value:
                record[column] = clean
                scrubbed[column] += 1
    if scrubbed:
        fields = ", ".join(f"{column} ({count})" for column, count in sorted(scrubbed.items()))
        result.warnings.append(
            f"identifier shapes (NIK, telepon, e-mail) redacted in {sum(scrubbed.values())} "
            f"cell(s) before loading: {fields}"
        )


def _safe_quarantine(result: ReadResult, spec: SourceSpec) -> None:
    result.quarantine = [
        QuarantineRow(q.source_row, q.source_field, *_safe_row(spec, q.raw_value, q.reason)) for q in result.quarantine
    ]
    result.warnings = [_safe_reason(spec, w) for w in result.warnings]


def _write_rows(result: ReadResult, spec: SourceSpec, version: file_registry.FileVersion, now: str) -> dict[str, int]:
    """A row reader's records and quarantine to the raw zone; quarantined rows per reason."""
    for record in result.records:
        record.update(file_version_id=version.file_version_id, source_file=version.source_file, ingested_at=now)
    raw_zone.write_parquet(result.records, spec.columns, raw_zone.records_path(spec.name, version.file_version_id))
    raw_zone.write_parquet(
        raw_zone.quarantine_rows(result.quarantine, version.file_version_id, spec.name, version.source_file, now),
        raw_zone.QUARANTINE_COLUMNS,
        raw_zone.quarantine_path(spec.name, version.file_version_id),
    )
    version.records_loaded = len(result.records)
    version.records_quarantined = len(result.quarantine)
    return dict(Counter(q.reason for q in result.quarantine))


def _write_relations(
    result: RelationResult, spec: SourceSpec, version: file_registry.FileVersion, now: str
) -> dict[str, int]:
    """A set-based reader's relations to the raw zone by COPY: rows never become Python objects."""
    con = result.connection
    try:
        version.records_loaded = raw_zone.write_relation(
            con,
            result.records,
            spec.columns,
            {"file_version_id": version.file_version_id, "source_file": version.source_file, "ingested_at": now},
            raw_zone.records_path(spec.name, version.file_version_id),
        )
        extra = pd.DataFrame(
            [(q.source_row, q.source_field, q.raw_value, q.reason) for q in result.extra_quarantine],
            columns=["source_row", "source_field", "raw_value", "reason"],
            dtype="object",
        )
        con.register("extra_quarantine", extra)
        quarantine = result.quarantine.union(
            con.query(
                "select source_row::INTEGER, source_field::VARCHAR, raw_value::VARCHAR, reason::VARCHAR "
                "from extra_quarantine"
            )
        )
        # quarantined rows are few (the defects): made safe in Python, as the row readers' are
        safe = pd.DataFrame(
            [
                (row, field_name, *_safe_row(spec, raw, reason))
                for row, field_name, raw, reason in quarantine.fetchall()
            ],
            columns=["source_row", "source_field", "raw_value", "reason"],
            dtype="object",
        )
        con.register("safe_quarantine", safe)
        quarantine = con.query(
            "select source_row::INTEGER as source_row, source_field::VARCHAR as source_field, "
            "raw_value::VARCHAR as raw_value, reason::VARCHAR as reason from safe_quarantine"
        )
        result.warnings = [_safe_reason(spec, w) for w in result.warnings]
        version.records_quarantined = raw_zone.write_relation(
            con,
            quarantine,
            raw_zone.QUARANTINE_COLUMNS,
            {
                "file_version_id": version.file_version_id,
                "source_name": spec.name,
                "source_file": version.source_file,
                "quarantined_at": now,
            },
            raw_zone.quarantine_path(spec.name, version.file_version_id),
        )
        return dict(quarantine.aggregate("reason, count(*)").fetchall())
    finally:
        con.close()


def _load(path: Path, spec: SourceSpec, version: file_registry.FileVersion, now: str):
    """Read and write one file version; (result, quarantined rows per reason)."""
    result = _read(path, spec, version)
    if isinstance(result, RelationResult):
        return result, _write_relations(result, spec, version, now)
    if version.status == "loaded" and not spec.case_level:
        _scrub_records(result, spec)
    _safe_quarantine(result, spec)
    return result, _write_rows(result, spec, version, now)


class DeliveredContent:
    """The content digests of the current loaded version of every file name of a source, kept up
    to date as files commit: a new version with a digest already here is the same delivery sent
    again under another name (another sidecar that changes nothing the records carry)."""

    def __init__(self, entries: list[dict]):
        latest: dict[str, dict] = {}
        for entry in sorted(entries, key=lambda e: (e.get("loaded_at") or "", e["file_version_id"])):
            if not entry.get("withdrawn_at"):
                latest[entry["source_file"]] = entry
        self._by_name = latest

    def same_as(self, version: file_registry.FileVersion) -> dict | None:
        return next(
            (
                entry
                for name, entry in self._by_name.items()
                if name != version.source_file
                and entry["status"] == "loaded"
                and entry.get("content_digest") == version.content_digest
            ),
            None,
        )

    def add(self, version: file_registry.FileVersion) -> None:
        self._by_name[version.source_file] = asdict(version)


def ingest_file(
    path: Path, spec: SourceSpec, version: file_registry.FileVersion, delivered: DeliveredContent | None = None
) -> file_registry.FileVersion:
    """Read one new file version, write its records and quarantine, then commit its registry entry.

    Whatever goes wrong with this one file (a reader's error, a value the raw table cannot hold,
    a disk error) rejects this file only: its registry entry names the file and the cause, and the
    run goes on with the next file. The entry is committed, so the same unchanged file is not read
    (and does not fail) again. Only a missing pseudonymisation key stops the run: it is not the
    file's fault and every case file would fail the same way."""
    result, reasons = write_file(path, spec, version)
    return commit_file(
        path, spec, version, result, reasons, delivered or DeliveredContent(file_registry.entries(spec.name))
    )


def write_file(path: Path, spec: SourceSpec, version: file_registry.FileVersion):
    """The first half of ingest_file: read the file and write its raw-zone Parquet files (safe to
    run in a worker thread); (result, quarantined rows per reason)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    try:
        result, reasons = _load(path, spec, version, now)
        if version.status == "loaded" and version.records_loaded + version.records_quarantined == 0:
            # a header with nothing below it is a failed delivery, not an empty table
            result = _rejection(spec, version, "header only: no data rows below the header")
            reasons = _write_rows(result, spec, version, now)
    except PseudonymKeyMissing:
        raise
    except Exception as exc:
        # where it failed, for the developer; never the message text unscrubbed (it may quote a value)
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        log.error(
            "%s: %s could not be loaded: %s at %s:%s",
            spec.name,
            path.name,
            type(exc).__name__,
            frame.filename,
            frame.lineno,
        )
        result = _rejection(spec, version, f"could not be loaded ({type(exc).__name__}: {exc})")
        reasons = _write_rows(result, spec, version, now)
    version.encoding = result.encoding
    version.records_read = version.records_loaded + version.records_quarantined
    version.layout_rows = result.layout_rows
    version.warnings = result.warnings
    version.content_digest = raw_zone.content_digest(spec, version.file_version_id)
    return result, reasons


def commit_file(
    path: Path, spec: SourceSpec, version: file_registry.FileVersion, result, reasons: dict, delivered: DeliveredContent
) -> file_registry.FileVersion:
    """The second half: decide whether the version repeats a delivery already loaded, commit its
    registry entry (the commit marker) and log what was quarantined. Files commit in name order, so
    of two copies the first by name is the original, however the threads finished."""
    original = delivered.same_as(version) if version.status == "loaded" else None
    if original:
        version.status, version.duplicate_of = "duplicate", original["file_version_id"]
        result.warnings.append(
            f"the same figures as {original['source_file']} (version "
            f"{original['file_version_id']}), already loaded: not counted again"
        )
        version.warnings = result.warnings
    file_registry.commit(version)
    delivered.add(version)
    # reasons name the field and a safe form of the value (_safe_reason, _safe_value); a national
    # file can have thousands of distinct ones, so only the most frequent are logged
    ranked = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    for reason, count in ranked[:LOGGED_REASONS]:
        log.warning("%s %s: %d record(s) quarantined: %s", spec.name, path.name, count, reason)
    if len(ranked) > LOGGED_REASONS:
        rest = sum(count for _, count in ranked[LOGGED_REASONS:])
        log.warning(
            "%s %s: %d more record(s) quarantined for %d other reason(s); see the quarantine table",
            spec.name,
            path.name,
            rest,
            len(ranked) - LOGGED_REASONS,
        )
    for warning in result.warnings:
        log.warning("%s %s: %s", spec.name, path.name, warning)
    return version


def _ingest_all(planned: list[tuple[Path, file_registry.FileVersion]], spec: SourceSpec, delivered: DeliveredContent):
    """(path, committed version) for each planned file, in order. With the registry's
    ingest_workers > 1, files are read by that many threads: a set-based reader spends its time in
    DuckDB, which releases the GIL, so two files overlap on two cores. Each file still commits its
    own registry entry last, in name order, so a crash loses nothing and duplicates nothing."""
    if spec.ingest_workers <= 1 or len(planned) <= 1:
        for path, version in planned:
            yield path, ingest_file(path, spec, version, delivered)
        return
    with ThreadPoolExecutor(max_workers=spec.ingest_workers, thread_name_prefix=f"ingest_{spec.name}") as pool:
        written = pool.map(lambda item: write_file(item[0], spec, item[1]), planned)
        for (path, version), (result, reasons) in zip(planned, written, strict=True):
            yield path, commit_file(path, spec, version, result, reasons, delivered)


def ingest_source(source_name: str, period: tuple[dt.datetime, dt.datetime] | None = None) -> IngestReport:
    """Ingest every new file version waiting for this source; already-registered content is skipped.

    With a period (a backfill run's data interval), only the files delivered in it are read, and
    read again even when registered: the same deterministic version id rewrites the same Parquet
    files and registry entry, so a backfill never duplicates rows.
    """
    spec = get_source(source_name)
    report = IngestReport(source=source_name)
    registered = file_registry.entries(source_name)
    known = {file_registry.delivery_key(e["sha256"], e.get("sidecar_sha256")) for e in registered}
    paths = landing.scan(spec)
    if period is not None:
        paths = landing.delivered_between(paths, *period)
    planned: list[tuple[Path, file_registry.FileVersion]] = []
    for path in paths:
        report.files_seen += 1
        if period is None and file_registry.unchanged_since_registered(path, registered):
            report.files_skipped += 1
            log.info(
                "%s: %s unchanged since it was registered (name, size, time, sidecar), skipped", source_name, path.name
            )
            continue
        version = file_registry.new_version(spec.name, path)
        key = file_registry.delivery_key(version.sha256, version.sidecar_sha256)
        if key in known and period is None:
            report.files_skipped += 1
            log.info("%s: %s already loaded (sha256 %s), skipped", source_name, path.name, version.sha256[:12])
            continue
        report.files_reprocessed += key in known
        known.add(key)  # the same content twice in one delivery is read once
        planned.append((path, version))
    for path, version in _ingest_all(planned, spec, DeliveredContent(registered)):
        report.file_versions.append(version.file_version_id)
        report.files_loaded += version.status == "loaded"
        report.files_duplicate += version.status == "duplicate"
        report.files_rejected += version.status == "rejected"
        report.records_read += version.records_read
        report.records_loaded += version.records_loaded
        report.records_quarantined += version.records_quarantined
        if version.status == "rejected":
            report.rejected_files.append(
                {"file": version.source_file, "file_version_id": version.file_version_id, "error": version.error}
            )
        log.info(
            "%s: %s -> %d read, %d loaded, %d quarantined (%s)",
            source_name,
            path.name,
            version.records_read,
            version.records_loaded,
            version.records_quarantined,
            version.status,
        )
    report.unclaimed_files = landing.record_unclaimed(spec.landing_folder)
    for unclaimed in report.unclaimed_files:
        log.warning(
            "%s: %s in landing folder %s is not picked up by any source: %s",
            source_name,
            unclaimed["file"],
            spec.landing_folder,
            unclaimed["reason"],
        )
    assert report.records_read == report.records_loaded + report.records_quarantined
    return report
