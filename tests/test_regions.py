"""The region crosswalk (seeds/reference/regions.csv) and the normaliser built on it."""

import csv
from pathlib import Path

import pytest

from ingestion.core.regions import RegionNormaliser, load_normaliser
from ingestion.core.settings import seeds_dir

REFERENCE = seeds_dir() / "reference"


def rows(name):
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_province_and_22_regencies_with_both_code_systems():
    regions = rows("regions.csv")
    assert len(regions) == 23
    levels = [r["region_level"] for r in regions]
    assert levels.count("provinsi") == 1 and levels.count("kabupaten") == 21 and levels.count("kota") == 1
    assert len({r["kemendagri_code"] for r in regions}) == 23
    assert len({r["bps_code"] for r in regions}) == 23
    for r in regions:
        if r["region_level"] != "provinsi":
            assert r["kemendagri_code"].startswith("53.") and len(r["kemendagri_code"]) == 5
            assert r["bps_code"].startswith("53") and len(r["bps_code"]) == 4
            assert r["parent_kemendagri_code"] == "53"


@pytest.mark.parametrize(
    "kemendagri, bps, name",
    [
        ("53.01", "5303", "Kupang"),
        ("53.02", "5304", "Timor Tengah Selatan"),
        ("53.12", "5301", "Sumba Barat"),
        ("53.21", "5321", "Malaka"),
        ("53.71", "5371", "Kota Kupang"),
    ],
)
def test_crosswalk_pairs_the_two_code_systems(kemendagri, bps, name):
    by_code = {r["kemendagri_code"]: r for r in rows("regions.csv")}
    assert by_code[kemendagri]["bps_code"] == bps
    assert by_code[kemendagri]["region_name"] == name


def test_land_areas_add_up_to_the_province_and_give_the_published_density():
    regions = rows("regions.csv")
    province = next(r for r in regions if r["region_level"] == "provinsi")
    parts = sum(float(r["land_area_km2"]) for r in regions if r["region_level"] != "provinsi")
    assert parts == pytest.approx(float(province["land_area_km2"]), abs=0.01)
    assert all(r["land_area_source"] for r in regions)
    # PJPK Tabel 2.4: Kepadatan Penduduk 2024 baseline 122 jiwa/km² for 5.656.039 people
    assert round(5_656_039 / float(province["land_area_km2"])) == 122


@pytest.fixture(scope="module")
def normaliser() -> RegionNormaliser:
    return load_normaliser()


@pytest.mark.parametrize(
    "value, expected",
    [
        ("53.01", "53.01"),
        ("5301", "53.12"),
        ("5303", "53.01"),
        ("5371", "53.71"),
        ("5300", "53"),
        ("53", "53"),
        ("Timor Tengah Selatan", "53.02"),
        ("TTS", "53.02"),
        ("tts", "53.02"),
        ("Kab. Kupang", "53.01"),
        ("Kabupaten Kupang", "53.01"),
        ("Kota Kupang", "53.71"),
        ("KOTA KUPANG", "53.71"),
        ("1. Kota Kupang", "53.71"),
        ("3. Kupang", None),
        ("Flotim", "53.06"),
        ("SBD", "53.18"),
        ("Nusa Tenggara Timur", "53"),
        ("Provinsi Nusa Tenggara Timur", "53"),
        ("Timor  Tengah-Selatan", "53.02"),
    ],
)
def test_variants_and_codes_resolve(normaliser, value, expected):
    resolution = normaliser.resolve(value)
    if expected is None:
        assert resolution.region is None and "ambiguous" in resolution.problem
    else:
        assert resolution.region is not None, resolution.problem
        assert resolution.region.kemendagri_code == expected


def test_bare_kupang_needs_a_kind_hint(normaliser):
    assert "ambiguous" in normaliser.resolve("Kupang").problem
    assert normaliser.resolve("Kupang", kind_hint="kabupaten").region.kemendagri_code == "53.01"
    assert normaliser.resolve("Kupang", kind_hint="kota").region.kemendagri_code == "53.71"


@pytest.mark.parametrize("value", ["Atlantis", "5399", "53.99", "Kabupaten ITS", "", None])
def test_unmappable_values_are_reported_not_guessed(normaliser, value):
    resolution = normaliser.resolve(value)
    assert resolution.region is None
    assert resolution.problem


def test_code_system_hint_disambiguates_codes(normaliser):
    assert normaliser.resolve("5301", code_system="bps").region.region_name == "Sumba Barat"
    assert normaliser.resolve("5301", code_system="kemendagri").region is None


def test_every_regency_name_of_the_population_tables_resolves(normaliser):
    """All names in PJPK Tabel 1.1/1.2 map, except the bare "Kupang" the table leaves ambiguous."""
    source = Path(__file__).resolve().parents[2] / "shared" / "sources" / "002_a05e6b013d9a983d.txt"
    if not source.exists():
        pytest.skip(f"source document not found at {source}")
    lines = source.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Tabel 1. 2 Tabel Proyeksi"))
    names = [line.split("\t")[0] for line in lines[start + 3 : start + 27] if "\t" in line]
    assert len(names) == 23
    unresolved = [n for n in names if normaliser.resolve(n).region is None]
    assert unresolved == ["Kupang", "Kupang"]
    resolved = {normaliser.resolve(n).region.kemendagri_code for n in names if n != "Kupang"}
    assert len(resolved) == 21


def test_a_variant_pointing_to_an_unknown_code_fails_loudly(tmp_path):
    (tmp_path / "regions.csv").write_text((REFERENCE / "regions.csv").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "region_name_variants.csv").write_text(
        "variant,kemendagri_code,note\nXYZ,53.99,bad\n", encoding="utf-8"
    )
    with pytest.raises(KeyError):
        load_normaliser.__wrapped__(tmp_path)
