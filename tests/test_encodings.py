"""Encodings of delivered CSV files: the ones Indonesian office software writes are told apart
and read without garbling a name, through the row readers (readers.read_csv_table) and through
the bulk reader of the case register (bulk_read.read_delivered, DuckDB or its Python fallback).
A file in any other encoding, or mixing two, is rejected naming the line of the first
undecodable byte, never decoded as some other code page."""

from __future__ import annotations

import codecs
from pathlib import Path

import duckdb
import pytest

from ingestion.core import bulk_read, readers
from ingestion.uptd_ppa.register import _is_header

NAME = "Señora Conceição Müller-José"
HEADER = "id_kasus,nama_korban,alamat"
LINES = [HEADER, f"C-1,{NAME},Jl. Çendana", "C-2,Ñoño Ãvila,Rua São João", "C-3,Ana,Kupang"]
EXPECTED = [
    (2, ["C-1", NAME, "Jl. Çendana"]),
    (3, ["C-2", "Ñoño Ãvila", "Rua São João"]),
    (4, ["C-3", "Ana", "Kupang"]),
]


def encode(text: str, encoding: str) -> bytes:
    """utf-16 writes a BOM (Python's choice: little-endian); utf-16-le/-be do not."""
    return text.encode(encoding)


def write(tmp_path: Path, data: bytes, name: str = "register.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def delivered_rows(path: Path) -> tuple[bulk_read.DeliveredTable, list[tuple[int, list[str]]]]:
    con = duckdb.connect()
    delivered = bulk_read.read_delivered(con, path, _is_header)
    rows = con.execute(
        f"select source_row, id_kasus, nama_korban, alamat from {delivered.name} order by source_row"
    ).fetchall()
    return delivered, [(r[0], list(r[1:])) for r in rows]


@pytest.mark.parametrize(
    "encoding, recorded",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),  # Excel's "CSV UTF-8"
        ("utf-16", "utf-16"),  # with BOM (Excel's "Unicode text", LibreOffice)
        ("utf-16-le", "utf-16-le"),  # without BOM: told by its NUL bytes
        ("utf-16-be", "utf-16-be"),
        ("cp1252", "cp1252"),  # Excel's plain "CSV" on Windows
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_names_round_trip_in_every_office_encoding(tmp_path, encoding, recorded, newline):
    data = encode(newline.join(LINES) + newline, encoding)
    if encoding == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if encoding == "cp1252":
        assert "ñ".encode("cp1252") in data and b"\xc3" not in data[data.index(b"Se") : data.index(b"Se") + 4]
    path = write(tmp_path, data)

    table = readers.read_csv_table(path, _is_header)
    assert table.encoding == recorded
    assert [(n, cells) for n, cells in table.rows] == EXPECTED
    assert table.warnings == []

    delivered, rows = delivered_rows(path)
    assert delivered.encoding == recorded
    assert delivered.read_by == ("duckdb" if encoding.startswith("utf-8") else "python")
    assert rows == EXPECTED
    assert delivered.warnings == []


def test_cp1252_past_the_first_lines_falls_back_and_reads_right(tmp_path):
    """The fast path sees UTF-8 in the first 64 KiB, DuckDB finds the Windows-1252 byte further
    down: the Python reader reads the file, as Windows-1252."""
    filler = [f"C-{n},Ana,Kupang" for n in range(10, 5000)]
    path = write(tmp_path, encode("\n".join([HEADER, *filler, f"C-1,{NAME},Jl. Çendana"]) + "\n", "cp1252"))
    delivered, rows = delivered_rows(path)
    assert (delivered.read_by, delivered.encoding) == ("python", "cp1252")
    assert rows[-1] == (len(filler) + 2, ["C-1", NAME, "Jl. Çendana"])


def test_windows_1252_punctuation_is_read_as_windows_1252(tmp_path):
    """0x80-0x9F are letters and punctuation in Windows-1252 (€, ‘ ’, “ ”, –, Š, Ž), not the
    control characters Latin-1 has there."""
    path = write(tmp_path, encode(f"{HEADER}\nC-1,“Dona” Ana – Šimic,€ 5\n", "cp1252"))
    table = readers.read_csv_table(path, _is_header)
    assert (table.encoding, table.rows) == ("cp1252", [(2, ["C-1", "“Dona” Ana – Šimic", "€ 5"])])


def assert_cannot_tell(path: Path, *fragments: str) -> None:
    for read in (lambda: readers.read_csv_table(path, _is_header), lambda: delivered_rows(path)):
        with pytest.raises(readers.FileReadError) as caught:
            read()
        message = str(caught.value)
        assert message.startswith(path.name), message
        assert "cannot tell the encoding" in message, message
        for fragment in fragments:
            assert fragment in message, message


@pytest.mark.parametrize("byte", [b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_latin1_only_or_invalid_byte_is_rejected_naming_byte_and_line(tmp_path, byte):
    """Latin-1 text whose bytes Windows-1252 leaves undefined (C1 controls in Latin-1), in line 3."""
    data = encode(f"{HEADER}\nC-1,José,Kupang\n", "latin-1") + b"C-2,Ana" + byte + b",Kupang\n"
    path = write(tmp_path, data)
    assert_cannot_tell(
        path,
        "not UTF-8, UTF-16 or Windows-1252",
        f"first undecodable byte 0x{byte[0]:02X} in line 3",
        "not UTF-8 from byte 0xE9 in line 2",
    )
    with pytest.raises(readers.FileReadError) as caught:
        readers.read_csv_table(path, _is_header)
    assert caught.value.row == 3


def test_utf8_file_with_one_windows_1252_byte_is_rejected_as_mixed(tmp_path):
    """Mostly UTF-8, one name typed on another machine: read as Windows-1252 every UTF-8 name
    would turn into "SeÃ±ora"; read as UTF-8 the stray byte cannot decode. Neither is right."""
    data = encode(f"{HEADER}\nC-1,{NAME},Kupang\n", "utf-8") + encode("C-2,Ibu Señora,Kupang\n", "cp1252")
    path = write(tmp_path, data)
    assert_cannot_tell(
        path,
        "mixed UTF-8 and Windows-1252",
        "first byte that is not UTF-8: 0xF1 in line 3",
        "'ñ' in line 2 would read as 'Ã±'",
    )


def test_utf8_bom_with_bytes_that_are_not_utf8_is_rejected(tmp_path):
    path = write(tmp_path, codecs.BOM_UTF8 + encode(f"{HEADER}\nC-1,José,Kupang\n", "cp1252"))
    with pytest.raises(readers.FileReadError) as caught:
        readers.read_csv_table(path, _is_header)
    assert "starts with a UTF-8 byte-order mark but is not UTF-8 (first undecodable byte 0xE9 in line 2)" in str(
        caught.value
    )


def test_binary_file_is_not_text(tmp_path):
    import io

    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    for name, data in [("workbook.csv", buffer.getvalue()), ("nul.csv", b"id_kasus,a" + b"\x00" * 100 + b"\n")]:
        with pytest.raises(readers.FileReadError, match="binary content: .*not a text file"):
            readers.read_csv_table(write(tmp_path, data, name), _is_header)


def test_decode_text_rules(tmp_path):
    path = tmp_path / "x.csv"
    assert readers.decode_text(path, "a,b\nñ,ç\n".encode()) == ("a,b\nñ,ç\n", "utf-8")
    assert readers.decode_text(path, "a,b\nñ,ç\n".encode("cp1252")) == ("a,b\nñ,ç\n", "cp1252")
    assert readers.decode_text(path, "a,b\nñ,ç\n".encode("utf-16-be")) == ("a,b\nñ,ç\n", "utf-16-be")
    # "É" and a no-break space are C9 A0 in Windows-1252, a well-formed UTF-8 "ɠ": alone, UTF-8
    # wins (it decodes); with any other accented letter the file is not UTF-8, and C9 A0 is not
    # taken for UTF-8 text mixed in
    assert readers.decode_text(path, "NAMA\nJOSÉ\xa0MARIA\n".encode("cp1252"))[1] == "utf-8"
    text = "NAMA\nJOSÉ\xa0MARIA, José\n"
    assert readers.decode_text(path, text.encode("cp1252")) == (text, "cp1252")
