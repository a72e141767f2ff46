"""The figure registry (marts.published_figures) and its comparison of every figure stated more
than once (marts.figure_comparisons, check stated_twice_agree): identities from the sources' keys
and the reviewed crosswalk seed, disagreements beyond the printed precision named with both
places, agreement within it silent."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest
from dbt_helpers import rebuild_copy

from ingestion.core.settings import REPO_ROOT, seeds_dir

SOURCES = REPO_ROOT.parent / "shared" / "sources"
CROSSWALK = seeds_dir() / "reference" / "figure_crosswalk.csv"


def crosswalk_rows() -> list[dict[str, str]]:
    with CROSSWALK.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def document_line(name: str, number: int) -> str:
    lines = (SOURCES / name).read_text(encoding="utf-8").split("\n")
    return " ".join(lines[number - 1].split())


@pytest.mark.skipif(not SOURCES.exists(), reason="the source documents (../shared/sources) are not beside the repo")
@pytest.mark.parametrize("row", crosswalk_rows(), ids=lambda row: row["crosswalk_id"])
def test_every_crosswalk_line_reference_is_in_the_document(row):
    """Both sides of a crosswalk line cite the document: the text quoted is printed on the line named."""
    for side in ("statement", "identity"):
        quoted = " ".join(row[f"{side}_text"].split())
        assert quoted in document_line(row[f"{side}_file"], int(row[f"{side}_line"])), (side, row["crosswalk_id"])
    assert row["reason"].strip(), "every crosswalk line says why the two are one figure"


def query(home: Path, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def stated_twice_findings(home: Path, like: str = "%") -> dict[str, tuple[str, str]]:
    return {
        key: (observed, expected)
        for key, observed, expected in query(
            home,
            """select record_key, observed_value, expected_value from marts.dq_findings
               where check_name = 'stated_twice_agree' and record_key like ?""",
            [like],
        )
    }


def test_every_crosswalk_line_gives_a_statement_its_identity(sample_warehouse_home):
    used = {row[0] for row in query(sample_warehouse_home, "select distinct crosswalk_id from marts.published_figures")}
    assert {row["crosswalk_id"] for row in crosswalk_rows()} <= used


def test_the_same_indicator_under_two_names_is_compared_and_both_places_are_named(sample_warehouse_home):
    """Laporan Tahunan DP3A 2023 counts 35 Perangkat Daerah in Tabel 9 (line 417, in brackets after
    '100%') and 39 in Tabel 12 (line 812): one figure, two values."""
    findings = stated_twice_findings(sample_warehouse_home, "%perangkat-daerah%measure=realisasi%")
    ((key, (observed, expected)),) = findings.items()
    assert "baris 417" in key and "baris 812" in key
    assert (float(observed), float(expected.split(" ")[0])) == (39.0, 35.0)  # Tabel 12 against Tabel 9


def test_agreement_within_the_printed_precision_is_silent(sample_warehouse_home):
    """74% (Bab I.G) and 74,3% (Tabel 1.3) are one figure rounded; so are the 121,95 density and the
    baseline path printed '122,00 ... 132,00' (whole units); 29.676 people and 296,76 thousand are not."""
    agree = dict(
        query(
            sample_warehouse_home,
            """select subject || '|' || region_code || '|' || coalesce(period, ''), bool_and(values_agree)
               from marts.figure_comparisons group by 1""",
        )
    )
    assert agree["PJPK-S2-09|53|Februari"] is True
    assert agree["PJPK-S4-02|53|"] is True
    assert agree["penduduk|53.06|"] is False  # Tabel 1.2 prints 29.676 where Tabel 1.1 has 296,76 thousand
    assert agree["PJPK-S2-12|53|"] is False  # baseline 23,52 against the 24,27 Tabel 1.3 states for 2024
    assert not stated_twice_findings(sample_warehouse_home, "%|subject=PJPK-S4-02|%")


def test_a_restated_figure_is_compared_at_the_precision_it_was_printed_with(sample_warehouse_home, tmp_path):
    """A BKKBN delivery restating the 2024 TFR as '2,7' (rounded: agrees with 2,71) and the 2023
    TFR as '2,95' (the document says 2,79): one new finding, naming the new line and the first."""
    assert not stated_twice_findings(sample_warehouse_home, "%|subject=PJPK-S1-01|%")
    extract = seeds_dir() / "extracts" / "bkkbn" / "bkkbn_indikator_pjpk.csv"
    header = extract.read_text(encoding="utf-8").splitlines()[0]

    def deliver(landing: Path) -> None:
        target = landing / "bkkbn" / "bkkbn_indikator_tambahan.csv"
        rows = [
            [
                "PJPK-S1-01",
                "TFR",
                "Provinsi NTT",
                "2024",
                "",
                "realisasi",
                "2,7",
                "anak per wanita",
                "Bab V",
                "900",
                "",
            ],
            [
                "PJPK-S1-01",
                "TFR",
                "Provinsi NTT",
                "2023",
                "",
                "realisasi",
                "2,95",
                "anak per wanita",
                "Bab V",
                "901",
                "",
            ],
        ]
        with target.open("w", encoding="utf-8", newline="") as handle:
            handle.write(header + "\n")
            csv.writer(handle, lineterminator="\n").writerows(rows)
        shutil.copy(extract.with_name(extract.name + ".meta.json"), target.with_name(target.name + ".meta.json"))

    built = rebuild_copy(sample_warehouse_home, tmp_path / "var", deliver, "source:bkkbn.bkkbn_indicator_actuals+")
    assert built.returncode == 0, built.stdout[-3000:]
    findings = stated_twice_findings(tmp_path / "var", "%|subject=PJPK-S1-01|%")
    ((key, (observed, expected)),) = findings.items()
    assert "|year=2023|" in key and "baris 901" in key and "baris 387" in key
    assert (float(observed), expected) == (2.95, "2.79 ±0.005")  # the new line against the first
