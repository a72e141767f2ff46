"""dbt on a temporary warehouse: models, their tests, and the data-quality findings."""

import json
from pathlib import Path

import duckdb
import pytest
from dbt_helpers import rebuild_copy

TABEL_1_1 = "Tabel 1.1 Jumlah Penduduk Per Kabupaten di Provinsi NTT Tahun 2020-2025"


@pytest.fixture(scope="module")
def warehouse(sample_warehouse_home):
    """The session's sample warehouse (conftest.sample_warehouse_home), read only, and dbt's log."""
    log = (sample_warehouse_home.parents[1] / "sample_warehouse.done").read_text(encoding="utf-8")
    with duckdb.connect(str(sample_warehouse_home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        yield con, log


def test_build_passes_with_warnings_for_published_errors(warehouse):
    _, log = warehouse
    assert "ERROR=0" in log
    assert "WARN=0" not in log  # the published errors are reported as warnings


def test_dimensions(warehouse):
    con, _ = warehouse
    assert con.execute("select count(*) from marts.dim_region").fetchone()[0] == 23
    assert con.execute("select bps_code from marts.dim_region where region_code = '53.01'").fetchone()[0] == "5303"
    assert con.execute("select count(*) from marts.dim_indicator").fetchone()[0] == 30


def test_fct_population_converts_units_and_keeps_the_source(warehouse):
    con, _ = warehouse
    row = con.execute("""select population, value_published, published_unit, source_file
                         from marts.fct_population where region_code = '53.12' and year = 2020""").fetchone()
    assert row == (145100, "145,10", "ribu jiwa", "bps_penduduk_kabkota_2020_2025.csv")
    assert (
        con.execute("""select population from marts.fct_population
                          where region_code = '53' and year = 2028 and source_table like 'Tabel 1.2%'""").fetchone()[0]
        == 5998811
    )


def test_population_density_mart(warehouse):
    con, _ = warehouse
    population, density = con.execute(
        "select population, density_per_km2 from marts.population_density where region_code = '53' and year = 2024"
    ).fetchone()
    assert population == 5656040
    assert round(density) == 122  # PJPK-S4-02 Kepadatan Penduduk baseline 2024: 122,00 jiwa/km²
    # 2025 is published twice (thousands and people): the figure in people is used
    assert con.execute(
        "select population, source_table like 'Tabel 1.2%' from marts.population_density "
        "where region_code = '53' and year = 2025"
    ).fetchone() == (5742564, True)


def test_pjpk_targets_parse_points_ranges_and_missing(warehouse):
    con, _ = warehouse
    gini = con.execute("""select t.value_lower, t.value_upper, t.is_range, t.published_text
                          from staging.stg_reference__pjpk_targets t join marts.dim_indicator i using (indicator_code)
                          where i.indicator_name = 'Gini Ratio' and t.year = 2025""").fetchone()
    assert gini == (0.309, 0.315, True, "0,309 - 0,315")
    tfr = con.execute("""select baseline_2024, baseline_2024_published from marts.dim_indicator
                         where indicator_name = 'Total Fertility Rate (TFR)'""").fetchone()
    assert tfr == (2.71, "2,71")
    missing = con.execute("""select count(*) from staging.stg_reference__pjpk_targets
                             where published_text in ('N.A', '-') and not is_missing""").fetchone()[0]
    assert missing == 0


def findings(con, check):
    return {
        r[0] for r in con.execute("select record_key from marts.dq_findings where check_name = ?", [check]).fetchall()
    }


def test_dq_findings_report_the_published_errors(warehouse):
    con, _ = warehouse
    columns = [c[0] for c in con.execute("describe marts.dq_findings").fetchall()]
    for column in (
        "check_name",
        "model_name",
        "record_key",
        "observed_value",
        "expected_value",
        "severity",
        "source_document",
        "source_table",
        "detected_at",
    ):
        assert column in columns
    # Tabel 1.2: "29.666" for TTU 2029 (a dropped digit) breaks the yearly change
    assert any(
        k.startswith("region_code=53.03|") and k.endswith("year=2029") for k in findings(con, "change_within_bounds")
    )
    # Tabel 1.2: "3.355" for Sumba Barat Daya 2025 is out of range
    assert any(k.startswith("region_code=53.18|year=2025") for k in findings(con, "value_in_range"))
    # Tabel 1.1 lists 16 of 22 regencies: the parts miss the province total in every year
    assert sum(k.startswith("year=2024|source_table=Tabel 1.1") for k in findings(con, "sums_to_total")) == 1
    # ... and the six missing regencies are named
    missing_2020 = {
        k.split("|")[0] for k in findings(con, "all_regions_present") if "Tabel 1.1" in k and k.endswith("year=2020")
    }
    assert missing_2020 == {f"expected_region=53.{n}" for n in (16, 17, 18, 19, 20, 21)}
    # the ambiguous "Kupang" rows were quarantined, and are reported too
    bps = [k for k in findings(con, "ingestion_quarantine") if k.startswith("file=bps_proyeksi")]
    assert len(bps) == 2  # two rows (each with five years)
    assert (
        con.execute("""select count(*) from marts.dq_findings where check_name = 'ingestion_quarantine'
                          and model_name = 'raw.bps_population'""").fetchone()[0]
        == 10
    )
    assert con.execute("select count(*) from marts.dq_findings where source_document is null").fetchone()[0] == 0


def test_checks_are_generic_they_catch_a_new_fault_in_any_row(sample_warehouse_home, tmp_path):
    """Introduce a fault the published tables do not have (Sikka 2024 typed as 34,03 thousand, the
    BPS table sent again): the same generic tests must find it, without any rule naming Sikka."""

    def corrupt(landing):
        path = landing / "bps" / "bps_penduduk_kabkota_2020_2025.csv"
        text = path.read_text(encoding="utf-8-sig")
        assert "10. Sikka;321,95;340,33;345,32" in text
        path.write_text(
            text.replace("10. Sikka;321,95;340,33;345,32", "10. Sikka;321,95;34,03;345,32"), encoding="utf-8-sig"
        )

    home = tmp_path / "var"
    build = rebuild_copy(sample_warehouse_home, home, corrupt, "source:bps+")
    assert build.returncode == 0, build.stdout[-3000:]
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        keys = findings(con, "change_within_bounds")
    assert {
        f"region_code=53.07|source_table={TABEL_1_1}|year=2024",
        f"region_code=53.07|source_table={TABEL_1_1}|year=2025",
    } <= keys


# ---------------------------------------------------------------- case statistics


def test_case_counts_equal_the_register_and_tabel14(warehouse):
    con, _ = warehouse
    assert con.execute("select sum(case_count) from marts.fct_case_counts where year = 2023").fetchone()[0] == 322
    # one SIMFONI category for every case: the bentuk mapping is complete
    assert con.execute("select count(*) from marts.fct_case_counts where simfoni_kategori is null").fetchone()[0] == 0
    by_month = dict(con.execute("select month, sum(case_count) from marts.fct_case_counts group by 1").fetchall())
    assert by_month[11] == 38 and by_month[9] == 30


def test_case_marts_carry_no_identifier_columns(warehouse):
    con, _ = warehouse
    columns = con.execute("""select table_name, column_name from information_schema.columns
                             where table_schema = 'marts'""").fetchall()
    leaked = [
        (t, c)
        for t, c in columns
        if any(
            word in c
            for word in ("nik", "pseudonym", "nama", "name_korban", "phone", "no_hp", "alamat", "case_id", "victim_key")
        )
    ]
    assert leaked == []


def test_victim_rates_use_bps_population(warehouse):
    con, _ = warehouse
    row = con.execute("""select victim_count, population, population_year, victims_per_100k
                         from marts.case_rates_by_regency where region_code = '53' and year = 2023""").fetchone()
    victims, population, population_year, rate = row
    assert population_year == 2024 and population == 5656040  # 2023 not published: the nearest year, said so
    assert rate == round(victims * 100000 / population, 2)
    regencies = con.execute(
        "select count(*) from marts.case_rates_by_regency where year = 2023 and region_level <> 'provinsi'"
    ).fetchone()[0]
    assert regencies == 22  # every regency, with 0 where the register has no case


def test_repeat_victims_are_counted_through_the_pseudonym(warehouse):
    con, _ = warehouse
    identified, repeat, cases_of_repeat = con.execute(
        """select identified_victims, repeat_victims, cases_of_repeat_victims
           from marts.repeat_victims where region_code = '53' and year = 2023"""
    ).fetchone()
    # the synthetic register reuses an earlier victim's NIK in 10 cases (its sidecar says so)
    assert identified == 322 - 10 and cases_of_repeat - repeat == 10 and repeat >= 1


def test_service_coverage_published_and_recomputed(warehouse):
    con, _ = warehouse
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            """select coverage_code, published_coverage_pct, computed_coverage_pct, published_served,
                      published_denominator
           from marts.service_coverage where year = 2023"""
        ).fetchall()
    }
    assert rows["perempuan"] == (97.23, 97.23, 596, 613)
    assert rows["anak"] == (95.15, 95.16, 609, 640)
    assert rows["abh"] == (81.25, 81.6, 102, 125)  # 102 of the 125 targeted ABH is 81.6 %, not the published 81.25 %


