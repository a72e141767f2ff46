"""The SIMFONI PPA breakdowns of the case register (marts.case_breakdowns, case_reporting_delay,
case_services_by_type): counted again here in Python from the raw zone's case rows, so the marts'
SQL is checked against an independent count; every case mart says as of when its data are."""

from __future__ import annotations

import statistics
from collections import Counter

import duckdb
import pytest

BREAKDOWN_FIELDS = {
    "tempat_kejadian": "place_code",
    "kelompok_umur_korban": "victim_age_group",
    "jenis_kelamin_korban": "victim_sex",
    "hubungan_pelaku": "perpetrator_relation_code",
    "jenis_kelamin_pelaku": "perpetrator_sex",
    "kelompok_umur_pelaku": "perpetrator_age_group",
    "saluran_pengaduan": "reporting_channel_code",
}


@pytest.fixture(scope="module")
def warehouse(sample_warehouse_home):
    with duckdb.connect(str(sample_warehouse_home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        yield con


def register_rows(con) -> list[dict]:
    """The NTT case rows as the reader stored them (the raw zone), one per case."""
    relation = con.execute("select * from raw.uptd_ppa_cases where region_kemendagri_code like '53.%'")
    names = [c[0] for c in relation.description]
    rows = [dict(zip(names, row, strict=True)) for row in relation.fetchall()]
    assert len({r["case_id"] for r in rows}) == len(rows) == 322  # Tabel 14's cases
    return rows


def test_each_breakdown_counts_the_cases_of_each_category_and_regency(warehouse):
    rows = register_rows(warehouse)
    for breakdown, field in BREAKDOWN_FIELDS.items():
        expected = Counter((r["region_kemendagri_code"], r[field] or "tidak_diketahui") for r in rows)
        found = dict(
            (((region, category), cases))
            for region, category, cases in warehouse.execute(
                """select region_code, category_code, cases from marts.case_breakdowns
                   where breakdown = ? and month is null and region_code != '53'""",
                [breakdown],
            ).fetchall()
        )
        assert found == dict(expected), breakdown
        (province,) = warehouse.execute(
            "select sum(cases) from marts.case_breakdowns where breakdown = ? and month is null and region_code = '53'",
            [breakdown],
        ).fetchone()
        assert province == len(rows)  # a single-valued breakdown adds up to every case


def test_school_cases_by_month_are_the_register_rows_of_that_place(warehouse):
    rows = register_rows(warehouse)
    expected = Counter(r["report_date"].month for r in rows if r["place_code"] == "sekolah")
    found = dict(
        warehouse.execute(
            """select month, cases from marts.case_breakdowns where breakdown = 'tempat_kejadian'
               and category_code = 'sekolah' and region_code = '53' and month is not null"""
        ).fetchall()
    )
    assert found == dict(expected) and sum(found.values()) > 0


def test_days_from_incident_to_report_per_channel(warehouse):
    rows = register_rows(warehouse)
    days = [(r["report_date"] - r["incident_date"]).days for r in rows if r["incident_date"]]
    assert days and min(days) >= 0
    median, cases = warehouse.execute(
        """select median_days_to_report, cases_with_incident_date from marts.case_reporting_delay
           where region_code = '53' and reporting_channel_code = 'semua' and year = 2023"""
    ).fetchone()
    assert (median, cases) == (statistics.median(days), len(days))
    online = [
        (r["report_date"] - r["incident_date"]).days for r in rows if r["reporting_channel_code"] == "online_aplikasi"
    ]
    (online_median,) = warehouse.execute(
        """select median_days_to_report from marts.case_reporting_delay
           where region_code = '53' and reporting_channel_code = 'online_aplikasi' and year = 2023"""
    ).fetchone()
    assert online and online_median == statistics.median(online)


def test_every_service_type_appears_with_the_cases_it_reached(warehouse):
    rows = register_rows(warehouse)
    reached = Counter(code for r in rows for code in set(filter(None, (r["service_codes"] or "").split(";"))))
    found = {
        code: (cases, pct)
        for code, cases, pct in warehouse.execute(
            "select service_code, cases, pct_of_cases from marts.case_services_by_type where region_code = '53'"
        ).fetchall()
    }
    (types,) = warehouse.execute("select count(*) from reference.jenis_layanan_permen_2_2022").fetchone()
    assert len(found) == types == 11
    for code, (cases, pct) in found.items():
        assert cases == reached.get(code, 0)
        assert pct == pytest.approx(round(100 * cases / len(rows), 2))


def test_every_case_mart_carries_the_as_of_date_of_its_latest_delivery(warehouse):
    (delivered,) = warehouse.execute(
        """select max(loaded_at)::date from staging.stg_ingestion__file_versions
           where source_name = 'uptd_ppa' and is_current_version"""
    ).fetchone()
    for mart in (
        "case_breakdowns",
        "case_reporting_delay",
        "case_services_by_type",
        "fct_case_counts",
        "case_rates_by_regency",
        "repeat_victims",
    ):
        assert warehouse.execute(f"select distinct as_of_date from marts.{mart}").fetchall() == [(delivered,)], mart


def test_the_restricted_marts_say_so(warehouse):
    import yaml

    from ingestion.core.settings import dbt_project_dir

    models = yaml.safe_load((dbt_project_dir() / "models" / "marts" / "cases" / "_cases__models.yml").read_text())
    for model in models["models"]:
        if model["name"] in ("case_breakdowns", "case_reporting_delay", "case_services_by_type"):
            assert model["config"]["meta"]["access"] == "restricted"
            assert "restricted_case_mart" in model["description"]
