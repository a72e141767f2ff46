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
from dbt_helpers import deliver_register as deliver
from dbt_helpers import register_by_thirds, run_dbt

REPO = Path(__file__).resolve().parents[1]
CASE_MODELS = "+int_cases__categorised +int_cases__services +fct_case_counts_by_region"
CASE_TABLES = (
    "intermediate.int_cases__registered",
    "intermediate.int_cases__categorised",
    "intermediate.int_cases__services",
    "marts.fct_case_counts_by_region",
)
PARTS = ("register_2023_jan_apr.csv", "register_2023_mei_agu.csv", "register_2023_sep_des.csv")  # by thirds of the year


def register_parts() -> tuple[str, list[str], dict[str, list[list[str]]]]:
    return register_by_thirds(tuple(PARTS))


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
            result[table] = con.execute(
                f"select count(*), coalesce(sum(hash(row({select}))), 0)::varchar from {table}"
            ).fetchall()[0]
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
        runs = con.execute(
            "select source_file, count(distinct stored_by_invocation), count(*) "
            "from intermediate.int_cases__registered group by 1 order by 1"
        ).fetchall()
        stored_by = dict(
            con.execute(
                "select source_file, any_value(stored_by_invocation) from intermediate.int_cases__registered group by 1"
            ).fetchall()
        )
    assert [(name, 1, len(parts[name])) for name in sorted(names)] == runs
    assert stored_by[names[1]] == stored_by[names[2]] != stored_by[names[0]]  # the first file was not re-stored

    with duckdb.connect(str(database), read_only=True) as con:
        months_before = {
            month: (versions, run)
            for month, versions, run in con.execute(
                "select month, any_value(source_versions_hash), any_value(stored_by_invocation) "
                "from marts.fct_case_counts_by_region group by 1"
            ).fetchall()
        }
    assert sorted(months_before) == list(range(1, 13))

    # a corrected re-delivery of the first file: two cases withdrawn, one re-classified, April
    # withdrawn altogether (its month must vanish from the monthly mart)
    corrected = [row[:] for row in parts[names[0]][2:] if int(row[1].split("-")[1]) != 4]
    corrected[0][5] = "Fisik"
    deliver(home, names[0], title, header, corrected)
    ingest_and_build(home)
    with duckdb.connect(str(database), read_only=True) as con:
        months_after = {
            month: (versions, run)
            for month, versions, run in con.execute(
                "select month, any_value(source_versions_hash), any_value(stored_by_invocation) "
                "from marts.fct_case_counts_by_region group by 1"
            ).fetchall()
        }
    assert 4 not in months_after
    # only the corrected file's months were recounted (new hash, new run); the others were kept
    assert all(months_after[m] == months_before[m] for m in range(5, 13))
    assert all(
        months_after[m][0] != months_before[m][0] and months_after[m][1] != months_before[m][1] for m in range(1, 4)
    )
    with duckdb.connect(str(database), read_only=True) as con:
        per_file = dict(
            con.execute("select source_file, count(*) from intermediate.int_cases__registered group by 1").fetchall()
        )
        restored = dict(
            con.execute(
                "select source_file, any_value(stored_by_invocation) from intermediate.int_cases__registered group by 1"
            ).fetchall()
        )
    assert per_file == {names[0]: len(corrected), names[1]: len(parts[names[1]]), names[2]: len(parts[names[2]])}
    assert restored[names[1]] == stored_by[names[1]] and restored[names[0]] != stored_by[names[0]]

    incremental = case_tables(database)
    ingest_and_build(home, "--full-refresh")
    assert case_tables(database) == incremental
    assert incremental["intermediate.int_cases__registered"][0] == len(corrected) + len(parts[names[1]]) + len(
        parts[names[2]]
    )


def test_cases_sent_again_in_another_file_count_once_and_disagreements_are_findings(home):
    """A later file re-sends five January cases (their status moved on; one with another bentuk)
    and adds three new ones: every case counts once, from the latest delivery, the incremental
    table equals a full refresh, and the one case whose facts disagree is a finding naming both
    files (agrees_across_deliveries on the raw source)."""
    title, header, parts = register_parts()
    database = home / "warehouse" / "ntt_dw.duckdb"
    first = list(PARTS)[0]
    deliver(home, first, title, header, parts[first])
    ingest_and_build(home)

    resent = [row[:] for row in parts[first][:5]]
    for row in resent:
        row[7] = "dirujuk"
    resent[0][5] = "Fisik" if resent[0][5] != "Fisik" else "Psikis"  # a fact that disagrees
    new_cases = [row[:] for row in parts[list(PARTS)[1]][:3]]
    deliver(home, "register_susulan.csv", title, header, resent + new_cases)
    ingest_and_build(home)

    with duckdb.connect(str(database), read_only=True) as con:
        ids = con.execute(
            "select case_id, count(*), any_value(source_file), any_value(case_status) "
            "from intermediate.int_cases__registered group by 1"
        ).fetchall()
    assert len(ids) == len(parts[first]) + 3 and all(count == 1 for _, count, _, _ in ids)
    resent_ids = {row[0] for row in resent}
    assert {(case_id, source, status) for case_id, _, source, status in ids if case_id in resent_ids} == {
        (case_id, "register_susulan.csv", "dirujuk") for case_id in resent_ids
    }
    incremental = case_tables(database)
    ingest_and_build(home, "--full-refresh")
    assert case_tables(database) == incremental

    tested = run_dbt(home, "test", "--select", "source:uptd_ppa")
    assert "agrees_across_deliveries" in tested.stdout
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = "
                "'dq_audit' and table_name like 'source_agrees_across_deliver%'"
            ).fetchall()
        ]
        findings = [
            row
            for table in tables
            for row in con.execute(
                f'select record_key, observed_value, expected_value from dq_audit."{table}"'
            ).fetchall()
        ]
    assert len(findings) == 1, findings
    record_key, observed, expected = findings[0]
    assert record_key.startswith(f"case_id={resent[0][0]}|files={first} vs register_susulan.csv")
    assert observed.startswith(first) and expected.startswith("register_susulan.csv (latest delivery)")

    # the later file withdrawn: the first file's own records of the five cases count again, though
    # the first file was stored without them (an incremental run must find it by the cases' ids)
    from ingestion.core import file_registry, withdrawal

    (susulan,) = [
        e["file_version_id"] for e in file_registry.entries("uptd_ppa") if e["source_file"] == "register_susulan.csv"
    ]
    assert withdrawal.withdraw(susulan, reason="sent by mistake", by="test").changed
    ingest_and_build(home)
    with duckdb.connect(str(database), read_only=True) as con:
        back = con.execute(
            "select case_id, source_file, case_status from intermediate.int_cases__registered "
            "where case_id in (select unnest(?))",
            [sorted(resent_ids)],
        ).fetchall()
    assert {(case_id, source) for case_id, source, _ in back} == {(case_id, first) for case_id in resent_ids}
    incremental = case_tables(database)
    assert incremental["intermediate.int_cases__registered"][0] == len(parts[first])
    ingest_and_build(home, "--full-refresh")
    assert case_tables(database) == incremental


