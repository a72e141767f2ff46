"""The provenance sidecar (<file>.meta.json) read with the same care as the data.

A sidecar is typed by a person: "TA 2024" for the budget year, "30 Juni 2024" or "Semester I
2024" for a period end. Each known field is parsed here into one form (an int year, an ISO date),
or the file is rejected with a message naming the sidecar and the field, never a crash further
down (a DuckDB cast error used to fail the whole ingestion of the source on every run). What the
person typed is kept beside the parsed value (``as_delivered``), so nothing is lost.

Which fields a source cannot do without is the registry's word (``sidecar_required`` in
ingestion/sources.yml): a budget file without its year would load NULL years into the marts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

from ingestion.core.dates import DateParseError, month_number, parse_id_date
from ingestion.core.readers import FileReadError

YEAR_FIELDS = ("budget_year", "year", "tahun")
#: period fields and which end of a named period ("Semester I 2024", "Juni 2024") they take
PERIOD_FIELDS = {"period_start": "start", "period_end": "end"}
BOOLEAN_FIELDS = ("synthetic",)
#: dates the agency states: delivered_at, the day it sent the file (the delivery_completeness mart
#: counts it instead of the day the file was loaded)
DATE_FIELDS = ("delivered_at",)

_YEAR = re.compile(r"^(?:(?:tahun\s+anggaran|tahun|t\.?a\.?|fy)\s*)?((?:19|20)\d{2})(?:\.0)?$", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_NAMED_PERIOD = re.compile(
    r"^(semester|smt|triwulan|tw|kuartal|q)\s*\.?\s*(iv|iii|ii|i|[1-4])\s+((?:19|20)\d{2})$", re.IGNORECASE
)
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s+((?:19|20)\d{2})$", re.IGNORECASE)
_TRUE = {"true", "ya", "yes", "1", "y"}
_FALSE = {"false", "tidak", "no", "0", "n", ""}


class SidecarError(FileReadError):
    """A sidecar field that cannot be read; the message names the sidecar file and the field."""


def parse_year(value: object) -> int:
    """2024, "2024", "TA 2024", "T.A. 2024", "Tahun Anggaran 2024" -> 2024."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a year")
    if isinstance(value, int) and 1900 <= value <= 2099:
        return value
    text = " ".join(str(value).split())
    match = _YEAR.match(text)
    if not match:
        raise ValueError(f"{value!r} is not a year (expected e.g. 2024 or 'TA 2024')")
    return int(match.group(1))


def _period_bounds(kind: str, number: int, year: int) -> tuple[dt.date, dt.date]:
    months = 6 if kind in ("semester", "smt") else 3
    if number > 12 // months:
        raise ValueError(f"there is no {kind} {number}")
    first = (number - 1) * months + 1
    last = first + months - 1
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def parse_period_date(value: object, end: str) -> dt.date:
    """A date, or a named period's first or last day (end = "start" | "end"): "30 Juni 2024",
    "2024-06-30", "30-06-2024", "Semester I 2024" (-> 2024-06-30 as an end), "Triwulan II 2024",
    "Juni 2024"."""
    text = " ".join(str(value).split()).lower()
    if match := _NAMED_PERIOD.match(text):
        kind, number, year = match.group(1).lower(), _ROMAN[match.group(2).lower()], int(match.group(3))
        start_date, end_date = _period_bounds(kind, number, year)
        return start_date if end == "start" else end_date
    if match := _MONTH_YEAR.match(text):
        try:
            month = month_number(match.group(1))
        except DateParseError:
            month = None
        if month is not None:
            year = int(match.group(2))
            return dt.date(year, month, 1 if end == "start" else calendar.monthrange(year, month)[1])
    try:
        parsed = parse_id_date(value)
    except DateParseError as exc:
        raise ValueError(f"{exc} (or a period such as 'Semester I 2024')") from None
    if parsed is None:
        raise ValueError("empty date")
    return parsed


def _parse_date(value: object) -> dt.date:
    """A day: "5 Januari 2024", "2024-01-05", "05-01-2024"."""
    try:
        parsed = parse_id_date(value)
    except DateParseError as exc:
        raise ValueError(str(exc)) from None
    if parsed is None:
        raise ValueError("empty date")
    return parsed


def parse_boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{value!r} is not true or false")


def normalise(path: Path, sidecar: dict, required: tuple[str, ...] = ()) -> dict:
    """The sidecar with its known fields parsed (year -> int, period -> ISO date, flags -> bool),
    the texts as typed under "as_delivered" where they differed; SidecarError for a field that
    cannot be read or a required field that is missing."""
    meta = f"{path.name}.meta.json"
    missing = [key for key in required if sidecar.get(key) in (None, "")]
    if missing:
        message = (
            f"no provenance sidecar {meta}: this source needs {', '.join(missing)}"
            if not sidecar
            else f"the provenance sidecar {meta} lacks {', '.join(missing)}"
        )
        raise SidecarError(path, message, field=missing[0])
    parsed, delivered = dict(sidecar), {}
    for key, value in sidecar.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            if key in YEAR_FIELDS:
                parsed[key] = parse_year(value)
            elif key in PERIOD_FIELDS:
                parsed[key] = parse_period_date(value, PERIOD_FIELDS[key]).isoformat()
            elif key in BOOLEAN_FIELDS:
                parsed[key] = parse_boolean(value)
            elif key in DATE_FIELDS:
                parsed[key] = _parse_date(value).isoformat()
            else:
                continue
        except (ValueError, TypeError) as exc:
            raise SidecarError(path, f"provenance sidecar {meta}: field {key!r}: {exc}", field=key) from None
        if parsed[key] != value:
            delivered[key] = value
    start, end = parsed.get("period_start"), parsed.get("period_end")
    if start and end and start > end:
        raise SidecarError(
            path, f"provenance sidecar {meta}: period_start {start} is after period_end {end}", field="period_start"
        )
    if delivered:
        parsed["as_delivered"] = {**parsed.get("as_delivered", {}), **delivered}
    return parsed
