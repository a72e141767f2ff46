"""The monitoring report as PDF and as XLSX (publish/report_pdf.py, publish/report_workbook.py),
written by write_reports beside the HTML from the session's sample warehouse.

The PDF is read as a reader gets it: its pages rendered to PNG (pdftoppm) and its text extracted
(pdftotext), both from poppler-utils, which `make test` installs when missing (Makefile target
`poppler`); without them these tests fail, they never skip. The workbook is read with openpyxl
and its figures checked against the warehouse."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from publish import monitoring_report
from publish.report_workbook import BUILDERS, NOT_SECTIONS, sheets

#: the sample warehouse's report has 31 pages today: cover, contents, 5 sasaran with their charts,
#: regencies, innovations, findings, follow-up, deliveries, sources
PAGES = range(20, 46)


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(
            f"{tool} (poppler-utils) is missing: `make test` / `make test-fast` install it with apt-get "
            "(Makefile target poppler); on a machine without apt-get install poppler-utils by hand"
        )
    return path


@pytest.fixture(scope="module")
def written(sample_warehouse_home, tmp_path_factory):
    """write_reports once: ({"html", "pdf", "xlsx": path}, the context it built, the warehouse)."""
    database = sample_warehouse_home / "warehouse" / "ntt_dw.duckdb"
    built: list[dict] = []
    build = monitoring_report.build_context
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(monitoring_report, "build_context", lambda *a, **k: built.append(build(*a, **k)) or built[-1])
        paths = monitoring_report.write_reports(database, tmp_path_factory.mktemp("laporan"), read_only=True)
    return paths, built[0], database


@pytest.fixture(scope="module")
def pages(written) -> list[str]:
    """The PDF's text, page by page, whitespace collapsed (a heading may wrap)."""
    text = subprocess.run(
        [poppler("pdftotext"), "-layout", str(written[0]["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def test_all_three_are_written_beside_each_other(written):
    paths = written[0]
    assert {kind: path.name for kind, path in paths.items()} == {
        "html": "laporan_pemantauan_pjpk.html",
        "pdf": "laporan_pemantauan_pjpk.pdf",
        "xlsx": "laporan_pemantauan_pjpk.xlsx",
    }
    assert len({path.parent for path in paths.values()}) == 1
    assert paths["pdf"].read_bytes().startswith(b"%PDF-")
    assert not list(paths["pdf"].parent.glob(".*.tmp"))  # written atomically


def test_pdf_pages_render_and_wide_sections_are_landscape(written, tmp_path):
    subprocess.run(
        [poppler("pdftoppm"), "-r", "20", "-png", str(written[0]["pdf"]), str(tmp_path / "halaman")], check=True
    )
    from PIL import Image

    sizes = [Image.open(p).size for p in sorted(tmp_path.glob("halaman-*.png"))]
    assert len(sizes) in PAGES
    portrait = [w < h for w, h in sizes]
    assert portrait[0] and portrait[1]  # cover and contents: A4 portrait
    assert not all(portrait)  # the wide tables (findings, deliveries, sources) on landscape pages
    for (w, h), upright in zip(sizes, portrait, strict=True):  # A4 either way, nothing else
        assert round(max(w, h) / min(w, h), 2) == 1.41, (w, h, upright)


def test_pdf_has_a_cover_contents_with_page_numbers_and_numbered_pages(written, pages):
    _, context, _ = written
    cover = pages[0]
    title = "Laporan Pemantauan Peta Jalan Pembangunan Kependudukan (PJPK) Provinsi Nusa Tenggara Timur 2025-2029"
    assert title in cover
    assert "Provinsi Nusa Tenggara Timur" in cover and "Disusun otomatis oleh ntt-dw" in cover
    assert context["generated_label"] in cover and "Halaman" not in cover  # no number on the cover
    for number, page in enumerate(pages[1:], 2):
        assert f"Halaman {number} dari {len(pages)}" in page
    contents = pages[1]
    assert contents.startswith("Daftar isi")
    headings = [
        html.unescape(re.sub(r"<[^>]+>", "", title))
        for _, title in monitoring_report.SECTION_HEADING.findall(written[0]["html"].read_text(encoding="utf-8"))
    ]
    assert len(headings) >= 10
    previous = 2
    for heading in headings:
        found = re.search(re.escape(heading) + r" ?\.* ?(\d+)", contents)
        assert found, f"{heading!r} is not in the table of contents with a page number"
        page = int(found.group(1))
        assert previous <= page <= len(pages), heading  # in order
        assert heading in pages[page - 1], f"{heading!r} is not on page {page}"
        previous = page


def test_pdf_names_every_sasaran_and_its_charts_are_vector(written, pages):
    _, _, database = written
    with duckdb.connect(str(database), read_only=True) as con:
        sasaran = con.execute("select distinct sasaran, sasaran_name from marts.pjpk_scorecard order by 1").fetchall()
    assert len(sasaran) == 5
    text = " ".join(pages[2:])
    for number, name in sasaran:
        assert f"Sasaran {number}. {name}" in text
    assert "PJPK-S1-01 Total Fertility Rate (TFR)" in text  # a chart's title, as text
    # no raster image anywhere: the SVG charts are vector paths and text, sharp at any size
    images = subprocess.run(
        [str(Path(poppler("pdftoppm")).with_name("pdfimages")), "-list", str(written[0]["pdf"])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert len(images) == 2, images[:5]  # the two header lines of the listing, no image


@pytest.fixture(scope="module")
def book(written):
    return load_workbook(written[0]["xlsx"])


def _table(sheet) -> list[dict]:
    header = [c.value for c in sheet[3]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=4, values_only=True)]


def test_workbook_has_a_sheet_per_section_with_frozen_headers(book, written):
    _, context, _ = written
    sasaran = [f"Sasaran {group.number}" for group in context["sasaran"]]
    expected = ["Ringkasan", *sasaran, "Kabupaten-kota", "Inovasi daerah", "Temuan kualitas data"]
    expected += ["Tindak lanjut temuan", "Kelengkapan penyampaian", "Sumber data"]
    assert [name for name in book.sheetnames if name in expected] == expected
    for sheet in book.worksheets:
        assert sheet.freeze_panes in ("A4", "B4"), sheet.title
        assert sheet["A1"].value and all(c.font.bold for c in sheet[3] if c.value), sheet.title
        assert all(sheet.column_dimensions[c.column_letter].width for c in sheet[3]), sheet.title
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"], sheet.title


def test_workbook_sections_come_from_the_context(written):
    """A section another engineer adds to the context lands in the workbook: with a builder, or
    as a plain sheet when it is a list of rows."""
    _, context, _ = written
    for key in set(context) - set(BUILDERS) - NOT_SECTIONS:
        assert isinstance(context[key], list), f"context[{key!r}]: add a sheet builder to publish/report_workbook.py"
    assert len(sheets(context)) >= 12


def test_workbook_figures_are_numbers_and_agree_with_the_warehouse(book, written):
    _, _, database = written
    with duckdb.connect(str(database), read_only=True) as con:
        tfr = con.execute(
            "select latest_actual from marts.pjpk_scorecard where indicator_code = 'PJPK-S1-01'"
        ).fetchone()
        rankings = con.execute(
            "select indicator_key, region_name, value, rank_best_first from marts.pjpk_regency_rankings"
        ).fetchall()
        followed = con.execute("select count(*) from marts.dq_findings_followup").fetchone()[0]
    sheet = book["Sasaran 1"]
    row = next(r for r in _table(sheet) if r["Kode"] == "PJPK-S1-01")
    assert row["Realisasi terakhir"] == tfr[0] == 2.71 and row["Realisasi (tertulis)"] == "2,71"
    cells = {c.value: c for c in sheet[3]}
    column = cells["Realisasi terakhir"].column_letter
    cell = next(c for c in sheet[column][3:] if c.value == 2.71)
    assert cell.data_type == "n" and cell.number_format == "#,##0.00"  # 2,71 in an Indonesian Excel
    year = sheet[cells["Tahun realisasi"].column_letter][3]
    assert year.data_type == "n" and year.number_format == "0"  # 2024, never 2.024

    regencies = _table(book["Kabupaten-kota"])
    assert len(regencies) == len(rankings) > 0
    by_region = {(r[0], r[1]): (r[2], r[3]) for r in rankings}
    for r in regencies:
        assert (r["Nilai"], r["Peringkat"]) == by_region[(r["Kode indikator"], r["Kabupaten/kota"])]
        assert isinstance(r["Nilai"], int | float)

    totals = _table(book["Tindak lanjut temuan"])[-1]
    assert totals["Produsen data"] == "Jumlah" and totals["Jumlah"] == followed > 0


def test_workbook_does_not_print_small_case_counts(book, written):
    _, context, _ = written
    threshold = context["innovations"]["threshold"]
    for row in _table(book["Inovasi daerah"]):
        if row["Satuan"] == "kasus":
            for name in ("Nilai terakhir", "Nilai sebelumnya"):
                value = row[name]
                assert value is None or value == "disamarkan" or not 0 < value < threshold, row
