"""The set-based register reader gives exactly what the row-by-row reader it replaced gave.

tests/oracles/register_rows.py is that former reader. Both read the same files (the shipped
register, generated national files with injected defects, and hand-made files full of edge
cases, as CSV read by DuckDB and as files DuckDB cannot number exactly: Latin-1, a quoted value
over two lines, XLSX); records and quarantine must be equal, field by field, row by row.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from oracles import register_rows

from ingestion.core import bulk_read, privacy
from ingestion.core.pipeline import ReadContext
from ingestion.core.regions import load_normaliser
from ingestion.core.source_registry import get_source
from ingestion.uptd_ppa import register
from ntt_dw.tools import generate_national_extracts as generator

REPO = Path(__file__).resolve().parents[1]

HEADER = (
    "Register kasus UPTD PPA (uji)\n\n"
    "id_kasus,tanggal_lapor,kabupaten_kota,kategori_korban,jenis_kekerasan,bentuk_kekerasan,layanan,"
    "status_kasus,nama_korban,nik,no_hp,alamat,catatan"
)
ROWS = [
    'C-1,03-01-2023,Kota Kupang,perempuan dewasa,KtP,Psikis,pengaduan masyarakat; pendampingan korban ;;,selesai,Nama Satu,5371010101010001,0812,"Jl. A, RT 1",x',
    "C-2, 4 Januari 2023 ,  Belu ,ANAK  PEREMPUAN,KDRT,Fisik,,dalam proses,,5371 0101.0101-0002,,,",
    "",
    "   ",
    ",,,,,,,,,,,,",
    "C-3,31-02-2023,Alor,perempuan dewasa,KDRT,Fisik,,,,,,,",  # impossible date: C-3 free again
    "C-3,05-01-2023,Alor,perempuan dewasa,KDRT,Fisik,,,,,,,",  # so this one loads
    "C-3,06-01-2023,Alor,perempuan dewasa,KDRT,Fisik,,,,,,,",  # and this one is a duplicate
    "C-4,,Alor,perempuan dewasa,KDRT,Fisik,,,,,,,",  # empty date
    "C-5,-,Alor,perempuan dewasa,KDRT,Fisik,,,,,,,",
    ",07-01-2023,Alor,perempuan dewasa,KDRT,Fisik,,,,,,,",  # empty id
    "C-6,07-01-2023,Kupang,perempuan dewasa,KDRT,Fisik,,,,,,,",  # ambiguous regency
    "C-7,07-01-2023,Nusa Tenggara Timur,perempuan dewasa,KDRT,Fisik,,,,,,,",  # the province
    "C-8,07-01-2023,TTS,perempuan dewasa,KDRT,Fisik,,,,,,,",  # a variant name
    "C-9,07-01-2023,53.01,anak laki-laki,KDRT,Fisik,,,,,,,",  # a code
    "C-10,07-01-2023,Atlantis,perempuan dewasa,KtX,Sihir,,,,,,,",  # region fails first
    "C-11,07-01-2023,Ende,perempuan dewasa,KtX,Sihir,,,,,,,",
    "C-12,07-01-2023,Ende,perempuan dewasa,KDRT,Sihir,,,,,,,",
    "C-13,07-01-2023,Ende,perempuan dewasa,KDRT,Fisik,,,Nama,12345,,,",  # bad NIK
    "C-14,07-01-2023,Ende,perempuan dewasa,KDRT,Fisik,,,Nama,...,,,",  # only separators
    "C-15,07-01-2023,Ende,perempuan dewasa,KDRT,Fisik,,,Nama Dua,5371010101010001,,Jl. B, RT 2,",  # wide
    "C-16,2023-01-08,Sikka,perempuan dewasa,KDRT,Fisik,,selesai,,,,,",
    "C-16,2023-01-09,Sikka,perempuan dewasa,KDRT,Fisik,,selesai,,,,,",
    "C-17,08-01-2023,Sikka,perempuan dewasa,KDRT,Fisik",  # short row: padded
]
SIDECAR = {"document": "Register uji", "table": "register", "synthetic": True}


@pytest.fixture
def keyed(ntt_home, monkeypatch):
    monkeypatch.setenv(privacy.KEY_ENV, "k" * 64)
    return ntt_home


def context() -> ReadContext:
    return ReadContext(
        spec=get_source("uptd_ppa"), sidecar=SIDECAR, regions=load_normaliser(scope=get_source("uptd_ppa").region_scope)
    )


def set_based(path: Path) -> tuple[list[dict], list[tuple]]:
    result = register.read(path, context())
    try:
        records = [dict(zip(result.records.columns, row, strict=True)) for row in result.records.fetchall()]
        quarantine = result.quarantine.fetchall() + [
            (q.source_row, q.source_field, q.raw_value, q.reason) for q in result.extra_quarantine
        ]
    finally:
        result.connection.close()
    return records, sorted(quarantine, key=lambda q: q[0])


def row_by_row(path: Path) -> tuple[list[dict], list[tuple]]:
    result = register_rows.read(path, context())
    quarantine = [(q.source_row, q.source_field, q.raw_value, q.reason) for q in result.quarantine]
    return result.records, sorted(quarantine, key=lambda q: q[0])


def assert_same(path: Path) -> tuple[list[dict], list[tuple]]:
    records, quarantine = set_based(path)
    expected_records, expected_quarantine = row_by_row(path)
    assert quarantine == expected_quarantine
    assert records == expected_records
    return records, quarantine


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def test_edge_cases_read_by_duckdb_match_the_row_reader(keyed, tmp_path):
    # spaces only (plain trim), then tabs, no-break and ideographic spaces at cell edges (the
    # whole str.strip() set), with both line endings
    unicode_spaces = [
        row.replace(",Ende,", ",\tEnde\u3000,")
        .replace("KDRT,Fisik", "KDRT\u00a0,Fisik")
        .replace("5371010101010001", "5371\u00a00101\u30000101-0001")
        for row in ROWS
    ]
    for index, (rows, newline) in enumerate([(ROWS, "\n"), (ROWS, "\r\n"), (unicode_spaces, "\n")]):
        path = write(tmp_path / f"edge_{index}.csv", "\n".join([HEADER, *rows]) + "\n", newline=newline)
        with duckdb.connect() as con:
            delivered = bulk_read.read_delivered(con, path, register._is_header)
            assert (delivered.read_by, delivered.spaces_only) == ("duckdb", rows is ROWS)
        records, quarantine = assert_same(path)
        assert {r["case_id"] for r in records} >= {"C-1", "C-2", "C-3", "C-8", "C-9", "C-16", "C-17"}
        assert next(r for r in records if r["case_id"] == "C-1")["victim_pseudonym"] is not None
        assert len(quarantine) == 14  # the hand count of bad rows above; blank rows are not rows


def test_files_duckdb_cannot_number_fall_back_and_still_match(keyed, tmp_path):
    latin = write(
        tmp_path / "latin.csv", "\n".join([HEADER, *ROWS]).replace("Nama Satu", "Nama Séli") + "\n", encoding="latin-1"
    )
    multiline = write(
        tmp_path / "multi.csv", "\n".join([HEADER, *ROWS]).replace('"Jl. A, RT 1"', '"Jl. A,\nRT 1"') + "\n"
    )
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for line in "\n".join([HEADER, *ROWS]).split("\n"):
        sheet.append(line.split(",") if line else [])
    sheet.append(["C-18", dt.datetime(2023, 1, 10), "Ende", "perempuan dewasa", "KDRT", "Fisik"])
    workbook.save(tmp_path / "sheet.xlsx")
    for path in (latin, multiline, tmp_path / "sheet.xlsx"):
        with duckdb.connect() as con:
            assert bulk_read.read_delivered(con, path, register._is_header).read_by == "python"
        assert_same(path)


def test_shipped_register_matches_the_row_reader(keyed):
    (path,) = (REPO / "seeds" / "extracts" / "uptd_ppa").glob("*.csv")
    records, quarantine = assert_same(path)
    assert len(records) > 100


def test_generated_national_files_with_defects_match_the_row_reader(keyed, tmp_path):
    folder = generator.generate("xs", seed=7, defect_rate=0.05, out=tmp_path / "national")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    ntt = [folder / f["file"] for f in manifest["files"] if "register_53_" in f["file"] and f.get("defects")][:2]
    other = [folder / f["file"] for f in manifest["files"] if "register_53_" not in f["file"] and f.get("defects")][:1]
    assert len(ntt) == 2 and other
    for path in [*ntt, *other]:
        records, quarantine = assert_same(path)
        assert quarantine, f"{path.name}: the manifest lists defects, none was quarantined"


def test_two_ingestion_threads_write_what_one_writes(ntt_home, tmp_path, monkeypatch):
    """ingest_workers: 2 (the register's registry entry) reads files on two threads; the raw zone
    and the report equal a one-thread ingestion's, and the same content delivered twice under
    two names is still read once."""
    from ingestion.core.pipeline import ingest_source
    from ingestion.core.source_registry import SourceSpec

    monkeypatch.setenv(privacy.KEY_ENV, "k" * 64)
    folder = generator.generate("xs", seed=11, defect_rate=0.05, out=tmp_path / "national")
    files = sorted((folder / "landing" / "uptd_ppa").glob("register_5*.csv"))[:8]
    outcomes = {}
    for workers in (1, 2):
        home = tmp_path / f"workers_{workers}"
        monkeypatch.setenv("NTT_DW_HOME", str(home))
        monkeypatch.setattr(SourceSpec, "ingest_workers", property(lambda self, n=workers: n))
        landing = home / "landing" / "uptd_ppa"
        landing.mkdir(parents=True)
        for path in files:
            shutil.copy2(path, landing / path.name)
            shutil.copy2(path.with_name(path.name + ".meta.json"), landing / (path.name + ".meta.json"))
        shutil.copy2(files[0], landing / ("copy_of_" + files[0].name))  # same content, no sidecar: new key
        shutil.copy2(files[1], landing / ("zz_" + files[1].name))
        shutil.copy2(files[1].with_name(files[1].name + ".meta.json"), landing / ("zz_" + files[1].name + ".meta.json"))
        report = ingest_source("uptd_ppa")
        records = duckdb.sql(
            f"select * exclude (ingested_at) from read_parquet('{home}/raw/uptd_ppa/*.parquet') "
            "order by file_version_id, source_row"
        ).fetchall()
        quarantine = duckdb.sql(
            f"select * exclude (quarantined_at) from "
            f"read_parquet('{home}/raw/_quarantine/uptd_ppa/*.parquet') "
            "order by file_version_id, source_row"
        ).fetchall()
        outcomes[workers] = (report.as_dict(), records, quarantine)
    assert outcomes[1] == outcomes[2]
    report = outcomes[2][0]
    assert report["files_seen"] == 10 and report["files_skipped"] == 1 and report["files_loaded"] == 9
    assert len(outcomes[2][1]) > 0 and len(outcomes[2][2]) > 0


def test_the_reader_never_spills_identifiers_to_disk(keyed, tmp_path):
    """While a register is checked its rows still hold names and NIKs: the reader's DuckDB has no
    temp directory, so it would fail rather than write them to disk."""
    path = write(tmp_path / "r.csv", "\n".join([HEADER, *ROWS]) + "\n")
    result = register.read(path, context())
    try:
        settings = result.connection.execute(
            "select current_setting('temp_directory'), current_setting('threads')"
        ).fetchall()
    finally:
        result.connection.close()
    assert settings == [("", 1)]


def test_quote_characters_in_a_delivered_header_cannot_break_the_sql(keyed, tmp_path):
    header = HEADER.replace(",catatan", ',"cat""a\'tan\\"')
    path = write(tmp_path / "q.csv", "\n".join([header, *ROWS]) + "\n")
    records, quarantine = assert_same(path)
    assert len(records) > 5
