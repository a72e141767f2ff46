"""The monitoring report's tables as one Excel workbook, for the coordination team that pastes
tables into its own documents: a sheet per section of the report, read from the report's context
(publish/monitoring_report.build_context), so the workbook and the HTML/PDF show the same figures.

Each sheet: the section's title (row 1), a note (row 2), the header (row 3, frozen with the rows
above it, filter buttons), then the rows. Figures are numbers, not text: 5656040 is a number a
formula can add up. Their display uses the standard number format codes ("#,##0", "#,##0.00"):
the file stores a code in one notation (dot for decimals, comma for thousands) and Excel and
LibreOffice show it with the separators of the reader's locale, so an Indonesian Windows or
LibreOffice shows 5.656.040 and 2,71. A code typed the Indonesian way ("#.##0,00") would be read
as literal text on every machine. Decimals are those of the figure (2,71 two, 0,309 three, as the
report prints them).

Case counts the report does not print (1 to threshold-1, publish.suppression) are not in the
workbook either: the cell says "disamarkan". Every row goes through publish.safe_cells (text
starting with = + - @ stays text).

Sections are the context's keys: a key with a sheet builder below gets its sheet(s); a key added
later that holds a list of rows (dicts) gets a plain sheet of its scalar columns; the keys in
NOT_SECTIONS are labels and totals the template uses, not tables.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from publish import safe_cells

log = logging.getLogger(__name__)

#: context keys that are not sections (labels, totals, the date)
NOT_SECTIONS = frozenset(
    {
        "generated_at",
        "generated_label",
        "status_order",
        "status_labels",
        "direction_labels",
        "totals",
        "indicator_count",
        "charts_count",
        "toc",
    }
)
TEXT, NUMBER, INTEGER, PERCENT, DATETIME = "text", "number", "integer", "percent", "datetime"
YEAR = "year"  # a year or a running number: no thousands separator (2025, not 2.025)
HIDDEN = "disamarkan"


@dataclass
class Sheet:
    name: str  # Excel: at most 31 characters, none of []:*?/\
    title: str
    columns: list[tuple[str, str]]  # (header, kind)
    rows: list[list] = field(default_factory=list)
    note: str = ""
    total_rows: int = 0  # the last rows are totals (bold, outside the filter)
    freeze_first_column: bool = False


def _status(context: dict, status: str) -> str:
    return context["status_labels"].get(status, status)


def _sasaran_sheets(groups: list, context: dict) -> list[Sheet]:
    order = context["status_order"]
    summary = Sheet(
        "Ringkasan",
        "Ringkasan per sasaran",
        [("Sasaran", YEAR), ("Nama sasaran", TEXT), ("Indikator", INTEGER)]
        + [(_status(context, s).capitalize(), INTEGER) for s in order],
        note=f"{context['indicator_count']} indikator PJPK dalam {len(groups)} sasaran; status terhadap target "
        "tahun berikutnya setelah realisasi terakhir (marts.pjpk_scorecard).",
        total_rows=1,
    )
    for group in groups:
        summary.rows.append([group.number, group.name, len(group.indicators), *(group.counts[s] for s in order)])
    summary.rows.append(["Jumlah", None, context["indicator_count"], *(context["totals"][s] for s in order)])
    sheets = [summary]
    directions = context["direction_labels"]
    for group in groups:
        sheet = Sheet(
            f"Sasaran {group.number}",
            f"Sasaran {group.number}. {group.name}",
            [
                ("Kode", TEXT),
                ("Indikator", TEXT),
                ("Satuan", TEXT),
                ("Arah", TEXT),
                ("Baseline 2024", NUMBER),
                ("Target (tertulis)", TEXT),
                ("Tahun target", YEAR),
                ("Realisasi terakhir", NUMBER),
                ("Realisasi (tertulis)", TEXT),
                ("Tahun realisasi", YEAR),
                ("Periode realisasi", TEXT),
                ("Selisih ke target", NUMBER),
                ("Status", TEXT),
                ("Penanggung jawab", TEXT),
                ("Sumber realisasi", TEXT),
            ],
            note="Target dan realisasi (tertulis): teks angka sebagaimana tercetak di sumbernya; realisasi terakhir "
            "dan selisih ke target dalam satuan indikator (positif = masih harus membaik).",
            freeze_first_column=True,
        )
        for i in group.indicators:
            sheet.rows.append(
                [
                    i.code,
                    i.name,
                    i.unit,
                    directions.get(i.direction, i.direction),
                    i.baseline,
                    i.target_text,
                    i.target_year,
                    i.actual,
                    i.actual_text,
                    i.actual_year,
                    i.actual_period,
                    i.gap,
                    _status(context, i.status),
                    i.agency,
                    i.source,
                ]
            )
        sheets.append(sheet)
    return sheets


def _regency_sheet(comparisons: list[dict], context: dict) -> list[Sheet]:
    sheet = Sheet(
        "Kabupaten-kota",
        "Perbandingan kabupaten/kota",
        [
            ("Kode indikator", TEXT),
            ("Indikator", TEXT),
            ("Satuan", TEXT),
            ("Peringkat", INTEGER),
            ("Kabupaten/kota", TEXT),
            ("Nilai", NUMBER),
            ("Nilai (tertulis)", TEXT),
            ("Tahun", YEAR),
            ("Nilai provinsi", NUMBER),
            ("Sumber", TEXT),
        ],
        note="Diurutkan dari yang terbaik menurut arah indikator (marts.pjpk_regency_rankings).",
        freeze_first_column=True,
    )
    for c in comparisons:
        source = ", ".join(p for p in (c.get("producer"), c.get("source_table")) if p)
        for r in c["rows"]:
            sheet.rows.append(
                [
                    c.get("indicator_code") or c["indicator_key"],
                    c["indicator_name"],
                    c.get("unit"),
                    r["rank_best_first"],
                    r["region_name"],
                    r["value"],
                    r.get("value_text"),
                    r["year"],
                    c.get("province_value"),
                    source,
                ]
            )
    return [sheet]


def _innovation_sheet(innovations: dict, context: dict) -> list[Sheet]:
    sheet = Sheet(
        "Inovasi daerah",
        "Inovasi daerah DP3AP2KB dan data yang ingin diubahnya",
        [
            ("No", YEAR),
            ("Inovasi", TEXT),
            ("Ukuran", TEXT),
            ("Peran ukuran", TEXT),
            ("Wilayah", TEXT),
            ("Status", TEXT),
            ("Nilai terakhir", NUMBER),
            ("Satuan", TEXT),
            ("Tahun", YEAR),
            ("Nilai sebelumnya", NUMBER),
            ("Tahun sebelumnya", YEAR),
            ("Perubahan", NUMBER),
            ("Sumber", TEXT),
            ("Catatan", TEXT),
        ],
        note=f"Jumlah kasus 1 sampai {innovations['threshold'] - 1} tidak dicetak ({HIDDEN}), begitu pula "
        "perubahannya (marts.innovation_monitoring).",
    )
    for inv in innovations["entries"]:
        for m in inv["measures"]:
            for r in m["regions"]:
                has_data = r["status"] == "ada data"
                source = "; ".join(p for p in (r.get("source_document"), r.get("source_table")) if p)
                needed = None if has_data else f"dibutuhkan: {m['needed_source']}"
                note = "; ".join(p for p in (r.get("note"), needed) if p) or None
                sheet.rows.append(
                    [
                        inv["innovation_no"],
                        inv["short_name"],
                        m["name"],
                        m["role"],
                        r.get("region_name") or r.get("region_code"),
                        r["status"],
                        (HIDDEN if r["value_hidden"] else r["value"]) if has_data else None,
                        m["unit"],
                        r["year"] if has_data else None,
                        (HIDDEN if r["previous_hidden"] else r["previous_value"]) if has_data else None,
                        r["previous_year"] if has_data else None,
                        (HIDDEN if r["change_hidden"] else r["change"]) if has_data else None,
                        source + (" (data sintetis)" if r.get("is_synthetic") else ""),
                        note,
                    ]
                )
    return [sheet]


def _findings_sheet(findings: list[dict], context: dict) -> list[Sheet]:
    sheet = Sheet(
        "Temuan kualitas data",
        "Temuan kualitas data yang menyangkut angka PJPK",
        [
            ("Pemeriksaan", TEXT),
            ("Alasan", TEXT),
            ("Data", TEXT),
            ("Jumlah", INTEGER),
            ("Contoh (ditemukan / seharusnya)", TEXT),
            ("Dokumen sumber", TEXT),
            ("Tabel sumber", TEXT),
        ],
        note="Dikelompokkan per pemeriksaan dan data, dengan sampai tiga contoh; daftar lengkap di marts.dq_findings.",
    )
    for f in findings:
        examples = [
            key + (f": {value}" if value and f["check_name"] != "ingestion_quarantine" else "")
            for key, value in zip(f["examples"], [*(f["values"] or []), *[None] * len(f["examples"])], strict=False)
        ]
        sheet.rows.append(
            [
                f["check_name"],
                f.get("reason"),
                f["model_name"],
                f["findings"],
                "\n".join(examples),
                f.get("source_document"),
                f.get("source_table"),
            ]
        )
    return [sheet]


def _followup_sheet(followup: dict, context: dict) -> list[Sheet]:
    statuses = list(followup["statuses"])
    sheet = Sheet(
        "Tindak lanjut temuan",
        "Tindak lanjut temuan kualitas data",
        [("Produsen data", TEXT), ("Kode", TEXT), *((s.capitalize(), INTEGER) for s in statuses), ("Jumlah", INTEGER)],
        note="Semua temuan kualitas data menurut produsen data dan status tindak lanjutnya "
        "(marts.dq_findings_followup).",
        total_rows=1,
    )
    for a in followup["agencies"]:
        counts = [a["counts"].get(s, 0) for s in statuses]
        sheet.rows.append([a["agency"], a["code"], *counts, sum(a["counts"].values())])
    totals = [followup["totals"][s] for s in statuses]
    sheet.rows.append(["Jumlah", None, *totals, sum(followup["totals"].values())])
    return [sheet]


def _delivery_sheet(delivery: dict, context: dict) -> list[Sheet]:
    sheet = Sheet(
        "Kelengkapan penyampaian",
        "Kelengkapan dan ketepatan waktu penyampaian data",
        [
            ("Sumber", TEXT),
            ("Instansi", TEXT),
            ("Periode", TEXT),
            ("Rentang", TEXT),
            ("Diharapkan", INTEGER),
            ("Diterima", INTEGER),
            ("Tepat waktu", INTEGER),
            ("Keterlambatan rata-rata (hari)", NUMBER),
            ("Keterlambatan terlama (hari)", INTEGER),
            ("Kelengkapan (%)", PERCENT),
            ("Ketepatan waktu (%)", PERCENT),
            ("Belum diterima", INTEGER),
            ("Periode belum diterima", TEXT),
        ],
        note=f"Periode yang batas waktunya jatuh pada atau sebelum {delivery['evaluated_label']}; ambang batas: "
        f"kelengkapan {delivery['complete_min']} %, ketepatan waktu {delivery['on_time_min']} % "
        "(marts.delivery_completeness_summary).",
    )
    for s in delivery["sources"]:
        mean = s.get("mean_days_late")
        sheet.rows.append(
            [
                s["source_name"],
                s["agency_label"],
                s["period_label"] + (", per kabupaten/kota" if s.get("per_region") else ""),
                s.get("range"),
                s["expected_count"],
                s["delivered_count"],
                s["on_time_count"],
                round(mean, 1) if mean is not None else None,
                s.get("max_days_late"),
                s["completeness_pct"],
                s["timeliness_pct"],
                s["missing_count"],
                s.get("missing") or None,
            ]
        )
    return [sheet]


def _sources_sheet(sources: list[dict], context: dict) -> list[Sheet]:
    sheet = Sheet(
        "Sumber data",
        "Catatan sumber dan kemutakhiran data",
        [
            ("Sumber", TEXT),
            ("Berkas", TEXT),
            ("Produsen", TEXT),
            ("Dokumen", TEXT),
            ("Baris dimuat", INTEGER),
            ("Dikarantina", INTEGER),
            ("Dimuat (UTC)", DATETIME),
        ],
        note="Target dan baseline: Pergub NTT 88/2025, Tabel 2.1-2.5; penanggung jawab: Tabel 3.1-3.5.",
    )
    for s in sources:
        sheet.rows.append(
            [
                s["source_name"],
                s["source_file"],
                s.get("producer"),
                s.get("document"),
                s["records_loaded"],
                s["records_quarantined"],
                s["loaded_at"],
            ]
        )
    return [sheet]


#: the sections with a sheet of their own, in the report's order
BUILDERS: dict[str, Callable[[object, dict], list[Sheet]]] = {
    "sasaran": _sasaran_sheets,  # type: ignore[dict-item]
    "regency_comparisons": _regency_sheet,  # type: ignore[dict-item]
    "innovations": _innovation_sheet,  # type: ignore[dict-item]
    "findings": _findings_sheet,  # type: ignore[dict-item]
    "followup": _followup_sheet,  # type: ignore[dict-item]
    "delivery": _delivery_sheet,  # type: ignore[dict-item]
    "sources": _sources_sheet,  # type: ignore[dict-item]
}
_SCALARS = (str, int, float, Decimal, dt.date, bool)


def _plain_sheet(key: str, rows: list) -> Sheet | None:
    """A section without a builder: its rows' scalar columns as they are (dicts or dataclasses)."""
    records = [dataclasses.asdict(r) if dataclasses.is_dataclass(r) else r for r in rows]  # type: ignore[arg-type]
    if not records or not all(isinstance(r, dict) for r in records):
        return None
    names = [n for n in records[0] if all(r.get(n) is None or isinstance(r.get(n), _SCALARS) for r in records)]
    kinds = []
    for n in names:
        values = [r.get(n) for r in records if r.get(n) is not None]
        numeric = values and all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in values)
        kinds.append((n, NUMBER if numeric else TEXT))
    title = key.replace("_", " ").capitalize()
    return Sheet(title[:31], title, kinds, [[r.get(n) for n in names] for r in records])


