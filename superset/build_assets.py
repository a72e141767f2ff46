"""Write superset/assets/ (the Superset export bundle the provisioning imports) from the specs below.

    .venv/bin/python superset/build_assets.py

The YAML files it writes are committed: review a dashboard change as a change of them. Datasets
take their columns from tests/contracts/published_marts.json (the marts' enforced contracts), so
a contract change is one rerun away. The database's path is a placeholder, {{ NTT_DW_HOME }},
filled in at import time (ntt_dw/superset_local.py). Every chart carries a saved query context,
so its query runs through /api/v1/chart/<id>/data/ (tests/test_superset.py runs them all).
"""

from __future__ import annotations

import csv
import json
import shutil
import uuid
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ASSETS = HERE / "assets"
NAMESPACE = uuid.UUID("6f1c1f4e-5a43-4d4e-9a7e-2b1f0c0d4e11")
DATABASE_NAME = "ntt_dw_marts"
SNAPSHOT_URI = "duckdb:///{{ NTT_DW_HOME }}/published/current/ntt_dw_marts.duckdb?access_mode=read_only"

#: Bahasa Indonesia column labels (verbose names) wherever a chart shows the column
LABELS = {
    "indicator_name": "Indikator",
    "indicator_code": "Kode indikator",
    "sasaran_name": "Sasaran",
    "status_label": "Status",
    "latest_actual_text": "Capaian terakhir",
    "latest_actual_year": "Tahun capaian",
    "target_text": "Target 2029",
    "region_name": "Kabupaten/kota",
    "year": "Tahun",
    "value": "Nilai",
    "category_label": "Kategori",
    "breakdown": "Rincian",
    "victims": "Korban",
    "cases": "Kasus",
    "program_name": "Program",
    "sumber_dana": "Sumber dana",
    "pagu_perubahan": "Pagu (perubahan)",
    "realisasi": "Realisasi",
    "sisa": "Sisa",
    "realisasi_pct": "Realisasi (%)",
    "sub_kegiatan_name": "Sub kegiatan",
    "anggaran_murni": "Anggaran murni",
    "revised_budget": "Anggaran perubahan",
    "change_amount": "Perubahan",
    "check_name": "Pemeriksaan",
    "agency_name": "Perangkat daerah",
    "followup_status": "Status tindak lanjut",
    "source_name": "Sumber",
    "agency": "Instansi",
    "expected_count": "Diharapkan",
    "delivered_count": "Diterima",
    "on_time_count": "Tepat waktu",
    "completeness_pct": "Kelengkapan (%)",
    "timeliness_pct": "Ketepatan waktu (%)",
}

#: datasets: the marts the dashboards read (restricted ones are listed in access.yml)
DATASETS = [
    "pjpk_scorecard",
    "pjpk_progress",
    "pjpk_regency_rankings",
    "case_breakdowns",
    "fct_budget_realisation",
    "budget_revisions",
    "budget_realisation_summary",
    "dq_findings_followup",
    "delivery_completeness_summary",
]
RESTRICTED = ["case_breakdowns"]
#: virtual datasets (SQL on a mart; charts may not hold sub-queries): name -> (mart whose columns it has, SQL)
VIRTUAL = {
    "anggaran_periode_terakhir": (
        "fct_budget_realisation",
        "SELECT * FROM marts.fct_budget_realisation\n"
        "WHERE period_end = (SELECT MAX(period_end) FROM marts.fct_budget_realisation)",
    ),
    "ringkasan_anggaran_periode_terakhir": (
        "budget_realisation_summary",
        "SELECT * FROM marts.budget_realisation_summary\n"
        "WHERE period_end = (SELECT MAX(period_end) FROM marts.budget_realisation_summary)",
    ),
}


def uid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def metric(sql: str, label: str) -> dict:
    return {"expressionType": "SQL", "sqlExpression": sql, "label": label, "hasCustomLabel": True}


def where(sql: str) -> dict:
    return {"expressionType": "SQL", "sqlExpression": sql, "clause": "WHERE"}


def axis(sql: str, label: str) -> dict:
    return {"expressionType": "SQL", "sqlExpression": sql, "label": label}


COUNT = metric("COUNT(*)", "Jumlah")


def agency_label() -> dict:
    """A delivering agency's registry code as the report names it (publish.monitoring_report)."""
    from publish.monitoring_report import DELIVERY_AGENCIES

    cases = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in DELIVERY_AGENCIES.items())
    return axis(f"CASE agency {cases} ELSE agency END", "Produsen data")


