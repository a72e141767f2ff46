"""Privacy canary: no raw victim identifier survives the pipeline, anywhere.

Privacy is judged by content: besides the canary register below (identifiers in their own
columns), the same main-job run carries tests/broken_deliveries.py, whose files put identifiers
into every kind of text field of every source (a phone number in a regency cell, a NIK in a
status, an e-mail in a note, names as case ids). Their canaries are searched for too.

Issue requirement: "No raw identifier is stored in the warehouse, in quarantine rows, in logs or
in dbt docs. A test feeds canary identifiers through the whole pipeline and searches every table,
every file under var/ and the captured logs for them."

A UPTD PPA register carrying distinctive canary identifiers (a name, a NIK, a phone number, an
address nobody would invent by accident) is dropped into the landing zone next to the sample
data, the main job runs end to end (every ingest DAG, dbt build, dbt docs generate, through
Airflow), and then every place the pipeline could have written to is searched for the canaries:
every table and view of the warehouse, every file under the runtime folder (Parquet and SQLite
opened and read as data, everything else byte for byte) and the job's own stdout/stderr.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.e2e  # runs the main job through Airflow (about two minutes)

REPO = Path(__file__).resolve().parents[1]
CANARY_FILE = "canary_register.csv"

#: the SIMFONI PPA layout (issue 19) with the clerk's free-text note (keterangan), which is dropped
HEADER = (
    "id_kasus,tanggal_lapor,kabupaten_kota,kategori_korban,jenis_kekerasan,bentuk_kekerasan,"
    "layanan,status_kasus,tanggal_kejadian,tempat_kejadian,umur_korban,kelompok_umur_korban,"
    "jenis_kelamin_korban,disabilitas_korban,hubungan_pelaku,jenis_kelamin_pelaku,kelompok_umur_pelaku,"
    "saluran_pengaduan,keterangan,nama_korban,nik,no_hp,alamat"
)
CANARY_NAME = "Zakharia Kanarijo"
CANARY_NIK = "5371016101990042"  # 16 digits: a valid NIK, so the rows carrying it load
CANARY_NIK_SPACED = "5371 0161 0199 0042"  # the same NIK as clerks type it (normalised at ingestion)
CANARY_BAD_NIK = "53710161019900X2"  # not a NIK: quarantined on the nik field itself
CANARY_PHONE = "+62 812-7771-2345"
CANARY_ADDRESS = "Jl. Kanari Uji No. 77"
CANARY_EMAIL = "zakharia.kanarijo@contoh-kanari.id"
SERVICES = "pengaduan masyarakat;pengelolaan kasus;pendampingan korban;layanan hukum"
#: the clerk's note: every identifier at once, in free text
CANARY_NOTE = (
    f"korban {CANARY_NAME}, NIK {CANARY_NIK_SPACED}, HP {CANARY_PHONE}, surel {CANARY_EMAIL}, {CANARY_ADDRESS}"
)

#: What must never appear outside the delivered file, matched case-insensitively: each canary
#: as delivered plus the variants a careless transformation could produce (digits only, parts).
NEEDLES = {
    "name": CANARY_NAME,
    "name (surname alone)": "Kanarijo",
    "NIK": CANARY_NIK,
    "NIK (as typed, with spaces)": CANARY_NIK_SPACED,
    "invalid NIK": CANARY_BAD_NIK,
    "phone": CANARY_PHONE,
    "phone (without country code)": "812-7771-2345",
    "phone (digits only)": "81277712345",  # also inside 6281277712345 and 081277712345
    "address": CANARY_ADDRESS,
    "address (street)": "Kanari Uji",
    "e-mail": CANARY_EMAIL,
    "e-mail (domain)": "contoh-kanari.id",
}
from broken_deliveries import NEEDLES as BROKEN_DELIVERY_NEEDLES  # noqa: E402 (after the canaries it extends)

NEEDLES.update({f"broken delivery {label}": needle for label, needle in BROKEN_DELIVERY_NEEDLES.items()})
LOWER_NEEDLES = {label: needle.lower() for label, needle in NEEDLES.items()}


def row(
    case_id: str,
    date: str = "05-03-2023",
    regency: str = "Kota Kupang",
    nik: str = CANARY_NIK,
    category: str = "perempuan dewasa",
    jenis: str = "KtP",
    bentuk: str = "Psikis",
    **simfoni: str,
) -> str:
    fields = {
        "tanggal_kejadian": "01-03-2023",
        "tempat_kejadian": "Rumah tangga",
        "umur_korban": "30",
        "kelompok_umur_korban": "25-44 tahun",
        "jenis_kelamin_korban": "Perempuan",
        "disabilitas_korban": "tidak",
        "hubungan_pelaku": "Pacar atau teman",
        "jenis_kelamin_pelaku": "Laki-laki",
        "kelompok_umur_pelaku": "25-44 tahun",
        "saluran_pengaduan": "Online/aplikasi",
        "keterangan": CANARY_NOTE,
    } | simfoni
    cells = ",".join(f'"{value}"' for value in fields.values())
    return (
        f"{case_id},{date},{regency},{category},{jenis},{bentuk},{SERVICES},selesai,{cells},"
        f'{CANARY_NAME},{nik},{CANARY_PHONE},"{CANARY_ADDRESS}"'
    )


#: Case ids outside the sample register's UPTD-2023-xxxx, dates in 2023 (the sidecar's period).
LOADED_CASES = ("CANARY-001", "CANARY-002", "CANARY-003")
CANARY_LINES = [
    "REGISTER KASUS UPTD PPA - UJI KANARI (data uji, bukan data korban)",
    HEADER,
    # loaded: the same victim three times (repeat victimisation is counted through the pseudonym)
    row("CANARY-001"),
    row("CANARY-002", date="14-06-2023", nik=CANARY_NIK_SPACED, jenis="KDRT", bentuk="Fisik"),
    row("CANARY-003", date="20 September 2023", regency="Kabupaten Kupang"),
    # quarantined: the offending field is itself an identifier
    row("CANARY-004", date="02-04-2023", nik=CANARY_BAD_NIK),
    # quarantined on a non-identifier field, the row still carrying every canary identifier
    row("CANARY-005", date="31-02-2023"),  # no such date
    row("CANARY-006", regency="Atlantis"),  # unknown regency
    row("CANARY-007", bentuk="Sihir"),  # unknown bentuk kekerasan
    row("CANARY-001", date="07-07-2023"),  # duplicate case id
    # identifiers typed into the SIMFONI PPA fields (the note, keterangan, carries them all in every row)
    row("CANARY-008", tempat_kejadian=f"rumah {CANARY_NIK}"),
    row("CANARY-009", hubungan_pelaku=CANARY_PHONE),
    row("CANARY-010", saluran_pengaduan=CANARY_EMAIL),
    row("CANARY-011", umur_korban=CANARY_NAME),
    row("CANARY-012", jenis_kelamin_pelaku=CANARY_ADDRESS),
    row("CANARY-013", tanggal_kejadian=CANARY_NIK_SPACED),
]
QUARANTINED_FIELDS = {
    "nik",
    "tanggal_lapor",
    "kabupaten_kota",
    "bentuk_kekerasan",
    "id_kasus",
    "tempat_kejadian",
    "hubungan_pelaku",
    "saluran_pengaduan",
    "umur_korban",
    "jenis_kelamin_pelaku",
    "tanggal_kejadian",
}
SIDECAR = {
    "producer": "ntt-dw privacy canary test",
    "document": "Register uji kanari",
    "table": "register",
    "synthetic": True,
    "period_start": "2023-01-01",
    "period_end": "2023-12-31",
}


@dataclass
class CanaryRun:
    home: Path
    stdout: str
    stderr: str

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse" / "ntt_dw.duckdb"

    def excluded(self, path: Path) -> bool:
        """Files the search may skip, and why:
        - <home>/landing/...: the landing zone holds the delivered files themselves (our canary
          register, byte for byte as the unit sent it, plus the sample extracts); it is the input,
          not something the pipeline stored;
        - <home>/secrets/...: the demo pseudonymisation key, which holds no data.
        Nothing else is excluded."""
        relative = path.relative_to(self.home).parts
        return relative[0] in ("landing", "secrets")


def found_in(text: str) -> list[str]:
    lowered = text.lower()
    return [label for label, needle in LOWER_NEEDLES.items() if needle in lowered]


def search_relation(con: duckdb.DuckDBPyConnection, query: str, where: str) -> dict[str, list[str]]:
    """Every canary found in any column of the query's rows: {label: ["<where>.<column>", ...]}."""
    relation = con.sql(query)
    columns = relation.columns
    hits: dict[str, set[str]] = {}
    for values in relation.fetchall():
        for column, value in zip(columns, values, strict=True):
            if value is None:
                continue
            for label in found_in(str(value)):
                hits.setdefault(label, set()).add(f"{where}.{column}")
    return {label: sorted(places) for label, places in hits.items()}