def test_reporting_completeness_names_the_regencies_that_did_not_report(warehouse):
    con, _ = warehouse
    not_reporting = con.execute("""select year, region_name from marts.reporting_completeness
                                   where simfoni_status = 'tidak melapor' order by 1, 2""").fetchall()
    assert not_reporting == [(2022, "Lembata"), (2022, "Sikka"), (2023, "Manggarai Timur")]
    assert (
        con.execute(
            "select count(*) from marts.reporting_completeness where year = 2023 and simfoni_status = 'melapor'"
        ).fetchone()[0]
        == 21
    )


def test_published_disagreements_are_findings_with_document_and_table(warehouse):
    con, _ = warehouse
    rows = con.execute("""select record_key, observed_value, expected_value, source_document, source_table
                          from marts.dq_findings where check_name = 'values_agree'""").fetchall()
    keys = {r[0]: r for r in rows}
    september = [k for k in keys if k.startswith("comparison=tabel13_vs_tabel14|year=2023|month=9|")]
    assert len(september) == 1 and keys[september[0]][1:3] == ("30.0", "31.0 ±0.0")
    assert any(
        k.startswith("comparison=register_vs_tabel13|year=2023|month=9|victim_category=anak_perempuan") for k in keys
    )
    assert any(
        "item=jumlah kasus yang ditangani UPTD PPA Januari-Desember 2023" in k for k in keys
    )  # 323 stated, 322 in Tabel 14
    assert any(k.startswith("comparison=tabel9_pct_vs_counts") and "ABH" in k for k in keys)
    assert all(r[3] and r[4] for r in rows)  # every finding names its document and table
    # the cells that agree are not findings: the register equals Tabel 14 cell for cell
    assert not any(k.startswith("comparison=register_vs_tabel14") for k in keys)


