"""Outliers in series (dbt_project/tests/generic/outlier_modified_zscore.sql) and year-on-year
changes within the bounds of seed indicator_change_bounds (change_within_seed_bounds.sql): each
finds a defect injected into a copy of the sample warehouse, with the right key, value, median and
score, and says nothing about a clean series."""

import csv
import json
import shutil
import statistics
from pathlib import Path

import duckdb
import pytest
from dbt_helpers import run_dbt

REPO = Path(__file__).resolve().parents[1]
TABEL_1_2 = "Tabel 1.2 Tabel Proyeksi Penduduk Provinsi NTT Tahun 2025-2029"
#: the dropped digits of Tabel 1.2 docs/sources.md lists (TTU 2029, Alor 2026, Flores Timur 2025
#: and 2027, Sumba Barat Daya 2025): the outliers the published projection has, and no other
PUBLISHED_OUTLIERS = {("53.03", 2029), ("53.05", 2026), ("53.06", 2025), ("53.06", 2027), ("53.18", 2025)}


def readable(number: float, decimals: int) -> str:
    """What the tests write: printf('%.Nf') without trailing zeros."""
    return f"{number:.{decimals}f}".rstrip("0").rstrip(".")


def modified_z(values: list[float], value: float) -> tuple[float, float, bool]:
    """(median, modified z, whether MAD was 0) of `value` in `values`, by Iglewicz-Hoaglin."""
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    if mad > 0:
        return median, 0.6745 * (value - median) / mad, False
    mean_ad = statistics.fmean(abs(v - median) for v in values)
    return median, (value - median) / (1.253314 * mean_ad), True


def outlier_text(values: list[float], value: float) -> str:
    median, z, mad_zero = modified_z(values, value)
    return (
        f"value {readable(value, 6)}; median {readable(median, 4)}; modified z {readable(z, 2)}"
        + (" (MAD 0: mean absolute deviation)" if mad_zero else "")
        + f"; series of {len(values)} points"
    )


def findings(database: Path, check: str, table_prefix: str) -> dict[str, tuple[str, str, str, str | None]]:
    """record_key -> (observed, expected, severity, source_document) of the stored failures of
    `check` in the dq_audit tables whose name starts with table_prefix."""
    rows = {}
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'dq_audit' "
                "and starts_with(table_name, ?)",
                [table_prefix],
            ).fetchall()
        ]
        assert tables, f"no dq_audit table {table_prefix}*"
        for table in tables:
            for key, *rest in con.execute(
                f"select record_key, observed_value, expected_value, severity, source_document "
                f'from dq_audit."{table}" where check_name = ?',
                [check],
            ).fetchall():
                assert key not in rows, f"{key} found twice"
                rows[key] = tuple(rest)
    return rows


def population_key(region: str, year: int) -> str:
    return f"region_code={region}|source_table={TABEL_1_2}|year={year}"


@pytest.fixture
def home_copy(sample_warehouse_home, tmp_path) -> Path:
    home = tmp_path / "var"
    shutil.copytree(sample_warehouse_home, home)
    return home


