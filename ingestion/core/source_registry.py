"""Read the declarative source registry (ingestion/sources.yml).

One place names each source: the DAGs, the pipeline and the dbt sources are derived from it.
"""

from __future__ import annotations

import datetime as dt
import re
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


#: the reporting periods a delivery can be owed for, and their length in months
PERIOD_MONTHS = {"month": 1, "semester": 6, "year": 12}
#: how a period is written in the registry (first_period), by period kind
_PERIOD_FORMS = {
    "month": (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "2023-01"),
    "semester": (re.compile(r"^(\d{4})-S([12])$"), "2024-S1"),
    "year": (re.compile(r"^(\d{4})$"), "2024"),
}
#: the roles a raw column can play in telling which period a record covers
PERIOD_COLUMN_ROLES = ("date", "year", "month", "period")


@dataclass(frozen=True)
class Delivery:
    """What the agency owes (registry `delivery`): one delivery per period (and per regency when
    per_region), due `due_days` after the period's last day, from `first_period` on; the raw
    columns in `period_columns` (and `region_column`) tell which period (and region) a record
    covers. Read by the delivery_completeness mart through the dbt source's meta."""

    period: str
    due_days: int
    first_period: str
    period_columns: dict[str, str]
    per_region: bool = False
    region_column: str | None = None

    @property
    def first_period_start(self) -> dt.date:
        """The first day of the first period owed."""
        pattern, _ = _PERIOD_FORMS[self.period]
        match = pattern.match(self.first_period)
        assert match, self.first_period  # validated when parsed
        year = int(match.group(1))
        if self.period == "year":
            return dt.date(year, 1, 1)
        if self.period == "semester":
            return dt.date(year, 1 if match.group(2) == "1" else 7, 1)
        return dt.date(year, int(match.group(2)), 1)

    def as_meta(self) -> dict:
        """The block as the dbt source's meta carries it (ingestion/core/dbt_sources.py)."""
        return {
            "period": self.period,
            "period_months": PERIOD_MONTHS[self.period],
            "due_days": self.due_days,
            "first_period": self.first_period,
            "first_period_start": self.first_period_start.isoformat(),
            "per_region": self.per_region,
            **({"region_column": self.region_column} if self.region_column else {}),
            "period_columns": dict(self.period_columns),
        }


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
    def delivery(self) -> Delivery | None:
        """What the agency owes and when (registry `delivery`); None: no delivery is owed on a schedule."""
        return self.extra.get("delivery")

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


def _delivery(path: Path, name: str, block: object, columns: dict) -> Delivery:
    """The registry's `delivery` block, checked: every fault names the source and the field."""

    def fail(field_name: str, problem: str) -> RegistryError:
        return RegistryError(f"{path}: source {name!r} delivery.{field_name} {problem}")

    if not isinstance(block, dict):
        raise RegistryError(f"{path}: source {name!r} delivery must be a mapping of keys, got {block!r}")
    known = {"period", "due_days", "first_period", "period_columns", "per_region", "region_column"}
    unknown = sorted(set(block) - known)
    if unknown:
        raise fail(unknown[0], f"is not a delivery key (known: {', '.join(sorted(known))})")
    missing = [key for key in ("period", "due_days", "first_period", "period_columns") if key not in block]
    if missing:
        raise RegistryError(f"{path}: source {name!r} lacks {', '.join(f'delivery.{key}' for key in missing)}")
    period = block["period"]
    if period not in PERIOD_MONTHS:
        raise fail("period", f"must be one of {', '.join(PERIOD_MONTHS)}, got {period!r}")
    due_days = block["due_days"]
    if isinstance(due_days, bool) or not isinstance(due_days, int) or due_days < 0:
        raise fail("due_days", f"must be a whole number of days (0 or more), got {due_days!r}")
    first = str(block["first_period"])
    pattern, example = _PERIOD_FORMS[period]
    if isinstance(block["first_period"], bool) or not pattern.match(first):
        raise fail("first_period", f"must name a {period} like {example}, got {block['first_period']!r}")
    roles = block["period_columns"]
    if not isinstance(roles, dict) or not roles:
        raise fail("period_columns", f"must map {', '.join(PERIOD_COLUMN_ROLES)} to raw columns, got {roles!r}")
    for role, column in roles.items():
        if role not in PERIOD_COLUMN_ROLES:
            raise fail(f"period_columns.{role}", f"is not one of {', '.join(PERIOD_COLUMN_ROLES)}")
        if column not in columns:
            raise fail(f"period_columns.{role}", f"names unknown column {column!r}")
    if "date" not in roles and "year" not in roles:
        raise fail("period_columns", "needs a date or a year column")
    if ("month" in roles or "period" in roles) and "year" not in roles:
        raise fail("period_columns", "names a month or period column without a year column")
    if "month" in roles and "period" in roles:
        raise fail("period_columns", "names both a month and a period column: one tells the period")
    per_region = block.get("per_region", False)
    if not isinstance(per_region, bool):
        raise fail("per_region", f"must be true or false, got {per_region!r}")
    region_column = block.get("region_column")
    if per_region and region_column is None:
        raise fail("region_column", "is needed when per_region is true")
    if region_column is not None and not per_region:
        raise fail("region_column", "is only read when per_region is true")
    if region_column is not None and region_column not in columns:
        raise fail("region_column", f"names unknown column {region_column!r}")
    return Delivery(
        period=period,
        due_days=due_days,
        first_period=first,
        period_columns=dict(roles),
        per_region=per_region,
        region_column=region_column,
    )


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
        extra = {k: v for k, v in entry.items() if k not in _REQUIRED and k != "exclude_patterns"}
        if "delivery" in entry:
            extra["delivery"] = _delivery(path, name, entry["delivery"], entry["columns"])
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
            extra=extra,
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
