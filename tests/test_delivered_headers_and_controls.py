"""Two things a delivered table may hold that used to pass silently:

* a header naming a column twice ("Pagu" in column 3 and "pagu" in column 7): one of the two
  silently won (dict_rows) or the repeat was renamed (bulk_read). Now the file is rejected,
  naming the column and both positions, in the row readers and the bulk reader alike;
* NUL bytes and other control characters in a value (a field copied from another system): they
  are removed and the file gets a warning naming the rows, in CSV (any encoding; UTF-16 is full
  of NUL bytes before decoding) and XLSX, and the bulk reader's DuckDB path hands such a file to
  the Python reader, which does the same. The warning reaches the file's registry entry.
"""

from __future__ import annotations

import io
import json

import duckdb
import pytest
from conftest import RawZoneView
from openpyxl import Workbook

from ingestion.core import bulk_read, privacy, readers
from ingestion.core.pipeline import ingest_source
from ingestion.uptd_ppa import register


def is_budget_header(cells: list[str]) -> bool:
    """a header with a kegiatan column"""
    return "kegiatan" in {c.lower() for c in cells}


DUPLICATE = "Tabel 6 Realisasi\nNo,Kegiatan,Pagu,Realisasi,Persen,,pagu \n1,Penguatan PUG,1.000,900,90,,2.000\n"
DUPLICATE_MESSAGE = (
    "header row 2 names column 'pagu' twice (columns 3 and 7): which one holds the figure cannot be told"
)


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf8.csv", DUPLICATE.encode("utf-8")),
        ("cp1252.csv", DUPLICATE.replace("Penguatan", "Pengúatan").encode("cp1252")),  # the Python path
        ("semicolon.csv", DUPLICATE.replace(",", ";").encode("utf-8")),
        ("table.xlsx", xlsx([[c or None for c in line.split(",")] for line in DUPLICATE.splitlines()])),
    ],
)
def test_header_naming_a_column_twice_rejects_the_file(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(readers.FileReadError) as caught:
        readers.read_table(path, is_budget_header)
    assert str(caught.value) == f"{name}, row 2: {DUPLICATE_MESSAGE}"
    assert caught.value.row == 2
    with duckdb.connect() as con, pytest.raises(readers.FileReadError) as caught:
        bulk_read.read_delivered(con, path, is_budget_header)
    assert str(caught.value) == f"{name}, row 2: {DUPLICATE_MESSAGE}"


def test_empty_header_cells_are_not_names(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("Kegiatan,,Pagu,,\nPUG,,1.000,,\n", encoding="utf-8")
    assert readers.read_table(path, is_budget_header).header == ["Kegiatan", "", "Pagu", "", ""]
    with duckdb.connect() as con:
        assert bulk_read.read_delivered(con, path, is_budget_header).header == [
            "kegiatan",
            "_column_2",
            "pagu",
            "_column_4",
            "_column_5",
        ]


def test_header_cells_that_differ_only_by_quote_characters_reject_the_file(tmp_path):
    """The bulk reader turns quote characters into '_' to name its SQL columns: two cells that
    come to one name are the same ambiguity."""
    path = tmp_path / "quotes.csv"
    path.write_text('Kegiatan,"pagu""a",pagu\'a\nPUG,1,2\n', encoding="utf-8")
    assert readers.read_table(path, is_budget_header).header == ["Kegiatan", 'pagu"a', "pagu'a"]
    with (
        duckdb.connect() as con,
        pytest.raises(readers.FileReadError, match=r"names column 'pagu_a' twice \(columns 2 and 3"),
    ):
        bulk_read.read_delivered(con, path, is_budget_header)


def test_bps_table_with_a_year_twice_is_rejected_by_the_pipeline(drop_file, raw_zone):
    drop_file("years.csv", "Kabupaten/Kota,2025,2026,2025\nSumba Barat,157.595,160.172,1\n")
    report = ingest_source("bps_population")
    assert (report.files_loaded, report.files_rejected) == (0, 1)
    entry = raw_zone.entry("years.csv")
    assert entry["status"] == "rejected"
    assert "names column '2025' twice (columns 2 and 4)" in entry["error"]


# --- control characters -----------------------------------------------------------------------

REGISTER = ["id_kasus,nama_korban,alamat", "C-1,Ana\x00,Kupang", "C-2,Budi,Ende", "C-3,\x07Ci\x1bta\x7f,\x00\x00Belu"]
CLEAN = [(2, ["C-1", "Ana", "Kupang"]), (3, ["C-2", "Budi", "Ende"]), (4, ["C-3", "Cita", "Belu"])]


def warning_for(name: str, rows: str) -> list[str]:
    return [f"{name}: control characters (NUL or other non-printing bytes) removed from the values in {rows}"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "cp1252"])
def test_control_characters_are_removed_with_a_warning_naming_the_rows(tmp_path, encoding):
    path = tmp_path / "register.csv"
    path.write_bytes(("\r\n".join(REGISTER) + "\r\n").encode(encoding))
    table = readers.read_csv_table(path, register._is_header)
    assert table.rows == CLEAN
    assert table.warnings == warning_for("register.csv", "rows 2, 4")

    with duckdb.connect() as con:
        delivered = bulk_read.read_delivered(con, path, register._is_header)
        assert delivered.read_by == "python"  # DuckDB would keep them
        rows = con.execute("select source_row, id_kasus, nama_korban, alamat from delivered order by 1").fetchall()
    assert [(r[0], list(r[1:])) for r in rows] == CLEAN
    assert delivered.warnings == table.warnings


def test_control_characters_past_the_first_lines_still_fall_back(tmp_path):
    filler = [f"C-{n},Ana,Kupang" for n in range(10, 5000)]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(["id_kasus,nama_korban,alamat", *filler, "C-1,Ana\x00,Kupang"]) + "\n", encoding="utf-8")
    with duckdb.connect() as con:
        delivered = bulk_read.read_delivered(con, path, register._is_header)
        assert delivered.read_by == "python"
        assert con.execute("select nama_korban from delivered where id_kasus = 'C-1'").fetchall() == [("Ana",)]
    assert delivered.warnings == warning_for("long.csv", f"row {len(filler) + 2}")