def test_the_published_projection_has_exactly_its_dropped_digits_as_outliers(sample_warehouse_home):
    """On the demo data: the five dropped digits of Tabel 1.2 and nothing from the other
    (smooth) five-year series of that table; Tabel 1.1's three years are too few to score."""
    found = findings(
        sample_warehouse_home / "warehouse" / "ntt_dw.duckdb",
        "outlier_modified_zscore",
        "outlier_modified_zscore_fct_po",
    )
    assert set(found) == {population_key(region, year) for region, year in PUBLISHED_OUTLIERS}
    with duckdb.connect(str(sample_warehouse_home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        series = [
            v
            for (v,) in con.execute(
                "select population from marts.fct_population_by_region where region_code = '53.03' "
                "and source_table = ? order by year",
                [TABEL_1_2],
            ).fetchall()
        ]
        scored = con.execute(
            "select count(distinct region_code) from marts.fct_population_by_region where source_table = ?",
            [TABEL_1_2],
        ).fetchone()[0]
    assert scored > len({region for region, _ in PUBLISHED_OUTLIERS}) + 10  # many clean series were scored
    observed, expected, severity, document = found[population_key("53.03", 2029)]
    assert (observed, expected, severity) == (outlier_text(series, 29666), "|modified z| <= 3.5", "warn")
    assert document and "88/2025" in document


def test_outliers_injected_into_population_cases_and_a_generated_budget_series(home_copy):
    """One value ×10 in a smooth population series and in a regency's monthly cases; a generated
    table of monthly budget realisation: a clean linear series, the same with one month ×10, a
    series mostly at its median (MAD 0), a constant one and one too short to score."""
    database = home_copy / "warehouse" / "ntt_dw.duckdb"
    with duckdb.connect(str(database)) as con:
        updated = con.execute(
            "update marts.fct_population_by_region set population = population * 10 "
            "where region_code = '53.02' and year = 2027 and source_table = ?",
            [TABEL_1_2],
        ).fetchone()[0]
        assert updated == 1
        population = [
            float(v)
            for (v,) in con.execute(
                "select population from marts.fct_population_by_region where region_code = '53.02' "
                "and source_table = ? order by year",
                [TABEL_1_2],
            ).fetchall()
        ]
        con.execute(
            "update marts.fct_case_counts set case_count = case_count * 10 where region_code = '53.71' and month = 3"
        )
        cases = [
            float(v)
            for (v,) in con.execute(
                "select sum(case_count) from marts.fct_case_counts where region_code = '53.71' "
                "group by year, month order by year, month"
            ).fetchall()
        ]
        con.execute("delete from marts.fct_budget_realisation_by_office")
        generated = {
            "53.01": [m * 1_000_000 for m in range(1, 13)],  # clean: straight cumulative growth
            "53.02": [m * (10 if m == 6 else 1) * 1_000_000 for m in range(1, 13)],  # June typed ×10
            "53.03": [9_000_000 if m == 12 else 5_000_000 for m in range(1, 13)],  # MAD 0
            "53.04": [5_000_000] * 12,  # constant: nothing to score
            "53.05": [1_000_000, 2_000_000, 3_000_000, 300_000_000],  # an outlier, but 4 points only
        }
        for office, values in generated.items():
            for month, value in enumerate(values, start=1):
                con.execute(
                    "insert into marts.fct_budget_realisation_by_office by name select ? as office_code, "
                    "'x:item' as line_item_key, 2024 as budget_year, last_day(make_date(2024, ?, 1)) as period_end, "
                    "? as realisasi, 'Dokumen uji' as source_document, 'Tabel uji' as source_table",
                    [office, month, value],
                )
    tested = run_dbt(home_copy, "test", "--select", "test_name:outlier_modified_zscore")
    assert tested.returncode == 0, tested.stdout[-3000:]  # warnings, not errors

    found = findings(database, "outlier_modified_zscore", "outlier_modified_zscore_fct_po")
    assert set(found) == {population_key(region, year) for region, year in PUBLISHED_OUTLIERS | {("53.02", 2027)}}
    assert found[population_key("53.02", 2027)][:2] == (outlier_text(population, population[2]), "|modified z| <= 3.5")
    assert modified_z(population, population[2])[1] > 3.5

    found = findings(database, "outlier_modified_zscore", "outlier_modified_zscore_fct_ca")
    assert "region_code=53.71|year=2023|month=3" in found
    assert found["region_code=53.71|year=2023|month=3"][0] == outlier_text(cases, cases[2])
    assert all(document for *_, document in found.values())  # the mart's source document

    found = findings(database, "outlier_modified_zscore", "outlier_modified_zscore_fct_bu")
    june_key, december_key = (
        f"office_code={office}|line_item_key=x:item|budget_year=2024|period_end=2024-{day}"
        for office, day in (("53.02", "06-30"), ("53.03", "12-31"))
    )
    assert set(found) == {june_key, december_key}
    june, december = found[june_key], found[december_key]
    assert june[:3] == (outlier_text(generated["53.02"], 60_000_000), "|modified z| <= 3.5", "warn")
    assert "(MAD 0: mean absolute deviation)" in december[0]
    assert december[0] == outlier_text(generated["53.03"], 9_000_000)
    assert june[3] == "Dokumen uji"

    # the threshold is the var dq_outlier_modified_z: raised above every score, nothing is left
    highest = max(abs(modified_z(generated["53.02"], 60_000_000)[1]), abs(modified_z(generated["53.03"], 9e6)[1]))
    raised = run_dbt(
        home_copy,
        "test",
        "--select",
        "test_name:outlier_modified_zscore,fct_budget_realisation_by_office",
        "--vars",
        json.dumps({"dq_outlier_modified_z": round(highest + 1)}),
    )
    assert raised.returncode == 0, raised.stdout[-3000:]
    with duckdb.connect(str(database), read_only=True) as con:
        (table,) = con.execute(
            "select table_name from information_schema.tables where table_schema = 'dq_audit' "
            "and starts_with(table_name, 'outlier_modified_zscore_fct_bu')"
        ).fetchone()
        assert con.execute(f'select count(*) from dq_audit."{table}"').fetchone()[0] == 0


def test_the_demo_case_series_and_budget_have_no_flood_of_outliers(sample_warehouse_home):
    """The demo's regency months are small counts: at most a month or two stand out, never one
    per regency; Tabel 14's published December (11 cases against a median of 27) is one."""
    database = sample_warehouse_home / "warehouse" / "ntt_dw.duckdb"
    regencies = findings(database, "outlier_modified_zscore", "outlier_modified_zscore_fct_ca")
    assert len(regencies) <= 2, regencies
    published = findings(database, "outlier_modified_zscore", "outlier_modified_zscore_int_pu")
    assert set(published) == {"dataset=tabel14_cases_by_month|year=2023|month=12"}
    with duckdb.connect(str(database), read_only=True) as con:
        months = [
            v
            for (v,) in con.execute(
                "select sum(published_value) from intermediate.int_published__case_figures "
                "where dataset = 'tabel14_cases_by_month' group by year, month order by year, month"
            ).fetchall()
        ]
    assert published["dataset=tabel14_cases_by_month|year=2023|month=12"][0] == outlier_text(months, months[-1])
    assert findings(database, "outlier_modified_zscore", "outlier_modified_zscore_fct_bu") == {}  # one period only


# --- year-on-year change within the seed's bounds -------------------------------------------------

SEED = REPO / "seeds" / "reference" / "indicator_change_bounds.csv"


def test_the_bounds_seed_covers_every_pjpk_indicator_with_a_reason():
    bounds = list(csv.DictReader(SEED.open(encoding="utf-8")))
    indicators = {
        row["indicator_code"]: row
        for row in csv.DictReader((REPO / "seeds" / "reference" / "pjpk_indicators.csv").open(encoding="utf-8"))
    }
    assert [row["indicator_code"] for row in bounds] == sorted(indicators)  # each once, in order
    for row in bounds:
        relative = [row["max_increase_pct"], row["max_decrease_pct"]]
        absolute = [row["max_increase_abs"], row["max_decrease_abs"]]
        assert all(relative) or all(absolute), row["indicator_code"]  # both directions of one kind at least
        assert all(float(value) > 0 for value in relative + absolute if value), row["indicator_code"]
        assert bool(row["abs_unit"]) == all(absolute), row["indicator_code"]
        assert len(row["reason"]) > 40, row["indicator_code"]
        # a rate in % moves by percentage points: a percentage of a percentage is nobody's bound
        if indicators[row["indicator_code"]]["unit"] == "%":
            assert not any(relative) and row["abs_unit"] == "percentage points", row["indicator_code"]


def test_changes_beyond_the_seed_bounds_are_findings(home_copy):
    """Injected actuals: TFR down 10 % in a year (bound 5 %), poverty up 2,5 points Maret to Maret
    (bound 2), a regency's density up 4 % a year over two years (bound 3 %, annualised); and within
    bounds, silent: another regency's TFR down 3 %, poverty September to September -1 point, a
    density +2 % a year over two years, and a target (not an actual) far off."""
    database = home_copy / "warehouse" / "ntt_dw.duckdb"
    relation = "intermediate.int_pjpk__actuals"
    with duckdb.connect(str(database)) as con:
        # the view reads the raw Parquet files; a table of the same rows can be edited
        con.execute(f"create table intermediate.actuals_copy as select * from {relation}")
        con.execute(f"drop view {relation}")
        con.execute(f"alter table intermediate.actuals_copy rename to {relation.split('.')[1]}")

        def add(code: str, region: str, year_from: int, year: int, value: float, period: str | None = None) -> None:
            added = con.execute(
                f"insert into {relation} select * replace (? as year, ? as value) from {relation} "
                "where indicator_code = ? and region_code = ? and year = ? and period is not distinct from ? "
                "and value_kind = 'realisasi' limit 1",
                [year, value, code, region, year_from, period],
            ).fetchone()[0]
            assert added == 1, (code, region, year_from)

        add("PJPK-S1-01", "53", 2024, 2025, 2.71 * 0.9)  # -10 %: out
        add("PJPK-S1-01", "53.17", 2024, 2025, round(3.14 * 0.97, 4))  # -3 %: in
        add("PJPK-S2-07", "53", 2025, 2026, 18.60 + 2.5, "Maret")  # +2,5 points: out
        add("PJPK-S2-07", "53", 2024, 2025, 19.02 - 1.0, "September")  # -1 point: in
        add("PJPK-S4-02", "53.02", 2024, 2026, round(122.41 * 1.04**2, 4))  # +4 % a year: out
        add("PJPK-S4-02", "53.01", 2025, 2027, round(74.73 * 1.02**2, 4))  # +2 % a year: in
        con.execute(
            f"insert into {relation} select * replace ('target' as value_kind, 2026 as year, value * 3 as value) "
            f"from {relation} where indicator_code = 'PJPK-S1-02' and region_code = '53' and year = 2024 limit 1"
        )
    tested = run_dbt(home_copy, "test", "--select", "test_name:change_within_seed_bounds")
    assert tested.returncode == 0, tested.stdout[-3000:]

    found = findings(database, "change_within_seed_bounds", "change_within_seed_bounds")
    assert set(found) == {
        "indicator_code=PJPK-S2-01|region_code=53|period=NULL|year=2024",  # published: 9,13 then 8,02 years
        "indicator_code=PJPK-S1-01|region_code=53|period=NULL|year=2025",
        "indicator_code=PJPK-S2-07|region_code=53|period=Maret|year=2026",
        "indicator_code=PJPK-S4-02|region_code=53.02|period=NULL|year=2026",
    }
    tfr = found["indicator_code=PJPK-S1-01|region_code=53|period=NULL|year=2025"]
    assert tfr[0] == "2.439 in 2025 from 2.71 in 2024: -0.271 (-10 %) per year"
    assert tfr[1].startswith("change per year between -5 % and +5 %; TFR moves slowly")
    assert tfr[2] == "warn" and tfr[3]
    poverty = found["indicator_code=PJPK-S2-07|region_code=53|period=Maret|year=2026"]
    assert poverty[0] == "21.1 in 2026 from 18.6 in 2025: +2.5 (+13.44 %) per year"
    assert poverty[1].startswith("change per year between -2 and +2 percentage points; a rate in %")
    density = found["indicator_code=PJPK-S4-02|region_code=53.02|period=NULL|year=2026"]
    assert "(+4 %) per year" in density[0] and "in 2026 from 122.41 in 2024" in density[0]
    schooling = found["indicator_code=PJPK-S2-01|region_code=53|period=NULL|year=2024"]
    assert schooling[0] == "8.02 in 2024 from 9.13 in 2023: -1.11 (-12.16 %) per year"
