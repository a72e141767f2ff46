"""The file registry: one JSON entry per file version, written last as the commit marker.

A delivery is identified by its content checksum together with the checksum of its provenance
sidecar: a re-delivered identical file is skipped; a changed file with the same name becomes a new
version (and staging uses the latest version per name); a file rejected because its sidecar had
not arrived yet is read again once the sidecar arrives.
Entries are separate small files, so ingestions of different sources never contend for a lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingestion.core.settings import raw_zone_dir


@dataclass
class FileVersion:
    file_version_id: str
    source_name: str
    source_file: str
    landing_path: str
    sha256: str
    sidecar_sha256: str | None
    size_bytes: int
    received_at: str
    loaded_at: str | None = None
    status: str = "pending"  # loaded | rejected | duplicate
    encoding: str | None = None
    records_read: int = 0
    records_loaded: int = 0
    records_quarantined: int = 0
    layout_rows: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    provenance: dict = field(default_factory=dict)
    reprocessed_at: str | None = None  # set when a backfill read this version again
    #: what the version holds, file identity aside (raw_zone.content_digest): equal digests under
    #: two names are one delivery sent twice
    content_digest: str | None = None
    duplicate_of: str | None = None  # status "duplicate": the version that holds the same figures


#: written by ingestion/core/withdrawal.py into an entry (absent from entries never withdrawn):
#: the current withdrawal (all None once restored) and the append-only list of withdraw/restore actions
WITHDRAWAL_FIELDS = ("withdrawn_at", "withdrawn_by", "withdrawal_reason", "withdrawal_history")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def registry_dir(source_name: str) -> Path:
    return raw_zone_dir() / "_registry" / source_name


def sidecar_of(path: Path) -> Path:
    """The provenance sidecar delivered beside a file (see ingestion/core/landing.py)."""
    return path.with_name(path.name + ".meta.json")


def delivery_key(sha256: str, sidecar_sha256: str | None) -> str:
    return f"{sha256}+{sidecar_sha256 or '-'}"


def new_version(source_name: str, path: Path) -> FileVersion:
    checksum = sha256_of(path)
    sidecar = sidecar_of(path)
    sidecar_checksum = sha256_of(sidecar) if sidecar.exists() else None
    stat = path.stat()
    identity = f"{source_name}/{path.name}/{delivery_key(checksum, sidecar_checksum)}"
    return FileVersion(
        # the id depends on the source, the name and the content: deterministic, so a retried
        # ingestion rewrites the same files instead of adding new ones
        file_version_id=hashlib.sha256(identity.encode()).hexdigest()[:20],
        source_name=source_name,
        source_file=path.name,
        landing_path=str(path),
        sha256=checksum,
        sidecar_sha256=sidecar_checksum,
        size_bytes=stat.st_size,
        received_at=received_at(path).isoformat(),
    )


def received_at(path: Path) -> dt.datetime:
    """When a file was delivered: its modification time in the landing zone (UTC)."""
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)


def unchanged_since_registered(path: Path, registered: list[dict]) -> bool:
    """A quick check, as make and rsync do: a landing file with the name, size and modification
    time of a registered version, and the same sidecar, is that version; hashing it again (the
    whole landing zone, every run) would make each run's cost grow with all data, not new data.
    A backfill run (a period) re-reads files regardless."""
    size, delivered = path.stat().st_size, received_at(path).isoformat()
    candidates = [
        e
        for e in registered
        if e["source_file"] == path.name and e["size_bytes"] == size and e["received_at"] == delivered
    ]
    if not candidates:
        return False
    sidecar = sidecar_of(path)
    sidecar_checksum = sha256_of(sidecar) if sidecar.exists() else None
    return any(e.get("sidecar_sha256") == sidecar_checksum for e in candidates)


def entries(source_name: str) -> list[dict]:
    folder = registry_dir(source_name)
    if not folder.exists():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, then rename: readers see all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def entry_lock(source_name: str):
    """Held while an entry is read and rewritten: ingestion (a backfill's re-read) and a
    withdrawal can both rewrite one entry, and neither may lose the other's change."""
    folder = registry_dir(source_name)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def commit(version: FileVersion) -> Path:
    """Write the version's entry. A version read again (backfill) keeps its first loaded_at, which
    orders the versions of a file name, and records when it was reprocessed; it also stays
    withdrawn (or restored) as it was."""
    path = registry_dir(version.source_name) / f"{version.file_version_id}.json"
    now = dt.datetime.now(dt.UTC).isoformat()
    with entry_lock(version.source_name):
        earlier = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        version.loaded_at = earlier["loaded_at"] if earlier else now
        version.reprocessed_at = now if earlier else None
        entry = asdict(version)
        entry.update({k: earlier[k] for k in WITHDRAWAL_FIELDS if earlier and k in earlier})
        write_atomically(path, json.dumps(entry, ensure_ascii=False, indent=2).encode("utf-8"))
    return path