def test_case_totals_compare_sources_by_simfoni_category(warehouse):
    con, _ = warehouse
    rows = {
        (r[0], r[1], r[2]): r[3]
        for r in con.execute(
            """select year, source_dataset, simfoni_kategori, sum(case_count)
           from marts.case_totals_by_category group by 1, 2, 3"""
        ).fetchall()
    }
    assert rows[(2024, "kta_by_type", "seksual")] == 36
    assert rows[(2025, "kta_by_type", "trafficking")] == 1  # published as 'Traffiking'
    assert rows[(2025, "kta_by_type", "lainnya")] == 6  # 'Penculikan' 6; 'Lainnya' is '-', not 0
    assert rows[(2022, "simfoni_annual_cases", "semua")] == 1093
    tabel14 = sum(v for (y, d, _), v in rows.items() if d == "tabel14_cases_by_month" and y == 2023)
    register = sum(v for (y, d, _), v in rows.items() if d == "uptd_ppa_register" and y == 2023)
    assert tabel14 == register == 322


# ---------------------------------------------------------------- budget


def budget_findings(con, comparison):
    return {
        r[0]: r[1:]
        for r in con.execute(
            """select record_key, observed_value, expected_value, source_document, source_table
           from marts.dq_findings where check_name = 'values_agree' and record_key like ?""",
            [f"comparison={comparison}|%"],
        ).fetchall()
    }


def test_line_items_reproduce_the_stated_pdpa_allocation(warehouse):
    con, _ = warehouse
    total = con.execute("""select pagu_perubahan, stated_pagu, realisasi, stated_realisasi
                           from marts.budget_realisation_summary where level = 'total'""").fetchone()
    assert total[0] == total[1] == 6_892_432_255
    assert (total[2], total[3]) == (5_627_002_146, 5_627_308_146)  # realisation does not: 306 000 short
    types = dict(
        con.execute("""select column_name, data_type from information_schema.columns
                                where table_schema = 'marts' and table_name = 'fct_budget_realisation'""").fetchall()
    )
    assert types["pagu_perubahan"] == types["realisasi"] == "BIGINT"  # money is never a float


