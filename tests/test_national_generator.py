"""The national-scale synthetic generator (ntt_dw/tools/generate_national_extracts.py): deterministic,
every kabupaten/kota of Indonesia, the UPTD PPA register layout, and defects that the real
ingestion quarantines exactly as the manifest says."""

import csv
import datetime as dt
import hashlib
import json
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from ingestion.core.pipeline import ingest_source
from ntt_dw.tools import generate_national_extracts as generator

REPO = Path(__file__).resolve().parents[1]


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d-%m-%Y").date()


def register_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        next(handle)  # the SINTETIS title line
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def with_defects(tmp_path_factory) -> Path:
    """One xs generation at a 5 % defect rate, shared by the tests that only read it."""
    return generator.generate("xs", seed=11, defect_rate=0.05, out=tmp_path_factory.mktemp("national") / "gen")


def test_same_seed_same_bytes_and_every_regency(with_defects, tmp_path):
    first = with_defects
    second = generator.generate("xs", seed=11, defect_rate=0.05, out=tmp_path / "b")
    other = generator.generate("xs", seed=12, defect_rate=0.05, out=tmp_path / "c")
    assert digests(first) == digests(second) and digests(first) != digests(other)
    manifest = json.loads((first / "manifest.json").read_text())
    assert manifest["rows"] == generator.SCALES["xs"] == sum(f["rows"] for f in manifest["files"])
    assert len(manifest["files"]) == 38 * len(generator.YEARS)  # one register per province and year
    names = {
        row["kabupaten_kota"] for path in (first / "landing" / "uptd_ppa").glob("*.csv") for row in register_rows(path)
    }
    with (REPO / "seeds" / "national" / "regions_kemendagri.csv").open(encoding="utf-8") as handle:
        regencies = {r["official_name"] for r in csv.DictReader(handle) if r["region_level"] != "provinsi"}
    assert len(regencies) == 514 and regencies <= names  # all 514 kabupaten/kota have cases


def test_the_manifest_counts_the_defects_in_the_files(with_defects):
    folder = with_defects
    manifest = json.loads((folder / "manifest.json").read_text())
    found = Counter()
    for path in (folder / "landing" / "uptd_ppa").glob("*.csv"):
        rows = register_rows(path)
        ids = Counter(row["id_kasus"] for row in rows)
        found["duplicate_id"] += sum(n - 1 for n in ids.values())
        found["bad_date"] += sum(row["tanggal_lapor"].startswith("31-02-") for row in rows)
        found["unknown_region"] += sum(row["kabupaten_kota"] == "Kabupaten Antah Berantah" for row in rows)
        found["unknown_category"] += sum(row["kategori_korban"] == "tidak diketahui" for row in rows)
        found["incident_after_report"] += sum(
            not row["tanggal_lapor"].startswith("31-02-") and day(row["tanggal_kejadian"]) > day(row["tanggal_lapor"])
            for row in rows
        )
    assert dict(found) == manifest["defects"]
    assert all(count > 50 for count in found.values())  # 5 % of 10 000 rows over 5 kinds


def test_ntt_registers_go_through_the_real_ingestion_with_exactly_the_injected_defects(
    with_defects, ntt_home, monkeypatch
):
    monkeypatch.setenv("NTT_DW_PSEUDONYM_KEY", "national-generator-test-key-0123456789abcdef")
    folder = with_defects
    manifest = json.loads((folder / "manifest.json").read_text())
    ntt = [f for f in manifest["files"] if Path(f["file"]).name.startswith("register_53_")]
    landing = ntt_home / "landing" / "uptd_ppa"
    landing.mkdir(parents=True)
    for entry in ntt:
        for path in (folder / "landing" / "uptd_ppa").glob(Path(entry["file"]).name + "*"):
            shutil.copy(path, landing / path.name)

    report = ingest_source("uptd_ppa")

    injected = Counter()
    for entry in ntt:
        injected.update(entry["defects"])
    assert report.records_read == sum(f["rows"] for f in ntt)
    assert report.records_quarantined == sum(injected.values()) > 0
    by_field = dict(
        duckdb.sql(
            f"select source_field, count(*) from read_parquet('{ntt_home}/raw/_quarantine/uptd_ppa/*.parquet') "
            "group by all"
        ).fetchall()
    )
    assert by_field == {
        field: injected[kind]
        for kind, field in (
            ("duplicate_id", "id_kasus"),
            ("bad_date", "tanggal_lapor"),
            ("unknown_region", "kabupaten_kota"),
            ("unknown_category", "kategori_korban"),
            ("incident_after_report", "tanggal_kejadian"),
        )
        if injected[kind]
    }


