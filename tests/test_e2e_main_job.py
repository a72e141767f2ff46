"""End to end: the main job (`make run`) through Airflow on the sample data, run twice."""

import json
import re
import sqlite3

import duckdb
import pytest
from demo_run import REPO, run_main_job, warehouse_fingerprint

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def two_runs(demo_run):
    """The session's demo run (conftest.demo_run), then a second run on the same runtime folder."""
    home, first, before = demo_run
    database = home / "warehouse" / "ntt_dw.duckdb"
    second = run_main_job(home)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    return home, first, second.stdout, before, warehouse_fingerprint(database)


def test_summary_reports_sources_dbt_findings_and_paths(two_runs):
    home, first, *_ = two_runs
    assert "bps_population         files   2  read    166  loaded    156  quarantined    10" in first
    models = sorted((REPO / "dbt_project" / "models").rglob("*.sql"))
    assert re.search(rf"models built\s+{len(models)} \(errors 0\)", first), first
    assert "failed 0, errored 0" in first
    assert f"Warehouse: {home / 'warehouse' / 'ntt_dw.duckdb'}" in first
    assert (home / "dbt" / "docs" / "index.html").exists()
    assert (home / "dbt" / "docs" / "catalog.json").exists()


def test_second_run_gives_the_same_warehouse(two_runs):
    *_, before, after = two_runs
    assert before == after
    assert before["marts.fct_population"][0] == 156
    assert before["raw.bps_population"][0] == 156  # nothing duplicated in the raw zone either


def test_marts_hold_the_published_figures(two_runs):
    home, *_ = two_runs
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        total_2028 = con.execute(
            "select population from marts.population_density where region_code = '53' and year = 2028"
        ).fetchone()[0]
        province_2024 = con.execute(
            "select population from marts.population_density where region_code = '53' and year = 2024"
        ).fetchone()[0]
        checks = {r[0] for r in con.execute("select distinct check_name from marts.dq_findings").fetchall()}
    assert total_2028 == 5_998_811
    assert province_2024 == 5_656_040
    assert {
        "sums_to_total",
        "change_within_bounds",
        "all_regions_present",
        "value_in_range",
        "ingestion_quarantine",
    } <= checks


def test_case_statistics_2023(two_runs):
    """The 2023 totals as published (Tabel 13: 323 victims) and the regency that did not report
    to SIMFONI PPA in 2023 (Manggarai Timur), through Airflow, ingestion and dbt."""
    home, first, *_ = two_runs
    assert "uptd_ppa               files   1  read    322  loaded    322  quarantined     0" in first
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        tabel13_total = con.execute("""select value from staging.stg_simfoni__published_figures
                                       where dataset = 'tabel13_victims_by_month' and month is null
                                         and victim_category = 'total' and year = 2023""").fetchone()[0]
        months_total = con.execute("""select sum(published_value) from intermediate.int_published__case_figures
                                      where dataset = 'tabel13_victims_by_month' and year = 2023""").fetchone()[0]
        register_cases = con.execute("select sum(case_count) from marts.fct_case_counts where year = 2023").fetchone()[
            0
        ]
        not_reporting = con.execute("""select region_code, region_name from marts.reporting_completeness
                                       where year = 2023 and simfoni_status = 'tidak melapor'""").fetchall()
        reporting = con.execute("""select count(*) from marts.reporting_completeness
                                   where year = 2023 and reported_to_simfoni""").fetchone()[0]
    assert tabel13_total == 323 and months_total == 323
    assert register_cases == 322  # the synthetic register follows Tabel 14 (322); the gap is a finding
    assert not_reporting == [("53.19", "Manggarai Timur")]
    assert reporting == 21