def check_label() -> dict:
    """check_name as the walidata's Bahasa Indonesia label (seeds/reference/dq_checks.csv)."""
    with (REPO / "seeds" / "reference" / "dq_checks.csv").open(encoding="utf-8") as handle:
        labels = {row["check_name"]: row["label"].replace("'", "''") for row in csv.DictReader(handle)}
    cases = " ".join(f"WHEN '{name}' THEN '{label}'" for name, label in labels.items())
    return axis(f"CASE check_name {cases} ELSE check_name END", "Pemeriksaan")


# ------------------------------------------------------------------- chart builders
# Each returns (viz params, query object): the params drive the dashboard's rendering, the query
# object is the saved query context that /api/v1/chart/<id>/data/ runs.


def _query(columns: list, metrics: list, filters: list[str], orderby: list | None = None, limit: int = 1000) -> dict:
    return {
        "columns": columns,
        "metrics": metrics,
        "filters": [],
        "extras": {"where": " AND ".join(f"({f})" for f in filters), "having": ""},
        "orderby": orderby or [],
        "row_limit": limit,
        "series_limit": 0,
        "order_desc": True,
        "annotation_layers": [],
        "applied_time_extras": {},
        "url_params": {},
        "custom_params": {},
        "custom_form_data": {},
    }


def big_number(m: dict, filters: list[str], subheader: str, number_format: str = ",d") -> tuple[dict, dict]:
    params = {
        "viz_type": "big_number_total",
        "metric": m,
        "adhoc_filters": [where(f) for f in filters],
        "subheader": subheader,
        "header_font_size": 0.3,
        "subheader_font_size": 0.125,
        "y_axis_format": number_format,
    }
    return params, _query([], [m], filters)


def pie(groupby: str, m: dict, filters: list[str]) -> tuple[dict, dict]:
    params = {
        "viz_type": "pie",
        "groupby": [groupby],
        "metric": m,
        "adhoc_filters": [where(f) for f in filters],
        "row_limit": 100,
        "sort_by_metric": True,
        "color_scheme": "supersetColors",
        "show_labels": True,
        "labels_outside": False,
        "label_type": "value",  # the names are in the legend: outside key_value labels got truncated
        "show_labels_threshold": 5,
        "number_format": ",d",
        "show_legend": True,
        "legendType": "scroll",
        "legendOrientation": "right",
        "donut": True,
        "innerRadius": 40,
        "outerRadius": 70,
    }
    return params, _query([groupby], [m], filters, [[m, False]], 100)


def bar(
    x: str | dict,
    metrics: list[dict],
    filters: list[str],
    *,
    groupby: list[str] | None = None,
    horizontal: bool = False,
    number_format: str = ",d",
    stack: bool = False,
    sort_by: str | None = None,
    sort_asc: bool = False,
    x_title: str = "",
    y_title: str = "",
) -> tuple[dict, dict]:
    params = {
        "viz_type": "echarts_timeseries_bar",
        "x_axis": x,
        "metrics": metrics,
        "groupby": groupby or [],
        "adhoc_filters": [where(f) for f in filters],
        "orientation": "horizontal" if horizontal else "vertical",
        "row_limit": 1000,
        "truncate_metric": True,
        "show_legend": True,
        "legendType": "scroll",
        "legendOrientation": "top",
        "rich_tooltip": True,
        "y_axis_format": number_format,
        "color_scheme": "supersetColors",
        "stack": "Stack" if stack else None,
        "show_value": not stack,
        "x_axis_title": x_title,
        "x_axis_title_margin": 30 if x_title else 15,
        "y_axis_title": y_title,
        "y_axis_title_margin": 50 if y_title else 15,
        "y_axis_title_position": "Left",
        "x_axis_sort": sort_by,
        "x_axis_sort_asc": sort_asc,
        "zoomable": False,
        "xAxisLabelRotation": 0 if horizontal else 30,
    }
    if sort_by is None:
        params.pop("x_axis_sort")
    x_col = x if isinstance(x, dict) else axis(x, x)
    columns = [{**x_col, "columnType": "BASE_AXIS"}, *(groupby or [])]
    return params, _query(columns, metrics, filters, [[metrics[0], sort_asc]])


