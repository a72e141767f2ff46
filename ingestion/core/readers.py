"""Read the files agencies deliver: CSV (the encodings and delimiters office software writes), XLSX and JSON.

Readers return cells as delivered (text, or the typed value of an XLSX cell) with their row
numbers; parsing numbers, dates and regions is the agency module's job. A file that cannot be
read at all raises FileReadError naming the file and what is wrong, so the pipeline can reject
that file and go on with the next.

Encodings (decode_text): the ones Indonesian office software writes, and nothing is guessed
beyond them. A byte-order mark decides (UTF-8, UTF-16 LE/BE); else UTF-16 without a BOM is told
by its NUL bytes (every other byte NUL: ASCII text in two-byte units); else strict UTF-8; else
Windows-1252 when every byte decodes and the file holds no UTF-8 text (a UTF-8 "ñ" read as
Windows-1252 is "Ã±": a file that is UTF-8 but for a stray byte mixes encodings). Anything else
is rejected naming the line of the first undecodable byte, never decoded as some other code page
(charset detection did that, and garbled names).

Headers: a column named twice (trimmed, any case; empty header cells aside) rejects the file:
which of the two holds the values cannot be told.

Control characters: NUL and the other C0 control characters that are not whitespace (and DEL)
in a value are removed, after decoding (UTF-16 text is full of NUL bytes before), and the file
gets a warning naming the rows (Table.warnings). An XLSX workbook holds them as Excel's
"_x0000_" escapes, which openpyxl hands over as text: those are removed too.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: byte-order mark, the encoding recorded, the codec of the bytes after the mark, its name in messages
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be", "UTF-16"),
)
#: the openings of files that are not text at all
_BINARY_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (an XLSX workbook named .csv?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls) workbook"),
    (b"%PDF-", "a PDF document"),
)
_DELIMITERS = ",;\t|"
#: the bytes a UTF-16 file without BOM is told by (and a binary file from a text file)
_SAMPLE_BYTES = 4096
#: a well-formed UTF-8 sequence as a Windows-1252 file would hold it only by mixing encodings:
#: two bytes for U+0080-U+00FF ("ñ" is C3 B1, "Ã±" in Windows-1252), three or four for the rest
#: ("–" is E2 80 93, "â€“"). Two-byte sequences with other lead bytes are left out: in real
#: Windows-1252 text they are an accented capital before a symbol or a no-break space ("É\xa0").
_UTF8_IN_CP1252 = re.compile(
    rb"[\xc2\xc3][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
#: C0 control characters that are not whitespace, and DEL: removed from values
CONTROL_CHARACTERS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F]))
_CONTROL = re.compile(f"[{re.escape(CONTROL_CHARACTERS)}]")
#: the same characters as Excel escapes them in a workbook's XML (openpyxl keeps the escape)
_XLSX_CONTROL = re.compile(r"_x00(?:0[0-8]|0[eEfF]|1[0-9aAbB]|7[fF])_")
#: either form (a raw character comes from software other than Excel)
_XLSX_CONTROL_ANY = re.compile(f"{_CONTROL.pattern}|{_XLSX_CONTROL.pattern}")
_ROWS_NAMED = 20


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
    #: file-level warnings (control characters removed ...), each naming the file
    warnings: list[str] = field(default_factory=list)


class DuplicateColumnError(FileReadError):
    """The header names a column twice."""


def _line_at(data: bytes, offset: int, encoding: str) -> int:
    """The 1-based line holding byte `offset` of `data` in `encoding`."""
    return data[:offset].decode(encoding, errors="replace").count("\n") + 1


def _undecodable(path: Path, data: bytes, exc: UnicodeDecodeError, message: str, encoding: str) -> FileReadError:
    """`exc` from decoding `data` (the bytes after any byte-order mark) with `encoding`."""
    line = _line_at(data, exc.start, encoding)
    return FileReadError(path, f"{message} (first undecodable byte 0x{data[exc.start]:02X} in line {line})", row=line)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the first bytes have the NUL pattern of UTF-16 text:
    most two-byte units NUL on one side, hardly any on the other."""
    sample = data[:_SAMPLE_BYTES]
    units = len(sample) // 2
    if units == 0:
        return None
    even, odd = sample[0 : units * 2 : 2].count(0), sample[1 : units * 2 : 2].count(0)
    if odd * 2 > units and even * 20 < odd:
        return "utf-16-le"
    if even * 2 > units and odd * 20 < even:
        return "utf-16-be"
    return None


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode bytes and name the encoding: a BOM decides; else UTF-16 without BOM by its NUL
    pattern; else strict UTF-8; else Windows-1252 ('cp1252') when it decodes strictly and the
    bytes hold no UTF-8 text (mixed encodings); else FileReadError naming the line of the first
    undecodable byte. Control characters are left in: the table readers remove them per value."""
    if not data.strip():
        raise FileReadError(path, "file is empty")
    for bom, encoding, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode(codec), encoding
            except UnicodeDecodeError as exc:
                raise _undecodable(
                    path, body, exc, f"starts with a {label} byte-order mark but is not {label}", codec
                ) from None
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            raise FileReadError(path, f"binary content: {kind}, not a text file")
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError as exc:
            raise _undecodable(
                path, data, exc, f"looks like {utf16.upper()} without byte-order mark but is not", utf16
            ) from None
    sample = data[:_SAMPLE_BYTES]
    if sample.count(0) * 3 > len(sample):  # a few NUL bytes in values are removed (per value, warned)
        raise FileReadError(path, "binary content: not a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as not_utf8:
        utf8_error = not_utf8
    utf8_line = _line_at(data, utf8_error.start, "utf-8")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = _line_at(data, exc.start, "cp1252")
        where = f"first undecodable byte 0x{data[exc.start]:02X} in line {line}"
        if exc.start != utf8_error.start:
            where += f"; not UTF-8 from byte 0x{data[utf8_error.start]:02X} in line {utf8_line}"
        raise FileReadError(
            path, f"cannot tell the encoding: not UTF-8, UTF-16 or Windows-1252 ({where})", row=line
        ) from None
    utf8 = _UTF8_IN_CP1252.search(data)
    if utf8:
        sequence = utf8.group()
        raise FileReadError(
            path,
            f"cannot tell the encoding: mixed UTF-8 and Windows-1252 (first byte that is not UTF-8: "
            f"0x{data[utf8_error.start]:02X} in line {utf8_line}; UTF-8 text {sequence.decode('utf-8')!r} in "
            f"line {_line_at(data, utf8.start(), 'cp1252')} would read as {sequence.decode('cp1252')!r})",
            row=utf8_line,
        )
    return text, "cp1252"


def _remove_control_characters(
    path: Path, raw_rows: list[tuple[int, list[Any]]], pattern: re.Pattern = _CONTROL
) -> list[str]:
    """Remove control characters from the text cells of raw_rows (in place); a warning naming
    the rows that held any, or none."""
    rows = []
    for row_number, cells in raw_rows:
        touched = False
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and pattern.search(cell):
                cells[index] = pattern.sub("", cell)
                touched = True
        if touched:
            rows.append(row_number)
    if not rows:
        return []
    named = ", ".join(map(str, rows[:_ROWS_NAMED])) + (
        f" and {len(rows) - _ROWS_NAMED} more" if len(rows) > _ROWS_NAMED else ""
    )
    return [
        f"{Path(path).name}: control characters (NUL or other non-printing bytes) removed from the values "
        f"in row{'s' if len(rows) > 1 else ''} {named}"
    ]


def _is_blank(cells: Sequence[object]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _split_header(path: Path, raw_rows: list[tuple[int, list[Any]]], is_header) -> Table:
    """The header is the first row is_header accepts (title rows above it are skipped)."""
    for index, (row_number, cells) in enumerate(raw_rows):
        if is_header([("" if c is None else str(c)).strip() for c in cells]):
            header = [("" if c is None else str(c)).strip() for c in cells]
            _check_unique(path, header, row_number)
            body = [(n, list(c) + [None] * (len(header) - len(c))) for n, c in raw_rows[index + 1 :]]
            return Table(header=header, rows=body, header_row=row_number)
    expected = " ".join((is_header.__doc__ or "a row the reader recognises as the header").split())
    raise FileReadError(path, f"no header row found (expected {expected})")


def _check_unique(path: Path, header: list[str], header_row: int) -> None:
    """DuplicateColumnError when two header cells name the same column (trimmed, lower case;
    empty cells are no names)."""
    seen: dict[str, int] = {}
    for position, cell in enumerate(header, start=1):
        name = cell.strip().lower()
        if not name:
            continue
        if name in seen:
            raise DuplicateColumnError(
                path,
                f"header row {header_row} names column {name!r} twice (columns {seen[name]} and {position}): "
                "which one holds the figure cannot be told",
                row=header_row,
            )
        seen[name] = position


def _parse_csv(path: Path, text: str, delimiter: str, is_header) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    raw_rows = []
    try:
        for cells in reader:
            raw_rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise FileReadError(path, f"malformed CSV ({exc})", row=reader.line_num) from None
    warnings = _remove_control_characters(path, raw_rows) if _CONTROL.search(text) else []
    raw_rows = [(n, c) for n, c in raw_rows if not _is_blank(c)]
    if not raw_rows:
        raise FileReadError(path, "file has no rows")
    if max(len(c) for _, c in raw_rows) == 1:
        raise FileReadError(path, f"only one column found: delimiter not recognised (tried {_DELIMITERS!r})")
    table = _split_header(path, raw_rows, is_header)
    table.delimiter = delimiter
    table.warnings = warnings
    return table


def parse_csv_text(path: Path, text: str, is_header) -> Table:
    """The delimiter is the sniffed one if a header row is found with it, else the first other
    candidate that finds one. The sniffer alone is not enough: a title row above the header
    ("Tabel 1.2 ...") makes it give up, and decimal commas ("157,60") in a tab- or pipe-separated
    file make "," look like a delimiter. When no candidate works, the sniffed one's error is raised
    (or a header naming a column twice, which says more than "no header row found").
    """
    sample = "\n".join(text.splitlines()[:20])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = ","
    first_error: FileReadError | None = None
    duplicate: DuplicateColumnError | None = None
    for delimiter in [sniffed] + [d for d in _DELIMITERS if d != sniffed]:
        try:
            return _parse_csv(path, text, delimiter, is_header)
        except DuplicateColumnError as exc:
            duplicate = duplicate or exc
        except FileReadError as exc:
            first_error = first_error or exc
    error = duplicate or first_error
    assert error is not None  # every delimiter was tried, each failed with one of them
    raise error


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
    warnings = _remove_control_characters(path, raw_rows, _XLSX_CONTROL_ANY)
    raw_rows = [(n, c) for n, c in raw_rows if not _is_blank(c)]
    if not raw_rows:
        raise FileReadError(path, "workbook has no rows")
    table = _split_header(path, raw_rows, is_header)
    table.warnings = warnings
    return table


def read_json(path: Path) -> object:
    data = path.read_bytes()
    text, _ = decode_text(path, data)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileReadError(
            path, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", row=exc.lineno
        ) from None


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
        extra = [str(c).strip() for c in cells[len(columns) :] if c is not None]
        if extra:
            result.reject(
                row_number,
                None,
                ",".join(extra) or "(empty)",
                f"row has {len(columns) + len(extra)} cells, the header {len(columns)}: "
                "values would be read in the wrong columns (unquoted decimal comma?)",
            )
            continue
        yield (
            row_number,
            {
                name: ("" if i >= len(cells) or cells[i] is None else str(cells[i]).strip())
                for i, name in enumerate(columns)
                if name
            },
        )
