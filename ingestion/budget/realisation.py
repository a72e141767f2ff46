"""Budget documents: realisation per sub-kegiatan (APBD, DAK NF), the P-DPA shift table and the
totals stated in the text, amounts as the finance unit writes them ("Rp. 6.892.432.255,-",
"(7.633.200)", "81,64%").

Each extract's header says which layout it is (LAYOUTS). Every published figure becomes one
record: the line item it belongs to (resolved to seeds/reference/budget_hierarchy.csv), the
measure as the column is headed (a "%" column is stored as published: what it means is the
warehouse's question, not the reader's), the verbatim text, and the parsed value: whole rupiah
as an integer, percentages as exact decimals. A row with an unparseable amount or an unknown
line item is quarantined whole, naming the field.

A realisation table from many offices (a national or multi-regency report) names each row's
office in a kode_wilayah column, resolved like any region (Kemendagri code or name); a row whose
office does not resolve is quarantined. Otherwise the office is the sidecar's
office_kemendagri_code, if any (staging falls back to the province's own DP3A).

Numbers are read by meaning (ingestion/core/notation.py): the file's notation is judged from all
its amounts and percentages first, so an English "200,000" is two hundred thousand rupiah in a
file written the English way (with a warning saying so) and quarantined as ambiguous otherwise,
never Rp 200. A column the layout does not know is ignored with a warning, not silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingestion.budget.line_items import load_resolver
from ingestion.core.notation import AMOUNT, PERCENT, Cell, FileNotation, judge_file
from ingestion.core.numbers import NumberParseError
from ingestion.core.readers import FileReadError, dict_rows, read_table
from ingestion.core.records import ReadResult


@dataclass(frozen=True)
class Layout:
    dataset: str
    columns: frozenset[str]
    amount_columns: tuple[str, ...]
    percent_columns: tuple[str, ...]
    has_line_items: bool = True


LAYOUTS = (
    Layout(
        "realisation",
        frozenset({"kegiatan", "sub_kegiatan", "pagu", "realisasi", "sisa", "persen"}),
        ("pagu", "realisasi", "sisa"),
        ("persen",),
    ),
    Layout(
        "realisation",
        frozenset({"kegiatan", "sub_kegiatan", "pagu", "realisasi", "persen_realisasi", "sisa", "persen_sisa"}),
        ("pagu", "realisasi", "sisa"),
        ("persen_realisasi", "persen_sisa"),
    ),
    Layout(
        "pdpa_revision",
        frozenset({"kegiatan", "sub_kegiatan", "anggaran_murni", "perubahan", "anggaran_perubahan"}),
        ("anggaran_murni", "perubahan", "anggaran_perubahan"),
        (),
    ),
    Layout("stated_totals", frozenset({"item", "measure", "nilai"}), (), (), has_line_items=False),
)
#: columns every layout may have besides its own: read when present (program, office, the
#: source line and note of the transcription) or known and not loaded (no: the printed row number)
OPTIONAL_COLUMNS = frozenset(
    {"program", "no", "kegiatan", "sub_kegiatan", "item", "kode_wilayah", "source_line", "note"}
)


def _is_header(cells: list[str]) -> bool:
    """the columns of one budget layout (see LAYOUTS)"""
    names = {str(c).strip().lower() for c in cells if c is not None}
    return any(layout.columns <= names for layout in LAYOUTS)


def _layout(header: list[str]) -> Layout:
    names = {h.strip().lower() for h in header if h}
    return max((layout for layout in LAYOUTS if layout.columns <= names), key=lambda layout: len(layout.columns))


class _Rejected(Exception):
    def __init__(self, field: str, value: str, reason: str):
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


def _figure(measure: str, text: str, field: str, is_percent: bool, notation: FileNotation) -> dict:
    try:
        if is_percent:
            percent = notation.percent(text)
            return {
                "measure": measure,
                "value_text": text,
                "amount_rupiah": None,
                "percent": None if percent is None else percent.value,
                "percent_decimal_mark": None if percent is None else percent.decimal_mark,
            }
        return {
            "measure": measure,
            "value_text": text,
            "amount_rupiah": notation.rupiah(text),
            "percent": None,
            "percent_decimal_mark": None,
        }
    except NumberParseError as exc:
        raise _Rejected(field, text, str(exc)) from None


def _numeric_cells(layout: Layout, row: dict[str, str]) -> list[tuple[str, str, str, bool]]:
    """(measure, field, text, is_percent) of every figure in a row."""
    if not layout.has_line_items:
        measure = row["measure"].strip().lower()
        return [(measure, "nilai", row["nilai"], measure.startswith("persen"))]
    return [(column, column, row[column], False) for column in layout.amount_columns] + [
        (column, column, row[column], True) for column in layout.percent_columns
    ]


def _figures(layout: Layout, row: dict[str, str], notation: FileNotation) -> list[dict]:
    return [
        _figure(measure, text, field, is_percent, notation)
        for measure, field, text, is_percent in _numeric_cells(layout, row)
    ]


def _notation(layout: Layout, rows: list[tuple[int, dict[str, str]]]) -> FileNotation:
    """The file's number notation, from every amount and percentage in it."""
    return judge_file(
        Cell(row_number, field, text, PERCENT if is_percent else AMOUNT)
        for row_number, row in rows
        for _, field, text, is_percent in _numeric_cells(layout, row)
    )