def test_published_percentage_column_is_identified(warehouse):
    con, _ = warehouse
    matches = dict(
        con.execute("""select published_pct_matches, count(*) from marts.fct_budget_realisation
                                  where published_pct is not null group by 1""").fetchall()
    )
    assert matches == {"sisa": 17}  # Tabel 6's '%' column is the remaining share, on every line


def test_budget_disagreements_are_findings(warehouse):
    con, _ = warehouse
    parts = budget_findings(con, "line_pagu_vs_parts")
    assert {k.split("source_line=")[1].split("|")[0] for k in parts} == {"347", "358"}
    stated = budget_findings(con, "stated_vs_line_items")
    assert any(
        "item=dak_nf|measure=pagu" in k and v[:2] == ("408570000.0", "375000000.0 ±0.0") for k, v in stated.items()
    )
    # a figure the text restates with another value: the figure registry's comparison names both lines
    restated = {
        r[0]: r[1:]
        for r in con.execute(
            """select record_key, observed_value, expected_value, source_document, source_table
               from marts.dq_findings where check_name = 'stated_twice_agree'
                 and record_key like '%subject=pendapatan_tpa|%measure=realisasi|%'"""
        ).fetchall()
    }
    ((key, values),) = restated.items()
    assert "baris 634" in key and "baris 313" in key and values[:2] == ("175000000.0", "175200000.0 ±0.0")
    assert "rows_as_headed" in " ".join(budget_findings(con, "pdpa_column_reading"))
    assert all(v[2] and v[3] for v in {**parts, **stated, **restated}.values())  # document and table named
    # what agrees is not a finding: the DAK NF split adds up, the P-DPA total is reproduced
    assert budget_findings(con, "dak_nf_split") == {}
    assert not any("item=total_pdpa|measure=pagu" in k for k in stated)


def test_revisions_say_which_column_reading_each_row_satisfies(warehouse):
    con, _ = warehouse
    readings = dict(con.execute("select column_reading, count(*) from marts.budget_revisions group by 1").fetchall())
    assert readings == {"as headed": 9, "columns swapped": 12, "neither": 1}
    rka = con.execute("""select anggaran_murni, revised_budget, change_amount from marts.budget_revisions
                         where sub_kegiatan_name = 'Koordinasi dan Penyusunan Dokumen RKA-SKPD'""").fetchone()
    assert rka == (13_260_300, 5_627_100, -7_633_200)


def test_revenue_realisation_recomputed_per_statement(warehouse):
    con, _ = warehouse
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            """select source_line, realisasi, published_realisasi_pct, realisasi_pct_of_target_perubahan
           from marts.revenue_realisation order by source_line"""
        ).fetchall()
    }
    assert rows[313] == (175_200_000, 97.33, 97.33)
    assert rows[634] == (175_000_000, 97.33, 97.22)  # the restatement's own figures disagree


def test_a_monthly_report_slots_in_as_a_new_period(sample_warehouse_home, tmp_path):
    """A January 2024 realisation report delivered beside the 2023 annual one adds its own rows
    (line_item_key + period_end), leaving the 2023 figures as they were."""

    def add_january_report(landing):
        folder = landing / "budget"
        (folder / "realisasi_apbd_2024_01.csv").write_text(
            "kegiatan,sub_kegiatan,pagu,realisasi,sisa,persen,source_line,note\n"
            '"Administrasi keuangan Perangkat Daerah",Penyediaan gaji dan tunjangan ASN,'
            '"5.000.000.000","400.000.000","4.600.000.000","92,00",1,\n',
            encoding="utf-8",
        )
        (folder / "realisasi_apbd_2024_01.csv.meta.json").write_text(
            json.dumps(
                {
                    "document": "Laporan Realisasi Anggaran Januari 2024 (uji)",
                    "table": "Realisasi per sub kegiatan",
                    "budget_year": 2024,
                    "period_start": "2024-01-01",
                    "period_end": "2024-01-31",
                }
            ),
            encoding="utf-8",
        )

    home = tmp_path / "var"
    build = rebuild_copy(sample_warehouse_home, home, add_january_report, "source:budget+")
    assert build.returncode == 0, build.stdout[-3000:]
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        periods = con.execute("""select period_end::varchar, count(*), sum(pagu_perubahan)
                                 from marts.fct_budget_realisation where pagu_perubahan is not null
                                 group by 1 order by 1""").fetchall()
        january = con.execute("""select line_item_key, realisasi, published_pct_matches
                                 from marts.fct_budget_realisation where period_end = '2024-01-31'""").fetchall()
    assert periods == [("2023-12-31", 22, 6_892_432_255), ("2024-01-31", 1, 5_000_000_000)]
    assert january == [("2.08.01:penyediaan-gaji-dan-tunjangan-asn", 400_000_000, "sisa")]


