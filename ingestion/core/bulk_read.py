"""Read a delivered table into a DuckDB table in one statement, each row with its file row number.

Row-by-row Python cannot keep up with national volumes (10 million case rows), so case-level
readers hand their file to DuckDB: ``read_csv`` with the columns given (the header found by the
same detection as ingestion/core/readers.py, on the first lines only), every cell as text, and
``store_rejects``, so a malformed row (more cells than the header, a broken quote) lands in the
quarantine with its row number instead of failing the file. A rejected row's cells are never
copied: the line could hold a name or an address.

DuckDB skips empty lines and does not number rows, so the row number of each loaded row is
rebuilt from the file's line count, its empty lines and the rejected lines. Where that cannot be
exact (a quoted value spanning lines, bytes that are not UTF-8, UTF-16, an XLSX workbook) or the
file holds control characters (NUL ...: the Python readers remove them and warn, naming the
rows) the file is parsed by the Python readers instead and loaded into the same table: the
checks that follow are the same SQL either way, and so are the encoding rules (readers.decode_text)
and the refusal of a header that names a column twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ingestion.core import readers
from ingestion.core.privacy import REDACTED
from ingestion.core.records import QuarantineRow

HEAD_BYTES = 64 * 1024
#: what Python's str.strip() strips (every str.isspace() character): the row readers' trimming
_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: any of those but the space, in UTF-8 (a CR is checked apart: one ending a line is a newline)
_OTHER_WHITESPACE = re.compile(
    rb"[\t\x0b\x0c\x1c-\x1f]|\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]"
    rb"|\xe2\x81\x9f|\xe3\x80\x80"
)
#: bytes that start one of those; `in` finds them at memory speed, the regex is only needed if one is there
_OTHER_WHITESPACE_LEADS = (
    b"\t",
    b"\x0b",
    b"\x0c",
    b"\x1c",
    b"\x1d",
    b"\x1e",
    b"\x1f",
    b"\xc2",
    b"\xe1",
    b"\xe2",
    b"\xe3",
)
#: the bytes of readers.CONTROL_CHARACTERS (in UTF-8 no other character holds them): `in` per byte
#: runs at memory speed, which a regex over the whole file does not
_CONTROL_BYTES = tuple(c.encode("ascii") for c in readers.CONTROL_CHARACTERS)
_BEYOND_HEADER = "_beyond_header_"
_NEVER_NULL = "\u0001no-null\u0001"


@dataclass
class DeliveredTable:
    """The file's rows in table `name` of `connection`: source_row plus one text column per header
    cell (lower case); `rejects` are the rows that could not be split into those columns."""

    connection: duckdb.DuckDBPyConnection
    name: str
    header: list[str]
    header_row: int
    encoding: str | None
    rejects: list[QuarantineRow] = field(default_factory=list)
    read_by: str = "duckdb"  # or "python" (the fallback)
    spaces_only: bool = False  # no whitespace but spaces in the file: plain trim() will do
    warnings: list[str] = field(default_factory=list)  # the reader's, each naming the file (Table.warnings)

    def column(self, name: str) -> str:
        """SQL for a column's text stripped as str.strip() strips it, '' when the file has no
        such column (as the row readers)."""
        if name not in self.columns:
            return "''"
        return f"coalesce({_trim(chr(34) + name + chr(34), self.spaces_only)}, '')"

    @property
    def columns(self) -> list[str]:
        return [c for c in self.header if c]


def _trim(expression: str, spaces_only: bool) -> str:
    return f"trim({expression})" if spaces_only else f"trim({expression}, '{_WHITESPACE}')"


def _wide_row_reason(width: int) -> str:
    return f"row has more cells than the header's {width}: values would shift columns"


def _head_text(path: Path) -> tuple[str, bool, bool] | None:
    """The first lines as UTF-8 text (whole lines only), whether that is the whole file and
    whether it starts with a UTF-8 BOM; None when the file is not plain UTF-8 (a BOM other than
    UTF-8's, NUL bytes, other bytes)."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES + 1)
    whole = len(head) <= HEAD_BYTES
    bom = head.startswith(b"\xef\xbb\xbf")
    if bom:
        head = head[3:]
    if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if not whole:
        head = head[: head.rfind(b"\n") + 1]
    try:
        return head.decode("utf-8"), whole, bom
    except UnicodeDecodeError:
        return None


def _columns(path: Path, header: list[str], header_row: int) -> list[str]:
    """Header cells as column names, safe to quote in SQL (a delivered header is untrusted text:
    quote characters become '_'); unnamed cells get a name nothing asks for. Two cells that
    come to the same name reject the file, as a header naming a column twice does (readers)."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = re.sub(r"[\"'\\]", "_", cell.strip().lower())
        if not name:
            name = f"_column_{index + 1}"
        elif name in seen:
            raise readers.DuplicateColumnError(
                path,
                f"header row {header_row} names column {name!r} twice (columns {seen[name]} and {index + 1}, "
                "quote characters read as '_'): which one holds the figure cannot be told",
                row=header_row,
            )
        seen[name] = index + 1
        names.append(name)
    return names


def _has_control_characters(data: bytes) -> bool:
    return any(byte in data for byte in _CONTROL_BYTES)


def _read_with_duckdb(con: duckdb.DuckDBPyConnection, path: Path, is_header, name: str) -> DeliveredTable | None:
    head = _head_text(path)
    if head is None:
        return None
    text, whole, bom = head
    data = path.read_bytes()
    if _has_control_characters(data):
        return None  # the Python reader removes them, naming the rows
    try:
        layout = readers.parse_csv_text(path, text, is_header)
    except readers.FileReadError:
        if whole:
            raise
        return None  # the header is further down than the first lines: let the full reader say why
    columns = _columns(path, layout.header, layout.header_row)
    # one column more than the header: a row that fills it is wider than the header. DuckDB
    # forgives a trailing delimiter, so without it "…,RT 2," would pass as the header's width.
    # Empty cells stay '' (nullstr is a text no cell holds); only padding is NULL.
    spec = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in [*columns, _BEYOND_HEADER]) + "}"
    quote = "'" + (layout.delimiter or ",").replace("'", "''") + "'"  # parse_csv_text always sets it
    try:
        con.execute(
            f"create temp table {name}_read as select * from read_csv(?, skip = {layout.header_row - 1}, "
            "header = true, "
            f"auto_detect = false, columns = {spec}, delim = {quote}, quote = '\"', escape = '\"', "
            f"null_padding = true, nullstr = '{_NEVER_NULL}', store_rejects = true, "
            f"rejects_table = '{name}_errors', rejects_scan = '{name}_scans')",
            [str(path)],
        )
    except duckdb.Error:
        # e.g. a quoted value over two lines with padding: the parallel scanner refuses it
        for suffix in ("_read", "_errors", "_scans"):
            con.execute(f"drop table if exists {name}{suffix}")
        return None
    try:
        errors = con.execute(f"select line, min(error_type) from {name}_errors group by line order by line").fetchall()
        loaded, multiline = con.execute(
            "select count(*), count(*) filter (where "
            + " or ".join(f'contains("{c}", chr(10))' for c in columns)
            + f") from {name}_read"
        ).fetchall()[0]
    finally:
        for suffix in ("_errors", "_scans"):
            con.execute(f"drop table if exists {name}{suffix}")
    # bytes that are not UTF-8 (DuckDB 1.x says INVALID UNICODE, 2.x INVALID ENCODING): decode_text decides
    if multiline or any(kind in ("INVALID UNICODE", "INVALID ENCODING") for _, kind in errors):
        return None
    spaces_only = _spaces_only(data)
    numbers = _row_numbers(data, layout.header_row, [line for line, _ in errors], loaded)
    if numbers is None:
        return None  # the row numbers could not be exact: the Python reader numbers them
    con.register(f"{name}_numbers", pd.DataFrame({"source_row": numbers}))
    # rows and their numbers side by side, in file order: a positional join, no sort, no hash
    con.execute(
        f"create temp view {name}_numbered as select n.source_row::INTEGER as source_row, r.* "
        f"from {name}_read r positional join {name}_numbers n"
    )
    wide = [
        row[0]
        for row in con.execute(f"select source_row from {name}_numbered where {_BEYOND_HEADER} is not null").fetchall()
    ]
    _create_view(
        con,
        name,
        f"select * exclude ({_BEYOND_HEADER}) from {name}_numbered where {_BEYOND_HEADER} is null",
        columns,
        spaces_only,
    )
    width = len(columns)
    rejects = [
        QuarantineRow(
            line,
            None,
            REDACTED,
            _wide_row_reason(width)
            if kind == "TOO MANY COLUMNS"
            else f"malformed CSV row ({kind.lower()}): not split into the header's {width} columns",
        )
        for line, kind in errors
    ]
    rejects += [QuarantineRow(line, None, REDACTED, _wide_row_reason(width)) for line in wide]
    return DeliveredTable(
        con,
        name,
        columns,
        layout.header_row,
        "utf-8-sig" if bom else "utf-8",
        sorted(rejects, key=lambda q: q.source_row or 0),
        spaces_only=spaces_only,
    )


def _spaces_only(data: bytes) -> bool:
    """True when no cell can hold whitespace other than spaces: plain trim() then strips what
    str.strip() would, twice as fast as trimming a character list."""
    if data.count(b"\r") != data.count(b"\r\n"):
        return False
    return not any(lead in data for lead in _OTHER_WHITESPACE_LEADS) or _OTHER_WHITESPACE.search(data) is None


def _empty_lines(data: bytes) -> list[int]:
    """Numbers (1-based) of the empty lines, "" or a lone CR: DuckDB skips them."""
    found = [1] if data.startswith((b"\n", b"\r\n")) else []
    for pattern in (b"\n\n", b"\n\r\n"):
        counted_to, newlines = 0, 0
        start = data.find(pattern)
        while start != -1:
            newlines += data.count(b"\n", counted_to, start + 1)
            counted_to = start + 1
            found.append(newlines + 1)  # the line after this newline is empty
            start = data.find(pattern, start + 1)
    return found


def _row_numbers(data: bytes, header_row: int, rejected_lines: list[int], loaded: int) -> np.ndarray | None:
    """The file line of each row DuckDB loaded, in order: the lines after the header, less the
    empty lines DuckDB skips and the lines it rejected. None when the counts do not add up."""
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    empty = _empty_lines(data)
    skipped = np.unique(np.array([n for n in empty if n > header_row] + rejected_lines, dtype=np.int64))
    if loaded + len(skipped) != lines - header_row:
        return None
    return np.setdiff1d(np.arange(header_row + 1, lines + 1, dtype=np.int64), skipped, assume_unique=True)


def _create_view(
    con: duckdb.DuckDBPyConnection, name: str, select: str, columns: list[str], spaces_only: bool = False
) -> None:
    """`name` as a view of `select` without its blank rows (every cell empty), as the row readers."""
    every_cell = "concat(" + ", ".join(f'"{c}"' for c in columns) + ")"
    con.execute(
        f"create or replace temp view {name} as select * from ({select}) where {_trim(every_cell, spaces_only)} <> ''"
    )


def _read_with_python(con: duckdb.DuckDBPyConnection, path: Path, is_header, name: str) -> DeliveredTable:
    table = readers.read_table(path, is_header)
    columns = _columns(path, table.header, table.header_row)
    width, kept, rejects = len(columns), [], []
    for row_number, cells in table.rows:
        if any(c is not None for c in cells[width:]):
            rejects.append(QuarantineRow(row_number, None, REDACTED, _wide_row_reason(width)))
            continue
        kept.append([row_number] + [None if c is None else str(c) for c in cells[:width]])
    frame = pd.DataFrame(kept, columns=["source_row", *columns], dtype="object")
    con.register(f"{name}_frame", frame)
    casts = ", ".join(f'"{c}"::VARCHAR as "{c}"' for c in columns)
    con.execute(f"create temp table {name}_rows as select source_row::INTEGER as source_row, {casts} from {name}_frame")
    con.unregister(f"{name}_frame")
    _create_view(con, name, f"select * from {name}_rows", columns)
    return DeliveredTable(
        con, name, columns, table.header_row, table.encoding, rejects, read_by="python", warnings=list(table.warnings)
    )


def read_delivered(con: duckdb.DuckDBPyConnection, path: Path, is_header, name: str = "delivered") -> DeliveredTable:
    """The file as view `name` (on a fresh connection: names are not reused): DuckDB's reader for
    plain UTF-8 CSV, the Python readers otherwise. Rows whose every cell is blank are left out, as
    the row readers do. FileReadError when the file cannot be read at all (no header, empty,
    unsupported type)."""
    delivered = None
    if path.suffix.lower() == ".csv":
        delivered = _read_with_duckdb(con, path, is_header, name)
    if delivered is None:
        con.execute(f"drop table if exists {name}_read")
        delivered = _read_with_python(con, path, is_header, name)
    return delivered
