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

Two layouts are read. The SIMFONI PPA layout (issue 19) adds the breakdowns SIMFONI PPA records:
tanggal_kejadian, tempat_kejadian, umur_korban, kelompok_umur_korban, jenis_kelamin_korban,
disabilitas_korban (ya/tidak), hubungan_pelaku, jenis_kelamin_pelaku, kelompok_umur_pelaku,
saluran_pengaduan, each optional per case (an empty cell is NULL). A file with none of those
columns is in the old layout ('lama'): it loads with those fields NULL, and its registry entry
warns which SIMFONI fields it lacks (so does a SIMFONI file missing some of them). Free text a
clerk types (keterangan, kronologi: privacy.DROPPED_FREE_TEXT) is never read, like the names.

Each row is checked, and the first failing check is its quarantine reason, in this order: a case
id (see above), not seen before in the file (among rows that pass every other check), a date in
the Indonesian formats, a regency that resolves, a victim category, jenis and bentuk from the code
lists (seeds/reference/korban_kategori.csv, kekerasan_jenis.csv, kekerasan_bentuk.csv), the
services (layanan_uptd.csv, ";"-separated) and the status (status_kasus.csv) when given, then
each SIMFONI field when given (the incident date a date; the age a whole number of years, "15",
"15 tahun", or of months, "8 bulan"; disabilitas ya or tidak; the others from tempat_kejadian.csv,
kelompok_umur.csv, jenis_kelamin.csv, hubungan_pelaku.csv, saluran_pengaduan.csv), then the
fields together: an incident date after the report date or after today (in Indonesia's last time
zone), an age outside the age group given, and last a NIK of 16 digits when one is given. The age
group is the one given, or else the one of the age.