def merge(into: dict[str, list[str]], hits: dict[str, list[str]]) -> None:
    for label, places in hits.items():
        into.setdefault(label, []).extend(places)


def search_duckdb_database(path: Path) -> tuple[dict[str, list[str]], list[str]]:
    """Every column of every table and view of every schema, cast to text.
    Returns (hits, objects searched)."""
    hits: dict[str, list[str]] = {}
    searched = []
    with duckdb.connect(str(path), read_only=True) as con:
        objects = con.execute("""select table_catalog, table_schema, table_name from information_schema.tables
                                 where table_catalog = current_database() order by 2, 3""").fetchall()
        for catalog, schema, table in objects:
            name = f'"{catalog}"."{schema}"."{table}"'
            merge(hits, search_relation(con, f"select * from {name}", f"{path.name}:{schema}.{table}"))
            searched.append(f"{schema}.{table}")
    return hits, searched


def search_parquet(path: Path) -> dict[str, list[str]]:
    """Parquet pages are compressed (and dictionary-encoded): read the values, do not grep bytes."""
    with duckdb.connect() as con:
        return search_relation(con, f"select * from read_parquet('{path}')", str(path))


def search_sqlite(path: Path) -> dict[str, list[str]]:
    """SQLite (the Airflow metadata DB) splits long values over overflow pages: read the values."""
    hits: dict[str, list[str]] = {}
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [t for (t,) in con.execute("select name from sqlite_master where type = 'table'")]
        for table in tables:
            cursor = con.execute(f'select * from "{table}"')
            columns = [d[0] for d in cursor.description]
            for values in cursor:
                for column, value in zip(columns, values, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, bytes):
                        text = value.decode("utf-8", "replace")
                        try:
                            text += gzip.decompress(value).decode("utf-8", "replace")
                        except (OSError, EOFError):
                            pass
                    else:
                        text = str(value)
                    for label in found_in(text):
                        place = f"{path}:{table}.{column}"
                        if place not in hits.get(label, []):
                            hits.setdefault(label, []).append(place)
    finally:
        con.close()
    return hits


