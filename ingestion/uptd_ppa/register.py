"""UPTD PPA case register: one row per case, as the case-management export delivers it.

Privacy is built in here, before anything is written: the victim's name, phone number and
address are never selected, the NIK becomes a keyed pseudonym (ingestion/core/privacy.py), and a
quarantined row keeps only the offending field's value, redacted when it is an identifier. No
value of a row is ever logged. Without a pseudonymisation key nothing is read.

Privacy is judged by content, not by column name: a clerk may type a phone number into the
regency column or a NIK into the status. So every field that is kept must hold what its contract
says, and nothing else can pass: a case id is a short code (letters, digits, "/", ".", "_", "-",
at least one digit, no NIK or phone shape), every other field is matched to a date format, the
regions or a code list, and a field holding an identifier shape is named as such. A quarantined
row's value and reason are made safe by the pipeline (its shape is kept, never the text).

Each row is checked, and the first failing check is its quarantine reason, in this order: a case
id (see above), not seen before in the file (among rows that pass every other check), a date in
the Indonesian formats, a regency that resolves, a victim category, jenis and bentuk from the code
lists (seeds/reference/korban_kategori.csv, kekerasan_jenis.csv, kekerasan_bentuk.csv), the
services (layanan_uptd.csv, ";"-separated) and the status (status_kasus.csv) when given, a NIK of
16 digits when one is given.

The checks are set-based, so a national register (millions of rows) is read at DuckDB's pace:
the file becomes a DuckDB table (ingestion/core/bulk_read.py); dates, regions and labels are
parsed once per distinct value by the same Python functions every reader uses, and joined; the
pseudonym is HMAC-SHA256 computed in SQL (privacy.hmac_pads).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from ingestion.core import code_lists, privacy
from ingestion.core.bulk_read import read_delivered
from ingestion.core.dates import DateParseError, parse_id_date
from ingestion.core.readers import FileReadError
from ingestion.core.records import RelationResult

REQUIRED_COLUMNS = (
    "id_kasus",
    "tanggal_lapor",
    "kabupaten_kota",
    "kategori_korban",
    "jenis_kekerasan",
    "bentuk_kekerasan",
)
OPTIONAL_COLUMNS = ("layanan", "status_kasus", "nik", "nama_korban", "no_hp", "alamat")
CODED_FIELDS = ("kategori_korban", "jenis_kekerasan", "bentuk_kekerasan")
#: optional fields that, when filled, must hold codes
OPTIONAL_CODED_FIELDS = ("layanan", "status_kasus")
CHECKED_FIELDS = ("tanggal_lapor", "kabupaten_kota", *CODED_FIELDS, *OPTIONAL_CODED_FIELDS)
#: a case id: a short code with a digit, nothing a name, an address or a phone number could be
CASE_ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9/._\-]{0,39}"
#: identifier shapes a case id is checked for in SQL (RE2; the other fields use privacy.identifier_kinds)
CASE_ID_IDENTIFIERS = (
    r"(^|[^0-9])(1[1-9]|21|3[1-6]|5[1-3]|6[1-5]|7[1-6]|8[12]|9[1-6])([.\-]?[0-9]){14}([^0-9]|$)",  # NIK
    r"(^|[^0-9])(62|0)[.\-]?[2-9][0-9]{1,3}([.\-]?[0-9]){5,10}([^0-9]|$)",  # phone
)
#: what privacy.normalise_nik strips (Python's Unicode \\s, dots, dashes) as an RE2 class
NIK_SEPARATORS = r"[\s\p{Z}\x{85}\x{1c}-\x{1f}.\-]"


def _is_header(cells: list[str]) -> bool:
    """the register header, with an id_kasus column"""
    return "id_kasus" in {c.strip().lower() for c in cells}


@lru_cache(maxsize=1)
def _field_code_lists() -> dict[str, dict[str, str]]:
    """label (normalised) -> code, for kategori, jenis and bentuk."""
    return {
        "kategori_korban": code_lists.victim_categories(),
        "jenis_kekerasan": code_lists.jenis_kekerasan(),
        "bentuk_kekerasan": code_lists.bentuk_kekerasan(),
    }


@lru_cache(maxsize=65536)
def _judge(field: str, text: str, regions) -> tuple[str | None, str | None]:
    """(value, problem) of one distinct text of a checked field: the parsed date, the region's
    code or the label's code, or why there is none. Cached: a register repeats the same few
    thousand dates, regions and labels in every file."""
    kinds = privacy.identifier_kinds(text)
    if kinds:
        return None, f"an identifier ({', '.join(kinds)}) was typed in field {field}: the row is not loaded"
    if field in OPTIONAL_CODED_FIELDS:
        return _judge_optional_code(field, text)
    if field == "tanggal_lapor":
        try:
            parsed = parse_id_date(text)
        except DateParseError as exc:
            return None, f"bad date: {exc}"
        return (parsed.isoformat(), None) if parsed is not None else (None, "empty report date")
    if field == "kabupaten_kota":
        resolution = regions.resolve(text)
        if resolution.region is None or resolution.region.region_level == "provinsi":
            return None, resolution.problem or "a case must name a kabupaten/kota, not the province"
        return resolution.region.kemendagri_code, None
    code = _field_code_lists()[field].get(code_lists.normalise_label(text))
    return code, None if code else f"unknown {field.replace('_', ' ')} {text!r}"


def _judge_optional_code(field: str, text: str) -> tuple[str | None, str | None]:
    """Services ("a;b;c", each a service of layanan_uptd.csv) or a status (status_kasus.csv); an
    empty field is allowed. The value kept is the labels as delivered, trimmed."""
    if field == "layanan":
        labels = [label.strip() for label in text.split(";") if label.strip()]
        known = code_lists.services()
        unknown = [label for label in labels if code_lists.normalise_label(label) not in known]
        if unknown:
            return None, f"{len(unknown)} service(s) not in the code list layanan_uptd.csv"
        return ";".join(labels) or None, None
    if not text:
        return None, None
    code = code_lists.case_statuses().get(code_lists.normalise_label(text))
    return (text, None) if code else (None, "case status not in the code list status_kasus.csv")


def _lookup(con: duckdb.DuckDBPyConnection, table: str, regions) -> pd.DataFrame:
    """Every distinct text of the checked fields (one scan), judged once each."""
    union = " union all ".join(f"select distinct '{f}' as field, {f} as text from {table}" for f in CHECKED_FIELDS)
    rows = [(field, text, *_judge(field, text, regions)) for field, text in con.execute(union).fetchall()]
    return pd.DataFrame(rows, columns=["field", "text", "value", "problem"], dtype="object")


def read(path: Path, context) -> RelationResult:
    key = privacy.load_key()  # refuses (PseudonymKeyMissing) before anything is read
    # one thread: the pipeline reads two files at a time (the registry's ingest_workers); no temp
    # directory: these tables still hold names and NIKs, which must never be spilled to disk
    con = duckdb.connect(config={"threads": 1, "temp_directory": ""})
    try:
        return _checked(con, path, context, key)
    except BaseException:
        con.close()
        raise


def _checked(con: duckdb.DuckDBPyConnection, path: Path, context, key: bytes) -> RelationResult:
    """Records and quarantine of one register file, as relations on `con`."""
    delivered = read_delivered(con, path, _is_header)
    missing = [name for name in REQUIRED_COLUMNS if name not in delivered.columns]
    if missing:
        raise FileReadError(path, f"missing column(s) {', '.join(missing)} in the header (row {delivered.header_row})")
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    warnings = [
        f"{path.name}: column {name!r} is not part of the register contract, ignored"
        for name in delivered.header
        if not name.startswith("_column_") and name not in known
    ]

    cell = delivered.column
    trimmed = {f: cell(f) for f in (*REQUIRED_COLUMNS, "layanan", "status_kasus", "nik")}
    con.execute(
        f"create temp table cases as select source_row, "
        f"{', '.join(f'{sql} as {f}' for f, sql in trimmed.items())} from {delivered.name}"
    )
    con.register("lookup_frame", _lookup(con, "cases", context.regions))
    con.execute("create temp table lookup as select * from lookup_frame")
    joins = " ".join(f"left join lookup as l_{f} on l_{f}.field = '{f}' and l_{f}.text = c.{f}" for f in CHECKED_FIELDS)
    # the first failing check, in the documented order; raw values are the field's text only
    local_checks = " ".join(
        f"when l_{f}.problem is not null then struct_pack(field := '{f}', raw := c.{f}, reason := l_{f}.problem)"
        for f in CHECKED_FIELDS
    )
    ipad, opad = privacy.hmac_pads(key)
    con.execute(
        f"""
        create temp table judged as
        with checked as (
            select c.source_row, c.id_kasus, c.kabupaten_kota, l_layanan.value as layanan,
                l_status_kasus.value as status_kasus, c.bentuk_kekerasan,
                l_tanggal_lapor.value::DATE as report_date, l_kabupaten_kota.value as region_code,
                l_kategori_korban.value as victim_category, l_jenis_kekerasan.value as jenis_code,
                l_bentuk_kekerasan.value as bentuk_code, c.nik,
                case {local_checks}
                     when c.nik <> '' and not regexp_full_match(c.nik, '[0-9]{{16}}')
                          and not regexp_full_match(regexp_replace(c.nik, '{NIK_SEPARATORS}', '', 'g'), '[0-9]{{16}}')
                     then struct_pack(field := 'nik', raw := '{privacy.REDACTED}',
                                      reason := '{privacy.INVALID_NIK_REASON}')
                end as local_problem
            from cases c {joins}
        ), judged as (
            select *,
                -- a case id is a duplicate when an earlier row with it passed every other check
                min(source_row) filter (where id_kasus <> '' and local_problem is null)
                    over (partition by id_kasus) as first_row
            from checked
        )
        select * exclude (local_problem, first_row),
            case
                when id_kasus = '' then struct_pack(field := 'id_kasus', raw := '', reason := 'empty case id')
                when not regexp_full_match(id_kasus, $case_id_pattern) or not regexp_matches(id_kasus, '[0-9]')
                    then struct_pack(field := 'id_kasus', raw := id_kasus, reason :=
                        'not a case id: a code of letters, digits, /, ., _ or - with a digit and no spaces, '
                        || 'at most 40 characters')
                when regexp_matches(id_kasus, $nik_shape) or regexp_matches(id_kasus, $phone_shape)
                    then struct_pack(field := 'id_kasus', raw := id_kasus,
                                     reason := 'an identifier (NIK or telepon) was typed in field id_kasus')
                when first_row < source_row then struct_pack(field := 'id_kasus', raw := id_kasus,
                    reason := 'duplicate case id (first in row ' || first_row || ')')
                else local_problem end as problem
        from judged""",
        {
            "case_id_pattern": CASE_ID_PATTERN,
            "nik_shape": CASE_ID_IDENTIFIERS[0],
            "phone_shape": CASE_ID_IDENTIFIERS[1],
        },
    )
    sidecar = context.sidecar
    records = con.query(
        f"""
        select source_row, id_kasus as case_id, report_date, region_code as region_kemendagri_code,
            kabupaten_kota as region_label, victim_category, jenis_code as jenis_kekerasan,
            bentuk_kekerasan as bentuk_published, bentuk_code,
            nullif(array_to_string(list_filter(list_transform(string_split(layanan, ';'), lambda s: trim(s)),
                                               lambda s: s <> ''), ';'), '') as services,
            nullif(status_kasus, '') as case_status,
            case when nik = '' then null
                 else 'psn_' || left(sha256($opad || unhex(sha256($ipad || encode(
                     regexp_replace(nik, '{NIK_SEPARATORS}', '', 'g'))))), 32) end as victim_pseudonym,
            $synthetic as is_synthetic, $document as source_document, $table as source_table
        from judged where problem is null order by source_row""",
        params={
            "ipad": ipad,
            "opad": opad,
            "synthetic": bool(sidecar.get("synthetic")),
            "document": sidecar.get("document"),
            "table": sidecar.get("table"),
        },
    )
    quarantine = con.query(
        "select source_row, problem.field as source_field, problem.raw as raw_value, "
        "problem.reason as reason from judged where problem is not null order by source_row"
    )
    return RelationResult(
        con,
        records,
        quarantine,
        extra_quarantine=delivered.rejects,
        encoding=delivered.encoding,
        warnings=delivered.warnings + warnings,
    )
