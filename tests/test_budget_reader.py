"""Budget ingestion (source 'budget'): amounts as exact integers of rupiah, percentages exact,
line items resolved to the hierarchy seed, bad rows quarantined naming file, row and field."""

import json
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingestion.core.pipeline import ingest_source
from ingestion.core.settings import seeds_dir

SAMPLES = seeds_dir() / "extracts" / "budget"
SIDECAR = {
    "document": "Dokumen uji",
    "table": "Tabel uji",
    "unit": "rupiah",
    "budget_year": 2023,
    "period_end": "2023-12-31",
}
TABEL6_HEADER = "kegiatan,sub_kegiatan,pagu,realisasi,sisa,persen,source_line,note"
GOOD_LINE = (
    '"Administrasi Umum Perangkat Daerah",Fasilitasi Kunjungan Tamu,20.577.000,14.641.500,5.935.500,"28,85",340,'
)


def land(home: Path, name: str, text: str | None = None) -> None:
    folder = home / "landing" / "budget"
    folder.mkdir(parents=True, exist_ok=True)
    if text is None:
        shutil.copy2(SAMPLES / name, folder / name)
        shutil.copy2(SAMPLES / f"{name}.meta.json", folder / f"{name}.meta.json")
    else:
        (folder / name).write_text(text, encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps(SIDECAR), encoding="utf-8")


def table(home: Path, kind: str, where: str = "true") -> list[dict]:
    folder = home / "raw" / ("_quarantine/budget" if kind == "quarantine" else "budget")
    rel = duckdb.sql(f"select * from read_parquet('{folder}/*.parquet') where {where} order by source_row")
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


@pytest.fixture
def samples(ntt_home):
    for path in SAMPLES.glob("*.csv"):
        land(ntt_home, path.name)
    return ntt_home, ingest_source("budget")


def test_every_sample_figure_is_loaded(samples):
    home, report = samples
    assert report.files_loaded == 5 and report.records_quarantined == 0
    # 17 + 3 + 2 line items in the realisation tables: their pagu adds up to the stated P-DPA total
    pagu = table(home, "records", "dataset = 'realisation' and measure = 'pagu'")
    assert len(pagu) == 22
    assert sum(r["amount_rupiah"] for r in pagu) == 6_892_432_255


def test_amounts_are_exact_integers_and_negatives_come_from_parentheses(samples):
    home, _ = samples
    (rka,) = table(
        home, "records", "dataset = 'pdpa_revision' and measure = 'anggaran_perubahan' and value_text = '(7.633.200)'"
    )
    assert rka["amount_rupiah"] == -7_633_200 and isinstance(rka["amount_rupiah"], int)
    (total,) = table(home, "records", "item = 'total_pdpa' and measure = 'pagu' and source_line = 317")
    assert (total["amount_rupiah"], total["value_text"]) == (6_892_432_255, "Rp.6.892.432.255,-")


def test_percentages_keep_their_text_and_decimal_mark(samples):
    home, _ = samples
    (tpa,) = table(home, "records", "item = 'pendapatan_tpa' and measure = 'persen_realisasi' and source_line = 313")
    assert (tpa["percent"], tpa["percent_decimal_mark"], tpa["value_text"]) == (Decimal("97.3300"), ".", "97.33%")
    tabel6 = table(home, "records", "dataset = 'realisation' and measure = 'persen' and value_text = '98'")
    assert [r["percent"] for r in tabel6] == [Decimal("98.0000")]


def test_line_items_resolve_through_spelling_variants(samples):
    home, _ = samples
    keys = {
        r["sub_kegiatan_published"]: r["line_item_key"]
        for r in table(home, "records", "sub_kegiatan_published like 'Penyelenggaraan Rapat%'")
    }
    # Tabel 6 writes 'SKPP', the P-DPA table 'SKPD': one line item
    assert len(keys) == 2 and len(set(keys.values())) == 1


def test_bad_rows_are_quarantined_with_field_and_reason(ntt_home):
    land(
        ntt_home,
        "t6.csv",
        "\n".join(
            [
                TABEL6_HEADER,
                GOOD_LINE,
                GOOD_LINE.replace("20.577.000", "12.3.4"),  # malformed grouping
                GOOD_LINE.replace("14.641.500", ""),  # empty amount: kept missing
                GOOD_LINE.replace("5.935.500", "lima juta"),  # letters
                GOOD_LINE.replace("Fasilitasi Kunjungan Tamu", "Belanja Fiktif"),  # unknown line item
                GOOD_LINE.replace('"28,85"', '"28,8,5"'),  # bad percentage
                GOOD_LINE.replace("20.577.000", '"20.577.000,50"'),  # a fraction of a rupiah
                GOOD_LINE.replace("20.577.000", "20.577.000,50"),  # unquoted: the row is too wide
            ]
        )
        + "\n",
    )
    report = ingest_source("budget")
    assert report.records_quarantined == 6
    quarantined = {(q["source_row"], q["source_field"]): q for q in table(ntt_home, "quarantine")}
    assert set(quarantined) == {(3, "pagu"), (5, "sisa"), (6, "sub_kegiatan"), (7, "persen"), (8, "pagu"), (9, None)}
    assert "row has 9 cells, the header 8" in quarantined[(9, None)]["reason"]
    assert "'12.3.4' is not a well-formed Indonesian number" in quarantined[(3, "pagu")]["reason"]
    assert "'lima juta' is not a number" in quarantined[(5, "sisa")]["reason"]
    assert "unknown sub-kegiatan 'Belanja Fiktif'" in quarantined[(6, "sub_kegiatan")]["reason"]
    assert "not a whole number of rupiah" in quarantined[(8, "pagu")]["reason"]
    assert all(q["source_file"] == "t6.csv" and q["raw_value"] for q in quarantined.values())
    loaded = table(ntt_home, "records")
    assert {r["source_row"] for r in loaded} == {2, 4}
    missing = [r for r in loaded if r["source_row"] == 4 and r["measure"] == "realisasi"]
    assert missing[0]["amount_rupiah"] is None  # empty cell: missing, never zero


def test_redelivery_adds_nothing(samples):
    home, first = samples
    for path in SAMPLES.glob("*.csv"):
        land(home, path.name)
    again = ingest_source("budget")
    assert again.files_skipped == 5 and again.records_loaded == 0
    assert len(table(home, "records")) == first.records_loaded


def test_a_realisation_table_without_its_period_is_rejected_naming_the_field(ntt_home):
    """Without period_end its rows would carry no period: the marts' grain (line item x period)
    could not hold them. The file is rejected whole, saying what to add; the others load."""
    land(ntt_home, "realisasi_apbd_2023_tabel6.csv")
    land(ntt_home, "tanpa_periode.csv", f"{TABEL6_HEADER}\n{GOOD_LINE}\n")
    sidecar = ntt_home / "landing" / "budget" / "tanpa_periode.csv.meta.json"
    sidecar.write_text(json.dumps({k: v for k, v in SIDECAR.items() if k != "period_end"}), encoding="utf-8")
    report = ingest_source("budget")
    assert report.files_loaded == 1 and report.files_rejected == 1
    (rejected,) = report.rejected_files
    assert rejected["file"] == "tanpa_periode.csv"
    assert "period_end" in rejected["error"] and "tanpa_periode.csv.meta.json" in rejected["error"]