def test_many_rows_are_named_up_to_twenty(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("\n".join(["id_kasus,nama_korban", *[f"C-{n},A\x00" for n in range(25)]]) + "\n", encoding="utf-8")
    (warning,) = readers.read_csv_table(path, register._is_header).warnings
    assert warning.endswith("rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 and 5 more")


def test_tabs_and_line_breaks_in_values_are_not_control_characters(tmp_path):
    path = tmp_path / "spaces.csv"
    path.write_text('id_kasus,alamat\nC-1,"Jl. A\tRT 1\r\nKupang"\n', encoding="utf-8")
    table = readers.read_csv_table(path, register._is_header)
    assert table.rows == [(3, ["C-1", "Jl. A\tRT 1\r\nKupang"])] and table.warnings == []


def test_xlsx_control_characters_as_excel_escapes_them_are_removed(tmp_path):
    """Excel writes a control character in a cell as "_x0000_" in the XML; openpyxl hands the
    escape over as text. Escapes of whitespace ("_x000D_") are not control characters."""
    path = tmp_path / "register.xlsx"
    path.write_bytes(
        xlsx(
            [
                ["id_kasus", "nama_korban", "alamat"],
                ["C-1", "Ana_x0000_", "Kupang_x000D_"],
                ["C-2", "Budi", 7],
                ["C-3", "_x0007_Cita_x001B__x007f_", "Belu"],
            ]
        )
    )
    table = readers.read_table(path, register._is_header)
    assert table.rows == [(2, ["C-1", "Ana", "Kupang_x000D_"]), (3, ["C-2", "Budi", 7]), (4, ["C-3", "Cita", "Belu"])]
    assert table.warnings == warning_for("register.xlsx", "rows 2, 4")
    with duckdb.connect() as con:
        assert bulk_read.read_delivered(con, path, register._is_header).warnings == table.warnings


def test_the_warning_reaches_the_registry_entry(drop_file, raw_zone, ntt_home, monkeypatch):
    drop_file("nul.csv", "Kabupaten/Kota,2025\nSumba\x00 Barat,157.595\nBelu,240.392\n")
    ingest_source("bps_population")
    entry = raw_zone.entry("nul.csv")
    assert entry["status"] == "loaded" and entry["records_loaded"] == 2
    assert entry["warnings"] == warning_for("nul.csv", "row 2")

    monkeypatch.setenv(privacy.KEY_ENV, "k" * 64)
    folder = ntt_home / "landing" / "uptd_ppa"
    folder.mkdir(parents=True)
    (folder / "r.csv").write_text(
        "id_kasus,tanggal_lapor,kabupaten_kota,kategori_korban,jenis_kekerasan,bentuk_kekerasan\n"
        "C-1,03-01-2023,Kota Kupang\x00,perempuan dewasa,KtP,Psikis\n",
        encoding="utf-8",
    )
    (folder / "r.csv.meta.json").write_text(
        json.dumps({"document": "Register uji", "table": "register", "synthetic": True}), encoding="utf-8"
    )
    report = ingest_source("uptd_ppa")
    assert report.records_loaded == 1
    control, layout = RawZoneView(ntt_home, "uptd_ppa").entry("r.csv")["warnings"]
    assert [control] == warning_for("r.csv", "row 2")
    assert layout.startswith("r.csv: old register layout, without the SIMFONI PPA fields tanggal_kejadian")