def unknown_column_warnings(path: Path, layout: Layout, header: list[str]) -> list[str]:
    """A warning for each column the layout does not know: ignored, but not silently."""
    known = layout.columns | OPTIONAL_COLUMNS
    return [
        f"{path.name}: column {name.strip()!r} is not part of the {layout.dataset} layout, ignored"
        for name in header
        if name and name.strip() and name.strip().lower() not in known
    ]


def _office(row: dict[str, str], context) -> str | None:
    """The reporting office's region code: the row's kode_wilayah, else the sidecar's."""
    if "kode_wilayah" not in row:
        return context.sidecar.get("office_kemendagri_code")
    resolution = context.regions.resolve(row["kode_wilayah"])
    if resolution.region is None:
        raise _Rejected("kode_wilayah", row["kode_wilayah"], f"unknown office region: {resolution.problem}")
    return resolution.region.kemendagri_code


def read(path: Path, context) -> ReadResult:
    table = read_table(path, _is_header)
    layout = _layout(table.header)
    resolver = load_resolver()
    sidecar = context.sidecar
    if layout.dataset == "realisation" and not sidecar.get("period_end"):
        # its rows would have no period: neither the marts' grain nor a sum per period could hold them
        raise FileReadError(
            path,
            f"a realisation table needs the period it reports: give period_end in its provenance sidecar "
            f"{path.name}.meta.json (e.g. 2024-12-31, or 'Semester I 2024')",
            field="period_end",
        )
    result = ReadResult(encoding=table.encoding)
    result.warnings.extend(table.warnings)
    result.warnings.extend(unknown_column_warnings(path, layout, table.header))
    rows = list(dict_rows(table, result))
    notation = _notation(layout, rows)
    result.warnings.extend(notation.warnings(path.name))
    for row_number, row in rows:
        try:
            office = _office(row, context)
            line_item_key = None
            if layout.has_line_items:
                resolution = resolver.resolve(row["kegiatan"], row["sub_kegiatan"])
                if resolution.item is None:
                    raise _Rejected("sub_kegiatan", row["sub_kegiatan"], resolution.problem or "no line item")
                line_item_key = resolution.item.line_item_key
            elif not row.get("item"):
                raise _Rejected("item", row.get("item", ""), "a stated total needs an item")
            figures = _figures(layout, row, notation)
        except _Rejected as exc:
            result.reject(row_number, exc.field, exc.value, exc.reason)
            continue
        source_line = row.get("source_line", "")
        for figure in figures:
            result.records.append(
                {
                    "source_row": row_number,
                    "dataset": layout.dataset,
                    "budget_year": sidecar.get("budget_year"),
                    "period_end": sidecar.get("period_end"),
                    "office_kemendagri_code": office,
                    "line_item_key": line_item_key,
                    "program_published": row.get("program") or None,
                    "kegiatan_published": row.get("kegiatan") or None,
                    "sub_kegiatan_published": row.get("sub_kegiatan") or None,
                    "item": row.get("item") or None,
                    **figure,
                    "source_line": int(source_line) if source_line.isdigit() else None,
                    "note": row.get("note") or None,
                    "source_document": sidecar.get("document"),
                    "source_table": sidecar.get("table"),
                }
            )
    return result
