"""Cells that stay text when an analyst opens an export in Excel or LibreOffice: formula-like
text is escaped (CSV / formula injection, OWASP "CSV Injection").

A text cell starting with "=", "+", "-" or "@" (or a tab or carriage return, or the full-width
"＝＋－＠" some spreadsheet locales read as the same) is a formula to a spreadsheet: a delivered
value such as '=HYPERLINK("http://…","klik")' in a region label or a unit would run, or link
out, on the analyst's machine. escape_formula prefixes such text with a single quote, the
spreadsheet convention for "this is text".

What stays as it is:
  * numbers: int, float and Decimal values (bool too): a spreadsheet reads them as numbers, and
    a negative figure must stay a number for whoever loads the file;
  * text that is a plain number: an optional minus, digits with "." or "," separators and an
    optional exponent ("-5", "-12,5", "-1.234,50", "-1e5"). A spreadsheet reads it as a number
    or as text, never as a formula, and prefixing it would turn a figure into text. A plus sign
    is not in this rule: "+62 812…" is a telephone number to people but a formula to Excel;
  * text with those characters further in ("a=b", "1-2"). A lone "-" (a "no data" dash) is not
    a number: it is escaped like any other text starting with "-".

Every CSV and XLSX the project publishes is written through write_csv / write_xlsx (or, for a
writer of its own, escape_row). The exceptions are ntt_dw/tools/transcribe_*: they write the shipped
seed extracts, which reproduce the published tables verbatim (the extract tests compare them
with the source documents cell by cell) and are inputs to ingestion, not outputs for analysts.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?")


def escape_formula(value: object) -> object:
    """`value` with a single quote in front when it is text a spreadsheet would read as a
    formula; numbers and numeric text (see the module docstring) unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def cell_text(value: object) -> object:
    """A value as a CSV cell: None empty, booleans 'true'/'false' (Frictionless), text escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return escape_formula(value)


def escape_row(row: Mapping[str, object], names: Iterable[str]) -> dict[str, object]:
    """The row's cells under `names` as cell_text gives them (missing keys empty)."""
    return {name: cell_text(row.get(name)) for name in names}


def _names(fields: Iterable[str | Mapping]) -> list[str]:
    return [f["name"] if isinstance(f, Mapping) else f for f in fields]


def write_csv(path: Path, fields: Iterable[str | Mapping], rows: Iterable[Mapping[str, object]]) -> None:
    """A UTF-8 CSV with a header: `fields` are column names or Table Schema field dicts
    ({"name": ...}), `rows` dicts; every cell through cell_text."""
    names = _names(fields)
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(escape_row(row, names))


def write_xlsx(
    path: Path, fields: Iterable[str | Mapping], rows: Iterable[Mapping[str, object]], sheet: str = "data"
) -> None:
    """The same as a one-sheet workbook. Text is escaped as in the CSV (unescaped, openpyxl
    would even store text starting with "=" as a formula); numbers, dates and booleans keep
    their cell types, None is an empty cell."""
    from openpyxl import Workbook  # imported here: only XLSX outputs need it

    names = _names(fields)
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(names)
    for row in rows:
        worksheet.append([escape_formula(row.get(name)) for name in names])
    workbook.save(path)


def workbook():
    """An empty openpyxl workbook, for outputs laid out by hand (several sheets, titles, widths):
    fill it with append_row so every cell is escaped as write_xlsx does."""
    from openpyxl import Workbook

    return Workbook()


def append_row(worksheet, values: Iterable[object]) -> None:
    """Append one row to a worksheet of `workbook()`, text escaped (numbers keep their type)."""
    worksheet.append([escape_formula(value) for value in values])
