"""Read the declarative source registry (ingestion/sources.yml).

One place names each source: the DAGs, the pipeline and the dbt sources are derived from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ingestion.core.regions import REGION_SCOPES

REGISTRY_PATH = Path(__file__).resolve().parents[1] / "sources.yml"


@dataclass(frozen=True)
class Freshness:
    warn_after_hours: int
    error_after_hours: int


@dataclass(frozen=True)
class SourceSpec:
    """One source as the registry declares it."""

    name: str
    agency: str
    description: str
    landing_folder: str
    file_patterns: tuple[str, ...]
    reader: str
    raw_table: str
    schedule: str
    freshness: Freshness
    columns: dict[str, str]
    unique_key: tuple[str, ...]
    exclude_patterns: tuple[str, ...] = ()
    owner: str = "data-engineering"
    retries: int = 3
    retry_delay_minutes: int = 5
    extra: dict = field(default_factory=dict)

    @property
    def region_scope(self) -> str:
        """Which regions the source's rows may name (ingestion/core/regions.py REGION_SCOPES)."""
        return self.extra.get("region_scope", "ntt")

    @property
    def case_level(self) -> bool:
        """One row per victim's case (registry `case_level: true`): every value is sensitive, so
        quarantine rows, reasons and logs keep a value's shape, never the value itself."""
        return bool(self.extra.get("case_level", False))

    @property
    def sidecar_required(self) -> tuple[str, ...]:
        """Sidecar fields a file of this source cannot be loaded without (registry `sidecar_required`)."""
        return tuple(self.extra.get("sidecar_required", ()))

    @property
    def figure_key(self) -> tuple[str, ...]:
        """What identifies one published figure (or case) across deliveries (registry `figure_key`):
        the same figures delivered again under another file name are the same figures."""
        return tuple(self.extra.get("figure_key", ()))

    @property
    def ingest_workers(self) -> int:
        """Files read at once by one ingestion (threads); 1 unless the registry says more."""
        return int(self.extra.get("ingest_workers", 1))

    @property
    def dag_id(self) -> str:
        return f"ingest_{self.name}"

    @property
    def asset_name(self) -> str:
        """Name of the Airflow Asset the ingestion DAG emits and the transform DAG waits for."""
        return f"raw.{self.raw_table}"


_REQUIRED = (
    "agency",
    "description",
    "landing_folder",
    "file_patterns",
    "reader",
    "raw_table",
    "schedule",
    "freshness",
    "columns",
    "unique_key",
)


class RegistryError(ValueError):
    """The registry file is malformed; the message names the source and the key."""


def _parse(path: Path) -> dict[str, SourceSpec]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    defaults = doc.get("defaults", {})
    specs: dict[str, SourceSpec] = {}
    for name, entry in (doc.get("sources") or {}).items():
        if not isinstance(entry, dict):  # "name:" with nothing under it would fail with a bare TypeError
            raise RegistryError(f"{path}: source {name!r} must be a mapping of keys, got {entry!r}")
        missing = [key for key in _REQUIRED if key not in entry]
        if missing:
            raise RegistryError(f"{path}: source {name!r} lacks {', '.join(missing)}")
        freshness = entry["freshness"] if isinstance(entry["freshness"], dict) else {}
        missing = [f"freshness.{key}" for key in ("warn_after_hours", "error_after_hours") if key not in freshness]
        if missing:
            raise RegistryError(f"{path}: source {name!r} lacks {', '.join(missing)}")
        unknown_keys = [k for k in entry["unique_key"] if k not in entry["columns"]]
        if unknown_keys:
            raise RegistryError(f"{path}: source {name!r} unique_key names unknown columns {unknown_keys}")
        unknown_keys = [k for k in entry.get("figure_key", ()) if k not in entry["columns"]]
        if unknown_keys:
            raise RegistryError(f"{path}: source {name!r} figure_key names unknown columns {unknown_keys}")
        if entry.get("region_scope", "ntt") not in REGION_SCOPES:
            raise RegistryError(
                f"{path}: source {name!r} region_scope must be one of {REGION_SCOPES}, got {entry['region_scope']!r}"
            )
        specs[name] = SourceSpec(
            name=name,
            agency=entry["agency"],
            description=" ".join(str(entry["description"]).split()),
            landing_folder=entry["landing_folder"],
            file_patterns=tuple(entry["file_patterns"]),
            reader=entry["reader"],
            raw_table=entry["raw_table"],
            schedule=str(entry["schedule"]),
            freshness=Freshness(**entry["freshness"]),
            columns=dict(entry["columns"]),
            unique_key=tuple(entry["unique_key"]),
            exclude_patterns=tuple(entry.get("exclude_patterns", ())),
            owner=entry.get("owner", defaults.get("owner", "data-engineering")),
            retries=int(entry.get("retries", defaults.get("retries", 3))),
            retry_delay_minutes=int(entry.get("retry_delay_minutes", defaults.get("retry_delay_minutes", 5))),
            extra={k: v for k, v in entry.items() if k not in _REQUIRED and k != "exclude_patterns"},
        )
    return specs


@lru_cache(maxsize=4)
def load_registry(path: Path = REGISTRY_PATH) -> dict[str, SourceSpec]:
    """All sources by name (cached: the DAG files call this at parse time)."""
    return _parse(Path(path))


def get_source(name: str) -> SourceSpec:
    registry = load_registry()
    if name not in registry:
        raise KeyError(f"unknown source {name!r}; registered: {sorted(registry)}")
    return registry[name]
