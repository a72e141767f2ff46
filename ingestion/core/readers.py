"""Read the files agencies deliver: CSV (any common encoding and delimiter), XLSX and JSON.

Readers return cells as delivered (text, or the typed value of an XLSX cell) with their row
numbers; parsing numbers, dates and regions is the agency module's job. A file that cannot be
read at all raises FileReadError naming the file and what is wrong, so the pipeline can reject
that file and go on with the next.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from dataclasses import dataclass
from collections.abc import Iterator
from pathlib import Path

from charset_normalizer import from_bytes

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DELIMITERS = ",;\t|"


class FileReadError(ValueError):
    """The file cannot be read; str() names the file (and row/field when known)."""

    def __init__(self, path: Path | str, message: str, row: int | None = None, field: str | None = None):
        self.path, self.row, self.field = str(path), row, field
        where = Path(self.path).name
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")
        self.reason = message


@dataclass
class Table:
    """A sheet or CSV: header cells and data rows, each with its 1-based row number in the file."""

    header: list[str]
    rows: list[tuple[int, list[object]]]
    header_row: int
    encoding: str | None = None
    delimiter: str | None = None


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode bytes: a BOM decides; else strict UTF-8; else charset detection (Latin-1, cp1252...)."""
    if not data.strip():
        raise FileReadError(path, "file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if b"\x00" in data[:200]:  # UTF-16 without BOM
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text, encoding
        raise FileReadError(path, "binary content: not a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    encoding = best.encoding if best is not None else "latin-1"
    return data.decode(encoding, errors="strict"), encoding


def _is_blank(cells: list[object]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _split_header(path: Path, raw_rows: list[tuple[int, list[object]]], is_header) -> Table:
    """The header is the first row is_header accepts (title rows above it are skipped)."""
    for index, (row_number, cells) in enumerate(raw_rows):
        if is_header([("" if c is None else str(c)).strip() for c in cells]):
            header = [("" if c is None else str(c)).strip() for c in cells]
            body = [(n, list(c) + [None] * (len(header) - len(c))) for n, c in raw_rows[index + 1:]]
            return Table(header=header, rows=body, header_row=row_number)
    expected = " ".join((is_header.__doc__ or "a row the reader recognises as the header").split())
    raise FileReadError(path, f"no header row found (expected {expected})")


def _parse_csv(path: Path, text: str, delimiter: str, is_header) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    raw_rows = []
    try:
        for cells in reader:
            raw_rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise FileReadError(path, f"malformed CSV ({exc})", row=reader.line_num) from None
    raw_rows = [(n, c) for n, c in raw_rows if not _is_blank(c)]
    if not raw_rows:
        raise FileReadError(path, "file has no rows")
    if max(len(c) for _, c in raw_rows) == 1:
        raise FileReadError(path, f"only one column found: delimiter not recognised (tried {_DELIMITERS!r})")
    table = _split_header(path, raw_rows, is_header)
    table.delimiter = delimiter
    return table


def parse_csv_text(path: Path, text: str, is_header) -> Table:
    """The delimiter is the sniffed one if a header row is found with it, else the first other
    candidate that finds one. The sniffer alone is not enough: a title row above the header
    ("Tabel 1.2 ...") makes it give up, and decimal commas ("157,60") in a tab- or pipe-separated
    file make "," look like a delimiter. When no candidate works, the sniffed one's error is raised.
    """
    sample = "\n".join(text.splitlines()[:20])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = ","
    first_error: FileReadError | None = None
    for delimiter in [sniffed] + [d for d in _DELIMITERS if d != sniffed]:
        try:
            return _parse_csv(path, text, delimiter, is_header)
        except FileReadError as exc:
            first_error = first_error or exc
    raise first_error


def read_csv_table(path: Path, is_header) -> Table:
    """A whole CSV file, decoded (decode_text) and parsed (parse_csv_text)."""
    text, encoding = decode_text(path, path.read_bytes())
    table = parse_csv_text(path, text, is_header)
    table.encoding = encoding
    return table


def read_xlsx_table(path: Path, is_header, sheet: str | None = None) -> Table:
    """First sheet (or the named one) of a workbook; cells keep their types (int, float, str)."""
    from openpyxl import load_workbook  # imported here: openpyxl is only needed for XLSX files

    if path.stat().st_size == 0:
        raise FileReadError(path, "file is empty")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileReadError(path, f"not a readable XLSX workbook (truncated or corrupt: {exc})") from None
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        raw_rows = [
            (number, list(cells))
            for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1)
            if not _is_blank(list(cells))
        ]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileReadError(path, f"XLSX sheet unreadable (truncated or corrupt: {exc})") from None
    finally:
        workbook.close()
    if not raw_rows:
        raise FileReadError(path, "workbook has no rows")
    return _split_header(path, raw_rows, is_header)


def read_json(path: Path) -> object:
    data = path.read_bytes()
    text, _ = decode_text(path, data)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileReadError(path, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", row=exc.lineno) from None


def read_table(path: Path, is_header) -> Table:
    """A CSV or XLSX table, whichever the file is; FileReadError for any other type."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv_table(path, is_header)
    if suffix == ".xlsx":
        return read_xlsx_table(path, is_header)
    raise FileReadError(path, f"unsupported file type {suffix!r} (expected .csv or .xlsx)")


def dict_rows(table: Table, result) -> Iterator[tuple[int, dict[str, str]]]:
    """The data rows as (row number, {lower-case column: stripped text}); missing cells are "".
    A CSV row wider than its header is malformed (an unquoted "1.234,50" splits in two): its
    values would be read shifted into the wrong columns, so it is quarantined in `result`,
    naming the row, instead of yielded. Empty spreadsheet cells past the header (None) are not
    cells."""
    columns = [h.strip().lower() if h else "" for h in table.header]
    for row_number, cells in table.rows:
        extra = [str(c).strip() for c in cells[len(columns):] if c is not None]
        if extra:
            result.reject(row_number, None, ",".join(extra) or "(empty)",
                          f"row has {len(columns) + len(extra)} cells, the header {len(columns)}: "
                          "values would be read in the wrong columns (unquoted decimal comma?)")
            continue
        yield row_number, {name: ("" if i >= len(cells) or cells[i] is None else str(cells[i]).strip())
                           for i, name in enumerate(columns) if name}
