"""One bad file never blocks the others; every delivery is accounted for; the same figures sent
again under another name are not loaded twice. Direct ingestion (no Airflow): the main-job run
over every broken delivery is tests/test_broken_deliveries.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingestion.core import landing, pipeline
from ingestion.core.settings import seeds_dir

KTA = seeds_dir() / "extracts" / "simfoni" / "kta_2024_2025.csv"


def deliver(home: Path, folder: str, name: str, source: Path, sidecar: dict | None = None) -> Path:
    target = home / "landing" / folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    meta = json.loads(source.with_name(source.name + ".meta.json").read_text(encoding="utf-8"))
    target.with_name(name + ".meta.json").write_text(json.dumps(meta | (sidecar or {})), encoding="utf-8")
    return target


def entries(home: Path, source: str) -> dict[str, dict]:
    folder = home / "raw" / "_registry" / source
    return {e["source_file"]: e for e in (json.loads(p.read_text()) for p in folder.glob("*.json"))}


def test_an_unexpected_error_rejects_that_file_only_and_not_twice(ntt_home, monkeypatch):
    deliver(ntt_home, "simfoni", "a_kta.csv", KTA)
    deliver(ntt_home, "simfoni", "b_kta.csv", KTA, {"table": "another table"})
    reader = __import__("ingestion.simfoni.aggregates", fromlist=["read"])
    real_read = reader.read

    def flaky(path, context):
        if path.name == "a_kta.csv":
            raise RuntimeError("disk said no for 5371016101990042")
        return real_read(path, context)

    monkeypatch.setattr(reader, "read", flaky)
    report = pipeline.ingest_source("simfoni")
    assert (report.files_rejected, report.files_loaded) == (1, 1)
    (rejected,) = report.rejected_files
    assert rejected["file"] == "a_kta.csv"
    assert rejected["error"].startswith("a_kta.csv: could not be loaded (RuntimeError")
    assert "5371016101990042" not in rejected["error"]  # scrubbed
    found = entries(ntt_home, "simfoni")
    assert found["a_kta.csv"]["status"] == "rejected" and found["b_kta.csv"]["status"] == "loaded"
    # the next run does not read (or fail on) the same unchanged file again
    monkeypatch.setattr(reader, "read", real_read)
    again = pipeline.ingest_source("simfoni")
    assert (again.files_seen, again.files_skipped, again.rejected_files) == (2, 2, [])


def test_the_same_figures_under_another_name_are_a_duplicate(ntt_home):
    deliver(ntt_home, "simfoni", "kta_2024_2025.csv", KTA)
    deliver(ntt_home, "simfoni", "kta_2024_2025_lagi.csv", KTA, {"note": "dikirim ulang", "received": "Senin"})
    deliver(ntt_home, "simfoni", "kta_lain.csv", KTA, {"table": "Tabel lain"})  # other provenance: not the same
    report = pipeline.ingest_source("simfoni")
    assert (report.files_loaded, report.files_duplicate) == (2, 1)
    found = entries(ntt_home, "simfoni")
    original, copy = found["kta_2024_2025.csv"], found["kta_2024_2025_lagi.csv"]
    assert copy["status"] == "duplicate" and copy["duplicate_of"] == original["file_version_id"]
    assert any("the same figures as kta_2024_2025.csv" in w for w in copy["warnings"])
    assert found["kta_lain.csv"]["status"] == "loaded"


def test_two_copies_read_by_two_threads_the_first_by_name_is_the_original(ntt_home, monkeypatch):
    register = seeds_dir() / "extracts" / "uptd_ppa" / "uptd_ppa_register_2023_SINTETIS.csv"
    monkeypatch.setenv("NTT_DW_PSEUDONYM_KEY", "k" * 40)
    for name in ("b_register.csv", "a_register.csv", "c_register.csv"):  # each with its own sidecar note
        deliver(ntt_home, "uptd_ppa", name, register, {"delivery_note": f"sent as {name}"})
    pipeline.ingest_source("uptd_ppa")  # registry: ingest_workers 2
    found = entries(ntt_home, "uptd_ppa")
    assert [found[n]["status"] for n in ("a_register.csv", "b_register.csv", "c_register.csv")] == [
        "loaded",
        "duplicate",
        "duplicate",
    ]


def test_files_no_source_picks_up_are_reported_once(ntt_home):
    folder = ntt_home / "landing" / "simfoni"
    (folder / "arsip").mkdir(parents=True)
    (folder / "arsip" / "lama.csv").write_text("tahun,jenis,nilai\n", encoding="utf-8")
    (folder / "catatan.txt").write_text("x", encoding="utf-8")
    (folder / "hilang.csv.meta.json").write_text("{}", encoding="utf-8")
    (folder / "~$kunci.xlsx").write_text("lock", encoding="utf-8")  # Office lock file: not a delivery
    shutil.copy2(KTA, folder / "KTA_BESAR.CSV")  # another letter case: read
    (ntt_home / "landing" / "lain").mkdir()
    (ntt_home / "landing" / "lain" / "x.csv").write_text("a\n", encoding="utf-8")
    report = pipeline.ingest_source("simfoni")
    reasons = {u["file"]: u["reason"] for u in report.unclaimed_files}
    assert set(reasons) == {"arsip/lama.csv", "catatan.txt", "hilang.csv.meta.json"}
    assert "subfolder" in reasons["arsip/lama.csv"] and "no source reads" in reasons["catatan.txt"]
    assert "without its data file" in reasons["hilang.csv.meta.json"]
    assert all(u["new"] for u in report.unclaimed_files)
    assert "KTA_BESAR.CSV" in entries(ntt_home, "simfoni")
    assert not any(u["new"] for u in pipeline.ingest_source("simfoni").unclaimed_files)  # alerted once
    everywhere = {(u["folder"], u["file"]) for u in landing.unclaimed_everywhere()}
    assert ("", "lain/x.csv") in everywhere and ("simfoni", "catatan.txt") in everywhere


@pytest.mark.parametrize("year, accepted", [("TA 2023", True), ("tahun lalu", False)])
def test_a_typed_sidecar_year_is_read_or_rejects_the_file(ntt_home, year, accepted):
    tabel6 = seeds_dir() / "extracts" / "budget" / "realisasi_apbd_2023_tabel6.csv"
    deliver(ntt_home, "budget", "tabel6.csv", tabel6, {"budget_year": year})
    deliver(ntt_home, "budget", "tabel6_lagi.csv", tabel6, {"table": "lain"})  # the other file loads either way
    report = pipeline.ingest_source("budget")
    found = entries(ntt_home, "budget")
    assert found["tabel6_lagi.csv"]["status"] == "loaded"
    if accepted:
        assert found["tabel6.csv"]["status"] == "loaded"
        assert found["tabel6.csv"]["provenance"]["budget_year"] == 2023
        assert found["tabel6.csv"]["provenance"]["as_delivered"] == {"budget_year": "TA 2023"}
    else:
        assert report.rejected_files[0]["error"] == (
            "tabel6.csv, field 'budget_year': provenance sidecar tabel6.csv.meta.json: field 'budget_year': "
            "'tahun lalu' is not a year (expected e.g. 2024 or 'TA 2024')"
        )
