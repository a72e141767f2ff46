"""The synthetic UPTD PPA register: Tabel 14 reproduced cell for cell, Tabel 13 per month wherever
the two tables agree, deterministic, fake identities in the real formats, regencies the warehouse
can resolve, ~3 % repeat victims, and a clear refusal without the Tabel 14 transcription."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ingestion.core.regions import load_normaliser
from ntt_dw.tools import generate_synthetic_uptd_register as gen

REPO = Path(__file__).resolve().parents[1]
SIMFONI = REPO / "seeds" / "extracts" / "simfoni"
COMMITTED = REPO / "seeds" / "extracts" / "uptd_ppa" / gen.OUT_NAME
SCRIPT = [sys.executable, "-m", "ntt_dw.tools.generate_synthetic_uptd_register"]
CATEGORY_KEYS = {
    "perempuan dewasa": "perempuan_dewasa",
    "anak laki-laki": "anak_laki_laki",
    "anak perempuan": "anak_perempuan",
}
CHILDREN = {"anak laki-laki", "anak perempuan"}
WOMEN = {"perempuan dewasa", "anak perempuan"}


def integer(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"\d+", text) else None


def read_transcription(name: str) -> list[dict[str, str]]:
    with (SIMFONI / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_register(path: Path) -> tuple[str, list[str], list[dict[str, str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[1]]))
    return lines[0], header, list(csv.DictReader(lines[1:]))


def month_of(row: dict[str, str]) -> int:
    return int(row["tanggal_lapor"][3:5])


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    """The register generated from the committed transcriptions (seed 2023) into a temp folder."""
    assert (SIMFONI / gen.TABEL14_FILE).exists(), "the Tabel 14 transcription is part of the repository"
    out = tmp_path_factory.mktemp("uptd_ppa")
    result = gen.generate(out, seed=2023)
    title, header, rows = read_register(result.csv_path)
    meta = json.loads(result.meta_path.read_text(encoding="utf-8"))
    return {"result": result, "title": title, "header": header, "rows": rows, "meta": meta}


# ---------------------------------------------------------------- the published totals


def test_tabel_14_is_reproduced_per_month_jenis_and_bentuk(output):
    expected: Counter = Counter()
    not_integer = []
    for row in read_transcription(gen.TABEL14_FILE):
        bulan, count = integer(row["bulan"]), integer(row["jumlah_kasus"])
        if bulan is None or count is None:
            not_integer.append(row)
            continue
        expected[(bulan, row["jenis_kekerasan"].strip(), row["bentuk_kekerasan"].strip())] += count
    got = Counter((month_of(r), r["jenis_kekerasan"], r["bentuk_kekerasan"]) for r in output["rows"])
    assert got == expected
    assert len(output["rows"]) == sum(expected.values())
    assert len(output["meta"]["tabel14_skipped_cells"]) == len(not_integer)


def test_tabel_13_is_matched_in_every_month_the_note_does_not_list(output):
    targets: dict[int, dict[str, int | None]] = {}
    for row in read_transcription(gen.TABEL13_FILE):
        bulan = integer(row["bulan"])
        if bulan is not None and row["kategori"] in CATEGORY_KEYS.values():
            targets.setdefault(bulan, {})[row["kategori"]] = integer(row["jumlah_korban"])
    got = Counter((month_of(r), CATEGORY_KEYS[r["kategori_korban"]]) for r in output["rows"])
    cases = Counter(month_of(r) for r in output["rows"])
    listed = output["meta"]["tabel13_unmatched_months"]
    note = output["meta"]["note"]
    for bulan in range(1, 13):
        register = {cat: got[(bulan, cat)] for cat in CATEGORY_KEYS.values()}
        if bulan not in listed:
            assert register == targets[bulan], gen.MONTHS[bulan - 1]
            continue
        # a listed month really differs, is explained in the note, and is as close as Tabel 14 allows
        assert register != targets[bulan]
        assert f"{gen.MONTHS[bulan - 1]}:" in note
        if None not in targets[bulan].values() and sum(targets[bulan].values()) != cases[bulan]:
            gap = sum(abs(register[c] - targets[bulan][c]) for c in register)
            assert gap == abs(sum(targets[bulan].values()) - cases[bulan])


def test_victim_category_fits_jenis(output):
    for row in output["rows"]:
        if row["jenis_kekerasan"] == "KtA":
            assert row["kategori_korban"] in CHILDREN, row["id_kasus"]
        if row["jenis_kekerasan"] == "KtP":
            assert row["kategori_korban"] in WOMEN, row["id_kasus"]


# ---------------------------------------------------------------- determinism


def test_same_seed_gives_byte_identical_files_and_the_committed_file(output, tmp_path):
    first = gen.generate(tmp_path / "a", seed=2023)
    completed = subprocess.run(
        [*SCRIPT, "--seed", "2023", "--out", str(tmp_path / "b")], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert f"wrote {len(output['rows'])} synthetic cases" in completed.stdout
    second = tmp_path / "b" / gen.OUT_NAME
    assert first.csv_path.read_bytes() == second.read_bytes() == output["result"].csv_path.read_bytes()
    assert first.meta_path.read_bytes() == (tmp_path / "b" / f"{gen.OUT_NAME}.meta.json").read_bytes()
    assert COMMITTED.exists(), "run ntt_dw/tools/generate_synthetic_uptd_register.py and commit its output"
    assert COMMITTED.read_bytes() == first.csv_path.read_bytes()
    assert COMMITTED.with_name(COMMITTED.name + ".meta.json").read_bytes() == first.meta_path.read_bytes()


def test_another_seed_gives_other_identities_but_the_same_totals(output, tmp_path):
    other = gen.generate(tmp_path, seed=7)
    _, _, rows = read_register(other.csv_path)

    def key(r: dict) -> tuple:
        return month_of(r), r["jenis_kekerasan"], r["bentuk_kekerasan"], r["kategori_korban"]

    assert Counter(map(key, rows)) == Counter(map(key, output["rows"]))
    assert {r["nik"] for r in rows} != {r["nik"] for r in output["rows"]}


# ---------------------------------------------------------------- form of the export


def test_title_line_header_order_and_ids(output):
    assert output["title"].startswith("DATA SINTETIS - bukan data korban nyata")
    assert output["title"] == gen.TITLE.format(seed=2023)
    assert output["header"] == gen.HEADER
    rows = output["rows"]
    assert [r["id_kasus"] for r in rows] == [f"UPTD-2023-{i:04d}" for i in range(1, len(rows) + 1)]
    dates = [date(int(r["tanggal_lapor"][6:]), month_of(r), int(r["tanggal_lapor"][:2])) for r in rows]
    assert all(d.year == 2023 for d in dates)
    assert dates == sorted(dates)
    assert all(re.fullmatch(r"\d{2}-\d{2}-2023", r["tanggal_lapor"]) for r in rows)


def test_sidecar_says_synthetic(output):
    meta = output["meta"]
    assert meta["producer"] == "ntt-dw synthetic generator"
    assert meta["table"] == "Tabel 13 dan Tabel 14 (totals reproduced)"
    assert meta["synthetic"] is True
    assert meta["generator"] == "ntt_dw/tools/generate_synthetic_uptd_register.py"
    assert meta["seed"] == 2023
    assert "Laporan Tahunan 2023" in meta["document"]
    assert meta["note"].startswith("SYNTHETIC:") and "no real person" in meta["note"]
    assert "Kota Kupang and Kabupaten Kupang" in meta["note"]
    assert meta["rows"] == len(output["rows"])


def test_nik_has_the_real_structure_and_fits_the_category(output):
    codes = {r.kemendagri_code.replace(".", "") for r in load_normaliser().regions if r.region_level != "provinsi"}
    normaliser = load_normaliser()
    for row in output["rows"]:
        nik = row["nik"]
        assert re.fullmatch(r"\d{16}", nik), row["id_kasus"]
        assert nik[:4] in codes
        assert nik[:4] == normaliser.resolve(row["kabupaten_kota"]).region.kemendagri_code.replace(".", "")
        day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
        female = row["kategori_korban"] in WOMEN
        assert (day > 40) == female, row["id_kasus"]
        day -= 40 if female else 0
        child = row["kategori_korban"] in CHILDREN
        year = 2000 + yy if child or yy <= 4 else 1900 + yy
        born = date(year, month, day)  # a real calendar date
        assert (2006 <= born.year <= 2022) if child else (1960 <= born.year <= 2004), row["id_kasus"]
        reported = date(2023, month_of(row), int(row["tanggal_lapor"][:2]))
        assert born < reported
        assert int(nik[12:]) >= 1


def test_phones_names_addresses_layanan_status(output):
    for row in output["rows"]:
        assert re.fullmatch(r"\+62 8\d{9,10}|08\d{9,10}", row["no_hp"]), row["id_kasus"]
        assert row["no_hp"].startswith(("+62", "08"))
        assert len(row["nama_korban"].split()) >= 2
        assert re.fullmatch(r"Jl\. .+ RT 0\d\d/RW 0\d\d, Kel\. \S+", row["alamat"]), row["alamat"]
        services = row["layanan"].split(";")
        assert services and set(services) <= set(gen.SERVICES)
        assert row["status_kasus"] in gen.STATUSES
        assert row["kategori_korban"] in CATEGORY_KEYS
    spellings = Counter(row["no_hp"][:2] for row in output["rows"])
    assert spellings["+6"] and spellings["08"]  # exports mix both


def test_every_regency_resolves_with_the_normaliser(output):
    normaliser = load_normaliser()
    names = {row["kabupaten_kota"] for row in output["rows"]}
    assert "Kupang" not in names
    for name in names:
        assert normaliser.resolve(name).region is not None, name
    counts = Counter(row["kabupaten_kota"] for row in output["rows"])
    assert [name for name, _ in counts.most_common(2)] == ["Kota Kupang", "Kabupaten Kupang"]


def test_about_three_percent_repeat_victims(output):
    rows = output["rows"]
    first_seen: dict[str, dict[str, str]] = {}
    repeats = 0
    for row in rows:
        earlier = first_seen.get(row["nik"])
        if earlier is None:
            first_seen[row["nik"]] = row
            continue
        repeats += 1
        assert row["nama_korban"] == earlier["nama_korban"]
        assert row["kategori_korban"] == earlier["kategori_korban"]
    assert 0.01 <= repeats / len(rows) <= 0.06
    assert repeats == output["meta"]["repeat_victim_cases"] == output["result"].repeat_cases
    assert str(repeats) in output["meta"]["note"]


# ---------------------------------------------------------------- refusal


def test_refuses_without_the_tabel_14_transcription(tmp_path):
    simfoni = tmp_path / "simfoni"
    simfoni.mkdir()
    shutil.copy(SIMFONI / gen.TABEL13_FILE, simfoni / gen.TABEL13_FILE)
    out = tmp_path / "out"
    with pytest.raises(gen.TranscriptionMissing, match="Tabel 14 transcription not found"):
        gen.generate(out, simfoni_dir=simfoni)
    assert not (out / gen.OUT_NAME).exists()
    completed = subprocess.run(
        [*SCRIPT, "--simfoni-dir", str(simfoni), "--out", str(out)], cwd=REPO, capture_output=True, text=True
    )
    assert completed.returncode == 2
    assert "Tabel 14 transcription not found" in completed.stderr and gen.TABEL14_FILE in completed.stderr
    assert not (out / gen.OUT_NAME).exists()