def test_budget_line_items_reproduce_the_stated_pdpa_allocation(two_runs):
    """Rp 6.892.432.255 (P-DPA total, Laporan Tahunan DP3A 2023 line 317) from the 22 line items
    of Tabel 6, 7 and 8, through Airflow, ingestion and dbt; realisation is 306 000 short of the
    stated Rp 5.627.308.146, and that is a finding."""
    home, first, *_ = two_runs
    assert "budget                 files   5" in first
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        line_items, pagu, stated = con.execute(
            """select count(*), sum(pagu_perubahan),
                      (select stated_pagu from marts.budget_realisation_summary where level = 'total')
               from marts.fct_budget_realisation where pagu_perubahan is not null"""
        ).fetchone()
        realisation_gap = con.execute("""select realisasi_difference from marts.budget_realisation_summary
                                         where level = 'total'""").fetchone()[0]
        (finding,) = con.execute(
            """select count(*) from marts.dq_findings where check_name = 'values_agree' and record_key
               like 'comparison=stated_vs_line_items%item=total_pdpa|measure=realisasi%'"""
        ).fetchone()
    assert (line_items, pagu, stated) == (22, 6_892_432_255, 6_892_432_255)
    assert realisation_gap == -306_000 and finding == 2  # stated on lines 317 and 984


def test_pjpk_progress_and_the_monitoring_report(two_runs):
    """TFR 2024 actual 2,71 against the 2025 target 2,67 and stunting 37,9 against 33,1, through
    the agency DAGs and the transform; the report is written by its Airflow task."""
    home, first, *_ = two_runs
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        scorecard = {
            r[0]: r[1:]
            for r in con.execute(
                """select indicator_code, latest_actual, latest_actual_year, target_year, target_lower, status
               from marts.pjpk_scorecard"""
            ).fetchall()
        }
    assert scorecard["PJPK-S1-01"][:4] == (2.71, 2024, 2025, 2.67)
    assert scorecard["PJPK-S2-04"][:4] == (37.9, 2024, 2025, 33.1)
    assert scorecard["PJPK-S1-01"][4] == "on_track"  # equal to the path at 2024 (the baseline), not yet 2,67
    report = home / "reports" / "laporan_pemantauan_pjpk.html"
    assert f"PJPK report: {report}" in first
    page = report.read_text(encoding="utf-8")
    assert "Sasaran 5. Penataan Administrasi Data Kependudukan" in page and 'id="grafik-PJPK-S1-01"' in page
    for copy in (report.with_suffix(".pdf"), report.with_suffix(".xlsx")):  # beside it, and in the summary
        assert copy.stat().st_size > 0 and str(copy) in first


def test_the_main_job_ends_with_the_snapshot_and_the_export_in_place(two_runs):
    home, first, second, *_ = two_runs
    current = home / "published" / "current"
    assert f"BI snapshot: {current / 'ntt_dw_marts.duckdb'}" in first
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["pjpk_progress"]["rows"] > 0 and (current / "parquet" / "pjpk_progress.parquet").exists()
    assert (home / "published" / "previous").exists()  # the second run published again; the first is kept
    exports = [p for p in (home / "exports" / "satu_data").iterdir() if not p.name.startswith((".", "latest"))]
    assert len(exports) == 1  # the second run found nothing new to export and skipped
    assert (exports[0] / "datapackage.json").exists() and (exports[0] / "korban_kekerasan_kabupaten_kota.csv").exists()
    assert f"Satu Data export: {exports[0]}" in first


def test_the_dags_ran_in_airflow(two_runs):
    home, *_ = two_runs
    with sqlite3.connect(home / "airflow" / "airflow.db") as con:
        runs = con.execute("select dag_id, state, count(*) from dag_run group by 1, 2 order by 1").fetchall()
        model_tasks = con.execute(
            "select count(distinct task_id) from task_instance "
            "where dag_id = 'transform' and task_id like 'dbt_build.%' and state = 'success'"
        ).fetchone()[0]
        announced = con.execute(
            "select state from task_instance where dag_id = 'ingest_bps_population' "
            "and task_id = 'announce_new_data' order by start_date"
        ).fetchall()
    from ingestion.core.source_registry import load_registry

    expected = sorted(
        [(spec.dag_id, "success", 2) for spec in load_registry().values()]
        + [(dag_id, "success", 2) for dag_id in ("transform", "publish", "export_satu_data")]
    )
    assert runs == expected
    assert model_tasks >= 20  # every seed, model and test group is its own task
    # the first run announced new data; the second found nothing new and announced nothing
    assert [state for (state,) in announced] == ["success", "skipped"]
