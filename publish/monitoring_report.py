"""The PJPK monitoring report (Pergub NTT 88/2025 Bab IV: monitoring at least twice a year,
reported to the Governor and to the national PJPK secretariat): one self-contained HTML file in
Bahasa Indonesia under var/reports/, written after every transform.

It reads the marts (pjpk_scorecard, pjpk_progress, pjpk_regency_rankings, dq_findings) and the
file registry; it never writes the warehouse. Charts are inline SVG (publish/charts.py); the
page has no script and loads nothing from the network.

    python -m publish.monitoring_report      # writes var/reports/laporan_pemantauan_pjpk.html
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ingestion.core.settings import home
from publish import charts

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_NAME = "laporan_pemantauan_pjpk.html"
STATUS_ORDER = ("achieved", "on_track", "off_track", "no_target", "no_data")
STATUS_LABELS = {
    "achieved": "tercapai",
    "on_track": "sesuai jalur",
    "off_track": "tidak sesuai jalur",
    "no_target": "tidak ada target",
    "no_data": "tidak ada data",
}
DIRECTION_LABELS = {
    "higher_is_better": "semakin tinggi semakin baik",
    "lower_is_better": "semakin rendah semakin baik",
    "maintain": "dipertahankan",
}
#: models whose findings concern PJPK figures
PJPK_MODELS = ("pjpk_", "int_pjpk__", "stg_reference__pjpk", "dim_indicator")
INDICATOR_SOURCES = (
    "bps_indicators",
    "dinkes_indicators",
    "dukcapil_indicators",
    "bkkbn_indicators",
    "dp3a_indicators",
    "bps_population",
)


def report_path() -> Path:
    return home() / "reports" / REPORT_NAME


def number(value: float | None, digits: int = 4) -> str:
    """Indonesian notation: 2,71 / 5.656.040 / -."""
    if value is None:
        return "-"
    return format_decimal(round(value, digits), format=f"#,##0.{'#' * digits}" if digits else "#,##0", locale="id")


@dataclass
class Indicator:
    code: str
    name: str
    unit: str
    direction: str
    agency: str
    baseline: float | None
    target_year: int | None
    target_text: str | None
    actual: float | None
    actual_text: str | None
    actual_year: int | None
    actual_period: str | None
    gap: float | None
    status: str
    source: str | None
    chart: str | None = None
    regions_with_data: int = 0


@dataclass
class Sasaran:
    number: int
    name: str
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {status: sum(1 for i in self.indicators if i.status == status) for status in STATUS_ORDER}


def _rows(con, sql: str, params: list | None = None) -> list[dict]:
    rel = con.execute(sql, params or [])
    names = [d[0] for d in rel.description]
    return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


def _sasaran(con) -> list[Sasaran]:
    groups: dict[int, Sasaran] = {}
    for row in _rows(con, "select * from marts.pjpk_scorecard order by sasaran, indicator_code"):
        source = None
        if row["actual_source_document"]:
            source = ", ".join(
                p
                for p in (
                    row["actual_producer"],
                    row["actual_source_document"],
                    row["actual_source_table"],
                    f"baris {row['actual_source_line']}" if row["actual_source_line"] else None,
                )
                if p
            )
        indicator = Indicator(
            code=row["indicator_code"],
            name=row["indicator_name"],
            unit=row["unit"] or "",
            direction=row["direction"],
            agency=row["responsible_agency"] or "-",
            baseline=row["baseline_2024"],
            target_year=row["target_year"],
            target_text=row["target_text"],
            actual=row["latest_actual"],
            actual_text=row["latest_actual_text"],
            actual_year=row["latest_actual_year"],
            actual_period=row["latest_actual_period"],
            gap=row["gap_to_target"],
            status=row["status"],
            source=source,
            regions_with_data=row["regencies_with_data"],
        )
        groups.setdefault(row["sasaran"], Sasaran(row["sasaran"], row["sasaran_name"])).indicators.append(indicator)
    return [groups[k] for k in sorted(groups)]


def _attach_charts(con, sasaran: list[Sasaran]) -> None:
    """One chart per indicator that has data (an actual): baseline, target path and actuals."""
    for group in sasaran:
        for indicator in group.indicators:
            actuals = _rows(
                con,
                """select year, latest_actual as value from marts.pjpk_progress
                                    where indicator_code = ? and region_level = 'provinsi' and actual is not null
                                    order by year""",
                [indicator.code],
            )
            if not actuals:
                continue
            path = _rows(
                con,
                """select year, target_lower, target_upper, baseline_year, baseline_value
                                 from marts.pjpk_progress where indicator_code = ? and region_level = 'provinsi'
                                   and target_kind in ('baseline', 'target') order by year""",
                [indicator.code],
            )
            baseline = next(
                ((r["baseline_year"], r["baseline_value"]) for r in path if r["baseline_value"] is not None), None
            )
            indicator.chart = charts.indicator_chart(
                f"{indicator.code} {indicator.name}",
                indicator.unit,
                baseline,
                [(r["year"], r["target_lower"], r["target_upper"]) for r in path],
                [(r["year"], r["value"]) for r in actuals],
            )


def _regency_comparisons(con) -> list[dict]:
    comparisons = []
    keys = _rows(
        con,
        """select indicator_key, any_value(indicator_code) as indicator_code,
                                any_value(indicator_name) as indicator_name, any_value(unit) as unit,
                                any_value(direction) as direction, any_value(province_value) as province_value,
                                max(year) as year, count(*) as regencies,
                                any_value(source_table) as source_table, any_value(producer) as producer
                         from marts.pjpk_regency_rankings group by indicator_key
                         order by indicator_code nulls last, indicator_key""",
    )
    for key in keys:
        rows = _rows(
            con,
            """select region_name, value, value_text, year, rank_best_first
                             from marts.pjpk_regency_rankings where indicator_key = ?
                             order by rank_best_first, region_name""",
            [key["indicator_key"]],
        )
        key["rows"] = rows
        key["chart"] = charts.regency_chart(
            key["indicator_name"],
            key["unit"] or "",
            [(r["region_name"], r["value"]) for r in rows],
            key["province_value"],
        )
        comparisons.append(key)
    return comparisons


def _findings(con) -> list[dict]:
    """Findings on PJPK figures, grouped by check, model and what was expected (e.g. 47 rows
    quarantined for the same reason are one line with examples), so the reader sees the issues,
    not a dump."""
    condition = " or ".join(f"model_name like '{prefix}%'" for prefix in PJPK_MODELS)
    sources = ", ".join(f"'raw.{name}'" for name in INDICATOR_SOURCES)
    return _rows(
        con,
        f"""select check_name, model_name,
                                 case when check_name = 'ingestion_quarantine' then expected_value
                                      else null end as reason,
                                 count(*) as findings,
                                 list(record_key order by record_key)[1:3] as examples,
                                 list(observed_value || ' / ' || expected_value order by record_key)[1:3] as values,
                                 any_value(source_document) as source_document,
                                 left(any_value(source_table), 120) as source_table
                          from marts.dq_findings
                          where {condition} or model_name in ({sources})
                          group by all
                          order by check_name, model_name, reason""",
    )


def _sources(con) -> list[dict]:
    names = ", ".join(f"'{name}'" for name in INDICATOR_SOURCES)
    return _rows(
        con,
        f"""select source_name, source_file, records_loaded, records_quarantined, loaded_at,
                                 json_extract_string(provenance, '$.document') as document,
                                 json_extract_string(provenance, '$.producer') as producer
                          from staging.stg_ingestion__file_versions
                          where is_current_version and source_name in ({names})
                          order by source_name, source_file""",
    )


def build_context(database: Path, read_only: bool = False) -> dict:
    # The report only reads. It opens the file with DuckDB's default configuration because the
    # Airflow worker may already hold dbt's in-process connection to it, and DuckDB refuses a
    # second, differently configured connection to one file in one process.
    with duckdb.connect(str(database), read_only=read_only) as con:
        sasaran = _sasaran(con)
        _attach_charts(con, sasaran)
        context = {
            "sasaran": sasaran,
            "regency_comparisons": _regency_comparisons(con),
            "findings": _findings(con),
            "sources": _sources(con),
        }
    now = dt.datetime.now(dt.UTC)
    context.update(
        generated_at=now,
        generated_label=format_date(now.date(), format="long", locale="id"),
        status_order=STATUS_ORDER,
        status_labels=STATUS_LABELS,
        direction_labels=DIRECTION_LABELS,
        totals={status: sum(g.counts[status] for g in sasaran) for status in STATUS_ORDER},
        indicator_count=sum(len(g.indicators) for g in sasaran),
        charts_count=sum(1 for g in sasaran for i in g.indicators if i.chart),
    )
    return context


def render(context: dict) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    env.filters["angka"] = number
    return env.get_template("monitoring_report.html.j2").render(**context)


def write_report(database: Path | None = None, target: Path | None = None, read_only: bool = False) -> Path:
    """Render the report from the warehouse and write it atomically; returns its path."""
    database = database or home() / "warehouse" / "ntt_dw.duckdb"
    target = target or report_path()
    page = render(build_context(database, read_only=read_only))
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(page, encoding="utf-8")
    os.replace(temporary, target)
    return target


if __name__ == "__main__":
    print(write_report())