def test_population_tables_of_every_province_through_ingestion_and_the_national_mart(with_defects, ntt_home):
    """Population per region and year for all 38 provinces in BPS's table layout: the real
    ingestion quarantines exactly the injected bad numbers and unknown regions, and the national
    mart's sums_to_total test finds every province total the generator put 2 % off."""
    from dbt_helpers import run_dbt

    from ingestion.core.warehouse import attach_raw_zone

    folder = with_defects
    population = json.loads((folder / "manifest.json").read_text())["population"]
    injected = population["defects"]
    assert len(population["files"]) == 38 and all(injected.values()), injected
    shutil.copytree(folder / "landing" / "bps", ntt_home / "landing" / "bps")

    report = ingest_source("bps_population")
    cells = sum(f["regions"] + 1 for f in population["files"]) * len(generator.POPULATION_YEARS)
    assert report.records_read == cells and report.files_loaded == 38
    reasons = Counter(
        reason.split(":")[0].split(" '")[0]
        for (reason,) in duckdb.sql(
            f"select reason from read_parquet('{ntt_home}/raw/_quarantine/bps_population/*.parquet')"
        ).fetchall()
    )
    assert reasons == {"unparseable number": injected["bad_number"], "unknown region": injected["unknown_region"]}

    attach_raw_zone()
    built = run_dbt(ntt_home, "build", "--select", "+fct_population_by_region", "--indirect-selection", "cautious")
    assert built.returncode == 0, built.stdout[-3000:]
    with duckdb.connect(str(ntt_home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        (table,) = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'dq_audit' "
                "and table_name like 'sums_to_total_fct_population_b%'"
            ).fetchall()
        ]
        keys = [key for (key,) in con.execute(f"select record_key from dq_audit.{table}").fetchall()]
    found = set()
    for key in keys:  # "year=2023|province_code=32|source_table=..."
        parts = dict(item.split("=", 1) for item in key.split("|"))
        found.add((parts["province_code"], int(parts["year"])))
    expected = {(f["province"], year) for f in population["files"] for year in f["sum_mismatch_years"]}
    assert len(expected) == injected["sum_mismatch"] > 0
    assert expected <= found, sorted(expected - found)


def test_budget_realisation_of_every_office_through_the_real_ingestion(with_defects, ntt_home):
    """Monthly realisation files of every DP3A office (here NTT's 23: the province's and each
    kabupaten/kota's): the real ingestion quarantines exactly the rows with a bad number, an
    unknown office or an unknown line item, field by field; every other row loads its four figures
    with its office."""
    folder = with_defects
    budget = json.loads((folder / "manifest.json").read_text())["budget"]
    ntt = [f for f in budget["files"] if f["province"] == "53"]
    assert len(ntt) == 12 and len(budget["files"]) == 38 * 12
    landing = ntt_home / "landing" / "budget"
    landing.mkdir(parents=True)
    for entry in ntt:
        for path in (folder / "landing" / "budget").glob(Path(entry["file"]).name + "*"):
            shutil.copy(path, landing / path.name)
    injected = Counter()
    for entry in ntt:
        injected.update(entry["defects"])
    assert all(injected[kind] for kind in generator.BUDGET_DEFECTS), injected

    report = ingest_source("budget")

    rows = sum(f["rows"] for f in ntt)
    rejected = injected["bad_number"] + injected["unknown_office"] + injected["unknown_line_item"]
    assert report.records_quarantined == rejected and report.records_loaded == (rows - rejected) * 4
    by_field = dict(
        duckdb.sql(
            f"select source_field, count(*) from read_parquet('{ntt_home}/raw/_quarantine/budget/*.parquet') "
            "group by all"
        ).fetchall()
    )
    assert by_field == {
        "pagu": injected["bad_number"],
        "kode_wilayah": injected["unknown_office"],
        "sub_kegiatan": injected["unknown_line_item"],
    }
    offices = {
        code
        for (code,) in duckdb.sql(
            f"select distinct office_kemendagri_code from read_parquet('{ntt_home}/raw/budget/*.parquet')"
        ).fetchall()
    }
    assert len(offices) == 23 and "53" in offices and "53.71" in offices
