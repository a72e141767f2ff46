"""Incremental case models: a sequence of incremental runs (new files, then a corrected
re-delivery) gives exactly the tables a full refresh gives, and each run stores only the file
versions it had not stored yet (int_cases__registered) or recomputes only the months whose
file versions changed (fct_case_counts_by_region)."""
import csv
import io
import json
from pathlib import Path

import duckdb
import pytest

from dbt_helpers import run_dbt

REPO = Path(__file__).resolve().parents[1]
REGISTER = REPO / "seeds" / "extracts" / "uptd_ppa" / "uptd_ppa_register_2023_SINTETIS.csv"
CASE_MODELS = "+int_cases__categorised +int_cases__services +fct_case_counts_by_region"
CASE_TABLES = ("intermediate.int_cases__registered", "intermediate.int_cases__categorised",
               "intermediate.int_cases__services", "marts.fct_case_counts_by_region")
PARTS = {"register_2023_jan_apr.csv": range(1, 5), "register_2023_mei_agu.csv": range(5, 9),
         "register_2023_sep_des.csv": range(9, 13)}


def register_parts() -> tuple[str, list[str], dict[str, list[list[str]]]]:
    title, body = REGISTER.read_text(encoding="utf-8").split("\n", 1)
    reader = csv.reader(io.StringIO(body))
    header = next(reader)
    parts = {name: [] for name in PARTS}
    for row in reader:
        month = int(row[1].split("-")[1])
        parts[next(name for name, months in PARTS.items() if month in months)].append(row)
    return title, header, parts


def deliver(home: Path, name: str, title: str, header: list[str], rows: list[list[str]]) -> None:
    landing = home / "landing" / "uptd_ppa"
    landing.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    out.write(title + "\n")
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    (landing / name).write_text(out.getvalue(), encoding="utf-8")
    sidecar = json.loads(REGISTER.with_name(REGISTER.name + ".meta.json").read_text(encoding="utf-8"))
    (landing / f"{name}.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")


def ingest_and_build(home: Path, *flags: str):
    from ingestion.core.pipeline import ingest_source
    from ingestion.core.warehouse import attach_raw_zone

    ingest_source("uptd_ppa")
    attach_raw_zone()
    built = run_dbt(home, "build", "--select", CASE_MODELS, "--indirect-selection", "cautious", *flags)
    assert built.returncode == 0, built.stdout[-3000:]


def case_tables(database: Path) -> dict:
    prints = warehouse_fingerprint_of(database, CASE_TABLES)
    assert all(count > 0 for count, _ in prints.values())
    return prints


def warehouse_fingerprint_of(database: Path, tables: tuple[str, ...]) -> dict:
    """Row count and content hash of the case tables, without the audit column."""
    result = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for table in tables:
            columns = [c for c, *_ in con.execute(f"describe {table}").fetchall() if c != "stored_by_invocation"]
            select = ", ".join(f'"{c}"' for c in columns)
            result[table] = con.execute(f"select count(*), coalesce(sum(hash(row({select}))), 0)::varchar "
                                        f"from {table}").fetchall()[0]
    return result


@pytest.fixture
def home(ntt_home, monkeypatch):
    monkeypatch.setenv("NTT_DW_PSEUDONYM_KEY", "incremental-models-test-key-0123456789abcdef")
    (ntt_home / "warehouse").mkdir(parents=True)
    seeded = run_dbt(ntt_home, "seed")
    assert seeded.returncode == 0, seeded.stdout[-3000:]
    return ntt_home


def test_incremental_runs_equal_a_full_refresh(home):
    title, header, parts = register_parts()
    database = home / "warehouse" / "ntt_dw.duckdb"
    names = list(PARTS)

    deliver(home, names[0], title, header, parts[names[0]])
    ingest_and_build(home)  # first run: the table is created
    deliver(home, names[1], title, header, parts[names[1]])
    deliver(home, names[2], title, header, parts[names[2]])
    ingest_and_build(home)  # incremental: two new files
    with duckdb.connect(str(database), read_only=True) as con:
        runs = con.execute("select source_file, count(distinct stored_by_invocation), count(*) "
                           "from intermediate.int_cases__registered group by 1 order by 1").fetchall()
        stored_by = dict(con.execute("select source_file, any_value(stored_by_invocation) "
                                     "from intermediate.int_cases__registered group by 1").fetchall())
    assert [(name, 1, len(parts[name])) for name in sorted(names)] == runs
    assert stored_by[names[1]] == stored_by[names[2]] != stored_by[names[0]]  # the first file was not re-stored

    with duckdb.connect(str(database), read_only=True) as con:
        months_before = {month: (versions, run) for month, versions, run in con.execute(
            "select month, any_value(source_versions_hash), any_value(stored_by_invocation) "
            "from marts.fct_case_counts_by_region group by 1").fetchall()}
    assert sorted(months_before) == list(range(1, 13))

    # a corrected re-delivery of the first file: two cases withdrawn, one re-classified, April
    # withdrawn altogether (its month must vanish from the monthly mart)
    corrected = [row[:] for row in parts[names[0]][2:] if int(row[1].split("-")[1]) != 4]
    corrected[0][5] = "Fisik"
    deliver(home, names[0], title, header, corrected)
    ingest_and_build(home)
    with duckdb.connect(str(database), read_only=True) as con:
        months_after = {month: (versions, run) for month, versions, run in con.execute(
            "select month, any_value(source_versions_hash), any_value(stored_by_invocation) "
            "from marts.fct_case_counts_by_region group by 1").fetchall()}
    assert 4 not in months_after
    # only the corrected file's months were recounted (new hash, new run); the others were kept
    assert all(months_after[m] == months_before[m] for m in range(5, 13))
    assert all(months_after[m][0] != months_before[m][0] and months_after[m][1] != months_before[m][1]
               for m in range(1, 4))
    with duckdb.connect(str(database), read_only=True) as con:
        per_file = dict(con.execute("select source_file, count(*) from intermediate.int_cases__registered "
                                    "group by 1").fetchall())
        restored = dict(con.execute("select source_file, any_value(stored_by_invocation) "
                                    "from intermediate.int_cases__registered group by 1").fetchall())
    assert per_file == {names[0]: len(corrected), names[1]: len(parts[names[1]]), names[2]: len(parts[names[2]])}
    assert restored[names[1]] == stored_by[names[1]] and restored[names[0]] != stored_by[names[0]]

    incremental = case_tables(database)
    ingest_and_build(home, "--full-refresh")
    assert case_tables(database) == incremental
    assert incremental["intermediate.int_cases__registered"][0] == len(corrected) + len(parts[names[1]]) + len(parts[names[2]])
