"""The transform builds once per batch of deliveries: the fingerprint of its inputs changes with
a new file version, a backfill's re-read and a change to the dbt project, and with nothing else."""

import shutil
from pathlib import Path

import pytest

from ingestion.core.pipeline import ingest_source
from ntt_dw.orchestration.build_inputs import inputs_fingerprint, last_build, needs_build, record_build

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project_copy(tmp_path, monkeypatch) -> Path:
    copy = tmp_path / "dbt_project"
    shutil.copytree(REPO / "dbt_project", copy, ignore=shutil.ignore_patterns("target", "logs"))
    monkeypatch.setenv("NTT_DW_DBT_PROJECT_DIR", str(copy))
    return copy


def deliver(home: Path, name: str) -> None:
    landing = home / "landing" / "budget"
    landing.mkdir(parents=True, exist_ok=True)
    for path in (REPO / "seeds" / "extracts" / "budget").glob(f"{name}*"):
        shutil.copy(path, landing / path.name)


def test_unchanged_inputs_need_no_second_build(ntt_home, project_copy):
    deliver(ntt_home, "anggaran_teks_2023.csv")
    ingest_source("budget")
    fingerprint = inputs_fingerprint()
    assert needs_build(fingerprint)  # never built
    record_build(fingerprint, "run-1")
    assert last_build() == {"inputs_fingerprint": fingerprint, "run_id": "run-1"}
    assert inputs_fingerprint() == fingerprint and not needs_build(fingerprint)
    assert needs_build(fingerprint, force=True)
    ingest_source("budget")  # a re-delivered identical file is skipped: nothing new
    assert inputs_fingerprint() == fingerprint


def test_a_new_file_version_changes_the_inputs(ntt_home, project_copy):
    deliver(ntt_home, "anggaran_teks_2023.csv")
    ingest_source("budget")
    before = inputs_fingerprint()
    deliver(ntt_home, "pergeseran_pdpa_2023.csv")
    ingest_source("budget")
    assert inputs_fingerprint() != before


def test_a_backfill_reread_changes_the_inputs(ntt_home, project_copy):
    import datetime as dt

    deliver(ntt_home, "anggaran_teks_2023.csv")
    ingest_source("budget")
    before = inputs_fingerprint()
    everything = (dt.datetime(1970, 1, 1, tzinfo=dt.UTC), dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
    assert ingest_source("budget", period=everything).files_reprocessed == 1
    assert inputs_fingerprint() != before


def test_a_reingestion_after_the_registry_was_moved_aside_changes_the_inputs(ntt_home, project_copy):
    """The pseudonym-key rotation re-ingests the register from scratch: same version ids, new rows."""
    deliver(ntt_home, "anggaran_teks_2023.csv")
    ingest_source("budget")
    before = inputs_fingerprint()
    shutil.move(ntt_home / "raw" / "_registry" / "budget", ntt_home / "old_registry")
    ingest_source("budget")
    assert inputs_fingerprint() != before


def test_a_changed_seed_changes_the_inputs(ntt_home, tmp_path, monkeypatch):
    """The seeds reach the project through a link (dbt_project/seeds -> seeds/reference)."""
    copy = tmp_path / "linked_project"
    shutil.copytree(
        REPO / "dbt_project",
        copy,
        symlinks=True,
        ignore=shutil.ignore_patterns("target", "logs", "seeds", "seeds_national"),
    )
    (copy / "seeds_national").symlink_to(REPO / "seeds" / "national", target_is_directory=True)
    seeds = tmp_path / "reference"
    shutil.copytree(REPO / "seeds" / "reference", seeds)
    (copy / "seeds").symlink_to(seeds, target_is_directory=True)
    monkeypatch.setenv("NTT_DW_DBT_PROJECT_DIR", str(copy))
    before = inputs_fingerprint()
    regions = seeds / "regions.csv"
    regions.write_text(regions.read_text() + "\n")
    assert inputs_fingerprint() != before


def test_a_changed_model_changes_the_inputs(ntt_home, project_copy):
    before = inputs_fingerprint()
    model = project_copy / "models" / "marts" / "core" / "dim_region.sql"
    model.write_text(model.read_text() + "\n-- a comment is a change too\n")
    after_model = inputs_fingerprint()
    assert after_model != before
    (project_copy / "target").mkdir(exist_ok=True)
    (project_copy / "target" / "manifest.json").write_text("{}")  # dbt's own output is not an input
    assert inputs_fingerprint() == after_model
