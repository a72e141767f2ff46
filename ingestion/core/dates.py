"""Parse dates as Indonesian extracts write them: "23 November 2026", "23 Agt 2026",
"23-11-2026", "23/11/2026" (day first) and ISO "2026-11-23"."""

from __future__ import annotations

import datetime as dt
import re

#: the month names as the documents print them, January first (MONTH_NAMES[month - 1])
MONTH_NAMES = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "pebruari": 2,
    "peb": 2,
    "maret": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "agus": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "nop": 11,
    "desember": 12,
    "des": 12,
}
_NAMED = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


class DateParseError(ValueError):
    """A text that is not a date in a format the agencies use."""


def month_number(name: str) -> int:
    """Indonesian month name or abbreviation -> 1..12."""
    key = name.strip().lower().rstrip(".")
    if key not in _MONTHS:
        raise DateParseError(f"{name!r} is not an Indonesian month name")
    return _MONTHS[key]


def parse_id_date(value: object) -> dt.date | None:
    """Return the date, None for an empty cell; raise DateParseError otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = " ".join(str(value).strip().lower().split())
    if not text or text == "-":
        return None
    try:
        if match := _ISO.match(text):
            year, month, day = (int(g) for g in match.groups())
        elif match := _DAY_FIRST.match(text):
            day, month, year = (int(g) for g in match.groups())
        elif match := _NAMED.match(text):
            day, month, year = int(match[1]), month_number(match[2]), int(match[3])
        else:
            raise DateParseError(f"{value!r} is not a date (expected e.g. '23 November 2026' or '23-11-2026')")
        return dt.date(year, month, day)
    except ValueError as exc:
        if isinstance(exc, DateParseError):
            raise
        raise DateParseError(f"{value!r} is not a valid date ({exc})") from None