def line(x: dict, metrics: list[dict], filters: list[str], number_format: str, y_title: str) -> tuple[dict, dict]:
    params, query = bar(x, metrics, filters, number_format=number_format, y_title=y_title, sort_by=x["label"])
    params.update(
        {
            "viz_type": "echarts_timeseries_line",
            "markerEnabled": True,
            "markerSize": 6,
            "show_value": False,
            "x_axis_sort_asc": True,
            "connectNulls": True,
            "xAxisLabelRotation": 0,
            "truncateYAxis": True,  # the axis fits the values: from 0 the path looked flat
            "y_axis_bounds": [None, None],
        }
    )
    query["orderby"] = []
    return params, query


def table(columns: list, filters: list[str], orderby: list[tuple[str, bool]], formats: dict | None = None):
    """A raw table; a column is a name or an adhoc SQL column (e.g. a dash for an empty value)."""
    params = {
        "viz_type": "table",
        "query_mode": "raw",
        "all_columns": columns,
        "order_by_cols": [json.dumps([col, asc]) for col, asc in orderby],
        "adhoc_filters": [where(f) for f in filters],
        "row_limit": 1000,
        "server_pagination": False,
        "include_search": False,
        "table_timestamp_format": "%d/%m/%Y",
        "show_cell_bars": False,
        "column_config": {col: {"d3NumberFormat": fmt} for col, fmt in (formats or {}).items()},
    }
    return params, _query(columns, [], filters, [[col, asc] for col, asc in orderby])


def dash(sql: str, label: str) -> dict:
    """A text column showing "–" where the mart has no value (Superset would print N/A)."""
    return axis(f"COALESCE(CAST({sql} AS VARCHAR), '–')", label)


def agg_table(groupby: list[str], metrics: list[dict], filters: list[str], number_format: str = ",d"):
    params = {
        "viz_type": "table",
        "query_mode": "aggregate",
        "groupby": groupby,
        "metrics": metrics,
        "adhoc_filters": [where(f) for f in filters],
        "row_limit": 1000,
        "server_pagination": False,
        "include_search": False,
        "show_cell_bars": False,
        "column_config": {m["label"]: {"d3NumberFormat": number_format} for m in metrics},
    }
    return params, _query(groupby, metrics, filters, [[metrics[0], False]])


# ------------------------------------------------------------------- the dashboards

PROVINCE = "region_level = 'provinsi'"
YEARLY_CASES = "month IS NULL AND region_code = '53'"

