"""The PJPK monitoring report (Pergub NTT 88/2025 Bab IV: monitoring at least twice a year,
reported to the Governor and to the national PJPK secretariat): one self-contained HTML file in
Bahasa Indonesia under var/reports/, written after every transform.

It reads the marts (pjpk_scorecard, pjpk_progress, pjpk_regency_rankings, dq_findings,
innovation_monitoring, innovation_reconciliation) and the file registry; it never writes the
warehouse. Charts are inline SVG (publish/charts.py); the page has no script and loads nothing
from the network.

The same page printed to PDF (print stylesheet of the template: cover, table of contents, page
numbers) and its tables as an XLSX workbook are written beside it (write_reports).

    python -m publish.monitoring_report      # writes var/reports/laporan_pemantauan_pjpk.{html,pdf,xlsx}
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from ingestion.core.settings import home
from publish import charts

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_NAME = "laporan_pemantauan_pjpk.html"
PDF_NAME = "laporan_pemantauan_pjpk.pdf"
XLSX_NAME = "laporan_pemantauan_pjpk.xlsx"
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
    def has_converted(self) -> bool:
        """A figure of this sasaran was printed with a decimal point (shown converted, marked *)."""
        texts = [t for i in self.indicators for t in (i.target_text, i.actual_text) if t]
        return any(indonesian_text(t) != t for t in texts)

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


FOLLOWUP_STATUSES = ("baru", "dikirim ke produsen", "dikonfirmasi benar", "diterima dengan catatan", "diperbaiki")


def _followup(con) -> dict | None:
    """Every finding in the walidata's register (marts.dq_findings_followup) counted by producing
    agency and follow-up status: what is waiting for whom."""
    try:
        rows = _rows(
            con,
            """select coalesce(agency_name, agency_code) as agency, agency_code, followup_status, count(*) as findings
               from marts.dq_findings_followup group by all order by agency""",
        )
    except duckdb.CatalogException:
        return None
    agencies: dict[str, dict] = {}
    for row in rows:
        agency = agencies.setdefault(row["agency"], {"agency": row["agency"], "code": row["agency_code"], "counts": {}})
        agency["counts"][row["followup_status"]] = row["findings"]
    table = sorted(agencies.values(), key=lambda a: (-sum(a["counts"].values()), a["agency"]))
    totals = {status: sum(a["counts"].get(status, 0) for a in table) for status in FOLLOWUP_STATUSES}
    return {"agencies": table, "statuses": FOLLOWUP_STATUSES, "totals": totals}


_ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])(\d+)\.(\d{1,2}|\d{4,})(?![\d.,])")


def indonesian_text(text: str | None) -> str:
    """A published figure in Indonesian notation: a decimal point a clerk typed becomes a comma
    ("42.90" -> "42,90"); "5.742.564" (thousands) and "2,71" are already Indonesian."""
    return _ENGLISH_DECIMAL.sub(r"\1,\2", text) if text else "-"


def published(text: str | None) -> Markup:
    """The figure as the report shows it; where that differs from the print, the printed text is
    on hover (printed: in brackets after it) and the figure is marked (a note under the table
    explains the mark)."""
    shown = indonesian_text(text)
    if not text or shown == text:
        return Markup(escape(shown))
    return Markup(
        '<span class="converted" title="tertulis di sumber: {0}">{1}</span><span class="print-only"> ({0})</span>'
    ).format(text, shown)


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


#: the delivering agencies as the report names them (registry `agency` codes)
DELIVERY_AGENCIES = {
    "bps": "BPS Provinsi NTT",
    "uptd_ppa": "UPTD PPA Provinsi NTT",
    "simfoni": "DP3A Provinsi NTT (SIMFONI PPA)",
    "budget": "DP3A Provinsi NTT (anggaran)",
    "dinkes": "Dinas Kesehatan Provinsi NTT",
    "dukcapil": "Dinas Dukcapil Provinsi NTT",
    "bkkbn": "Perwakilan BKKBN Provinsi NTT",
    "dp3a": "DP3A Provinsi NTT",
}
DELIVERY_PERIODS = {"month": "bulanan", "semester": "semesteran", "year": "tahunan"}


def _period_label(period_type: str, start: dt.date) -> str:
    """Januari 2024 / Semester I 2024 / 2024."""
    from ingestion.core.dates import MONTH_NAMES

    if period_type == "month":
        return f"{MONTH_NAMES[start.month - 1]} {start.year}"
    if period_type == "semester":
        return f"Semester {'I' if start.month <= 6 else 'II'} {start.year}"
    return str(start.year)


def _period_ranges(period_type: str, starts: list[dt.date]) -> str:
    """Consecutive periods as one range: "Januari 2024 s.d. Oktober 2026, Desember 2026"."""
    step = {"month": 1, "semester": 6, "year": 12}[period_type]
    runs: list[list[dt.date]] = []
    for start in sorted(set(starts)):
        previous = runs[-1][-1] if runs else None
        if previous and (start.year - previous.year) * 12 + start.month - previous.month == step:
            runs[-1].append(start)
        else:
            runs.append([start])
    return ", ".join(
        _period_label(period_type, run[0]) + (f" s.d. {_period_label(period_type, run[-1])}" if len(run) > 1 else "")
        for run in runs
    )


def _delivery(con) -> dict | None:
    """Completeness and timeliness of the agencies' deliveries (marts.delivery_completeness and
    _summary): a row per source, the periods not received, and whether every delivery was
    loaded on one day (a backlog loaded at once, as in the demo: then 'late' says when the data
    reached the warehouse, not when the agency reported)."""
    try:
        sources = _rows(con, "select * from marts.delivery_completeness_summary order by source_name")
        periods = _rows(
            con,
            """select source_name, period_type, period_start, region_name, per_region, delivered,
                      delivered_at, delivered_at_stated, days_late
               from marts.delivery_completeness order by source_name, period_start, region_code""",
        )
    except duckdb.CatalogException:
        return None
    if not sources:
        return None
    for source in sources:
        rows = [p for p in periods if p["source_name"] == source["source_name"]]
        late = [p["days_late"] for p in rows if p["delivered"]]
        missing = [p for p in rows if not p["delivered"]]
        source["agency_label"] = DELIVERY_AGENCIES.get(source["agency"], source["agency"])
        source["period_label"] = DELIVERY_PERIODS.get(source["period_type"], source["period_type"])
        source["range"] = None
        if rows:
            first = _period_label(source["period_type"], rows[0]["period_start"])
            last = _period_label(source["period_type"], rows[-1]["period_start"])
            source["range"] = first if first == last else f"{first} s.d. {last}"
        source["mean_days_late"] = sum(late) / len(late) if late else None
        if source["per_region"]:
            by_period: dict[dt.date, list[str]] = {}
            for p in missing:
                by_period.setdefault(p["period_start"], []).append(p["region_name"])
            source["missing"] = "; ".join(
                f"{_period_label(source['period_type'], start)}: {len(names)} kabupaten/kota ({', '.join(names)})"
                for start, names in sorted(by_period.items())
            )
        else:
            source["missing"] = _period_ranges(source["period_type"], [p["period_start"] for p in missing])
        source["missing_count"] = len(missing)
    loaded_days = {p["delivered_at"] for p in periods if p["delivered"] and not p["delivered_at_stated"]}
    stated = any(p["delivered"] and p["delivered_at_stated"] for p in periods)
    head = sources[0]
    return {
        "sources": sources,
        "evaluated_on": head["evaluated_on"],
        "evaluated_label": format_date(head["evaluated_on"], format="long", locale="id"),
        "complete_min": head["completeness_min_pct"],
        "on_time_min": head["timeliness_min_pct"],
        "backlog_day": (
            format_date(next(iter(loaded_days)), format="long", locale="id")
            if len(loaded_days) == 1 and not stated
            else None
        ),
        "below": [
            s["source_name"]
            for s in sources
            if s["expected_count"]
            and (s["completeness_pct"] < s["completeness_min_pct"] or s["timeliness_pct"] < s["timeliness_min_pct"])
        ],
    }


#: what a measure is to its innovation (seed innovation_measures, measure_role)
MEASURE_ROLES = {
    "langsung": "ukuran langsung",
    "kontribusi": "indikator yang didukung",
    "kelompok_sasaran": "kelompok sasaran",
}


def _suppression_threshold() -> int:
    from publish.suppression import DEFAULT_THRESHOLD

    return int(os.environ.get("NTT_DW_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


def _hide_small_counts(row: dict, threshold: int) -> dict:
    """A case count of 1 to threshold-1 (NTT_DW_SUPPRESSION_THRESHOLD, as the public exports) is
    not printed in the report, nor the change it would give back: a few cases of one kind in one
    regency can point at a victim (UU TPKS, child protection). 0 names nobody and is printed."""

    def small(value: float | None) -> bool:
        return row["value_kind"] == "kasus" and value is not None and 0 < value < threshold

    row["value_hidden"], row["previous_hidden"] = small(row["value"]), small(row["previous_value"])
    row["change_hidden"] = row["value_hidden"] or row["previous_hidden"]
    return row


def _innovations(con) -> dict | None:
    """The regional innovations of DP3AP2KB (Kepgub NTT 547/KEP/HK/2025, seed innovations): per
    innovation its aim and, per measure it aims to move (marts.innovation_monitoring), the latest
    value of each region with the previous one and the change, or 'belum ada data' with the source
    needed; and the figures its text states, checked against the data
    (marts.innovation_reconciliation). {"entries": [...], "threshold": small-count threshold}."""
    try:
        innovations = _rows(
            con,
            """select innovation_code, innovation_no, name, short_name, owner, aim, legal_basis, source_line
               from reference.innovations order by innovation_no""",
        )
        rows = _rows(
            con, "select * from marts.innovation_monitoring order by innovation_no, measure_id, region_code, year"
        )
        checks = _rows(con, "select * from marts.innovation_reconciliation order by statement_id")
    except duckdb.CatalogException:
        return None
    if not innovations:
        return None
    threshold = _suppression_threshold()
    for innovation in innovations:
        measures: dict[str, dict] = {}
        for row in (r for r in rows if r["innovation_code"] == innovation["innovation_code"]):
            measure = measures.setdefault(
                row["measure_id"],
                {
                    "id": row["measure_id"],
                    "name": row["measure_name"],
                    "role": MEASURE_ROLES.get(row["measure_role"], row["measure_role"]),
                    "unit": row["unit"] or "",
                    "needed_source": row["needed_source"],
                    "justification_line": row["justification_line"],
                    "latest": {},
                },
            )
            # rows come by region and year: the last one of a region is its latest
            measure["latest"][row["region_code"]] = row
        for measure in measures.values():
            measure["regions"] = [_hide_small_counts(r, threshold) for r in measure.pop("latest").values()]
            measure["has_data"] = any(r["status"] == "ada data" for r in measure["regions"])
        innovation["measures"] = list(measures.values())
        own = [c for c in checks if c["innovation_code"] == innovation["innovation_code"]]
        innovation["checks"] = [c for c in own if c["is_checkable"]]
        innovation["unchecked"] = [c for c in own if not c["is_checkable"]]
    return {"entries": innovations, "threshold": threshold}


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
            "delivery": _delivery(con),
            "followup": _followup(con),
            "innovations": _innovations(con),
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


#: a section of the report: <section id="..."> with its <h2> (the table of contents lists them)
SECTION_HEADING = re.compile(r'<section id="([^"]+)"[^>]*>\s*<h2>(.*?)</h2>', re.S)
_TOC_MARK = "<!-- daftar isi -->"


def render(context: dict) -> str:
    """The report's HTML. The table of contents is made from the sections the page has (a section
    added to the template is listed without further ado); printed, it shows their page numbers."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    env.filters["angka"] = number
    env.filters["terbit"] = published
    page = env.get_template("monitoring_report.html.j2").render(**{**context, "toc": Markup(_TOC_MARK)})
    entries = Markup("").join(
        Markup('<li><a href="#{0}">{1}</a></li>').format(anchor, Markup(title))
        for anchor, title in SECTION_HEADING.findall(page)
    )
    return page.replace(_TOC_MARK, entries, 1)