def sheets(context: dict) -> list[Sheet]:
    """The workbook's sheets from the report's context, section by section."""
    out: list[Sheet] = []
    keys = [k for k in BUILDERS if k in context] + [k for k in context if k not in BUILDERS]
    for key in keys:
        value = context[key]
        if key in NOT_SECTIONS or not value:
            continue
        if key in BUILDERS:
            out.extend(BUILDERS[key](value, context))
        elif isinstance(value, list) and (plain := _plain_sheet(key, value)):
            out.append(plain)
        else:
            log.warning("monitoring report section %r has no sheet in the workbook (publish/report_workbook.py)", key)
    return out


def _decimals(value: float) -> int:
    text = f"{round(value, 4):.4f}".rstrip("0")
    return len(text.split(".")[1])


def number_format(kind: str, value: object) -> str | None:
    """The display code of a figure (Excel's notation: the reader's locale decides the separators)."""
    if kind == DATETIME:
        return "yyyy-mm-dd hh:mm"
    if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
        return None
    if kind == PERCENT:
        return "#,##0.0"
    if kind == YEAR:
        return "0"
    digits = 0 if kind == INTEGER else _decimals(float(value))
    return "#,##0" + ("." + "0" * digits if digits else "")


def _cell(kind: str, value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)  # Excel has no time zones: UTC, said in the header
    return value