DASHBOARDS: list[dict] = [
    {
        "slug": "pjpk",
        "title": "Dasbor PJPK 2025-2029: Pemantauan Indikator",
        "note": "**Sumber:** snapshot BI ntt-dw (`marts.pjpk_*`). Status dihitung terhadap jalur target "
        "Pergub NTT 88/2025; *tidak ada data* berarti capaian belum dilaporkan.",
        "charts": [
            (
                "pjpk_status",
                "Status indikator PJPK",
                "pjpk_scorecard",
                pie("status_label", metric("COUNT(*)", "Indikator"), []),
                4,
                50,
            ),
            (
                "pjpk_on_track",
                "Indikator sesuai jalur atau tercapai",
                "pjpk_scorecard",
                big_number(
                    metric("COUNT(*)", "Indikator"),
                    ["status IN ('on_track', 'achieved')"],
                    "dari 30 indikator PJPK",
                ),
                2,
                50,
            ),
            (
                "pjpk_tfr_trend",
                "Angka kelahiran total (TFR) provinsi: capaian dan jalur target",
                "pjpk_progress",
                line(
                    axis("CAST(year AS VARCHAR)", "Tahun"),
                    [metric("AVG(actual)", "Capaian"), metric("AVG(target_lower)", "Target")],
                    [PROVINCE, "indicator_code = 'PJPK-S1-01'"],
                    ",.2f",
                    "TFR",
                ),
                6,
                50,
            ),
            (
                "pjpk_scorecard_table",
                "Kartu skor indikator",
                "pjpk_scorecard",
                table(
                    [
                        "indicator_code",
                        "indicator_name",
                        dash("latest_actual_text", "Capaian terakhir"),
                        dash("latest_actual_year", "Tahun capaian"),
                        dash("target_text", "Target 2029"),
                        "status_label",
                    ],
                    [],
                    [("indicator_code", True)],
                ),
                12,
                60,
            ),
            (
                "pjpk_density_regency",
                "Kepadatan penduduk per kabupaten/kota, 2024 (jiwa/km²)",
                "pjpk_regency_rankings",
                bar(
                    "region_name",
                    [metric("MAX(value)", "Jiwa per km²")],
                    ["indicator_code = 'PJPK-S4-02'", "year = 2024"],
                    horizontal=True,
                    number_format=",.1f",
                    sort_by="Jiwa per km²",
                ),
                12,
                70,
            ),
        ],
    },
    {
        "slug": "kasus",
        "title": "Statistik Kasus Kekerasan terhadap Perempuan dan Anak (akses terbatas)",
        "note": "**Akses terbatas** (peran *Kasus Terbatas*): angka tidak disamarkan, hanya untuk staf DP3A. "
        "Dasbor publik dan ekspor Satu Data hanya memuat angka yang disamarkan. Register contoh bersifat "
        "sintetis.",
        "charts": [
            (
                "kasus_total_korban",
                "Korban (provinsi, setahun)",
                "case_breakdowns",
                big_number(
                    metric("SUM(victims)", "Korban"),
                    [YEARLY_CASES, "breakdown = 'jenis_kelamin_korban'"],
                    "jumlah korban menurut register",
                ),
                3,
                50,
            ),
            (
                "kasus_jenis_kelamin",
                "Korban menurut jenis kelamin",
                "case_breakdowns",
                pie(
                    "category_label",
                    metric("SUM(victims)", "Korban"),
                    [YEARLY_CASES, "breakdown = 'jenis_kelamin_korban'"],
                ),
                4,
                50,
            ),
            (
                "kasus_umur",
                "Korban menurut kelompok umur",
                "case_breakdowns",
                bar(
                    "category_label",
                    [metric("SUM(victims)", "Korban")],
                    [YEARLY_CASES, "breakdown = 'kelompok_umur_korban'"],
                    sort_by="category_label",
                    sort_asc=True,
                ),
                5,
                50,
            ),
            (
                "kasus_tempat",
                "Kasus menurut tempat kejadian",
                "case_breakdowns",
                bar(
                    "category_label",
                    [metric("SUM(cases)", "Kasus")],
                    [YEARLY_CASES, "breakdown = 'tempat_kejadian'"],
                    horizontal=True,
                    sort_by="Kasus",
                ),
                6,
                60,
            ),
            (
                "kasus_layanan_kabupaten",
                "Korban menurut kabupaten/kota dan saluran pengaduan",
                "case_breakdowns",
                bar(
                    "region_name",
                    [metric("SUM(victims)", "Korban")],
                    ["month IS NULL", "region_code <> '53'", "breakdown = 'saluran_pengaduan'"],
                    groupby=["category_label"],
                    horizontal=True,
                    stack=True,
                    sort_by="Korban",
                ),
                6,
                60,
            ),
        ],
    },
    {
        "slug": "anggaran",
        "title": "Realisasi Anggaran DP3AP2KB Provinsi NTT",
        "note": "**Sumber:** laporan realisasi anggaran DP3AP2KB (`marts.fct_budget_realisation`, periode "
        "terakhir). Jumlah dalam rupiah; perubahan anggaran dari dokumen anggaran perubahan.",
        "charts": [
            (
                "anggaran_pct",
                "Realisasi anggaran (%)",
                "ringkasan_anggaran_periode_terakhir",
                big_number(
                    metric("MAX(realisasi_pct) / 100.0", "Realisasi"),
                    ["level = 'total'"],
                    "dari pagu perubahan, periode terakhir",
                    ",.1%",
                ),
                3,
                50,
            ),
            (
                "anggaran_program",
                "Pagu, realisasi dan sisa per program (Rp)",
                "anggaran_periode_terakhir",
                bar(
                    "program_name",
                    [
                        metric("SUM(pagu_perubahan)", "Pagu"),
                        metric("SUM(realisasi)", "Realisasi"),
                        metric("SUM(sisa)", "Sisa"),
                    ],
                    [],
                    horizontal=True,
                    number_format="$,.0f",
                ),
                9,
                50,
            ),
            (
                "anggaran_sumber_dana",
                "Realisasi per sumber dana",
                "anggaran_periode_terakhir",
                agg_table(
                    ["sumber_dana"],
                    [
                        metric("SUM(pagu_perubahan)", "Pagu (Rp)"),
                        metric("SUM(realisasi)", "Realisasi (Rp)"),
                        metric("SUM(sisa)", "Sisa (Rp)"),
                    ],
                    [],
                ),
                6,
                50,
            ),
            (
                "anggaran_revisi",
                "Perubahan anggaran per sub kegiatan (Rp)",
                "budget_revisions",
                table(
                    ["sub_kegiatan_name", "sumber_dana", "anggaran_murni", "revised_budget", "change_amount"],
                    [],
                    [("change_amount", True)],
                    {"anggaran_murni": ",d", "revised_budget": ",d", "change_amount": "+,d"},
                ),
                6,
                50,
            ),
        ],
    },
    {
        "slug": "kualitas-data",
        "title": "Temuan Kualitas Data dan Kelengkapan Pengiriman",
        "note": "Temuan dari uji dbt (`marts.dq_findings_followup`): angka yang dipublikasikan tidak pernah "
        "dikoreksi, temuan diklarifikasi dengan perangkat daerah (`ntt-dw findings`).",
        "charts": [
            (
                "dq_open",
                "Temuan terbuka",
                "dq_findings_followup",
                big_number(metric("COUNT(*)", "Temuan"), ["is_open"], "belum selesai ditindaklanjuti"),
                3,
                50,
            ),
            (
                "dq_by_check",
                "Temuan per pemeriksaan",
                "dq_findings_followup",
                bar(check_label(), [metric("COUNT(*)", "Temuan")], [], horizontal=True, sort_by="Temuan"),
                9,
                50,
            ),
            (
                "dq_by_agency",
                "Temuan per perangkat daerah dan status tindak lanjut",
                "dq_findings_followup",
                bar(
                    "agency_name",
                    [metric("COUNT(*)", "Temuan")],
                    [],
                    groupby=["followup_status"],
                    horizontal=True,
                    stack=True,
                    sort_by="Temuan",
                ),
                12,
                50,
            ),
            (
                "dq_delivery",
                "Kelengkapan dan ketepatan waktu pengiriman data",
                "delivery_completeness_summary",
                table(
                    [
                        "source_name",
                        agency_label(),
                        "expected_count",
                        "delivered_count",
                        "on_time_count",
                        "completeness_pct",
                        "timeliness_pct",
                    ],
                    [],
                    [("completeness_pct", True)],
                    {"completeness_pct": ",.1f", "timeliness_pct": ",.1f"},
                ),
                12,
                50,
            ),
        ],
    },
]