def _write_atomically(target: Path, write) -> Path:
    """write(temporary path), then the file replaces `target` at once: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    write(temporary)
    os.replace(temporary, target)
    return target


def write_report(database: Path | None = None, target: Path | None = None, read_only: bool = False) -> Path:
    """Render the report from the warehouse and write it atomically; returns its path."""
    database = database or home() / "warehouse" / "ntt_dw.duckdb"
    page = render(build_context(database, read_only=read_only))
    return _write_atomically(target or report_path(), lambda path: path.write_text(page, encoding="utf-8"))


def write_reports(database: Path | None = None, folder: Path | None = None, read_only: bool = False) -> dict[str, Path]:
    """The report three ways from one reading of the warehouse, side by side in `folder`
    (var/reports/): the HTML page, the same page printed to PDF (publish/report_pdf.py) and its
    tables as an XLSX workbook (publish/report_workbook.py). Returns {"html", "pdf", "xlsx": path}."""
    from publish.report_pdf import write_pdf
    from publish.report_workbook import write_workbook

    database = database or home() / "warehouse" / "ntt_dw.duckdb"
    folder = folder or report_path().parent
    context = build_context(database, read_only=read_only)
    page = render(context)
    return {
        "html": _write_atomically(folder / REPORT_NAME, lambda path: path.write_text(page, encoding="utf-8")),
        "pdf": _write_atomically(folder / PDF_NAME, lambda path: write_pdf(page, path)),
        "xlsx": _write_atomically(folder / XLSX_NAME, lambda path: write_workbook(context, path)),
    }


if __name__ == "__main__":
    for written in write_reports().values():
        print(written)