# ---------------------------------------------------------------- PJPK progress and report


def test_pjpk_progress_and_scorecard(warehouse):
    con, _ = warehouse
    tfr = con.execute("""select latest_actual, latest_actual_year, target_lower, gap_to_target, status
                         from marts.pjpk_progress
                         where indicator_code = 'PJPK-S1-01' and region_code = '53' and year = 2025""").fetchone()
    assert tfr[:3] == (2.71, 2024, 2.67) and round(tfr[3], 2) == 0.04 and tfr[4] == "on_track"
    stunting = con.execute("""select latest_actual, target_lower, status from marts.pjpk_scorecard
                              where indicator_code = 'PJPK-S2-04'""").fetchone()
    assert stunting[:2] == (37.9, 33.1)
    sasaran = {r[0] for r in con.execute("select distinct sasaran from marts.pjpk_scorecard").fetchall()}
    assert sasaran == {1, 2, 3, 4, 5}
    # a province-only indicator has no regency rows: nothing is copied down
    regions = con.execute("""select count(*) from marts.pjpk_progress
                             where indicator_code = 'PJPK-S2-04' and region_level <> 'provinsi'""").fetchone()[0]
    assert regions == 0


def test_regency_rankings_follow_the_direction(warehouse):
    con, _ = warehouse
    rows = con.execute("""select region_name, value, rank_best_first, direction from marts.pjpk_regency_rankings
                          where indicator_key = 'PJPK-S1-01' order by rank_best_first""").fetchall()
    assert rows and rows[0][3] == "lower_is_better"
    assert [r[1] for r in rows] == sorted(r[1] for r in rows)  # lower TFR ranks first


def test_monitoring_report_names_every_sasaran_and_charts_every_indicator_with_data(warehouse, tmp_path):
    import re

    from publish.monitoring_report import write_report

    con, _ = warehouse
    database = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()[0]
    with_data = {
        r[0]
        for r in con.execute("""select distinct indicator_code from marts.pjpk_progress
                                              where region_level = 'provinsi' and actual is not null""").fetchall()
    }
    sasaran = con.execute("select distinct sasaran, sasaran_name from marts.pjpk_scorecard").fetchall()
    report = write_report(Path(database), tmp_path / "laporan.html", read_only=True)  # as the fixture opened it
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'lang="id"' in page
    for number, name in sasaran:
        assert f"Sasaran {number}. {name}" in page
    charted = set(re.findall(r'id="grafik-([A-Z0-9-]+)"', page))
    assert charted == with_data and len(with_data) >= 5
    assert page.count("<svg") >= len(with_data)
    # offline: nothing is fetched from anywhere
    assert not re.search(r'(src|href)="(https?:)?//', page) and "<script" not in page
    assert "Temuan kualitas data" in page and "Catatan sumber dan kemutakhiran data" in page


def test_monitoring_report_shows_figures_in_indonesian_notation_and_findings_by_agency(warehouse, tmp_path):
    """Dukcapil printed '42.90' (a decimal point): the report shows 42,90 with the printed text on
    hover and a note; the follow-up section counts every finding by producing agency and status."""
    import re

    from publish.monitoring_report import write_report

    con, _ = warehouse
    database = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()[0]
    page = write_report(Path(database), tmp_path / "laporan.html", read_only=True).read_text(encoding="utf-8")
    assert '<span class="converted" title="tertulis di sumber: 42.90">42,90</span>' in page
    assert ">42.90<" not in page and "titik desimal di sumbernya" in page
    section = page.split('id="tindak-lanjut-temuan"')[1].split("</section>")[0]
    total = con.execute("select count(*) from marts.dq_findings_followup").fetchone()[0]
    counted = re.findall(r'<th class="num">([0-9.]+)</th>', section)
    assert int(counted[-1].replace(".", "")) == total > 0
    for (agency,) in con.execute("select distinct agency_name from marts.dq_findings_followup").fetchall():
        assert f"<td>{agency}</td>" in section
