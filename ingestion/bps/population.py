"""BPS population tables: region by year, as BPS delivers them.

Three shapes: a CSV or XLSX table with one region column and one column per year (Tabel 1.1 in
thousands, Tabel 1.2 in people), or the JSON of the BPS WebAPI dynamic-table endpoint
(ingestion/bps/webapi.py). Table extracts need their provenance sidecar (document, table,
unit, figure_kind); the WebAPI payload describes itself.

One record per region x year cell. Layout rows (titles, "Kabupaten"/"Kota" section headings,
which set the kind hint that tells "Kupang" the regency from Kota Kupang, column numbering
"(1) (2)", "Sumber: ..." footnotes) are counted, not loaded.

Numbers are read by meaning (ingestion/core/notation.py): a table in jiwa holds counts, one in
ribu jiwa decimals ("157,60"); the table's notation is judged from all its year cells first, so
"157,595" people is read as thousands in a table written the English way ("5,998,811") and
quarantined as ambiguous in one that does not say.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingestion.core.notation import COUNT, DECIMAL, Cell, judge_file
from ingestion.core.numbers import NumberParseError, is_missing, parse_id_number
from ingestion.core.readers import FileReadError, Table, read_json
from ingestion.core.readers import read_table as read_table_file
from ingestion.core.records import ReadResult

_YEAR = re.compile(r"^(19|20)\d{2}$")
_COLUMN_NUMBER = re.compile(r"^\(\d+\)$")
_SECTIONS = {"kabupaten": "kabupaten", "kota": "kota", "kabupaten/kota": None}
UNITS = {"ribu jiwa": "ribu jiwa", "ribu": "ribu jiwa", "jiwa": "jiwa", "orang": "jiwa"}
FIGURE_KINDS = {"estimate", "projection"}
REQUIRED_SIDECAR = ("document", "table", "unit", "figure_kind")


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _year_of(cell: object) -> str | None:
    text = _text(cell)
    if isinstance(cell, float) and cell.is_integer():
        text = str(int(cell))
    return text if _YEAR.match(text) else None


def _is_header(cells: list[str]) -> bool:
    """a region column and year columns"""
    return any(_YEAR.match(c) or re.fullmatch(r"(19|20)\d{2}\.0", c) for c in cells)


def _provenance(path: Path, sidecar: dict) -> dict:
    missing = [key for key in REQUIRED_SIDECAR if not sidecar.get(key)]
    if missing:
        raise FileReadError(path, f"provenance sidecar {path.name}.meta.json missing or lacks {', '.join(missing)}")
    unit = UNITS.get(str(sidecar["unit"]).strip().lower())
    if unit is None:
        raise FileReadError(path, f"sidecar unit {sidecar['unit']!r} is not one of {sorted(UNITS)}", field="unit")
    if sidecar["figure_kind"] not in FIGURE_KINDS:
        raise FileReadError(
            path,
            f"sidecar figure_kind {sidecar['figure_kind']!r} is not one of {sorted(FIGURE_KINDS)}",
            field="figure_kind",
        )
    return {
        "source_document": sidecar["document"],
        "source_table": sidecar["table"],
        "unit": unit,
        "figure_kind": sidecar["figure_kind"],
    }


def read_table(table: Table, path: Path, context, result: ReadResult) -> None:
    provenance = _provenance(path, context.sidecar)
    code_system = context.sidecar.get("code_system")
    year_columns: dict[int, str] = {i: year for i, h in enumerate(table.header) if (year := _year_of(h))}
    region_field = table.header[0] or "Kabupaten/Kota"
    for index, name in enumerate(table.header):
        if index and index not in year_columns and name:
            result.warnings.append(f"{path.name}: column {name!r} is not a year column, ignored")
    # counts in jiwa, decimals in ribu jiwa: the kind the notation judgement needs
    kind = COUNT if provenance["unit"] == "jiwa" else DECIMAL
    notation = judge_file(
        Cell(row_number, year, cells[column] if column < len(cells) else None, kind)
        for row_number, cells in table.rows
        for column, year in year_columns.items()
    )
    result.warnings.extend(notation.warnings(path.name))
    kind_hint: str | None = None
    for row_number, cells in table.rows:
        label = _text(cells[0])
        values = {i: cells[i] if i < len(cells) else None for i in year_columns}
        if all(_COLUMN_NUMBER.match(_text(c)) for c in cells if _text(c)):
            result.layout_rows += 1  # "(1) (2) (3)": the column numbering row
            continue
        if all(is_missing(v) for v in values.values()):
            if label.lower() in _SECTIONS:
                kind_hint = _SECTIONS[label.lower()]
                result.layout_rows += 1
                continue
            if not label or label.lower().startswith(("sumber", "source", "catatan", "keterangan")):
                result.layout_rows += 1
                continue
        resolution = context.regions.resolve(label, kind_hint=kind_hint, code_system=code_system)
        for column, year in year_columns.items():
            raw = values[column]
            if resolution.region is None:
                result.reject(row_number, region_field, label, f"{resolution.problem} (its {year} value is not loaded)")
                continue
            try:
                value = notation.number(raw, kind)
            except NumberParseError as exc:
                result.reject(row_number, year, raw, f"unparseable number: {exc}")
                continue
            if value is None:
                result.reject(row_number, year, raw, "no value published for this region and year")
                continue
            result.records.append(
                {
                    "source_row": row_number,
                    "source_field": year,
                    "region_label": label,
                    "region_kemendagri_code": resolution.region.kemendagri_code,
                    "year": int(year),
                    "value_text": _text(raw),
                    "value": value,
                    **provenance,
                }
            )
    if not result.records and not result.quarantine:
        # a header with nothing (or only layout rows) below it is a failed delivery, not an
        # empty table: say so, instead of registering a silent "loaded, 0 records"
        raise FileReadError(
            path, f"header only: no region rows below the header in row {table.header_row}", row=table.header_row
        )


def read_webapi(payload: object, path: Path, context, result: ReadResult) -> None:
    """A recorded BPS WebAPI dynamic-table response dropped into the landing zone."""
    from ingestion.bps.webapi import BpsWebApiError, dynamic_table_records

    if not isinstance(payload, dict):
        raise FileReadError(path, "WebAPI payload must be a JSON object")
    try:
        cells = dynamic_table_records(payload)
    except BpsWebApiError as exc:
        raise FileReadError(path, f"not a usable BPS WebAPI dynamic table: {exc}") from None
    sidecar = context.sidecar
    for number, cell in enumerate(cells, start=1):
        label = cell["variable_label"]
        unit = UNITS.get(str(sidecar.get("unit") or cell.get("unit") or "").strip().lower())
        resolution = context.regions.resolve(cell["region_code_bps"], code_system="bps")
        field = cell["datacontent_key"]
        if resolution.region is None:
            resolution = context.regions.resolve(cell["region_label"])
        if resolution.region is None:
            result.reject(number, "vervar", cell["region_code_bps"], resolution.problem)
            continue
        if unit is None:
            result.reject(number, "unit", cell.get("unit"), f"unit {cell.get('unit')!r} is not one of {sorted(UNITS)}")
            continue
        try:
            value = parse_id_number(cell["value"])
        except NumberParseError as exc:
            result.reject(number, field, cell["value"], f"unparseable number: {exc}")
            continue
        if value is None:
            result.reject(number, field, cell["value"], "no value published for this region and year")
            continue
        result.records.append(
            {
                "source_row": number,
                "source_field": field,
                "region_label": cell["region_label"],
                "region_kemendagri_code": resolution.region.kemendagri_code,
                "year": cell["year"],
                "value_text": str(cell["value"]),
                "value": value,
                "unit": unit,
                "figure_kind": sidecar.get("figure_kind")
                or ("projection" if "proyeksi" in label.lower() else "estimate"),
                "source_document": sidecar.get("document") or f"BPS WebAPI, variabel {cell['variable_id']}: {label}",
                "source_table": sidecar.get("table") or label,
            }
        )
    # a datacontent cell that no listed vervar/tahun combination produces was read but cannot be
    # placed: dynamic_table_records only logs it, so it is quarantined here to keep read = loaded +
    # quarantined (its key is the field; JSON cells have no row)
    matched = {cell["datacontent_key"] for cell in cells}
    for key, value in (payload.get("datacontent") or {}).items():
        if key not in matched:
            result.reject(
                None,
                key,
                value,
                "datacontent key matches no listed vervar/var/turvar/tahun/turtahun combination (value not loaded)",
            )


def read(path: Path, context) -> ReadResult:
    result = ReadResult()
    suffix = path.suffix.lower()
    if suffix == ".json":
        read_webapi(read_json(path), path, context, result)
        return result
    table = read_table_file(path, _is_header)
    result.encoding = table.encoding
    result.warnings.extend(table.warnings)
    read_table(table, path, context, result)
    return result
