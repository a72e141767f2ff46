"""Clarification lists: per producing agency, the open data-quality findings on its documents as
an Excel workbook in Bahasa Indonesia, ready to send (NTT_DW_HOME/quality/klarifikasi/
klarifikasi_<agency>.xlsx). The walidata (Perpres 39/2019) asks the producer to confirm or correct;
the answers come back as statuses (`ntt-dw findings set-status`).

One sheet per document, one row per finding: lokasi di dokumen, nilai tertulis, pembanding,
selisih, pertanyaan (from seed dq_checks), status, and an empty column for the producer's answer.
Written after every transform from marts.dq_findings_followup; a finding fixed by a new delivery
is no longer listed. Findings carry no victim identifier (dq_findings never does: quarantined
case-level values are masked at ingestion), so the workbook can travel.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ingestion.core.settings import home, warehouse_path

HEADER = (
    "No",
    "ID temuan",
    "Tabel/bagian",
    "Lokasi di dokumen",
    "Pemeriksaan",
    "Nilai tertulis",
    "Pembanding",
    "Selisih",
    "Pertanyaan",
    "Status",
    "Catatan tindak lanjut",
    "Jawaban produsen",
)
WIDTHS = (5, 12, 28, 40, 28, 16, 24, 12, 60, 16, 30, 40)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_LINE = re.compile(r"(?:source_line|first_line|line)=(\d+)")
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def output_dir() -> Path:
    return home() / "quality" / "klarifikasi"


def first_number(text: object) -> float | None:
    """The first number of a finding's value as dbt writes it ('39.0 ±0.0' -> 39.0)."""
    if text is None:
        return None
    match = _NUMBER.search(str(text).replace(",", ""))
    return float(match.group()) if match else None


def indonesian_numbers(text: object) -> str:
    """A finding's value as dbt wrote it, its numbers in Indonesian notation for the producer:
    '175000000.0' -> '175.000.000', '23.52 ±0.4704' -> '23,52 ±0,4704'."""
    from babel.numbers import format_decimal

    if text is None:
        return "-"

    def convert(match: re.Match) -> str:
        value = float(match.group())
        decimals = len(match.group().split(".")[1].rstrip("0")) if "." in match.group() else 0
        return format_decimal(value, format="#,##0." + "0" * decimals if decimals else "#,##0", locale="id")

    return _NUMBER.sub(convert, str(text))


def location(row: dict) -> str:
    """Where in the document: the table or section, the line when the finding names one, and the
    record key in words."""
    parts = []
    line = _LINE.search(row.get("record_key") or "")
    if line:
        parts.append(f"baris {line.group(1)}")
    parts.append((row.get("record_key") or "").replace("|", ", ").replace("=", ": "))
    return "; ".join(p for p in parts if p)


def question(template: str | None, row: dict, where: str) -> str:
    text = template or "Mohon konfirmasi angka pada {lokasi} ({nilai}; pembanding {pembanding})."
    return text.format(
        nilai=row.get("observed_value") or "-", pembanding=row.get("expected_value") or "-", lokasi=where
    )


def sheet_title(document: str | None, taken: set[str]) -> str:
    base = _INVALID_SHEET_CHARS.sub("-", document or "Tanpa dokumen").strip()[:28] or "Dokumen"
    title, n = base, 2
    while title.lower() in taken:
        title, n = f"{base[:25]} ({n})", n + 1
    taken.add(title.lower())
    return title


def _rows(database: Path, read_only: bool) -> tuple[list[dict], dict[str, tuple[str, str]]]:
    import duckdb

    # read_only=False in the transform's worker: dbt holds the file in that process already, and
    # DuckDB refuses a second, differently configured connection to it
    with duckdb.connect(str(database), read_only=read_only) as con:
        relation = con.execute(
            """select * from marts.dq_findings_followup
               where is_open and followup_status not in ('diperbaiki')
               order by agency_code, source_document, source_table, check_name, record_key"""
        )
        names = [column[0] for column in relation.description]
        rows = [dict(zip(names, row, strict=True)) for row in relation.fetchall()]
        checks = {
            name: (label, text)
            for name, label, text in con.execute(
                "select check_name, label, question from reference.dq_checks"
            ).fetchall()
        }
    return rows, checks