The checks are set-based, so a national register (millions of rows) is read at DuckDB's pace:
the file becomes a DuckDB table (ingestion/core/bulk_read.py); dates, regions and labels are
parsed once per distinct value by the same Python functions every reader uses, and joined; the
pseudonym is HMAC-SHA256 computed in SQL (privacy.hmac_pads).
"""

from __future__ import annotations

import datetime as dt
import re
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
#: the SIMFONI PPA breakdowns of a case (issue 19); a file with none of them is in the old layout
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
#: columns of the contract that are never read: identities and the clerk's free text
DROPPED_COLUMNS = ("nama_korban", "no_hp", "alamat", "nama_pelaku", *sorted(privacy.DROPPED_FREE_TEXT))
OPTIONAL_COLUMNS = ("layanan", "status_kasus", "nik", *SIMFONI_COLUMNS, *DROPPED_COLUMNS)
CODED_FIELDS = ("kategori_korban", "jenis_kekerasan", "bentuk_kekerasan")
#: optional fields that, when filled, must hold codes
OPTIONAL_CODED_FIELDS = ("layanan", "status_kasus")
CHECKED_FIELDS = ("tanggal_lapor", "kabupaten_kota", *CODED_FIELDS, *OPTIONAL_CODED_FIELDS, *SIMFONI_COLUMNS)
#: SIMFONI fields coded by a seed of seeds/reference: field -> seed file
SIMFONI_CODE_LISTS = {
    "tempat_kejadian": "tempat_kejadian.csv",
    "kelompok_umur_korban": "kelompok_umur.csv",
    "jenis_kelamin_korban": "jenis_kelamin.csv",
    "hubungan_pelaku": "hubungan_pelaku.csv",
    "jenis_kelamin_pelaku": "jenis_kelamin.csv",
    "kelompok_umur_pelaku": "kelompok_umur.csv",
    "saluran_pengaduan": "saluran_pengaduan.csv",
}
#: disabilitas_korban as clerks write it (normalised) -> whether the victim has a disability
DISABILITY = {"ya": True, "y": True, "ada": True, "tidak": False, "t": False, "tdk": False, "tidak ada": False}
#: an age as typed: years ("15", "15 tahun", "15 thn") or, for a baby, months ("8 bulan")
AGE_YEARS = re.compile(r"(\d{1,3})(?: ?(?:tahun|thn|th)\.?)?")
AGE_MONTHS = re.compile(r"(\d{1,4}) ?(?:bulan|bln)\.?")
MAX_AGE = 120
#: Indonesia's last time zone (WIT, UTC+9): an incident date after its today is in the future everywhere
LATEST_TIME_ZONE = dt.timezone(dt.timedelta(hours=9))
#: a case id: a short code with a digit, nothing a name, an address or a phone number could be
CASE_ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9/._\-]{0,39}"
#: identifier shapes a case id is checked for in SQL (RE2; the other fields use privacy.identifier_kinds)
CASE_ID_IDENTIFIERS = (
    r"(^|[^0-9])(1[1-9]|21|3[1-6]|5[1-3]|6[1-5]|7[1-6]|8[12]|9[1-6])([.\-]?[0-9]){14}([^0-9]|$)",  # NIK
    r"(^|[^0-9])(62|0)[.\-]?[2-9][0-9]{1,3}([.\-]?[0-9]){5,10}([^0-9]|$)",  # phone
)
INCIDENT_AFTER_REPORT = "incident date after the report date: tanggal_kejadian is later than tanggal_lapor"
INCIDENT_IN_FUTURE = "incident date in the future: tanggal_kejadian is later than today"
AGE_NOT_IN_GROUP = "umur_korban contradicts kelompok_umur_korban: the age is not in the age group given"
#: what privacy.normalise_nik strips (Python's Unicode \\s, dots, dashes) as an RE2 class
NIK_SEPARATORS = r"[\s\p{Z}\x{85}\x{1c}-\x{1f}.\-]"


def _is_header(cells: list[str]) -> bool:
    """the register header, with an id_kasus column"""
    return "id_kasus" in {c.strip().lower() for c in cells}


@lru_cache(maxsize=1)
def _field_code_lists() -> dict[str, dict[str, str]]:
    """label (normalised) -> code, for kategori, jenis and bentuk and the coded SIMFONI fields."""
    simfoni = {
        "tempat_kejadian.csv": code_lists.places(),
        "kelompok_umur.csv": code_lists.age_groups(),
        "jenis_kelamin.csv": code_lists.sexes(),
        "hubungan_pelaku.csv": code_lists.perpetrator_relations(),
        "saluran_pengaduan.csv": code_lists.reporting_channels(),
    }
    return {
        "kategori_korban": code_lists.victim_categories(),
        "jenis_kekerasan": code_lists.jenis_kekerasan(),
        "bentuk_kekerasan": code_lists.bentuk_kekerasan(),
        **{field: simfoni[seed] for field, seed in SIMFONI_CODE_LISTS.items()},
    }


def today() -> dt.date:
    """Today's date in Indonesia's last time zone: an incident after it has not happened anywhere."""
    return dt.datetime.now(LATEST_TIME_ZONE).date()


def parse_age(text: str) -> int | None:
    """Completed years of an age as typed ("15", "15 tahun", "8 bulan" -> 0); None when empty;
    ValueError when it is not an age (the message quotes no value)."""
    value = code_lists.normalise_label(text)
    if not value:
        return None
    if match := AGE_YEARS.fullmatch(value):
        age = int(match.group(1))
    elif match := AGE_MONTHS.fullmatch(value):
        age = int(match.group(1)) // 12
    else:
        raise ValueError("not an age: whole years (15, 15 tahun) or months (8 bulan)")
    if age > MAX_AGE:
        raise ValueError(f"not an age: more than {MAX_AGE} years")
    return age


def age_group(age: int) -> str:
    """The SIMFONI PPA age group (kelompok_umur.csv) of an age in completed years."""
    for code, first, last in code_lists.age_group_ranges():
        if age >= first and (last is None or age <= last):
            return code
    raise ValueError(f"no age group of kelompok_umur.csv holds age {age}")


def service_codes(text: str) -> str | None:
    """The service types (jenis_layanan_code) of a services cell whose labels are all known:
    sorted, each once, ";"-separated; None when the cell names no service."""
    types = code_lists.service_types()
    labels = [code_lists.normalise_label(label) for label in text.split(";") if label.strip()]
    return ";".join(sorted({types[label] for label in labels})) or None


def _judge_simfoni(field: str, text: str) -> tuple[str | None, str | None, str | None]:
    """(value, problem, derived) of a SIMFONI field's text: an empty cell is no value and no
    problem. The age's derived value is its age group."""
    if not text:
        return None, None, None
    if field == "tanggal_kejadian":
        try:
            parsed = parse_id_date(text)
        except DateParseError as exc:
            return None, f"bad incident date: {exc}", None
        return (parsed.isoformat() if parsed else None), None, None
    if field == "umur_korban":
        try:
            age = parse_age(text)
        except ValueError as exc:
            return None, f"umur_korban is {exc}", None
        return (None, None, None) if age is None else (str(age), None, age_group(age))
    if field == "disabilitas_korban":
        answer = DISABILITY.get(code_lists.normalise_label(text))
        if answer is None:
            return None, "disabilitas_korban is not ya or tidak", None
        return str(answer).lower(), None, None
    code = _field_code_lists()[field].get(code_lists.normalise_label(text))
    if code is None:
        return None, f"unknown {field.replace('_', ' ')}: not in the code list {SIMFONI_CODE_LISTS[field]}", None
    return code, None, None


