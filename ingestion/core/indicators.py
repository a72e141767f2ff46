"""Indicator actuals as agencies publish them: one figure per row, in the layout every agency
extract of PJPK actuals shares (seeds/extracts/<agency>/*_indikator_*.csv):

    indicator_code, indikator, wilayah, tahun, periode, jenis_nilai, nilai, satuan,
    tabel_atau_bagian, source_line, note

The agency modules (ingestion/<agency>/indicators.py) use this reader; what differs between
agencies is where their files land and how often, which the source registry says. Each row is
checked: a known PJPK indicator code (or none, for a supporting figure), a region that resolves
to an official code, a year, a kind of value, and a number at the start of nilai ("10,95",
"97,23% (596 korban ...)"); "-" is kept as a missing value, never a zero.

Numbers are read by meaning (ingestion/core/notation.py): the notation of the file is judged from
every nilai first (a percentage when satuan has "%", any other number otherwise), so "1,234"
is one thousand two hundred and thirty-four in a file written the English way, one point two
three four in a file written the Indonesian way, and quarantined when the file does not say.
A column that is not part of the layout (COLUMNS) is ignored with a warning, not silently.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from ingestion.core.notation import DECIMAL, NO_EVIDENCE, PERCENT, Cell, FileNotation, judge_file
from ingestion.core.numbers import NumberParseError, is_missing, number_body, parse_id_number, parse_percent
from ingestion.core.readers import dict_rows, read_table
from ingestion.core.records import ReadResult
from ingestion.core.settings import seeds_dir

COLUMNS = (
    "indicator_code",
    "indikator",
    "wilayah",
    "tahun",
    "periode",
    "jenis_nilai",
    "nilai",
    "satuan",
    "tabel_atau_bagian",
    "source_line",
    "note",
)
REQUIRED = frozenset({"indikator", "wilayah", "tahun", "jenis_nilai", "nilai"})
VALUE_KINDS = frozenset({"realisasi", "target", "baseline"})
_LEADING_NUMBER = re.compile(r"^\(?\s*(-?[\d.,]*\d)\s*%?")


@lru_cache(maxsize=1)
def catalogue_codes() -> frozenset[str]:
    with (seeds_dir() / "reference" / "pjpk_indicators.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(row["indicator_code"] for row in csv.DictReader(handle))


def indicator_key(code: str, name: str) -> str:
    """The catalogue code, or for a supporting figure a readable key from its published name."""
    return code or "lain:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80]


def value_kind(unit: str | None) -> str:
    """The kind of a nilai for the notation judgement: a percentage when its satuan has "%"."""
    return PERCENT if unit and "%" in unit else DECIMAL


def number_text(text: str) -> str | None:
    """The number a nilai holds or starts with ("97,23" of "97,23% (596 korban ...)")."""
    if number_body(text) is not None:
        return text
    match = _LEADING_NUMBER.match(text)
    return match.group(1) if match else None


def parse_value(text: str, unit: str | None = None, notation: FileNotation = NO_EVIDENCE) -> float | None:
    """The number a cell starts with: "2,71", "10,95%", "97,23% (596 korban ...)"; None for "-".
    A percentage written the English way ("42.90" with unit %) is read as parse_percent reads it.
    An ambiguous number ("1,234") or one written the English way is judged by the file's
    notation (ingestion/core/notation.py; without one, as a file that says nothing)."""
    if is_missing(text):
        return None
    number = number_text(text)
    if number is not None:
        judged = notation.judge(number, value_kind(unit))
        if judged is not None:
            return float(judged.value)
    if unit and "%" in unit:
        try:
            percent = parse_percent(text)
            return None if percent is None else float(percent.value)
        except NumberParseError:
            pass
    try:
        value = parse_id_number(text)
    except NumberParseError:
        match = _LEADING_NUMBER.match(text)
        if not match:
            raise
        value = parse_id_number(match.group(1))
    return None if value is None else float(value)


class _Rejected(Exception):
    def __init__(self, field: str, value: str, reason: str):
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


def _is_header(cells: list[str]) -> bool:
    """the indicator-actuals header (indikator, wilayah, tahun, jenis_nilai, nilai, ...)"""
    return REQUIRED <= {str(c).strip().lower() for c in cells if c is not None}


def unknown_column_warnings(path: Path, header: list[str]) -> list[str]:
    """A warning for each column that is not part of the layout: ignored, but not silently."""
    return [
        f"{path.name}: column {name.strip()!r} is not part of the indicator-actuals layout, ignored"
        for name in header
        if name and name.strip() and name.strip().lower() not in COLUMNS
    ]


def file_notation(rows: list[tuple[int, dict[str, str]]]) -> FileNotation:
    """The file's number notation, from the number of every nilai."""
    return judge_file(
        Cell(row_number, "nilai", number_text(row["nilai"]), value_kind(row.get("satuan")))
        for row_number, row in rows
        if not is_missing(row["nilai"])
    )


def _record(row: dict[str, str], context, notation: FileNotation = NO_EVIDENCE) -> dict:
    code = row.get("indicator_code", "")
    if code and code not in catalogue_codes():
        raise _Rejected("indicator_code", code, f"unknown PJPK indicator code {code!r} (not in pjpk_indicators.csv)")
    if not row["indikator"]:
        raise _Rejected("indikator", "", "empty indicator name")
    resolution = context.regions.resolve(row["wilayah"])
    if resolution.region is None:
        raise _Rejected("wilayah", row["wilayah"], resolution.problem or "unknown region")
    if not re.fullmatch(r"(19|20)\d\d", row["tahun"]):
        raise _Rejected("tahun", row["tahun"], f"not a year: {row['tahun']!r}")
    kind = row["jenis_nilai"].lower()
    if kind not in VALUE_KINDS:
        raise _Rejected("jenis_nilai", row["jenis_nilai"], f"jenis_nilai must be one of {sorted(VALUE_KINDS)}")
    try:
        value = parse_value(row["nilai"], row.get("satuan"), notation)
    except NumberParseError as exc:
        raise _Rejected("nilai", row["nilai"], str(exc)) from None
    source_line = row.get("source_line", "")
    return {
        "indicator_code": code or None,
        "indicator_key": indicator_key(code, row["indikator"]),
        "indicator_name": row["indikator"],
        "region_label": row["wilayah"],
        "region_kemendagri_code": resolution.region.kemendagri_code,
        "year": int(row["tahun"]),
        "period": row.get("periode") or None,
        "value_kind": kind,
        "value_text": row["nilai"],
        "value": value,
        "value_is_missing": is_missing(row["nilai"]),
        "unit": row.get("satuan") or None,
        "source_table": row.get("tabel_atau_bagian") or context.sidecar.get("table"),
        "source_line": int(source_line) if source_line.isdigit() else None,
        "note": row.get("note") or None,
        "source_document": context.sidecar.get("document"),
        "producer": context.sidecar.get("producer"),
    }


def read(path: Path, context) -> ReadResult:
    table = read_table(path, _is_header)
    result = ReadResult(encoding=table.encoding)
    result.warnings.extend(table.warnings)
    result.warnings.extend(unknown_column_warnings(path, table.header))
    rows = list(dict_rows(table, result))
    notation = file_notation(rows)
    result.warnings.extend(notation.warnings(path.name))
    for row_number, row in rows:
        try:
            record = _record(row, context, notation)
        except _Rejected as exc:
            result.reject(row_number, exc.field, exc.value, exc.reason)
            continue
        result.records.append({"source_row": row_number, **record})
    return result