# ------------------------------------------------------------------- writing the bundle


def dump(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")


def database() -> dict:
    return {
        "database_name": "NTT DW: snapshot BI (marts, hanya baca)",
        "sqlalchemy_uri": SNAPSHOT_URI,
        "cache_timeout": None,
        "expose_in_sqllab": True,
        "allow_run_async": False,
        "allow_ctas": False,
        "allow_cvas": False,
        "allow_dml": False,
        "allow_file_upload": False,
        "extra": {
            "allows_virtual_table_explore": True,
            "engine_params": {"connect_args": {"read_only": True}},
            "metadata_params": {},
            "schemas_allowed_for_file_upload": [],
        },
        "uuid": uid("database", DATABASE_NAME),
        "version": "1.0.0",
    }


SUPERSET_TYPES = {
    "varchar": "VARCHAR",
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "double": "DOUBLE",
    "date": "DATE",
    "boolean": "BOOLEAN",
    "timestamp with time zone": "TIMESTAMP WITH TIME ZONE",
}


def dataset(table: str, columns: dict[str, str], sql: str | None = None) -> dict:
    return {
        "table_name": table,
        "main_dttm_col": None,
        "description": None,
        "default_endpoint": None,
        "offset": 0,
        "cache_timeout": None,
        "schema": "marts",
        "catalog": None,
        "sql": sql,
        "params": None,
        "template_params": None,
        "filter_select_enabled": True,
        "fetch_values_predicate": None,
        "extra": None,
        "normalize_columns": False,
        "always_filter_main_dttm": False,
        "uuid": uid("dataset", table),
        "metrics": [
            {
                "metric_name": "count",
                "verbose_name": "Jumlah baris",
                "metric_type": "count",
                "expression": "COUNT(*)",
                "description": None,
                "d3format": None,
                "currency": None,
                "extra": {},
                "warning_text": None,
            }
        ],
        "columns": [
            {
                "column_name": name,
                "verbose_name": LABELS.get(name),
                "is_dttm": kind in ("date", "timestamp with time zone"),
                "is_active": True,
                "type": SUPERSET_TYPES.get(kind, kind.upper()),
                "advanced_data_type": None,
                "groupby": True,
                "filterable": True,
                "expression": None,
                "description": None,
                "python_date_format": None,
                "extra": {},
            }
            for name, kind in columns.items()
        ],
        "version": "1.0.0",
        "database_uuid": uid("database", DATABASE_NAME),
    }


def chart(key: str, name: str, table: str, spec: tuple[dict, dict]) -> dict:
    params, query = spec
    params = {**params, "datasource": f"__table__{table}", "dashboards": []}
    query_context = {
        "datasource": {"id": 0, "type": "table"},
        "force": False,
        "queries": [query],
        "form_data": params,
        "result_format": "json",
        "result_type": "full",
    }
    return {
        "slice_name": name,
        "description": None,
        "certified_by": None,
        "certification_details": None,
        "viz_type": params["viz_type"],
        "params": params,
        "query_context": json.dumps(query_context, ensure_ascii=False),
        "cache_timeout": None,
        "uuid": uid("chart", key),
        "version": "1.0.0",
        "dataset_uuid": uid("dataset", table),
    }


def dashboard(spec: dict) -> dict:
    """Rows of charts filling 12 columns, a markdown note at the top."""
    position: dict = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
        "HEADER_ID": {"id": "HEADER_ID", "type": "HEADER", "meta": {"text": spec["title"]}},
    }
    rows: list[list[tuple[str, dict]]] = []
    items: list[tuple[str, dict]] = [
        ("MARKDOWN-note", {"type": "MARKDOWN", "meta": {"width": 12, "height": 14, "code": spec["note"]}})
    ]
    for key, name, _table, _spec, width, height in spec["charts"]:
        items.append(
            (
                f"CHART-{key}",
                {
                    "type": "CHART",
                    "meta": {
                        "width": width,
                        "height": height,
                        "chartId": 0,
                        "uuid": uid("chart", key),
                        "sliceName": name,
                    },
                },
            )
        )
    current: list[tuple[str, dict]] = []
    for item in items:
        if current and sum(node["meta"]["width"] for _, node in current) + item[1]["meta"]["width"] > 12:
            rows.append(current)
            current = []
        current.append(item)
    rows.append(current)
    for n, row in enumerate(rows):
        row_id = f"ROW-{n}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {
            "type": "ROW",
            "id": row_id,
            "children": [node_id for node_id, _ in row],
            "parents": ["ROOT_ID", "GRID_ID"],
            "meta": {"background": "BACKGROUND_TRANSPARENT"},
        }
        for node_id, node in row:
            position[node_id] = {**node, "id": node_id, "children": [], "parents": ["ROOT_ID", "GRID_ID", row_id]}
    return {
        "dashboard_title": spec["title"],
        "description": None,
        "css": "",
        "slug": spec["slug"],
        "certified_by": "",
        "certification_details": "",
        "published": True,
        "uuid": uid("dashboard", spec["slug"]),
        "position": position,
        "metadata": {
            "color_scheme": "supersetColors",
            "refresh_frequency": 0,
            "expanded_slices": {},
            "label_colors": {},
            "timed_refresh_immune_slices": [],
            "cross_filters_enabled": False,
            "default_filters": "{}",
            "chart_configuration": {},
            "native_filter_configuration": [],
            "shared_label_colors": [],
            "color_scheme_domain": [],
        },
        "version": "1.0.0",
    }