@lru_cache(maxsize=65536)
def _judge(field: str, text: str, regions) -> tuple[str | None, str | None, str | None]:
    """(value, problem, derived) of one distinct text of a checked field: the parsed date, the
    region's code or the label's code, or why there is none; `derived` is what a value implies
    (the service types of the services, the age group of an age). Cached: a register repeats the
    same few thousand dates, regions and labels in every file."""
    kinds = privacy.identifier_kinds(text)
    if kinds:
        return None, f"an identifier ({', '.join(kinds)}) was typed in field {field}: the row is not loaded", None
    if field in SIMFONI_COLUMNS:
        return _judge_simfoni(field, text)
    if field in OPTIONAL_CODED_FIELDS:
        value, problem = _judge_optional_code(field, text)
        return value, problem, service_codes(text) if field == "layanan" and problem is None else None
    return (*_judge_required(field, text, regions), None)


def _judge_required(field: str, text: str, regions) -> tuple[str | None, str | None]:
    """(value, problem) of a field every case must fill: the report date, the regency, the codes."""
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
    return pd.DataFrame(rows, columns=["field", "text", "value", "problem", "derived"], dtype="object")


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


def _layout(path: Path, columns: list[str]) -> tuple[str, list[str]]:
    """The register layout ('simfoni' or 'lama') and the warning naming the SIMFONI fields the
    file lacks (their values are NULL for every case of the file)."""
    missing = [name for name in SIMFONI_COLUMNS if name not in columns]
    if len(missing) == len(SIMFONI_COLUMNS):
        return "lama", [
            f"{path.name}: old register layout, without the SIMFONI PPA fields {', '.join(missing)}: "
            "they are empty (NULL) for every case of the file"
        ]
    if missing:
        return "simfoni", [
            f"{path.name}: SIMFONI PPA layout without the field(s) {', '.join(missing)}: "
            "empty (NULL) for every case of the file"
        ]
    return "simfoni", []


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
    layout, layout_warnings = _layout(path, delivered.columns)

    cell = delivered.column
    trimmed = {f: cell(f) for f in (*REQUIRED_COLUMNS, "layanan", "status_kasus", *SIMFONI_COLUMNS, "nik")}
    con.execute(
        f"create temp table cases as select source_row, "
        f"{', '.join(f'{sql} as {f}' for f, sql in trimmed.items())} from {delivered.name}"
    )
    con.register("lookup_frame", _lookup(con, "cases", context.regions))
    con.execute(
        "create temp table lookup as select field::VARCHAR as field, text::VARCHAR as text, "
        "value::VARCHAR as value, problem::VARCHAR as problem, derived::VARCHAR as derived from lookup_frame"
    )
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
                l_tanggal_kejadian.value::DATE as incident_date,
                l_tempat_kejadian.value as place_code,
                l_umur_korban.value::INTEGER as victim_age,
                coalesce(l_kelompok_umur_korban.value, l_umur_korban.derived) as victim_age_group,
                l_jenis_kelamin_korban.value as victim_sex,
                l_disabilitas_korban.value::BOOLEAN as victim_disability,
                l_hubungan_pelaku.value as perpetrator_relation_code,
                l_jenis_kelamin_pelaku.value as perpetrator_sex,
                l_kelompok_umur_pelaku.value as perpetrator_age_group,
                l_saluran_pengaduan.value as reporting_channel_code,
                l_layanan.derived as service_codes,
                case {local_checks}
                     when l_tanggal_kejadian.value::DATE > l_tanggal_lapor.value::DATE
                     then struct_pack(field := 'tanggal_kejadian', raw := c.tanggal_kejadian,
                                      reason := '{INCIDENT_AFTER_REPORT}')
                     when l_tanggal_kejadian.value::DATE > $today
                     then struct_pack(field := 'tanggal_kejadian', raw := c.tanggal_kejadian,
                                      reason := '{INCIDENT_IN_FUTURE}')
                     when l_umur_korban.derived <> l_kelompok_umur_korban.value
                     then struct_pack(field := 'umur_korban', raw := c.umur_korban, reason := '{AGE_NOT_IN_GROUP}')
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
            "today": today(),
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
            incident_date, place_code, victim_age, victim_age_group, victim_sex, victim_disability,
            perpetrator_relation_code, perpetrator_sex, perpetrator_age_group, reporting_channel_code,
            service_codes, $layout as register_layout,
            case when nik = '' then null
                 else 'psn_' || left(sha256($opad || unhex(sha256($ipad || encode(
                     regexp_replace(nik, '{NIK_SEPARATORS}', '', 'g'))))), 32) end as victim_pseudonym,
            $synthetic as is_synthetic, $document as source_document, $table as source_table
        from judged where problem is null order by source_row""",
        params={
            "ipad": ipad,
            "opad": opad,
            "layout": layout,
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
        warnings=delivered.warnings + layout_warnings + warnings,
    )
