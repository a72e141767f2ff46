"""Published case aggregates (source 'simfoni'): every figure loaded with its verbatim text, every
bad figure quarantined with file, row, field and reason, and nothing duplicated on redelivery."""

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from ingestion.core.pipeline import ingest_source
from ingestion.core.settings import seeds_dir
from ingestion.simfoni.aggregates import DATASETS

SAMPLES = seeds_dir() / "extracts" / "simfoni"
SIDECAR = {"document": "Dokumen uji", "table": "Tabel uji", "unit": "kasus", "figure_kind": "published_aggregate"}


def land(home: Path, name: str, text: str | None = None) -> Path:
    """Drop a sample extract (or the given text under that name) into landing/simfoni/."""
    folder = home / "landing" / "simfoni"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if text is None:
        shutil.copy2(SAMPLES / name, target)
        shutil.copy2(SAMPLES / f"{name}.meta.json", folder / f"{name}.meta.json")
    else:
        target.write_text(text, encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps(SIDECAR), encoding="utf-8")
    return target


def quarantined(home: Path) -> list[dict]:
    rel = duckdb.sql(f"select * from read_parquet('{home}/raw/_quarantine/simfoni/*.parquet') order by source_row")
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


def figures(home: Path, where: str = "true") -> list[dict]:
    rel = duckdb.sql(
        f"select * from read_parquet('{home}/raw/simfoni/*.parquet') where {where} order by source_row, measure"
    )
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


@pytest.fixture
def all_samples(ntt_home):
    for path in SAMPLES.glob("*.csv"):
        land(ntt_home, path.name)
    report = ingest_source("simfoni")
    return ntt_home, report


def test_every_sample_file_is_recognised_and_fully_loaded(all_samples):
    home, report = all_samples
    assert report.files_loaded == len(list(SAMPLES.glob("*.csv"))) and report.files_rejected == 0
    assert report.records_quarantined == 0
    datasets = {row["dataset"] for row in figures(home)}
    assert datasets == {d.name for d in DATASETS}


def test_tabel13_total_and_tabel14_sum_as_published(all_samples):
    home, _ = all_samples
    total = figures(home, "dataset = 'tabel13_victims_by_month' and month is null and victim_category = 'total'")
    assert [(r["value"], r["value_text"], r["source_line"]) for r in total] == [(323.0, "323", 916)]
    tabel14 = figures(home, "dataset = 'tabel14_cases_by_month'")
    assert sum(r["value"] for r in tabel14) == 322  # the published table, one case short of Tabel 13
    # the two spellings stay as published, mapped to one code
    assert {r["bentuk_published"] for r in tabel14 if r["bentuk_code"] == "pemerkosaan"} == {
        "Pemerkosaan",
        "Pemerkosan",
    }


def test_worded_counts_missing_marks_and_categories(all_samples):
    home, _ = all_samples
    counts = figures(home, "dataset = 'simfoni_non_reporting_count'")
    assert [(r["year"], r["value"], r["value_text"]) for r in counts] == [
        (2022, 2.0, "2 (dua)"),
        (2023, 1.0, "1 (satu)"),
    ]
    not_reporting = figures(home, "dataset = 'simfoni_non_reporting' and year = 2023")
    assert [(r["region_kemendagri_code"], r["region_label"]) for r in not_reporting] == [("53.19", "Manggarai Timur")]
    kta = {(r["year"], r["bentuk_published"]): r for r in figures(home, "dataset = 'kta_by_type'")}
    assert kta[(2025, "Lainnya")]["value"] is None and kta[(2025, "Lainnya")]["value_is_missing"]
    assert kta[(2025, "Traffiking")]["simfoni_kategori"] == "trafficking"
    assert kta[(2025, "Penculikan")]["simfoni_kategori"] == "lainnya"


def test_tabel9_cells_split_into_percentage_and_counts(all_samples):
    home, _ = all_samples
    rows = figures(
        home, "dataset = 'tabel9_performance' and indicator = 'Cakupan penanganan kasus kekerasan terhadap anak'"
    )
    by_measure = {r["measure"]: r["value"] for r in rows}
    assert by_measure == {
        "realisasi_pct": 95.15,
        "realisasi_served": 609.0,
        "realisasi_reported": 640.0,
        "target_pct": 100.0,
    }
    abh = figures(
        home, "dataset = 'tabel9_performance' and indicator like 'Cakupan perlindungan terhadap anak berhadapan%'"
    )
    assert {r["measure"]: r["value"] for r in abh}["indicator_target_count"] == 125.0


def test_bad_figures_are_quarantined_with_row_field_and_reason(ntt_home):
    land(
        ntt_home,
        "t13.csv",
        "\n".join(
            [
                "tahun,bulan,bulan_label,kategori,jumlah_korban,source_line",
                "2023,1,Januari,perempuan_dewasa,13,904",  # good
                "2023,13,Tigabelas,perempuan_dewasa,1,904",  # month out of range
                "2023,2,Februari,lansia,4,905",  # unknown category
                "2023,3,Maret,anak_perempuan,-2,906",  # negative count
                "2023,4,April,anak_perempuan,1.5.6,907",  # not a number
                "20x3,5,Mei,anak_perempuan,1,908",  # bad year
            ]
        )
        + "\n",
    )
    report = ingest_source("simfoni")
    assert (report.records_read, report.records_loaded, report.records_quarantined) == (6, 1, 5)
    quarantine = quarantined(ntt_home)
    reasons = {(q["source_row"], q["source_field"]): q["reason"] for q in quarantine}
    assert set(reasons) == {(3, "bulan"), (4, "kategori"), (5, "jumlah_korban"), (6, "jumlah_korban"), (7, "tahun")}
    assert "1-12" in reasons[(3, "bulan")] and "lansia" in reasons[(4, "kategori")]
    assert all(q["source_file"] == "t13.csv" for q in quarantine)


def test_number_word_disagreeing_with_digits_is_quarantined(ntt_home):
    land(ntt_home, "n.csv", "tahun,nilai,source_line\n2022,2 (tiga),562\n")
    report = ingest_source("simfoni")
    assert report.records_quarantined == 1
    (row,) = quarantined(ntt_home)
    assert row["source_field"] == "nilai" and "disagree" in row["reason"]


def test_unknown_layout_is_rejected_naming_the_file(ntt_home):
    land(ntt_home, "x.csv", "kolom_a,kolom_b\n1,2\n")
    report = ingest_source("simfoni")
    assert report.files_rejected == 1
    (row,) = quarantined(ntt_home)
    assert row["source_file"] == "x.csv"
    assert "no header row found (expected the columns of one published-aggregate layout" in row["reason"]


def test_redelivery_adds_nothing(all_samples):
    home, first = all_samples
    for path in SAMPLES.glob("*.csv"):
        land(home, path.name)
    again = ingest_source("simfoni")
    assert again.files_skipped == first.files_loaded and again.records_loaded == 0
    assert len(figures(home)) == first.records_loaded
