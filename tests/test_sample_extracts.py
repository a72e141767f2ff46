"""The shipped sample extracts are the published tables, cell for cell (errors included)."""

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ingestion.core.dbt_sources import main as dbt_sources_main
from ingestion.core.settings import seeds_dir

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "sources" / "002_a05e6b013d9a983d.txt"
EXTRACTS = seeds_dir() / "extracts" / "bps"


@pytest.fixture(scope="module")
def document_lines():
    if not SOURCE.exists():
        pytest.skip(f"source document not found at {SOURCE}")
    return SOURCE.read_text(encoding="utf-8").splitlines()


def published_rows(lines, title, stop):
    start = next(i for i, line in enumerate(lines) if title in line)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(stop))
    return [[c.strip() for c in line.split("\t")] for line in lines[start + 1 : end + 1] if line.strip()]


def test_tabel_1_1_csv_is_the_published_table(document_lines):
    with (EXTRACTS / "bps_penduduk_kabkota_2020_2025.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [[c for c in row] for row in csv.reader(handle, delimiter=";") if any(c.strip() for c in row)]
    published = published_rows(document_lines, "Tabel 1. 1 Jumlah Penduduk", "Nusa Tenggara Timur")
    assert [r[:4] for r in rows] == [(r + [""] * 4)[:4] for r in published]
    assert rows[-1] == ["Nusa Tenggara Timur", "5.325,57", "5.656,04", "5.742,56"]


def test_tabel_1_2_xlsx_is_the_published_table_errors_included(document_lines):
    sheet = load_workbook(EXTRACTS / "bps_proyeksi_penduduk_2025_2029.xlsx", read_only=True).worksheets[0]
    rows = [[("" if c is None else str(c)) for c in row] for row in sheet.iter_rows(values_only=True)]
    published = published_rows(document_lines, "Tabel 1. 2 Tabel Proyeksi", "Provinsi Nusa Tenggara Timur")
    assert rows == published
    by_name = {r[0]: r for r in rows}
    assert by_name["Timor Tengah Utara"][5] == "29.666"  # published error kept, not corrected
    assert [r[0] for r in rows].count("Kupang") == 2
    assert by_name["Provinsi Nusa Tenggara Timur"][4] == "5.998.811"


def test_every_sample_extract_carries_its_provenance():
    for path in EXTRACTS.iterdir():
        if path.name.endswith(".meta.json") or path.name.startswith("README"):
            continue
        meta = json.loads(path.with_name(path.name + ".meta.json").read_text(encoding="utf-8"))
        assert meta["document"] and meta["table"].startswith("Tabel ") and meta["unit"] and meta["figure_kind"]
        assert "002_a05e6b013d9a983d.txt" in meta["transcribed_from"]


def test_generated_dbt_sources_match_the_registry():
    assert dbt_sources_main(["--check"]) == 0, "run: ntt-dw dbt-sources"
