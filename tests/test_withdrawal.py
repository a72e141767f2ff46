"""Withdrawing a delivered file version ("ignore the file we sent yesterday") and restoring it:
the registry keeps the version and records who, when and why; both actions are idempotent; the
transform's inputs change; the next build leaves the version out, so every mart equals a build
that never had the file (an earlier version of the same file name counts again), through the
incremental case models too; restoring brings it all back. Command line and Airflow DAG. The builds
that prove it are in test_withdrawal_register_build.py and test_withdrawal_budget_build.py (one module
each, so that pytest-xdist runs them side by side)."""

import datetime as dt
import getpass
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
from dbt_helpers import deliver_budget

from ingestion.core import file_registry, withdrawal
from ingestion.core.pipeline import ingest_source
from ntt_dw.orchestration.build_inputs import inputs_fingerprint, needs_build, record_build

REPO = Path(__file__).resolve().parents[1]
BUDGET = REPO / "seeds" / "extracts" / "budget"
CLI = [str(Path(sys.executable).with_name("ntt-dw"))]


@pytest.fixture
def budget_versions(ntt_home) -> dict[str, str]:
    """Three budget file versions: two of anggaran_teks_2023.csv (the second a re-delivery with a
    line fewer) and pergeseran_pdpa_2023.csv; {label: file_version_id}."""
    deliver_budget(ntt_home, "anggaran_teks_2023.csv")
    deliver_budget(ntt_home, "pergeseran_pdpa_2023.csv")
    first = ingest_source("budget").file_versions
    lines = (BUDGET / "anggaran_teks_2023.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    deliver_budget(ntt_home, "anggaran_teks_2023.csv", "".join(lines[:-1]))
    (second,) = ingest_source("budget").file_versions
    by_file = {e["file_version_id"]: e["source_file"] for e in file_registry.entries("budget")}
    (older,) = [v for v in first if by_file[v] == "anggaran_teks_2023.csv"]
    (other,) = [v for v in first if by_file[v] == "pergeseran_pdpa_2023.csv"]
    return {"older": older, "newer": second, "other": other}


def entry_of(version_id: str) -> dict:
    (entry,) = [e for e in file_registry.entries("budget") if e["file_version_id"] == version_id]
    return entry


# ---------------------------------------------------------------- the registry


def test_withdraw_records_who_when_why_and_keeps_the_version(budget_versions, ntt_home):
    newer = budget_versions["newer"]
    before = entry_of(newer)
    started = dt.datetime.now(dt.UTC)
    outcome = withdrawal.withdraw(newer, reason="Dinas P3A: abaikan file kemarin", by="ana")
    assert outcome.changed and "withdrawn" in outcome.message
    entry = entry_of(newer)
    assert started <= dt.datetime.fromisoformat(entry["withdrawn_at"]) <= dt.datetime.now(dt.UTC)
    assert (entry["withdrawn_by"], entry["withdrawal_reason"]) == ("ana", "Dinas P3A: abaikan file kemarin")
    assert entry["withdrawal_history"] == [
        {"action": "withdraw", "at": entry["withdrawn_at"], "by": "ana", "reason": "Dinas P3A: abaikan file kemarin"}
    ]
    # everything else is kept, the Parquet file too
    assert {k: v for k, v in entry.items() if k not in file_registry.WITHDRAWAL_FIELDS} == before
    assert (ntt_home / "raw" / "budget" / f"{newer}.parquet").exists()
    assert [e["file_version_id"] for e in withdrawal.withdrawn_versions()] == [newer]
    assert withdrawal.withdrawn_versions("uptd_ppa") == []
    # the other versions are untouched
    assert all(
        not set(file_registry.WITHDRAWAL_FIELDS) & set(entry_of(v)) for v in budget_versions.values() if v != newer
    )


def test_withdraw_and_restore_are_idempotent_and_the_history_is_append_only(budget_versions):
    version = budget_versions["other"]
    withdrawal.withdraw(version, reason="wrong year", by="ana")
    first = entry_of(version)
    again = withdrawal.withdraw(version, reason="wrong year, really", by="budi")
    assert not again.changed and "already withdrawn" in again.message and "nothing changed" in again.message
    assert entry_of(version) == first  # not rewritten: same who, when, why, history

    restored = withdrawal.restore(version, reason="the agency confirmed it", by="budi")
    assert restored.changed and "restored" in restored.message
    entry = entry_of(version)
    assert (entry["withdrawn_at"], entry["withdrawn_by"], entry["withdrawal_reason"]) == (None, None, None)
    assert [(h["action"], h["by"], h["reason"]) for h in entry["withdrawal_history"]] == [
        ("withdraw", "ana", "wrong year"),
        ("restore", "budi", "the agency confirmed it"),
    ]
    assert entry["withdrawal_history"][0] == first["withdrawal_history"][0]

    noop = withdrawal.restore(version, reason="again", by="budi")
    assert not noop.changed and "not withdrawn" in noop.message
    assert entry_of(version) == entry
    never = withdrawal.restore(budget_versions["older"], reason="x", by="budi")  # never withdrawn
    assert not never.changed and "withdrawal_history" not in entry_of(budget_versions["older"])

    withdrawal.withdraw(version, reason="withdrawn once more", by="citra")
    assert [h["action"] for h in entry_of(version)["withdrawal_history"]] == ["withdraw", "restore", "withdraw"]


def test_a_version_is_found_by_a_unique_prefix_and_unknown_ids_are_errors(budget_versions):
    version = budget_versions["older"]
    assert withdrawal.withdraw(version[:8].upper(), reason="by prefix", by="ana").entry["file_version_id"] == version
    with pytest.raises(withdrawal.VersionNotFound, match="no registered file version"):
        withdrawal.withdraw("ffffffffffffffffffff", reason="x", by="ana")
    with pytest.raises(withdrawal.VersionNotFound, match="not a file version id"):
        withdrawal.withdraw("abc", reason="x", by="ana")  # too short to be meant
    with pytest.raises(withdrawal.VersionNotFound, match="not a file version id"):
        withdrawal.withdraw("../../etc/passwd", reason="x", by="ana")
    # two versions sharing a prefix: ambiguous
    folder = file_registry.registry_dir("budget")
    twin = "0" * 6
    plain = {k: v for k, v in entry_of(version).items() if k not in file_registry.WITHDRAWAL_FIELDS}
    for suffix in ("a", "b"):
        (folder / f"{twin}{suffix}.json").write_text(json.dumps({**plain, "file_version_id": twin + suffix}))
    with pytest.raises(withdrawal.VersionNotFound, match="several file versions"):
        withdrawal.withdraw(twin, reason="x", by="ana")
    assert withdrawal.withdraw(twin + "a", reason="x", by="ana").changed


def test_a_reason_is_required_and_stored_scrubbed(budget_versions):
    version = budget_versions["older"]
    with pytest.raises(ValueError, match="reason is required"):
        withdrawal.withdraw(version, reason="  ", by="ana")
    assert "withdrawn_at" not in entry_of(version)
    withdrawal.withdraw(version, reason="korban NIK 5371012345678901 telp 0812 3456 7890 minta dihapus", by="ana")
    entry = entry_of(version)
    text = json.dumps(entry)
    assert "5371012345678901" not in text and "0812 3456 7890" not in text
    assert entry["withdrawal_reason"].startswith("korban NIK [") and "minta dihapus" in entry["withdrawal_reason"]


def test_a_backfill_reread_keeps_the_withdrawal(budget_versions):
    version = budget_versions["other"]
    withdrawal.withdraw(version, reason="ignore it", by="ana")
    withdrawn = entry_of(version)
    everything = (dt.datetime(1970, 1, 1, tzinfo=dt.UTC), dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
    assert ingest_source("budget", period=everything).files_reprocessed >= 1
    entry = entry_of(version)
    assert entry["reprocessed_at"] and all(entry[k] == withdrawn[k] for k in file_registry.WITHDRAWAL_FIELDS)


def test_withdrawing_and_restoring_change_the_transform_inputs(budget_versions, tmp_path, monkeypatch):
    copy = tmp_path / "dbt_project"
    shutil.copytree(REPO / "dbt_project", copy, ignore=shutil.ignore_patterns("target", "logs"))
    monkeypatch.setenv("NTT_DW_DBT_PROJECT_DIR", str(copy))
    version = budget_versions["newer"]
    built = inputs_fingerprint()
    record_build(built, "run-1")
    withdrawal.withdraw(version, reason="ignore it", by="ana")
    withdrawn = inputs_fingerprint()
    assert withdrawn != built and needs_build(withdrawn)
    record_build(withdrawn, "run-2")
    withdrawal.withdraw(version, reason="again", by="ana")  # nothing changed: nothing to build
    assert inputs_fingerprint() == withdrawn and not needs_build(withdrawn)
    withdrawal.restore(version, reason="it was right", by="ana")
    assert inputs_fingerprint() != withdrawn and needs_build(inputs_fingerprint())


def test_the_warehouse_registry_table_has_the_withdrawal_columns(budget_versions, ntt_home):
    from ingestion.core.warehouse import attach_raw_zone

    withdrawal.withdraw(budget_versions["newer"], reason="ignore it", by="ana")
    # an entry written before withdrawals existed has none of their fields: still readable
    assert "withdrawal_history" not in entry_of(budget_versions["older"])
    attach_raw_zone()
    with duckdb.connect(str(ntt_home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select file_version_id, withdrawn_by, withdrawal_reason, withdrawn_at is not null, "
            "json_array_length(withdrawal_history), provenance->>'$.budget_year' "
            "from raw.file_registry order by withdrawn_by nulls last, file_version_id"
        ).fetchall()
    assert rows[0] == (budget_versions["newer"], "ana", "ignore it", True, 1, "2023")
    assert all(row[1:5] == (None, None, False, 0) for row in rows[1:]) and len(rows) == 3


# ---------------------------------------------------------------- the command line


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], env=dict(os.environ, NTT_DW_HOME=str(home)), capture_output=True, text=True, timeout=120
    )


def test_the_command_line_withdraws_lists_and_restores(budget_versions, ntt_home):
    version = budget_versions["newer"]
    done = cli(ntt_home, "withdraw", version[:10], "--reason", "Dinas: ignore yesterday's file")
    assert done.returncode == 0, done.stderr
    assert f"budget/anggaran_teks_2023.csv (version {version}) withdrawn" in done.stdout
    assert "airflow dags trigger transform" in done.stdout
    assert entry_of(version)["withdrawn_by"] == getpass.getuser()  # --by defaults to the OS user

    again = cli(ntt_home, "withdraw", version, "--reason", "again", "--by", "budi")
    assert again.returncode == 0 and "nothing changed" in again.stdout
    listed = cli(ntt_home, "withdrawn")
    assert listed.returncode == 0 and version in listed.stdout and "Dinas: ignore yesterday's file" in listed.stdout
    assert "no withdrawn file version of uptd_ppa" in cli(ntt_home, "withdrawn", "--source", "uptd_ppa").stdout
    as_json = json.loads(cli(ntt_home, "withdrawn", "--json").stdout)
    assert [e["file_version_id"] for e in as_json] == [version]

    restored = cli(ntt_home, "restore", version, "--reason", "it was right", "--by", "budi", "--json")
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["changed"] is True and entry_of(version)["withdrawn_at"] is None
    assert "no withdrawn file version" in cli(ntt_home, "withdrawn").stdout

    unknown = cli(ntt_home, "withdraw", "abcdef123456", "--reason", "x")
    assert unknown.returncode == 2 and "no registered file version" in unknown.stderr
    missing = cli(ntt_home, "withdraw", version)
    assert missing.returncode == 2 and "--reason" in missing.stderr


# ---------------------------------------------------------------- the Airflow DAG


def load_dag_module():
    spec = importlib.util.spec_from_file_location("withdraw_dag", REPO / "dags" / "withdraw.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class OutletEvents(dict):
    def __missing__(self, key):
        self[key] = SimpleNamespace(added=[], add=lambda asset, extra=None: self[key].added.append((asset, extra)))
        return self[key]


def test_the_dag_withdraws_then_announces_the_source_asset_the_transform_listens_to(budget_versions):
    from airflow.sdk import AssetAlias

    from ingestion.core.source_registry import get_source

    module = load_dag_module()
    dag = module.withdraw_file_version()
    assert dag.dag_id == "withdraw_file_version" and type(dag.timetable).__name__ == "NullTimetable"  # schedule None
    assert set(dag.params) == {"file_version_id", "reason", "action", "by"}
    task = dag.get_task("change_file_version")
    assert task.outlets == [AssetAlias("withdrawn_file_version")]

    version = budget_versions["other"]
    events = OutletEvents()
    run = SimpleNamespace(triggering_user_name="ana")
    result = task.python_callable(
        outlet_events=events,
        dag_run=run,
        params={"file_version_id": version, "reason": "ignore it", "action": "withdraw", "by": None},
    )
    assert result["changed"] and result["withdrawn_by"] == "ana" and entry_of(version)["withdrawn_by"] == "ana"
    ((asset, extra),) = events[module.WITHDRAWN_SOURCE].added
    assert asset.name == get_source("budget").asset_name  # what the transform is scheduled on
    assert extra == {
        "action": "withdraw",
        "changed": True,
        "by": "ana",
        "file_version_id": version,
        "source_file": "pergeseran_pdpa_2023.csv",
        "reason": "ignore it",
    }

    events = OutletEvents()
    result = task.python_callable(
        outlet_events=events,
        dag_run=SimpleNamespace(triggering_user_name=None),
        params={"file_version_id": version, "reason": "confirmed", "action": "restore", "by": "budi"},
    )
    assert result["changed"] and entry_of(version)["withdrawal_history"][-1]["by"] == "budi"
    assert len(events[module.WITHDRAWN_SOURCE].added) == 1

    from airflow.sdk.exceptions import AirflowFailException

    with pytest.raises(AirflowFailException, match="no registered file version"):
        task.python_callable(
            outlet_events=OutletEvents(),
            dag_run=run,
            params={"file_version_id": "abcdef123456", "reason": "x", "action": "withdraw", "by": None},
        )
