"""Pseudonymisation of victim identifiers: keyed, stable, refused without a key."""

import os
import stat

import pytest

from ingestion.core import privacy


@pytest.fixture
def no_key(monkeypatch):
    monkeypatch.delenv(privacy.KEY_ENV, raising=False)
    monkeypatch.delenv(privacy.KEY_FILE_ENV, raising=False)
    monkeypatch.setattr(privacy, "_airflow_connection_key", lambda: None)


def test_refuses_without_a_key_and_says_how_to_set_one(no_key):
    with pytest.raises(privacy.PseudonymKeyMissing) as error:
        privacy.load_key()
    assert privacy.KEY_ENV in str(error.value) and "refusing to ingest case data" in str(error.value)


def test_refuses_a_short_key(no_key, monkeypatch):
    monkeypatch.setenv(privacy.KEY_ENV, "too-short")
    with pytest.raises(privacy.PseudonymKeyMissing):
        privacy.load_key()


def test_same_person_same_pseudonym_across_spellings_and_calls(no_key, monkeypatch):
    monkeypatch.setenv(privacy.KEY_ENV, "k" * 64)
    key = privacy.load_key()
    first = privacy.pseudonym("5371014506900001", key)
    assert first == privacy.pseudonym("5371 0145 0690 0001", key) == privacy.pseudonym(5371014506900001, key)
    assert first.startswith("psn_") and "5371014506900001" not in first
    assert privacy.pseudonym("5371014506900002", key) != first


def test_pseudonym_depends_on_the_key(no_key):
    nik = "5371014506900001"
    assert privacy.pseudonym(nik, b"a" * 32) != privacy.pseudonym(nik, b"b" * 32)


@pytest.mark.parametrize("bad", ["123", "53710145069000011", "53710145069O0001", "", None])
def test_invalid_nik_is_rejected_without_echoing_it(bad):
    with pytest.raises(privacy.InvalidNik) as error:
        privacy.normalise_nik(bad)
    if bad:
        assert str(bad) not in str(error.value)


def test_demo_key_is_created_once_private_and_never_printed(no_key, ntt_home, capsys):
    path = privacy.ensure_local_demo_key()
    key = path.read_text()
    assert len(key) == 64
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert privacy.ensure_local_demo_key() == path and path.read_text() == key  # not rotated
    assert privacy.load_key() == key.encode()
    captured = capsys.readouterr()
    assert key not in captured.out + captured.err


def test_the_key_file_lives_under_the_git_ignored_runtime_folder(no_key, ntt_home):
    path = privacy.ensure_local_demo_key()
    assert ntt_home in path.parents


def test_quarantine_never_keeps_an_identifier_value():
    assert privacy.safe_raw_value("nik", "5371014506900001") == privacy.REDACTED
    assert privacy.safe_raw_value("Nama_Korban", "Maria") == privacy.REDACTED
    assert privacy.safe_raw_value("tanggal_lapor", "31-02-2023") == "31-02-2023"
