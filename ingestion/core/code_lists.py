"""Code lists from seeds/reference: published label -> code, read once per process.

Readers check categorical fields against these (an unknown label is quarantined, never guessed);
dbt reads the same CSVs as seeds, so the label a reader accepts and the code a model joins on
come from one file.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from ingestion.core.settings import seeds_dir


def normalise_label(text: object) -> str:
    """Lower case, single spaces: how labels are compared ("Anak  Perempuan" == "anak perempuan")."""
    return " ".join(str(text or "").lower().split())


@lru_cache(maxsize=64)
def code_list(seed_file: str, label_column: str, code_column: str) -> dict[str, str]:
    """{normalised label: code} from seeds/reference/<seed_file>."""
    with (seeds_dir() / "reference" / seed_file).open(encoding="utf-8", newline="") as handle:
        return {normalise_label(row[label_column]): row[code_column] for row in csv.DictReader(handle)}


def victim_categories() -> dict[str, str]:
    return code_list("korban_kategori.csv", "kategori_label", "kategori_code")


def jenis_kekerasan() -> dict[str, str]:
    return code_list("kekerasan_jenis.csv", "jenis_label", "jenis_code")


def bentuk_kekerasan() -> dict[str, str]:
    return code_list("kekerasan_bentuk.csv", "bentuk_label", "bentuk_code")


def simfoni_categories() -> dict[str, str]:
    """Labels of the SIMFONI PPA categories as documents write them (e.g. 'Traffiking')."""
    return code_list("simfoni_kategori_label.csv", "label", "simfoni_kategori")


def case_statuses() -> dict[str, str]:
    """Status of a case in the UPTD PPA register (seeds/reference/status_kasus.csv)."""
    return code_list("status_kasus.csv", "status_label", "status_code")


def services() -> dict[str, str]:
    """Services of the UPTD PPA (seeds/reference/layanan_uptd.csv), by label."""
    return code_list("layanan_uptd.csv", "layanan_label", "layanan_code")


def service_types() -> dict[str, str]:
    """Service label (layanan_uptd.csv) -> its type among the eleven of
    jenis_layanan_permen_2_2022.csv (the register's service_codes)."""
    return code_list("layanan_uptd.csv", "layanan_label", "jenis_layanan_code")


def places() -> dict[str, str]:
    """Place of occurrence (seeds/reference/tempat_kejadian.csv), label and variants."""
    return code_list("tempat_kejadian.csv", "tempat_label", "tempat_code")


def age_groups() -> dict[str, str]:
    """SIMFONI PPA age group (seeds/reference/kelompok_umur.csv), label and variants -> code."""
    return code_list("kelompok_umur.csv", "kelompok_label", "kelompok_code")


@lru_cache(maxsize=1)
def age_group_ranges() -> tuple[tuple[str, int, int | None], ...]:
    """(code, first age, last age or None) of each age group, youngest first."""
    with (seeds_dir() / "reference" / "kelompok_umur.csv").open(encoding="utf-8", newline="") as handle:
        ranges = {
            row["kelompok_code"]: (int(row["umur_min"]), int(row["umur_max"]) if row["umur_max"] else None)
            for row in csv.DictReader(handle)
        }
    return tuple(sorted(((code, low, high) for code, (low, high) in ranges.items()), key=lambda r: r[1]))


def sexes() -> dict[str, str]:
    """Sex of a victim or a perpetrator (seeds/reference/jenis_kelamin.csv), label and variants."""
    return code_list("jenis_kelamin.csv", "jenis_kelamin_label", "jenis_kelamin_code")


def perpetrator_relations() -> dict[str, str]:
    """The perpetrator's relationship to the victim (seeds/reference/hubungan_pelaku.csv)."""
    return code_list("hubungan_pelaku.csv", "hubungan_label", "hubungan_code")


def reporting_channels() -> dict[str, str]:
    """How the case reached the unit (seeds/reference/saluran_pengaduan.csv)."""
    return code_list("saluran_pengaduan.csv", "saluran_label", "saluran_code")
