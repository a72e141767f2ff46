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

Extended for issue 19 (the SIMFONI PPA layout) row by row, in the order the set-based reader
documents: each SIMFONI field when given, then an incident after the report or after today, an
age outside the age group given, then the NIK.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingestion.core import code_lists, privacy
from ingestion.core.dates import DateParseError, parse_id_date
from ingestion.core.readers import FileReadError, read_table
from ingestion.core.records import ReadResult
from ingestion.uptd_ppa.register import (
    AGE_NOT_IN_GROUP,
    CASE_ID_IDENTIFIERS,
    CASE_ID_PATTERN,
    DISABILITY,
    INCIDENT_AFTER_REPORT,
    INCIDENT_IN_FUTURE,
    SIMFONI_CODE_LISTS,
    _judge_optional_code,
    age_group,
    parse_age,
    service_codes,
    today,
)

REQUIRED_COLUMNS = (
    "id_kasus",
    "tanggal_lapor",
    "kabupaten_kota",
    "kategori_korban",
    "jenis_kekerasan",
    "bentuk_kekerasan",
)
SIMFONI_COLUMNS = (
    "tanggal_kejadian",
    "tempat_kejadian",
    "umur_korban",
    "kelompok_umur_korban",
    "jenis_kelamin_korban",
    "disabilitas_korban",
    "hubungan_pelaku",
    "jenis_kelamin_pelaku",
    "kelompok_umur_pelaku",
    "saluran_pengaduan",
)
DROPPED_COLUMNS = (
    "nama_korban",
    "no_hp",
    "alamat",
    "nama_pelaku",
    "keterangan",
    "kronologi",
    "kronologi_kejadian",
    "kronologis",
)
OPTIONAL_COLUMNS = ("layanan", "status_kasus", "nik", *SIMFONI_COLUMNS, *DROPPED_COLUMNS)
SIMFONI_LISTS = {
    "tempat_kejadian.csv": code_lists.places,
    "kelompok_umur.csv": code_lists.age_groups,
    "jenis_kelamin.csv": code_lists.sexes,
    "hubungan_pelaku.csv": code_lists.perpetrator_relations,
    "saluran_pengaduan.csv": code_lists.reporting_channels,
}


def _simfoni_value(field: str, text: str) -> tuple[object, str | None]:
    """(value, problem) of a SIMFONI field, row by row: None for an empty cell."""
    if not text:
        return None, None
    if field == "tanggal_kejadian":
        try:
            return parse_id_date(text), None
        except DateParseError as exc:
            return None, f"bad incident date: {exc}"
    if field == "umur_korban":
        try:
            return parse_age(text), None
        except ValueError as exc:
            return None, f"umur_korban is {exc}"
    if field == "disabilitas_korban":
        answer = DISABILITY.get(code_lists.normalise_label(text))
        return (answer, None) if answer is not None else (None, "disabilitas_korban is not ya or tidak")
    seed = SIMFONI_CODE_LISTS[field]
    code = SIMFONI_LISTS[seed]().get(code_lists.normalise_label(text))
    if code is None:
        return None, f"unknown {field.replace('_', ' ')}: not in the code list {seed}"
    return code, None


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
    layout = "simfoni" if any(name in columns for name in SIMFONI_COLUMNS) else "lama"
    missing_simfoni = [name for name in SIMFONI_COLUMNS if name not in columns]
    if len(missing_simfoni) == len(SIMFONI_COLUMNS):
        result.warnings.insert(
            0,
            f"{path.name}: old register layout, without the SIMFONI PPA fields {', '.join(missing_simfoni)}: "
            "they are empty (NULL) for every case of the file",
        )
    elif missing_simfoni:
        result.warnings.insert(
            0,
            f"{path.name}: SIMFONI PPA layout without the field(s) {', '.join(missing_simfoni)}: "
            "empty (NULL) for every case of the file",
        )
    today_ = today()
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
            simfoni: dict = {}
            failed = False
            for field in SIMFONI_COLUMNS:
                if typed_identifier(field):
                    failed = True
                    break
                simfoni[field], problem = _simfoni_value(field, value[field])
                if problem:
                    reject(field, problem)
                    failed = True
                    break
            if failed:
                continue
            incident, age, given_group = (
                simfoni["tanggal_kejadian"],
                simfoni["umur_korban"],
                simfoni["kelompok_umur_korban"],
            )
            if incident is not None and incident > report_date:
                reject("tanggal_kejadian", INCIDENT_AFTER_REPORT)
                continue
            if incident is not None and incident > today_:
                reject("tanggal_kejadian", INCIDENT_IN_FUTURE)
                continue
            if age is not None and given_group is not None and age_group(age) != given_group:
                reject("umur_korban", AGE_NOT_IN_GROUP)
                continue
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
                    "incident_date": incident,
                    "place_code": simfoni["tempat_kejadian"],
                    "victim_age": age,
                    "victim_age_group": given_group or (age_group(age) if age is not None else None),
                    "victim_sex": simfoni["jenis_kelamin_korban"],
                    "victim_disability": simfoni["disabilitas_korban"],
                    "perpetrator_relation_code": simfoni["hubungan_pelaku"],
                    "perpetrator_sex": simfoni["jenis_kelamin_pelaku"],
                    "perpetrator_age_group": simfoni["kelompok_umur_pelaku"],
                    "reporting_channel_code": simfoni["saluran_pengaduan"],
                    "service_codes": service_codes(value["layanan"]),
                    "register_layout": layout,
                    "victim_pseudonym": pseudonym,
                    "is_synthetic": synthetic,
                    "source_document": context.sidecar.get("document"),
                    "source_table": context.sidecar.get("table"),
                }
            )
    return result
