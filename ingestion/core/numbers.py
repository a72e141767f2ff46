"""Parse numbers as Indonesian documents write them.

"5.656.039" (dot groups thousands), "5.325,57" (comma is the decimal mark), "(7.633.200)"
(parentheses mean negative, as finance units write), "Rp. 6.892.432.255,-" and "81,64%".
Babel's strict id-locale parser does the digit grouping, so "12.3.4" or "1.23" are rejected
instead of being read as something they are not. Values are Decimal: exact, never float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from numbers import Number

from babel.numbers import NumberFormatError as _BabelError
from babel.numbers import parse_decimal

#: Texts the documents use for "no figure": kept as missing, never as zero.
MISSING_MARKERS = frozenset({"", "-", "–", "—", "n.a", "n.a.", "na", "n/a", "..."})

_CURRENCY = re.compile(r"^rp\.?\s*", re.IGNORECASE)
#: the canonical form ("5.656.039", "5.325,57", "0,5"): read directly, 50 times faster than
#: babel's strict parser, which takes every other form (tests/test_numbers_dates.py checks the
#: two agree on every canonical text)
CANONICAL = re.compile(r"(?:0|[1-9]\d{0,2}(?:\.\d{3})*)(?:,\d+)?")
_TRAILING_DASH = re.compile(r",-$")


class NumberParseError(ValueError):
    """A text that is not an Indonesian-format number; the message says why."""


def is_missing(text: object) -> bool:
    return text is None or (isinstance(text, str) and text.strip().lower() in MISSING_MARKERS)


def number_body(text: str) -> tuple[bool, str] | None:
    """(negative, digits and separators) of a number text, as parse_id_number takes it apart:
    "(Rp. 7.633.200,-)" -> (True, "7.633.200"), "81,64%" -> (False, "81,64"); None when what is
    left is not digits, dots and commas (or nothing). ingestion/core/notation.py judges the
    separators of the body; parse_id_number reads it."""
    text = text.strip().replace("\u00a0", " ")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text = _CURRENCY.sub("", text)
    text = _TRAILING_DASH.sub("", text)
    if text.endswith("%"):
        text = text[:-1].strip()
    if text.startswith("-"):
        negative, text = (not negative), text[1:].strip()
    text = text.replace(" ", "")
    if not text or not re.fullmatch(r"[0-9.,]+", text):
        return None
    return negative, text


def reject_identifier(value: object) -> None:
    """A figure is never an identifier: a 16-digit NIK or a phone number typed where a number
    belongs would otherwise load as a number (5.37e15) that is still the person's NIK."""
    if isinstance(value, str) and len(value) >= 9:
        from ingestion.core.privacy import identifier_kinds

        kinds = identifier_kinds(value)
        if kinds:
            raise NumberParseError(f"an identifier ({', '.join(kinds)}) was typed where a figure belongs")


def parse_id_number(value: object) -> Decimal | None:
    """Return the exact Decimal of an Indonesian-format number, None for a missing marker.

    Numeric cells (from XLSX or JSON) pass through unchanged. Raises NumberParseError for
    anything else, e.g. "12.3.4" (bad digit grouping) or "abc".
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberParseError(f"{value!r} is a boolean, not a number")
    if isinstance(value, Number):
        return Decimal(str(value))
    reject_identifier(value)
    text = str(value).strip().replace("\u00a0", " ")
    if text.lower() in MISSING_MARKERS:
        return None
    body = number_body(text)
    if body is None:
        raise NumberParseError(f"{value!r} is not a number")
    negative, text = body
    if CANONICAL.fullmatch(text):
        number = Decimal(text.replace(".", "").replace(",", "."))
        return -number if negative else number
    try:
        number = parse_decimal(text, locale="id", strict=True)
    except _BabelError as exc:
        raise NumberParseError(f"{value!r} is not a well-formed Indonesian number ({exc})") from None
    return -number if negative else number


# ---------------------------------------------------------------- money and percentages

_PROSE_TAIL = re.compile(r"^(.*\d)[.,]$")  # "Rp. 788.513.453," at the end of a clause in running text


def parse_rupiah(value: object) -> int | None:
    """Whole rupiah as an int (never a float): "Rp. 6.892.432.255,-", "5.627.308.146",
    "(7.633.200)" (negative), "RP 175.000.000". A clause-ending "," or "." after the last digit
    group, as prose writes "sisa sebesar Rp. 788.513.453, atau", is not part of the amount.
    Raises NumberParseError for anything with a fraction of a rupiah or not a number."""
    if isinstance(value, str):
        text = value.strip()
        if (tail := _PROSE_TAIL.match(text)) and not text.endswith(",-"):
            head = tail.group(1)
            # only when what remains is a well-formed grouped amount ("1.234.567", not "1.23")
            if re.fullmatch(r"[^0-9]*\d{1,3}(\.\d{3})+\)?|[^0-9]*\d{1,3}\)?", head):
                text = head
        value = text
    number = parse_id_number(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise NumberParseError(f"{value!r} is not a whole number of rupiah")
    return int(number)


_DOT_DECIMAL_PERCENT = re.compile(r"^\(?\s*(\d{1,3})\.(\d{1,2})\s*%?\s*\)?$")


@dataclass(frozen=True)
class Percent:
    """A published percentage: its exact value and the decimal mark the document used."""

    value: Decimal
    decimal_mark: str  # "," (Indonesian), "." (written the English way), "" (whole number)


def parse_percent(value: object) -> Percent | None:
    """ "81,64%", "(81,97%)", "55,30", "98", "60 %" and, as some prose writes it, "97.33%": a
    single dot followed by one or two digits cannot be a thousands separator in a percentage,
    so it is read as a decimal mark and said so (decimal_mark "."), not silently."""
    if value is None or is_missing(value):
        return None
    text = str(value).strip()
    if match := _DOT_DECIMAL_PERCENT.match(text):
        return Percent(Decimal(f"{match.group(1)}.{match.group(2)}"), ".")
    inner = text[1:-1].strip() if text.startswith("(") and text.endswith(")") else text
    number = parse_id_number(inner)
    if number is None:
        return None
    return Percent(number, "," if "," in inner else "")