def search_bytes(path: Path, data: bytes) -> dict[str, list[str]]:
    lowered = data.lower()  # ASCII case folding; the canaries are ASCII
    return {label: [str(path)] for label, needle in LOWER_NEEDLES.items() if needle.encode("utf-8") in lowered}


def report(hits: dict[str, list[str]]) -> str:
    return "raw identifiers found:\n" + "\n".join(
        f"  {label} ({NEEDLES[label]!r}) in:\n" + "\n".join(f"    {place}" for place in places)
        for label, places in sorted(hits.items())
    )


def drop_canary_register(landing: Path) -> None:
    folder = landing / "uptd_ppa"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CANARY_FILE).write_text("\n".join(CANARY_LINES) + "\n", encoding="utf-8")
    (folder / f"{CANARY_FILE}.meta.json").write_text(json.dumps(SIDECAR, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def canary_run(broken_delivery_run) -> CanaryRun:
    """The main job's run over the canary register, the broken deliveries and the sample data
    (tests/conftest.py broken_delivery_run: one run, shared with tests/test_broken_deliveries.py)."""
    return CanaryRun(
        home=broken_delivery_run.home, stdout=broken_delivery_run.stdout, stderr=broken_delivery_run.stderr
    )


def test_canary_rows_were_processed(canary_run):
    """Without this, the searches below could pass because the canary never entered the pipeline."""
    with duckdb.connect(str(canary_run.warehouse), read_only=True) as con:
        loaded = con.execute(
            """select case_id, victim_pseudonym from staging.stg_uptd_ppa__cases
                                where source_file = ? order by case_id""",
            [CANARY_FILE],
        ).fetchall()
        quarantined = con.execute(
            """select split_part(record_key, 'field=', 2) as field, observed_value
                                     from marts.dq_findings
                                     where check_name = 'ingestion_quarantine'
                                       and record_key like 'file=' || ? || '|%'""",
            [CANARY_FILE],
        ).fetchall()
    assert [case_id for case_id, _ in loaded] == list(LOADED_CASES)
    # the canary NIK (typed with and without spaces) ties the three cases to one pseudonymised victim
    pseudonyms = {pseudonym for _, pseudonym in loaded}
    assert len(pseudonyms) == 1 and next(iter(pseudonyms)).startswith("psn_"), pseudonyms
    assert {field for field, _ in quarantined} == QUARANTINED_FIELDS, quarantined
    assert dict(quarantined)["nik"] == "[disamarkan]"


def test_the_searches_find_canaries_where_they_are(canary_run, tmp_path):
    """Positive control: the searchers do find the canaries in the delivered file (byte search)
    and in Parquet, SQLite and DuckDB files holding them (value search), case-insensitively."""
    delivered = canary_run.home / "landing" / "uptd_ppa" / CANARY_FILE
    assert canary_run.excluded(delivered)
    register_needles = {label for label in NEEDLES if not label.startswith("broken delivery")}
    found = set(search_bytes(delivered, delivered.read_bytes())) & register_needles
    assert found == register_needles - {"phone (digits only)"}
    # the broken deliveries carry their canaries in the landing zone (so the searches below can fail)
    landed: dict[str, list[str]] = {}
    for path in (canary_run.home / "landing").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            merge(landed, search_bytes(path, data))
            if data.startswith((b"\xff\xfe", b"\xfe\xff")):
                merge(landed, search_bytes(path, data.decode("utf-16").encode("utf-8")))
    broken = {label for label in NEEDLES if label.startswith("broken delivery")}
    digits_only = {
        "broken delivery phone (digits)",
        "broken delivery phone (local digits)",
        "broken delivery NIK (dotted, as digits)",
    }  # typed with separators, searched in case they are stripped
    assert broken - digits_only <= set(landed), sorted(broken - digits_only - set(landed))
    values = [CANARY_NAME.upper(), CANARY_NIK, CANARY_BAD_NIK, "6281277712345", CANARY_ADDRESS, CANARY_EMAIL]
    with duckdb.connect(str(tmp_path / "control.duckdb")) as con:
        con.execute("create schema s")
        con.execute("create table s.t as select unnest(?::varchar[]) as v", [values])
        con.execute(f"copy s.t to '{tmp_path / 'control.parquet'}' (format parquet, compression zstd)")
    with sqlite3.connect(tmp_path / "control.db") as con:
        con.execute("create table t (v text)")
        con.executemany("insert into t values (?)", [(v,) for v in values])
    expected = {
        "name",
        "name (surname alone)",
        "NIK",
        "invalid NIK",
        "phone (digits only)",
        "address",
        "address (street)",
        "e-mail",
        "e-mail (domain)",
    }
    assert set(search_parquet(tmp_path / "control.parquet")) == expected
    assert set(search_sqlite(tmp_path / "control.db")) == expected
    assert set(search_duckdb_database(tmp_path / "control.duckdb")[0]) == expected


def test_no_identifier_in_warehouse_tables(canary_run):
    """Every column of every table and view in every schema of the warehouse (raw, staging,
    intermediate, marts, reference, dq_audit test failures...), values cast to text."""
    hits, searched = search_duckdb_database(canary_run.warehouse)
    assert any(name.startswith("marts.") for name in searched), searched
    assert "staging.stg_uptd_ppa__cases" in searched, searched
    assert not hits, report(hits)


def test_no_identifier_in_any_file_under_runtime_folder(canary_run):
    """Every file under the runtime folder except the landing zone and the key: Airflow metadata
    DB and task logs, dbt logs, target/ artifacts and docs (catalog.json, manifest.json,
    index.html), raw-zone Parquet (records and quarantine), registry JSON, run summaries, alerts.
    Parquet, DuckDB and SQLite files are read as data and also grepped as bytes; an XLSX workbook (the
    clarification lists) is unzipped and its parts grepped."""
    hits: dict[str, list[str]] = {}
    searched: list[Path] = []
    for path in sorted(canary_run.home.rglob("*")):
        if not path.is_file() or canary_run.excluded(path):
            continue
        searched.append(path)
        data = path.read_bytes()
        merge(hits, search_bytes(path, data))
        if path.suffix == ".gz":
            merge(hits, search_bytes(path, gzip.decompress(data)))
        elif path.suffix == ".parquet":
            merge(hits, search_parquet(path))
        elif path.suffix == ".xlsx":  # a zip of XML parts: the bytes of the file hide the text
            with zipfile.ZipFile(path) as workbook:
                for member in workbook.namelist():
                    merge(hits, search_bytes(path / member, workbook.read(member)))
        elif data.startswith(b"SQLite format 3\x00"):
            merge(hits, search_sqlite(path))
        elif path.suffix == ".duckdb" and path != canary_run.warehouse:
            # the warehouse itself is searched table by table in test_no_identifier_in_warehouse_tables
            merge(hits, search_duckdb_database(path)[0])
    names = {p.name for p in searched}
    assert {"catalog.json", "manifest.json", "index.html", "ntt_dw.duckdb", "airflow.db"} <= names, sorted(names)
    assert any(p.suffix == ".parquet" and "_quarantine" in p.parts for p in searched)
    # DAG.test writes the task logs to the DAG-run log (var/airflow/logs stays empty); the canary
    # file's processing is logged there, so the log search below is not vacuous
    dag_runs_log = canary_run.home / "logs" / "main_job" / "dag_runs.log"
    assert dag_runs_log in searched and CANARY_FILE in dag_runs_log.read_text(encoding="utf-8")
    assert (canary_run.home / "dbt" / "logs" / "dbt.log") in searched
    # the walidata's follow-up log and the clarification workbooks sent to the agencies
    assert (canary_run.home / "quality" / "findings_followup.csv") in searched
    assert any(p.name.startswith("klarifikasi_") and p.suffix == ".xlsx" for p in searched)
    assert not hits, report(hits)


def test_no_identifier_in_captured_logs(canary_run):
    """What the job printed (its summary, warnings, errors) is a log too."""
    hits = {}
    merge(hits, {label: ["main job stdout"] for label in found_in(canary_run.stdout)})
    merge(hits, {label: ["main job stderr"] for label in found_in(canary_run.stderr)})
    assert not hits, report(hits)