def test_monthly_budget_realisation_by_office_is_incremental_by_period(home, tmp_path):
    """Monthly realisation reports of NTT's 23 DP3A offices (generated): months 1-6, then months
    7-12 with a corrected month 3. The second run recounts only months 3 and 7-12, the result
    equals a full refresh, and every report line whose parts do not add up is a finding."""
    import shutil

    from ingestion.core.pipeline import ingest_source
    from ingestion.core.warehouse import attach_raw_zone
    from ntt_dw.tools import generate_national_extracts as generator

    folder = generator.generate("xs", seed=9, defect_rate=0.01, out=tmp_path / "gen")
    files = sorted((folder / "landing" / "budget").glob("realisasi_dp3a_53_*_SINTETIS.csv"))
    assert len(files) == 12
    landing = home / "landing" / "budget"
    landing.mkdir(parents=True)
    database = home / "warehouse" / "ntt_dw.duckdb"
    mart = "marts.fct_budget_realisation_by_office"
    tables = ("intermediate.int_budget__realisation_registered", mart)

    def deliver(paths):
        for path in paths:
            shutil.copy(path, landing / path.name)
            shutil.copy(path.with_name(path.name + ".meta.json"), landing / (path.name + ".meta.json"))

    def build(*flags):
        ingest_source("budget")
        attach_raw_zone()
        built = run_dbt(
            home, "build", "--select", "+fct_budget_realisation_by_office", "--indirect-selection", "cautious", *flags
        )
        assert built.returncode == 0, built.stdout[-3000:]

    def runs_by_period():
        with duckdb.connect(str(database), read_only=True) as con:
            return dict(
                con.execute(f"select period_end, any_value(stored_by_invocation) from {mart} group by 1").fetchall()
            )

    deliver(files[:6])
    build()
    first = runs_by_period()
    assert len(first) == 6

    # the March report corrected: one line's realisation revised by Rp 1.000.000 (still adding up)
    march = landing / files[2].name
    rows = list(csv.reader(io.StringIO(march.read_text(encoding="utf-8"))))

    def amount(text: str) -> int:
        return int(text.replace(".", ""))

    index = next(
        i
        for i, row in enumerate(rows[1:], start=1)
        if all(c.replace(".", "").isdigit() for c in row[3:6])
        and amount(row[3]) == amount(row[4]) + amount(row[5])
        and amount(row[4]) >= 1_000_000
        and row[0].startswith("53")
    )
    rows[index][4] = f"{amount(rows[index][4]) - 1_000_000:,}".replace(",", ".")
    rows[index][5] = f"{amount(rows[index][5]) + 1_000_000:,}".replace(",", ".")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    deliver(files[6:])
    march.write_text(out.getvalue(), encoding="utf-8")
    build()
    second = runs_by_period()
    assert len(second) == 12
    kept = [p for p in first if p.month != 3]
    assert all(second[p] == first[p] for p in kept)
    assert all(second[p] != first.get(p) for p in second if p.month >= 7 or p.month == 3)

    with duckdb.connect(str(database), read_only=True) as con:
        revised = con.execute(
            f"select realisasi, sisa, parts_add_up from {mart} where source_file = ? and "
            "office_code = ? and sub_kegiatan_name = ?",
            [files[2].name, rows[index][0], rows[index][2]],
        ).fetchall()
        (audit,) = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where "
                "table_schema = 'dq_audit' and table_name like 'values_agree_fct_budget%'"
            ).fetchall()
        ]
        findings = con.execute(f"select count(*) from dq_audit.{audit}").fetchall()[0][0]
    assert revised == [(amount(rows[index][4]), amount(rows[index][5]), True)]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    mismatched = sum(f["defects"]["sum_mismatch"] for f in manifest["budget"]["files"] if f["province"] == "53")
    assert findings == mismatched > 0

    incremental = warehouse_fingerprint_of(database, tables)
    build("--full-refresh")
    assert warehouse_fingerprint_of(database, tables) == incremental