def _width(values: Iterable[object]) -> float:
    longest = max((max(len(line) for line in str(v).splitlines() or [""]) for v in values if v is not None), default=6)
    return min(max(longest + 2, 8), 60)


def write_workbook(context: dict, target: Path) -> Path:
    """Write the sheets of `context` to `target` (XLSX); returns it."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = safe_cells.workbook()
    book.remove(book.active)
    book.properties.creator = "ntt-dw"
    book.properties.title = "Laporan Pemantauan PJPK Provinsi NTT 2025-2029"
    header_fill = PatternFill("solid", fgColor="F3F4F6")
    generated = f"Disusun otomatis oleh ntt-dw pada {context['generated_label']}."
    for sheet in sheets(context):
        ws = book.create_sheet(sheet.name)
        safe_cells.append_row(ws, [sheet.title])
        safe_cells.append_row(ws, [f"{sheet.note} {generated}".strip()])
        safe_cells.append_row(ws, [header for header, _ in sheet.columns])
        for row in sheet.rows:
            safe_cells.append_row(ws, [_cell(kind, v) for (_, kind), v in zip(sheet.columns, row, strict=True)])
        ws["A1"].font = Font(bold=True, size=12)
        ws["A2"].font = Font(italic=True, color="6B7280")
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        last = 3 + len(sheet.rows)
        for index, (header, kind) in enumerate(sheet.columns, 1):
            letter = get_column_letter(index)
            values = [row[index - 1] for row in sheet.rows]
            width = _width([header, *values]) if kind == TEXT else max(len(header) * 0.8 + 2, 12)
            ws.column_dimensions[letter].width = width
            for cell in ws[letter][3:last]:
                code = number_format(kind, cell.value)
                if code:
                    cell.number_format = code
                if kind == TEXT and width >= 60:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in ws.iter_rows(min_row=last - sheet.total_rows + 1, max_row=last):
            for cell in row:
                cell.font = Font(bold=True)
        ws.freeze_panes = f"{'B' if sheet.freeze_first_column else 'A'}4"
        body = last - sheet.total_rows
        if body > 3:
            ws.auto_filter.ref = f"A3:{get_column_letter(len(sheet.columns))}{body}"
        # printed from Excel: landscape, one page wide, the header on every page
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "3:3"
    book.save(target)
    return target
