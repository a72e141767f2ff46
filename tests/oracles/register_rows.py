"""ORACLE, not production code: the row-by-row UPTD PPA register reader that ingestion/uptd_ppa/register.py
replaced (commit 4474014), kept as the executable specification the set-based reader must match
row for row (tests/test_register_oracle.py).

UPTD PPA case register: one row per case, as the case-management export delivers it.

Privacy is built in here, before anything is written: the victim's name, phone number and
address are dropped, the NIK becomes a keyed pseudonym (ingestion/core/privacy.py), and a
quarantined row keeps only the offending field's value, redacted when it is an identifier. No
value of a row is ever logged. Without a pseudonymisation key nothing is read.

Each row is checked: a date in the Indonesian formats, a regency that resolves, a victim
category, jenis and bentuk from the code lists (seeds/reference/korban_kategori.csv,
kekerasan_jenis.csv, kekerasan_bentuk.csv), a case id not seen before in the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingestion.core import code_lists, privacy
from ingestion.core.dates import DateParseError, parse_id_date
from ingestion.core.readers import FileReadError, read_table
from ingestion.core.records import ReadResult
from ingestion.uptd_ppa.register import CASE_ID_IDENTIFIERS, CASE_ID_PATTERN, _judge_optional_code

REQUIRED_COLUMNS = (
    "id_kasus",
    "tanggal_lapor",
    "kabupaten_kota",
    "kategori_korban",
    "jenis_kekerasan",
    "bentuk_kekerasan",
)
OPTIONAL_COLUMNS = ("layanan", "status_kasus", "nik", "nama_korban", "no_hp", "alamat")


def _is_header(cells: list[str]) -> bool:
    """the register header, with an id_kasus column"""
    return "id_kasus" in {c.strip().lower() for c in cells}


def _field_code_lists() -> dict[str, dict[str, str]]:
    """label (normalised) -> code, for kategori, jenis and bentuk."""
    return {
        "kategori_korban": code_lists.victim_categories(),
        "jenis_kekerasan": code_lists.jenis_kekerasan(),
        "bentuk_kekerasan": code_lists.bentuk_kekerasan(),
    }


def _cell(cells: list[object], index: int | None) -> str:
    if index is None or index >= len(cells) or cells[index] is None:
        return ""
    return str(cells[index]).strip()


def read(path: Path, context) -> ReadResult:
    key = privacy.load_key()  # refuses (PseudonymKeyMissing) before anything is read
    table = read_table(path, _is_header)
    columns = {name.strip().lower(): i for i, name in enumerate(table.header)}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise FileReadError(path, f"missing column(s) {', '.join(missing)} in the header (row {table.header_row})")
    result = ReadResult(encoding=table.encoding)
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    for name in table.header:
        if name and name.strip().lower() not in known:
            result.warnings.append(f"{path.name}: column {name!r} is not part of the register contract, ignored")
    lists = _field_code_lists()
    synthetic = bool(context.sidecar.get("synthetic"))
    seen_cases: dict[str, int] = {}
    for row_number, cells in table.rows:
        if len([c for c in cells[len(table.header) :] if c is not None]):
            # wider than the header (an unquoted comma in a name or address): every value after it
            # would be read in the wrong column; the cells are not kept, they may be identifiers
            result.reject(
                row_number,
                None,
                privacy.REDACTED,
                f"row has more cells than the header's {len(table.header)}: values would shift columns",
            )
            continue
        value = {name: _cell(cells, columns.get(name)) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}

        def reject(field: str, reason: str, row_number: int = row_number, value: dict = value) -> None:
            result.reject(row_number, field, privacy.safe_raw_value(field, value.get(field)), reason)

        case_id = value["id_kasus"]
        if not case_id:
            reject("id_kasus", "empty case id")
            continue
        if not re.fullmatch(CASE_ID_PATTERN, case_id) or not re.search(r"[0-9]", case_id):
            reject(
                "id_kasus",
                "not a case id: a code of letters, digits, /, ., _ or - with a digit and no spaces, "
                "at most 40 characters",
            )
            continue
        if any(re.search(shape, case_id) for shape in CASE_ID_IDENTIFIERS):
            reject("id_kasus", "an identifier (NIK or telepon) was typed in field id_kasus")
            continue
        if case_id in seen_cases:
            reject("id_kasus", f"duplicate case id (first in row {seen_cases[case_id]})")
            continue

        def typed_identifier(field: str, value: dict = value) -> bool:
            kinds = privacy.identifier_kinds(value[field])
            if kinds:
                reject(field, f"an identifier ({', '.join(kinds)}) was typed in field {field}: the row is not loaded")
            return bool(kinds)

        if typed_identifier("tanggal_lapor"):
            continue
        try:
            report_date = parse_id_date(value["tanggal_lapor"])
        except DateParseError as exc:
            reject("tanggal_lapor", f"bad date: {exc}")
            continue
        if report_date is None:
            reject("tanggal_lapor", "empty report date")
            continue
        if typed_identifier("kabupaten_kota"):
            continue
        resolution = context.regions.resolve(value["kabupaten_kota"])
        if resolution.region is None or resolution.region.region_level == "provinsi":
            reject("kabupaten_kota", resolution.problem or "a case must name a kabupaten/kota, not the province")
            continue
        codes = {}
        for field in ("kategori_korban", "jenis_kekerasan", "bentuk_kekerasan", "layanan", "status_kasus"):
            if typed_identifier(field):
                break
            if field in ("layanan", "status_kasus"):
                kept, problem = _judge_optional_code(field, value[field])
                if problem:
                    reject(field, problem)
                    break
                codes[field] = kept
                continue
            code = lists[field].get(code_lists.normalise_label(value[field]))
            if code is None:
                reject(field, f"unknown {field.replace('_', ' ')} {value[field]!r}")
                break
            codes[field] = code
        else:
            pseudonym = None
            if value["nik"]:
                try:
                    pseudonym = privacy.pseudonym(value["nik"], key)
                except privacy.InvalidNik as exc:
                    reject("nik", str(exc))
                    continue
            seen_cases[case_id] = row_number
            result.records.append(
                {
                    "source_row": row_number,
                    "case_id": case_id,
                    "report_date": report_date,
                    "region_kemendagri_code": resolution.region.kemendagri_code,
                    "region_label": value["kabupaten_kota"],
                    "victim_category": codes["kategori_korban"],
                    "jenis_kekerasan": codes["jenis_kekerasan"],
                    "bentuk_published": value["bentuk_kekerasan"],
                    "bentuk_code": codes["bentuk_kekerasan"],
                    "services": codes["layanan"],
                    "case_status": codes["status_kasus"],
                    "victim_pseudonym": pseudonym,
                    "is_synthetic": synthetic,
                    "source_document": context.sidecar.get("document"),
                    "source_table": context.sidecar.get("table"),
                }
            )
    return result
