"""Delivery completeness and timeliness (issue 18): what each agency owes is the registry's
`delivery` block (ingestion/sources.yml), checked when the registry is read and carried into the
dbt sources' meta; marts.delivery_completeness counts, per source and period owed (and regency),
whether and when a file holding it arrived; a source below a threshold is a finding; the run
summary and the PJPK report say it.

The expectations here are computed from the delivered files and the registry, in Python, not
read back from the model's SQL."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import shutil
import zoneinfo
from pathlib import Path

import duckdb
import pytest
import yaml
from dbt_helpers import REGISTER, ingest_everything, run_dbt

from ingestion.core import privacy, source_registry
from ingestion.core.source_registry import RegistryError

WITA = zoneinfo.ZoneInfo("Asia/Makassar")

# ---------------------------------------------------------------- the registry's delivery block

ENTRY = """\
agency: test
description: a test source
landing_folder: test
file_patterns: ["*.csv"]
reader: ingestion.bps.population
raw_table: test_table
schedule: "@daily"
freshness: {warn_after_hours: 1, error_after_hours: 2}
unique_key: [id]
columns: {id: VARCHAR, report_date: DATE, year: INTEGER, month: INTEGER, region: VARCHAR}
"""

DELIVERY = {
    "period": "month",
    "due_days": 10,
    "first_period": "2023-01",
    "period_columns": {"date": "report_date"},
}


def _parse(tmp_path: Path, delivery) -> source_registry.SourceSpec:
    entry = yaml.safe_load(ENTRY)
    entry["delivery"] = delivery
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump({"sources": {"broken_source": entry}}), encoding="utf-8")
    return source_registry._parse(path)["broken_source"]


def test_a_valid_delivery_block_parses_typed(tmp_path):
    spec = _parse(tmp_path, {**DELIVERY, "period": "semester", "first_period": "2024-S2"})
    assert spec.delivery == source_registry.Delivery("semester", 10, "2024-S2", {"date": "report_date"})
    assert spec.delivery.first_period_start == dt.date(2024, 7, 1)
    regional = _parse(
        tmp_path,
        {
            "period": "year",
            "due_days": 0,
            "first_period": 2024,
            "per_region": True,
            "region_column": "region",
            "period_columns": {"year": "year"},
        },
    ).delivery
    assert regional.first_period == "2024" and regional.per_region and regional.region_column == "region"
    assert _parse(tmp_path, DELIVERY).delivery.as_meta()["first_period_start"] == "2023-01-01"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period": "quarter"}, "delivery.period"),
        ({"due_days": -1}, "delivery.due_days"),
        ({"due_days": "ten"}, "delivery.due_days"),
        ({"first_period": "2023"}, "delivery.first_period"),  # a month is owed, not a year
        ({"first_period": "2023-13"}, "delivery.first_period"),
        ({"period": "semester", "first_period": "2024-S3"}, "delivery.first_period"),
        ({"period_columns": {"date": "reported_on"}}, "delivery.period_columns.date"),
        ({"period_columns": {"week": "report_date"}}, "delivery.period_columns.week"),
        ({"period_columns": {"month": "month"}}, "delivery.period_columns"),  # a month of which year?
        ({"period_columns": {"year": "year", "month": "month", "period": "id"}}, "delivery.period_columns"),
        ({"period_columns": {}}, "delivery.period_columns"),
        ({"per_region": True}, "delivery.region_column"),
        ({"per_region": "ya", "region_column": "region"}, "delivery.per_region"),
        ({"per_region": True, "region_column": "kode"}, "delivery.region_column"),
        ({"region_column": "region"}, "delivery.region_column"),  # read only per region
        ({"due_in": 10}, "delivery.due_in"),
        ({"period": None}, "delivery.period"),
    ],
)
def test_a_bad_delivery_block_is_rejected_naming_source_and_field(tmp_path, change, field):
    with pytest.raises(RegistryError) as excinfo:
        _parse(tmp_path, {**DELIVERY, **change})
    message = str(excinfo.value)
    assert "'broken_source'" in message and field in message and "sources.yml" in message


@pytest.mark.parametrize("drop", ["period", "due_days", "first_period", "period_columns"])
def test_a_delivery_block_missing_a_key_is_rejected(tmp_path, drop):
    with pytest.raises(RegistryError, match=rf"'broken_source' lacks delivery\.{drop}"):
        _parse(tmp_path, {k: v for k, v in DELIVERY.items() if k != drop})


def test_a_delivery_that_is_not_a_mapping_is_rejected(tmp_path):
    with pytest.raises(RegistryError, match=r"'broken_source' delivery must be a mapping"):
        _parse(tmp_path, "monthly")


def test_the_generated_dbt_sources_carry_every_delivery_block_as_meta():
    """dbt reads what is owed from the generated sources YAML (one place: the registry)."""
    from ingestion.core import dbt_sources

    tables = {}
    for path, content in dbt_sources.render().items():
        for source in yaml.safe_load(content)["sources"]:
            for table in source["tables"]:
                tables[table["name"]] = (source["name"], table.get("config", {}).get("meta", {}))
        assert path.read_text(encoding="utf-8") == content  # committed, not stale
    registry = source_registry.load_registry()
    owed = {name: spec for name, spec in registry.items() if spec.delivery}
    assert set(owed) == set(registry)  # every registered source says what it owes
    for name, spec in owed.items():
        agency, meta = tables[spec.raw_table]
        assert agency == spec.agency
        assert meta["delivery"] == {"source_name": name, **spec.delivery.as_meta()}


# ---------------------------------------------------------------- expectations, computed here


def _period_starts(delivery: source_registry.Delivery, as_of: dt.date) -> list[dt.date]:
    """Every period from the first owed whose due date (its last day + due_days) is on or before as_of."""
    months = source_registry.PERIOD_MONTHS[delivery.period]
    starts, start = [], delivery.first_period_start
    while True:
        end_month = start.month + months - 1
        end = dt.date(start.year, end_month, calendar.monthrange(start.year, end_month)[1])
        if end + dt.timedelta(days=delivery.due_days) > as_of:
            return starts
        starts.append(start)
        start = dt.date(start.year + (start.month + months - 1) // 12, (start.month + months - 1) % 12 + 1, 1)


def _due(delivery: source_registry.Delivery, start: dt.date) -> dt.date:
    months = source_registry.PERIOD_MONTHS[delivery.period]
    end_month = start.month + months - 1
    return dt.date(start.year, end_month, calendar.monthrange(start.year, end_month)[1]) + dt.timedelta(
        days=delivery.due_days
    )


def _register_rows(text: str | None = None) -> tuple[str, list[str], list[list[str]]]:
    title, body = (text or REGISTER.read_text(encoding="utf-8")).split("\n", 1)
    reader = csv.reader(io.StringIO(body))
    return title, next(reader), list(reader)


def _register_months(rows: list[list[str]]) -> set[dt.date]:
    months = set()
    for row in rows:
        day, month, year = (int(part) for part in row[1].split("-"))  # tanggal_lapor: dd-mm-yyyy
        months.add(dt.date(year, month, 1))
    return months


def _loaded_day(home: Path, source: str, file_name: str) -> dt.date:
    entries = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in (home / "raw" / "_registry" / source).glob("*.json")
        if json.loads(p.read_text(encoding="utf-8"))["source_file"] == file_name
    ]
    first = min(dt.datetime.fromisoformat(e["loaded_at"]) for e in entries)
    return first.astimezone(WITA).date()


@pytest.fixture(scope="module")
def sample(sample_warehouse_home):
    with duckdb.connect(str(sample_warehouse_home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        yield sample_warehouse_home, con


def _mart(con, source: str) -> list[dict]:
    rel = con.execute(
        "select * from marts.delivery_completeness where source_name = ? order by period_start, region_code", [source]
    )
    names = [d[0] for d in rel.description]
    return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


def _summaries(con) -> dict[str, dict]:
    rel = con.execute("select * from marts.delivery_completeness_summary")
    names = [d[0] for d in rel.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in rel.fetchall()}


def test_the_register_is_owed_monthly_and_what_it_holds_is_delivered_late(sample):
    """uptd_ppa on the sample warehouse: the months owed from January 2023 to the last one due by
    the build date, the twelve months of 2023 the register holds delivered, all of them on the
    day they were loaded, long after their due dates."""
    home, con = sample
    rows = _mart(con, "uptd_ppa")
    as_of = rows[0]["evaluated_on"]
    assert abs((as_of - dt.datetime.now(WITA).date()).days) <= 1  # the build's day in NTT
    delivery = source_registry.get_source("uptd_ppa").delivery
    owed = _period_starts(delivery, as_of)
    held = _register_months(_register_rows()[2])
    loaded = _loaded_day(home, "uptd_ppa", REGISTER.name)
    assert [r["period_start"] for r in rows] == owed and len(owed) > 12
    assert (
        {r["period_start"] for r in rows if r["delivered"]}
        == held & set(owed)
        == {dt.date(2023, m, 1) for m in range(1, 13)}
    )
    assert {r["period_start"] for r in rows if r["on_time"]} == {s for s in held if loaded <= _due(delivery, s)}
    assert {r["delivered_at"] for r in rows if r["delivered"]} == {loaded}
    january = rows[0]
    assert january["due_date"] == dt.date(2023, 2, 10) and january["days_late"] == (loaded - january["due_date"]).days
    assert all(r["days_late"] is None and r["delivered_at"] is None for r in rows if not r["delivered"])
    summary = _summaries(con)["uptd_ppa"]
    assert (summary["expected_count"], summary["delivered_count"], summary["on_time_count"]) == (len(owed), 12, 0)
    assert summary["completeness_pct"] == round(100 * 12 / len(owed), 1)


def test_population_is_owed_per_regency_and_year(sample):
    """bps_population is owed per kabupaten/kota (22) and year: a regency-year is delivered when a
    file holds a figure of that regency and year; Tabel 1.1 lists 16 regencies for 2024."""
    home, con = sample
    rows = _mart(con, "bps_population")
    as_of = rows[0]["evaluated_on"]
    delivery = source_registry.get_source("bps_population").delivery
    with (REGISTER.parents[2] / "reference" / "regions.csv").open(encoding="utf-8") as handle:
        regencies = {r["kemendagri_code"] for r in csv.DictReader(handle) if r["region_level"] in ("kabupaten", "kota")}
    years = [s.year for s in _period_starts(delivery, as_of)]
    held = set(con.execute("select distinct year, region_kemendagri_code from raw.bps_population").fetchall())
    assert len(regencies) == 22 and years[0] == 2024
    assert {(r["period_start"].year, r["region_code"]) for r in rows} == {(y, c) for y in years for c in regencies}
    delivered = {(r["period_start"].year, r["region_code"]) for r in rows if r["delivered"]}
    assert delivered == {(y, c) for y, c in held if y in years and c in regencies}
    assert sum(1 for year, _ in delivered if year == 2024) == 16  # Tabel 1.1: 16 of 22
    summary = _summaries(con)["bps_population"]
    assert summary["per_region"] and summary["expected_count"] == 22 * len(years)
    assert summary["delivered_count"] == len(delivered)


def test_indicator_periods_come_from_the_period_text_and_a_bare_year_counts_for_its_end(sample):
    """bps_indicators is owed by semester: "Maret", "Februari", "Semester I" fall in semester I,
    "Agustus", "September", "Semester II" and a figure naming only its year in semester II."""
    _, con = sample
    rows = _mart(con, "bps_indicators")
    semester = {"februari": 1, "maret": 1, "semester i": 1, "agustus": 2, "september": 2, "semester ii": 2, None: 2}
    held = {
        f"{year}-S{semester[period.lower() if period else None]}"
        for year, period in con.execute("select distinct year, period from raw.bps_indicator_actuals").fetchall()
    }
    owed = {r["period_label"] for r in rows}
    assert {r["period_label"] for r in rows if r["delivered"]} == held & owed == {"2024-S1", "2024-S2", "2025-S1"}
    dukcapil = _mart(con, "dukcapil_indicators")  # its 2025 figures name no semester
    assert [r["period_label"] for r in dukcapil if r["delivered"]] == ["2025-S2"]


def test_every_source_below_a_threshold_is_a_finding(sample):
    _, con = sample
    summary = _summaries(con)
    findings = dict(
        con.execute(
            """select check_name || ' ' || split_part(split_part(record_key, '|', 1), '=', 2), observed_value
               from marts.dq_findings where check_name in ('delivery_completeness', 'delivery_timeliness')"""
        ).fetchall()
    )
    below = {
        f"delivery_completeness {n}" for n, s in summary.items() if s["completeness_pct"] < s["completeness_min_pct"]
    } | {f"delivery_timeliness {n}" for n, s in summary.items() if s["timeliness_pct"] < s["timeliness_min_pct"]}
    assert set(findings) == below and "delivery_completeness uptd_ppa" in below
    assert "delivery_completeness simfoni" not in below  # 2023, 2024 and 2025 all arrived
    uptd = summary["uptd_ppa"]
    assert findings["delivery_completeness uptd_ppa"].startswith(
        f"12/{uptd['expected_count']} delivered ({uptd['completeness_pct']} %), 2023-01.."
    )


# ---------------------------------------------------------------- a month missing, a date stated

AS_OF = "2024-01-15"  # December 2023 is due on 10 January 2024: the twelve months of 2023 are owed


@pytest.fixture(scope="module")
def redelivered(sample_warehouse_home, tmp_path_factory):
    """A copy of the sample warehouse where UPTD PPA sends its register again under the same name,
    without May 2023, its sidecar stating it was sent on 5 January 2024; built as of 15 January
    2024 with the walidata asking for every month (delivery_complete_min_pct: 100)."""
    home = tmp_path_factory.mktemp("delivery") / "var"
    shutil.copytree(sample_warehouse_home, home)
    title, header, rows = _register_rows()
    kept = [row for row in rows if row[1].split("-")[1] != "05"]
    assert 0 < len(kept) < len(rows)
    landing = home / "landing" / "uptd_ppa"
    out = io.StringIO()
    out.write(title + "\n")
    csv.writer(out, lineterminator="\n").writerows([header, *kept])
    (landing / REGISTER.name).write_text(out.getvalue(), encoding="utf-8")
    sidecar = landing / f"{REGISTER.name}.meta.json"
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    sidecar.write_text(json.dumps({**meta, "delivered_at": "5 Januari 2024"}), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NTT_DW_HOME", str(home))
        # the copied folder's own pseudonym key (under xdist the sample may have been built, and
        # the key variable set, in another worker)
        patch.setenv(privacy.KEY_FILE_ENV, str(home / "secrets" / "pseudonym.key"))
        ingest_everything()
        built = run_dbt(
            home,
            "build",
            "--select",
            "delivery_completeness delivery_completeness_summary dq_findings",
            "--vars",
            json.dumps({"delivery_as_of": AS_OF, "delivery_complete_min_pct": 100}),
        )
    assert built.returncode == 0, built.stdout[-3000:]
    return home, _register_months(kept)


def test_a_month_missing_from_the_current_register_is_not_delivered_and_is_a_finding(redelivered):
    home, held = redelivered
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        rows = _mart(con, "uptd_ppa")
        finding = con.execute(
            """select observed_value, expected_value from marts.dq_findings
               where check_name = 'delivery_completeness' and record_key like 'source_name=uptd_ppa|%'"""
        ).fetchall()
        simfoni = con.execute(
            "select count(*) from marts.dq_findings where record_key like 'source_name=simfoni|%'"
        ).fetchone()[0]
        summary = _summaries(con)
    owed = _period_starts(source_registry.get_source("uptd_ppa").delivery, dt.date.fromisoformat(AS_OF))
    assert [r["period_start"] for r in rows] == owed == [dt.date(2023, m, 1) for m in range(1, 13)]
    # the superseded version held May; the current one does not: not delivered
    assert [r["period_label"] for r in rows if not r["delivered"]] == ["2023-05"]
    assert {r["period_start"] for r in rows if r["delivered"]} == held & set(owed)
    assert finding == [(f"{len(held & set(owed))}/12 delivered (91.7 %), 2023-01..2023-12", ">= 100.0 %")]
    assert simfoni == 0  # its 2023 report is not due until the end of March 2024
    assert summary["bps_population"]["expected_count"] == 0 and summary["bps_population"]["completeness_pct"] is None


def test_a_sidecar_delivered_at_before_the_due_date_makes_it_on_time(redelivered):
    """The register's sidecar says it was sent on 5 January 2024: December 2023 (due 10 January)
    arrived on time, every earlier month late by the days from its due date to 5 January."""
    home, _ = redelivered
    sent = dt.date(2024, 1, 5)
    delivery = source_registry.get_source("uptd_ppa").delivery
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        rows = [r for r in _mart(con, "uptd_ppa") if r["delivered"]]
    assert {r["delivered_at"] for r in rows} == {sent} and all(r["delivered_at_stated"] for r in rows)
    assert [r["period_label"] for r in rows if r["on_time"]] == ["2023-12"]
    assert {r["period_label"]: r["days_late"] for r in rows} == {
        r["period_label"]: max((sent - _due(delivery, r["period_start"])).days, 0) for r in rows
    }
    assert rows[0]["days_late"] == (sent - dt.date(2023, 2, 10)).days > 0


def test_the_run_summary_has_a_line_per_source(redelivered, monkeypatch):
    from ntt_dw.orchestration import summary

    home, _ = redelivered
    monkeypatch.setenv("NTT_DW_HOME", str(home))
    written = summary.write_summary("test_delivery")
    lines = {row["source_name"]: row for row in written["delivery_completeness"]}
    assert set(lines) == set(source_registry.load_registry())
    text = (home / "reports" / "run_summary.txt").read_text(encoding="utf-8")
    assert "  uptd_ppa: 11/12 periods delivered (92 %), 1 on time  (below threshold: completeness, timeliness)" in text
    assert "  bps_population: no year due yet" in text
    saved = json.loads((home / "reports" / "run_summary.json").read_text(encoding="utf-8"))
    assert saved["delivery_completeness"] == written["delivery_completeness"]


def test_the_report_has_a_delivery_section_in_bahasa_indonesia(redelivered, sample, tmp_path):
    import re

    from publish.monitoring_report import write_report

    home, _ = redelivered
    page = write_report(home / "warehouse" / "ntt_dw.duckdb", tmp_path / "laporan.html", read_only=True).read_text(
        encoding="utf-8"
    )
    section = page[page.index('<section id="kelengkapan-penyampaian">') :]
    section = section[: section.index("</section>")]
    text = " ".join(section.split())
    assert "Kelengkapan dan ketepatan waktu penyampaian data" in text
    assert "kelengkapan minimal 100&nbsp;%" in text and "ketepatan waktu minimal 80&nbsp;%" in text
    row = re.search(r'data-delivery-source="uptd_ppa">(.*?)</tr>\s*<tr>(.*?)</tr>', section, re.S)
    assert row, section[:2000]
    cells = [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]
    assert cells[2][:5] == ["bulanan", "Januari", "2023", "s.d.", "Desember"]
    assert [c[0] for c in cells[3:6]] == ["12", "11", "1"] and cells[7] == ["91,7"]  # Indonesian notation
    assert "Belum diterima (1): Mei 2023" in row.group(2)
    # the stated delivery date: no "everything was loaded on one day" note
    assert "dimuat ke gudang data pada hari yang sama" not in section

    sample_home, _ = sample
    demo = write_report(
        sample_home / "warehouse" / "ntt_dw.duckdb", tmp_path / "laporan_demo.html", read_only=True
    ).read_text(encoding="utf-8")
    assert "dimuat ke gudang data pada hari yang sama" in demo  # the demo's documents, all loaded today
