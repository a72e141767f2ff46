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


@lru_cache(maxsize=16)
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