def main() -> None:
    contracts = json.loads((REPO / "tests" / "contracts" / "published_marts.json").read_text(encoding="utf-8"))
    shutil.rmtree(ASSETS, ignore_errors=True)
    dump(ASSETS / "metadata.yaml", {"version": "1.0.0", "type": "assets", "timestamp": "2026-12-02T00:00:00+00:00"})
    dump(ASSETS / "databases" / f"{DATABASE_NAME}.yaml", database())
    for table in DATASETS:
        dump(ASSETS / "datasets" / DATABASE_NAME / f"{table}.yaml", dataset(table, contracts[table]))
    for name, (mart, sql) in VIRTUAL.items():
        dump(ASSETS / "datasets" / DATABASE_NAME / f"{name}.yaml", dataset(name, contracts[mart], sql))
    for spec in DASHBOARDS:
        for key, name, table, chart_spec, _width, _height in spec["charts"]:
            dump(ASSETS / "charts" / f"{key}.yaml", chart(key, name, table, chart_spec))
        dump(ASSETS / "dashboards" / f"{spec['slug']}.yaml", dashboard(spec))
    dump(
        HERE / "access.yml",
        {"restricted": RESTRICTED, "dashboards": {spec["slug"]: spec["title"] for spec in DASHBOARDS}},
    )


if __name__ == "__main__":
    main()