def write_workbook(target: Path, agency_name: str, rows: list[dict], checks: dict[str, tuple[str, str]]) -> Path:
    """One agency's workbook: a summary sheet, then one sheet per document."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from publish.safe_cells import append_row
    from publish.safe_cells import workbook as new_workbook

    workbook = new_workbook()
    summary = workbook.active
    summary.title = "Ringkasan"
    today = dt.date.today().isoformat()
    append_row(summary, [f"Daftar klarifikasi data untuk {agency_name}"])
    append_row(
        summary, [f"Disusun oleh walidata (ntt-dw) pada {today}. Setiap lembar memuat temuan pada satu dokumen."]
    )
    append_row(summary, ["Mohon isi kolom 'Jawaban produsen' dan kirim kembali berkas ini."])
    append_row(summary, [])
    append_row(summary, ["Dokumen", "Lembar", "Jumlah temuan", "baru", "dikirim ke produsen", "lainnya"])
    summary["A1"].font = Font(bold=True, size=13)
    for cell in summary[5]:
        cell.font = Font(bold=True)
    summary.column_dimensions["A"].width = 70
    summary.column_dimensions["B"].width = 30

    by_document: dict[str, list[dict]] = {}
    for row in rows:
        by_document.setdefault(row.get("source_document") or "Tanpa dokumen", []).append(row)
    taken = {"ringkasan"}
    header_fill = PatternFill("solid", fgColor="DDE7F3")
    for document, findings in by_document.items():
        title = sheet_title(document, taken)
        counts = {
            status: sum(1 for f in findings if f["followup_status"] == status)
            for status in ("baru", "dikirim ke produsen")
        }
        append_row(
            summary,
            [
                document,
                title,
                len(findings),
                counts["baru"],
                counts["dikirim ke produsen"],
                len(findings) - sum(counts.values()),
            ],
        )
        sheet = workbook.create_sheet(title)
        append_row(sheet, [document])
        sheet["A1"].font = Font(bold=True)
        append_row(sheet, [])
        append_row(sheet, list(HEADER))
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for number, finding in enumerate(findings, start=1):
            where = location(finding)
            label, template = checks.get(finding["check_name"], (finding["check_name"], None))
            observed, expected = first_number(finding["observed_value"]), first_number(finding["expected_value"])
            difference = observed - expected if observed is not None and expected is not None else None
            append_row(
                sheet,
                [
                    number,
                    finding["finding_id"][:12],
                    finding.get("source_table") or "",
                    where,
                    label,
                    indonesian_numbers(finding["observed_value"]),
                    indonesian_numbers(finding["expected_value"]),
                    difference,
                    question(template, finding, where),
                    finding["followup_status"],
                    finding.get("followup_note") or "",
                    "",
                ],
            )
            sheet.cell(row=sheet.max_row, column=8).number_format = "#,##0.####"
        for index, width in enumerate(WIDTHS, start=1):
            sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = width
        for line in sheet.iter_rows(min_row=4):
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "C4"
    summary.freeze_panes = "A6"
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    workbook.save(temporary)
    temporary.replace(target)
    return target


def write_clarification_lists(
    database: Path | None = None, target_dir: Path | None = None, read_only: bool = False
) -> list[Path]:
    """Every agency with an open finding gets its workbook; an agency with none has its old one
    removed (nothing is left to ask)."""
    rows, checks = _rows(database or warehouse_path(), read_only)
    target_dir = target_dir or output_dir()
    by_agency: dict[str, list[dict]] = {}
    for row in rows:
        by_agency.setdefault(row["agency_code"], []).append(row)
    written = [
        write_workbook(
            target_dir / f"klarifikasi_{agency}.xlsx", findings[0].get("agency_name") or agency, findings, checks
        )
        for agency, findings in sorted(by_agency.items())
    ]
    for old in target_dir.glob("klarifikasi_*.xlsx"):
        if old not in written:
            old.unlink()
    return written
