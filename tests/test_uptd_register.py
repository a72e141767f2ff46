"""UPTD PPA register ingestion: bad rows quarantined with reasons, identifiers never kept."""

import json
from pathlib import Path

import duckdb
import pytest

from ingestion.core import privacy
from ingestion.core.pipeline import ingest_source

HEADER = "id_kasus,tanggal_lapor,kabupaten_kota,kategori_korban,jenis_kekerasan,bentuk_kekerasan,layanan,status_kasus,nama_korban,nik,no_hp,alamat"
CANARY_NAME, CANARY_NIK, CANARY_PHONE, CANARY_ADDRESS = (
    "Kanari Zzyzx",
    "5371019999990042",
    "+62 812 9999 4242",
    "Jl. Kanari Zzyzx RT 042",
)
SIDECAR = {"document": "Register uji", "table": "register", "synthetic": True}


@pytest.fixture
def keyed(ntt_home, monkeypatch):
    monkeypatch.setenv(privacy.KEY_ENV, "k" * 64)
    return ntt_home


def drop_register(home: Path, name: str, lines: list[str], sidecar=SIDECAR) -> Path:
    folder = home / "landing" / "uptd_ppa"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if sidecar is not None:
        (folder / f"{name}.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return path


def good(case_id: str, nik: str = CANARY_NIK) -> str:
    return f'{case_id},03-01-2023,Kota Kupang,perempuan dewasa,KtP,Psikis,pengaduan masyarakat;pendampingan korban,selesai,{CANARY_NAME},{nik},{CANARY_PHONE},"{CANARY_ADDRESS}"'


def raw(home: Path, kind: str) -> list[dict]:
    folder = home / "raw" / ("_quarantine/uptd_ppa" if kind == "quarantine" else "uptd_ppa")
    rel = duckdb.sql(f"select * from read_parquet('{folder}/*.parquet')")
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


def test_refuses_to_ingest_without_a_key(ntt_home, monkeypatch):
    monkeypatch.delenv(privacy.KEY_ENV, raising=False)
    monkeypatch.delenv(privacy.KEY_FILE_ENV, raising=False)
    monkeypatch.setattr(privacy, "_airflow_connection_key", lambda: None)
    drop_register(ntt_home, "r.csv", [HEADER, good("C-1")])
    with pytest.raises(privacy.PseudonymKeyMissing):
        ingest_source("uptd_ppa")
    assert not (ntt_home / "raw" / "uptd_ppa").exists()  # nothing was written


def test_malformed_register_quarantines_only_the_bad_rows(keyed):
    lines = [
        HEADER,
        good("C-1"),
        good("C-2", "5371014506900002"),
        good("C-1"),  # duplicate case id
        good("C-3").replace("03-01-2023", "31-02-2023"),  # bad date
        good("C-4").replace("Kota Kupang", "Atlantis"),  # unknown regency
        good("C-5").replace(",Psikis,", ",Sihir,"),  # unknown bentuk
        good("C-6").replace(",KtP,", ",KtX,"),  # unknown jenis
        good("C-7", "12345"),
    ]  # invalid NIK
    drop_register(keyed, "r.csv", lines)
    report = ingest_source("uptd_ppa")
    assert (report.records_read, report.records_loaded, report.records_quarantined) == (8, 2, 6)
    reasons = {q["source_field"]: q["reason"] for q in raw(keyed, "quarantine")}
    assert reasons["id_kasus"].startswith("duplicate case id (first in row 2)")
    assert "bad date" in reasons["tanggal_lapor"]
    # case data: the reason never quotes the value, the quarantine keeps its shape only
    assert reasons["kabupaten_kota"] == "unknown region '…'"
    assert reasons["bentuk_kekerasan"] == "unknown bentuk kekerasan '…'"
    assert reasons["jenis_kekerasan"] == "unknown jenis kekerasan '…'"
    assert "NIK is not 16 digits" in reasons["nik"]
    values = {q["source_field"]: q["raw_value"] for q in raw(keyed, "quarantine")}
    assert values == {
        "id_kasus": "A-9",
        "tanggal_lapor": "99-99-9999",
        "kabupaten_kota": "Aaaaaaaa",
        "bentuk_kekerasan": "Aaaaa",
        "jenis_kekerasan": "AaA",
        "nik": privacy.REDACTED,
    }


def test_a_row_wider_than_the_header_is_quarantined_without_its_cells(keyed):
    # an unquoted comma in the address splits it: the row would be read shifted
    wide = good("C-2").replace(f'"{CANARY_ADDRESS}"', "Jl. Kanari, RT 042")
    drop_register(keyed, "r.csv", [HEADER, good("C-1"), wide])
    report = ingest_source("uptd_ppa")
    assert (report.records_loaded, report.records_quarantined) == (1, 1)
    (row,) = raw(keyed, "quarantine")
    assert row["source_row"] == 3 and "more cells than the header" in row["reason"]
    assert row["raw_value"] == privacy.REDACTED  # the extra cell is part of an address


def test_missing_column_rejects_the_file_naming_the_column(keyed):
    drop_register(keyed, "r.csv", [HEADER.replace("bentuk_kekerasan,", ""), good("C-1").replace("Psikis,", "")])
    report = ingest_source("uptd_ppa")
    assert report.files_rejected == 1
    (entry,) = [json.loads(p.read_text()) for p in (keyed / "raw" / "_registry" / "uptd_ppa").glob("*.json")]
    assert "missing column(s) bentuk_kekerasan" in entry["error"] and "r.csv" in entry["error"]


def test_no_identifier_reaches_the_raw_zone_and_pseudonyms_link_repeat_victims(keyed):
    drop_register(keyed, "a.csv", [HEADER, good("C-1"), good("C-2", "5371014506900002")])
    drop_register(keyed, "b.csv", [HEADER, good("C-9")])  # the same person again, another file
    ingest_source("uptd_ppa")
    records = raw(keyed, "records")
    assert {r["victim_pseudonym"] for r in records if r["case_id"] in ("C-1", "C-9")} == {
        privacy.pseudonym(CANARY_NIK, privacy.load_key())
    }
    assert len({r["victim_pseudonym"] for r in records}) == 2
    for path in keyed.rglob("*"):
        if path.is_file() and "landing" not in path.parts:
            data = path.read_bytes()
            for canary in (CANARY_NAME, CANARY_NIK, CANARY_PHONE, CANARY_ADDRESS, "Zzyzx"):
                assert canary.encode() not in data, f"{canary!r} found in {path}"


def test_redelivering_the_same_register_changes_nothing(keyed):
    drop_register(keyed, "r.csv", [HEADER, good("C-1")])
    assert ingest_source("uptd_ppa").records_loaded == 1
    again = ingest_source("uptd_ppa")
    assert again.files_skipped == 1 and again.records_read == 0
    assert len(raw(keyed, "records")) == 1
