"""The regional innovations of DP3AP2KB (Keputusan Gubernur NTT 547/KEP/HK/2025) tied to the data
they aim to move: every line the seeds cite is in the decree, every innovation is there once with
its measures, marts.innovation_monitoring shows a value where a source exists and 'belum ada data'
where none does, the figures an innovation's text states are checked against the warehouse's data
(marts.innovation_reconciliation, a values_agree finding when they disagree) and the monitoring
report has a section per innovation."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from dbt_helpers import run_dbt

from ingestion.core.settings import REPO_ROOT, seeds_dir

SOURCES = REPO_ROOT.parent / "shared" / "sources"
DECREE = "000_bc06d7c1a8afdc87.txt"
REFERENCE = seeds_dir() / "reference"
#: the Lampiran's rows: innovation number -> the line its row starts on
LAMPIRAN_ROWS = {1: 73, 2: 77, 3: 78, 4: 85, 5: 89, 6: 90, 7: 96, 8: 97}
SUMBA = {"53.11", "53.12", "53.17", "53.18"}
BREAKDOWNS = {
    "tempat_kejadian",
    "kelompok_umur_korban",
    "jenis_kelamin_korban",
    "disabilitas_korban",
    "hubungan_pelaku",
    "jenis_kelamin_pelaku",
    "kelompok_umur_pelaku",
    "saluran_pengaduan",
    "jenis_layanan",
}
needs_sources = pytest.mark.skipif(
    not SOURCES.exists(), reason="the source documents (../shared/sources) are not beside the repo"
)


def seed(name: str) -> list[dict[str, str]]:
    with (REFERENCE / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def document_lines() -> list[str]:
    return (SOURCES / DECREE).read_text(encoding="utf-8").split("\n")


def printed(line: str) -> str:
    """A line as read: whitespace collapsed."""
    return " ".join(line.split())


def without_markup(text: str) -> str:
    """A cell as printed, without the HTML the conversion left (<i>, <p>, <ul ...>)."""
    return printed(re.sub(r"<[^>]+>", "", text))


def row_block(source_line: int) -> range:
    """The lines of an innovation's row: from its first line to the next innovation's."""
    starts = sorted(LAMPIRAN_ROWS.values())
    following = [start for start in starts if start > source_line]
    return range(source_line, following[0] if following else 102)


INNOVATIONS = seed("innovations")
MEASURES = seed("innovation_measures")
STATEMENTS = seed("innovation_statements")


# --- the seeds against the decree --------------------------------------------------------------


@needs_sources
def test_the_lampiran_lists_eight_innovations_on_the_lines_the_seed_names():
    lines = document_lines()
    table = lines.index("No\tNama Inovasi\tUraian\tTujuan\tManfaat") + 2  # after the column numbers' row
    rows = {
        int(line.split("\t")[0]): number
        for number, line in enumerate(lines, 1)
        if number > table and re.match(r"^\d\t\S", line)
    }
    assert rows == LAMPIRAN_ROWS
    assert {int(r["innovation_no"]): int(r["source_line"]) for r in INNOVATIONS} == LAMPIRAN_ROWS


def test_every_innovation_is_there_once_with_its_measures():
    codes = [r["innovation_code"] for r in INNOVATIONS]
    assert len(codes) == len(set(codes)) == 8
    assert sorted(int(r["innovation_no"]) for r in INNOVATIONS) == list(range(1, 9))
    measured = {r["innovation_code"] for r in MEASURES}
    assert measured == set(codes)
    assert len({r["measure_id"] for r in MEASURES}) == len(MEASURES)
    assert {r["innovation_code"] for r in STATEMENTS} <= set(codes)


@needs_sources
@pytest.mark.parametrize("row", INNOVATIONS, ids=lambda r: r["innovation_code"])
def test_every_innovation_line_reference_is_in_the_decree(row):
    """The quoted text is printed on the innovation's row; the name is its Nama Inovasi cell, the aim
    a part of its Tujuan cell; the legal basis's number is printed on the line cited."""
    lines = document_lines()
    line = lines[int(row["source_line"]) - 1]
    assert printed(row["quoted_text"]) in printed(line)
    cells = line.split("\t")
    assert cells[0] == row["innovation_no"]
    assert without_markup(cells[1]) == printed(row["name"])
    assert printed(row["aim"]) in without_markup(cells[3])
    assert row["legal_basis_text"] in lines[int(row["legal_basis_line"]) - 1]
    assert row["legal_basis_text"].split(": ")[1] in row["legal_basis"]
    assert "KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR" in lines[int(row["legal_basis_line"]) - 2]
    assert row["owner"] and row["description"] and row["short_name"]


@needs_sources
@pytest.mark.parametrize("row", MEASURES, ids=lambda r: r["measure_id"])
def test_every_measure_is_justified_by_its_innovations_row(row):
    """The justification is printed on the line cited, and that line belongs to the innovation's
    row of the Lampiran (the row's first line or its continuation after a page break)."""
    lines = document_lines()
    number = int(row["justification_line"])
    assert printed(row["justification_text"]) in printed(lines[number - 1])
    innovation = next(r for r in INNOVATIONS if r["innovation_code"] == row["innovation_code"])
    assert number in row_block(int(innovation["source_line"]))
    assert row["reason"].strip() and row["needed_source"].strip() and row["measure_name"].strip()


def test_every_measure_names_what_the_warehouse_can_read():
    indicators = {r["indicator_code"] for r in seed("pjpk_indicators")}
    regions = {r["kemendagri_code"] for r in seed("regions")}
    for row in MEASURES:
        listed = [code for code in row["region_codes"].split(";") if code]
        assert set(listed) <= regions, row["measure_id"]
        kind = row["measure_kind"]
        if kind == "pjpk_indicator":
            assert row["measure_key"] in indicators
        elif kind == "figure":
            assert row["figure_measure"] and row["figure_value_form"]
        elif kind == "case_breakdown":
            assert row["measure_key"] in BREAKDOWNS and row["category_codes"]
    by_id = {r["measure_id"]: r for r in MEASURES}
    assert (by_id["gerhana-1"]["measure_kind"], by_id["gerhana-1"]["measure_key"]) == ("pjpk_indicator", "PJPK-S5-01")
    assert {(r["measure_key"], r["category_codes"]) for r in MEASURES if r["innovation_code"] == "goes_to_school"} >= {
        ("tempat_kejadian", "sekolah"),
        ("hubungan_pelaku", "guru"),
    }
    assert {r["measure_key"] for r in MEASURES if r["innovation_code"] == "coaching_corner_pug"} >= {
        "lain:cakupan-perangkat-daerah-yang-melaksanakan-pengarusutamaan-gender-pug",
        "lain:cakupan-kab-kota-yang-melaksanakan-pengarusutamaan-gender-pug",
    }
    assert set(by_id["ppmr-1"]["region_codes"].split(";")) == SUMBA
    assert by_id["peduli_lansia-1"]["measure_kind"] == "population"
    for code in ("batogor_sapa_umkm", "nusa_care", "k3_ceria"):
        assert {r["measure_kind"] for r in MEASURES if r["innovation_code"] == code} == {"none"}


@needs_sources
@pytest.mark.parametrize("row", STATEMENTS, ids=lambda r: r["statement_id"])
def test_every_stated_figure_is_quoted_from_its_innovations_row(row):
    lines = document_lines()
    line = printed(lines[int(row["source_line"]) - 1])
    assert printed(row["quoted_text"]) in line
    assert printed(row["stated_text"]) in line
    if row["numerator_text"]:
        assert printed(row["numerator_text"]) in line
    innovation = next(r for r in INNOVATIONS if r["innovation_code"] == row["innovation_code"])
    assert int(row["source_line"]) in row_block(int(innovation["source_line"]))
    assert row["reason"].strip()


# --- the mart -------------------------------------------------------------------------------------


def query(home: Path, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def monitoring(home: Path, measure_id: str) -> dict[str, list[dict]]:
    """The mart's rows of a measure by region, in year order."""
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        rel = con.execute(
            "select * from marts.innovation_monitoring where measure_id = ? order by region_code, year", [measure_id]
        )
        names = [d[0] for d in rel.description]
        rows = [dict(zip(names, r, strict=True)) for r in rel.fetchall()]
    by_region: dict[str, list[dict]] = {}
    for row in rows:
        by_region.setdefault(row["region_code"], []).append(row)
    return by_region


def test_the_mart_has_every_innovation_and_every_measure(sample_warehouse_home):
    rows = query(sample_warehouse_home, "select distinct innovation_code, measure_id from marts.innovation_monitoring")
    assert {m for _, m in rows} == {r["measure_id"] for r in MEASURES}
    assert {i for i, _ in rows} == {r["innovation_code"] for r in INNOVATIONS}


def test_measures_without_a_source_say_belum_ada_data_and_what_is_needed(sample_warehouse_home):
    for row in MEASURES:
        if row["measure_kind"] not in ("none", "population"):
            continue
        by_region = monitoring(sample_warehouse_home, row["measure_id"])
        expected = {code for code in row["region_codes"].split(";") if code} or {"53"}
        assert set(by_region) == expected, row["measure_id"]
        for (only,) in by_region.values():
            assert (only["status"], only["year"], only["value"]) == ("belum ada data", None, None)
            assert only["needed_source"] == row["needed_source"]
    (lansia,) = monitoring(sample_warehouse_home, "peduli_lansia-1")["53.71"]
    assert lansia["note"] == "penduduk menurut kelompok umur belum dikirim"


def test_gerhana_shows_the_birth_certificate_coverage_against_the_baseline(sample_warehouse_home):
    """PJPK-S5-01 from marts.pjpk_progress: the latest actual of the province, the previous point
    (an earlier actual or the Tabel 2.5 baseline of its year) and the change."""
    points = dict(
        query(
            sample_warehouse_home,
            """select year, coalesce(actual, case when year = baseline_year then baseline_value end)
               from marts.pjpk_progress
               where indicator_code = 'PJPK-S5-01' and region_code = '53'
                 and coalesce(actual, case when year = baseline_year then baseline_value end) is not null""",
        )
    )
    years = sorted(points)
    assert len(years) >= 2
    latest = monitoring(sample_warehouse_home, "gerhana-1")["53"][-1]
    assert (latest["status"], latest["year"], latest["value"]) == ("ada data", years[-1], points[years[-1]])
    assert (latest["previous_year"], latest["previous_value"]) == (years[-2], points[years[-2]])
    assert latest["change"] == pytest.approx(points[years[-1]] - points[years[-2]])
    assert (latest["year"], latest["value"], latest["previous_value"]) == (2025, 77.77, 82.0)  # Tabel 1.3 vs Tabel 2.5
    assert latest["source_mart"] == "marts.pjpk_progress" and latest["source_line"] == 487


def test_coaching_corner_shows_the_registrys_first_statement_and_the_other(sample_warehouse_home):
    ((year, value, stated_at),) = query(
        sample_warehouse_home,
        """select year, value, stated_at from marts.published_figures
           where subject = 'lain:cakupan-perangkat-daerah-yang-melaksanakan-pengarusutamaan-gender-pug'
             and measure = 'realisasi' and value_form = 'angka' and statement_no = 1""",
    )
    (row,) = monitoring(sample_warehouse_home, "coaching_corner_pug-1")["53"]
    assert (row["status"], row["year"], row["value"]) == ("ada data", year, value) == ("ada data", 2023, 35.0)
    assert "baris 417" in stated_at and "39 (" in row["note"] and "baris 812" in row["note"]
    (kabkota,) = monitoring(sample_warehouse_home, "coaching_corner_pug-2")["53"]
    assert (kabkota["year"], kabkota["value"]) == (2023, 11.0)


def test_ppmr_counts_female_victims_cases_in_the_four_sumba_regencies(sample_warehouse_home):
    counted = query(
        sample_warehouse_home,
        """select region_code, year, sum(case_count) from marts.fct_case_counts_by_region
           where victim_category in ('perempuan_dewasa', 'anak_perempuan') group by all""",
    )
    years = {y for (y,) in query(sample_warehouse_home, "select distinct year from marts.fct_case_counts_by_region")}
    expected = {(region, year): 0.0 for region in SUMBA for year in years}
    expected.update({(r, y): float(n) for r, y, n in counted if r in SUMBA})
    by_region = monitoring(sample_warehouse_home, "ppmr-1")
    shown = {(region, row["year"]): row["value"] for region, rows in by_region.items() for row in rows}
    assert shown == expected and set(by_region) == SUMBA
    assert any(value > 0 for value in shown.values())
    assert all(row["is_synthetic"] for rows in by_region.values() for row in rows)  # the demo register


def test_goes_to_school_reads_the_case_breakdowns_where_the_register_records_them(sample_warehouse_home):
    """A year in which the register recorded the place of occurrence (or the perpetrator's
    relationship) shows the province's cases of the category, 0 if none; a register that never
    recorded it leaves 'belum ada data'."""
    for measure_id, breakdown, category in (
        ("goes_to_school-1", "tempat_kejadian", "sekolah"),
        ("goes_to_school-2", "hubungan_pelaku", "guru"),
    ):
        recorded = {
            y
            for (y,) in query(
                sample_warehouse_home,
                """select distinct year from marts.case_breakdowns
                   where breakdown = ? and category_code != 'tidak_diketahui' and cases > 0""",
                [breakdown],
            )
        }
        rows = monitoring(sample_warehouse_home, measure_id)["53"]
        if not recorded:
            ((status, year),) = [(r["status"], r["year"]) for r in rows]
            assert (status, year) == ("belum ada data", None)
            continue
        yearly = dict(
            query(
                sample_warehouse_home,
                """select year, sum(cases) from marts.case_breakdowns
                   where breakdown = ? and category_code = ? and region_code = '53' and month is null
                   group by year""",
                [breakdown, category],
            )
        )
        assert {r["year"]: r["value"] for r in rows} == {y: float(yearly.get(y, 0)) for y in recorded}


# --- the figures of the innovations' text -------------------------------------------------------


def kota_kupang_share(home: Path) -> tuple[int, float]:
    """38.557 over Kota Kupang's BPS population of the year nearest 2023 (on a tie the earlier;
    a figure published in people before one in thousands), computed from marts.fct_population."""
    ((year, population),) = query(
        home,
        """select year, population from marts.fct_population where region_code = '53.71'
           order by abs(year - 2023), year, published_unit != 'jiwa' limit 1""",
    )
    return year, 100 * 38557 / population


def text_findings(home: Path) -> dict[str, tuple[str, str, str]]:
    return {
        key: (observed, expected, agency)
        for key, observed, expected, agency in query(
            home,
            """select record_key, observed_value, expected_value, agency_code from marts.dq_findings
               where check_name = 'values_agree' and model_name = 'innovation_reconciliation'""",
        )
    }


def test_peduli_lansias_seven_percent_is_checked_against_bps_population(sample_warehouse_home):
    """'sebanyak 38. 557 ... sekitar 7% dari populasi' of Kota Kupang: 38.557 / 474.800 (BPS 2024,
    the nearest year to 2023 the warehouse has) is 8,12 %, beyond the half point a whole percent
    allows: one finding, put to DP3AP2KB."""
    year, share = kota_kupang_share(sample_warehouse_home)
    assert year == 2024 and round(share, 2) == 8.12
    ((checked, agree, compared, tolerance, compared_year),) = query(
        sample_warehouse_home,
        """select is_checkable, values_agree, compared_value, tolerance, compared_year
           from marts.innovation_reconciliation where statement_id = 'peduli_lansia-persen-lansia'""",
    )
    assert (checked, agree, tolerance, compared_year) == (True, False, 0.5, 2024)
    assert compared == pytest.approx(share)
    ((key, (observed, expected, agency)),) = text_findings(sample_warehouse_home).items()
    assert "statement_id=peduli_lansia-persen-lansia" in key and "compared_year=2024|source_line=93" in key
    assert float(observed) == 7.0 and float(expected.split(" ")[0]) == pytest.approx(share)
    assert agency == "dp3a"
    unchecked = query(
        sample_warehouse_home,
        "select statement_id from marts.innovation_reconciliation where not is_checkable and values_agree is null",
    )
    assert len(unchecked) == len(STATEMENTS) - 1
    ((checked_count, disagreeing),) = query(
        sample_warehouse_home,
        """select distinct text_statements_checked, text_statements_disagreeing from marts.innovation_monitoring
           where innovation_code = 'peduli_lansia'""",
    )
    assert (checked_count, disagreeing) == (1, 1)


def rewrite_seed(path: Path, edit) -> None:
    """A seed CSV rewritten by edit(rows) -> rows (a list of dicts, the header kept)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or []), list(reader)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(edit(rows))


def edit_statements(rows: list[dict]) -> list[dict]:
    """The share restated as 8% (consistent), as 8,1% (agrees at its own precision, 0,05), as 8,3%
    (disagrees at 0,05: the defect), and 7% with a numerator of 33. 557 (7,07 %: consistent)."""
    (share,) = [r for r in rows if r["statement_id"] == "peduli_lansia-persen-lansia"]
    share.update(stated_text="8%", stated_value="8")
    return [
        *rows,
        {**share, "statement_id": "uji-presisi-sesuai", "stated_text": "8,1%", "stated_value": "8.1"},
        {**share, "statement_id": "uji-presisi-cacat", "stated_text": "8,3%", "stated_value": "8.3"},
        {**share, "statement_id": "uji-pembilang", "stated_text": "7%", "stated_value": "7"}
        | {"numerator_text": "33. 557", "numerator_value": "33557"},
    ]


def edit_measures(rows: list[dict]) -> list[dict]:
    """Two more case-breakdown measures: a category no case falls in (0 in every recorded year) and
    a breakdown the register has never recorded ('belum ada data')."""
    (school,) = [r for r in rows if r["measure_id"] == "goes_to_school-1"]
    return [
        *rows,
        {**school, "measure_id": "uji-kategori-kosong", "category_codes": "kategori_tanpa_kasus"},
        {**school, "measure_id": "uji-rincian-tidak-dicatat", "measure_key": "rincian_tidak_dicatat"},
    ]


@pytest.fixture(scope="module")
def edited_seeds_home(sample_warehouse_home, tmp_path_factory) -> Path:
    """A copy of the sample warehouse rebuilt from the innovation seeds on, with a copy of the dbt
    project whose statements and measures seeds were edited (edit_statements, edit_measures)."""
    import os

    root = tmp_path_factory.mktemp("innovations_edited")
    home = root / "var"
    shutil.copytree(sample_warehouse_home, home)
    project = root / "dbt_project"
    shutil.copytree(REPO_ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs"))
    rewrite_seed(project / "seeds" / "innovation_statements.csv", edit_statements)
    rewrite_seed(project / "seeds" / "innovation_measures.csv", edit_measures)
    previous = os.environ.get("NTT_DW_DBT_PROJECT_DIR")
    os.environ["NTT_DW_DBT_PROJECT_DIR"] = str(project)
    try:
        built = run_dbt(home, "build", "--select", "innovation_statements+", "innovation_measures+")
    finally:
        if previous is None:
            os.environ.pop("NTT_DW_DBT_PROJECT_DIR", None)
        else:
            os.environ["NTT_DW_DBT_PROJECT_DIR"] = previous
    assert built.returncode == 0, built.stdout[-3000:]
    return home


def test_the_text_check_finds_an_injected_defect_and_is_silent_on_consistent_figures(edited_seeds_home):
    findings = text_findings(edited_seeds_home)
    ((key, (observed, _, _)),) = findings.items()
    assert "statement_id=uji-presisi-cacat" in key and float(observed) == 8.3
    agree = dict(
        query(
            edited_seeds_home,
            "select statement_id, values_agree from marts.innovation_reconciliation where is_checkable",
        )
    )
    assert agree == {
        "peduli_lansia-persen-lansia": True,
        "uji-presisi-sesuai": True,
        "uji-presisi-cacat": False,
        "uji-pembilang": True,
    }


def test_a_breakdown_never_recorded_has_no_data_and_an_empty_category_counts_zero(edited_seeds_home):
    recorded = {
        y
        for (y,) in query(
            edited_seeds_home,
            """select distinct year from marts.case_breakdowns
               where breakdown = 'tempat_kejadian' and category_code != 'tidak_diketahui' and cases > 0""",
        )
    }
    assert recorded
    empty = monitoring(edited_seeds_home, "uji-kategori-kosong")["53"]
    assert {(r["year"], r["value"], r["status"]) for r in empty} == {(y, 0.0, "ada data") for y in recorded}
    ((status, year, note),) = [
        (r["status"], r["year"], r["note"]) for r in monitoring(edited_seeds_home, "uji-rincian-tidak-dicatat")["53"]
    ]
    assert (status, year, note) == (
        "belum ada data",
        None,
        "register kasus belum mencatat rincian rincian_tidak_dicatat",
    )


# --- the report -----------------------------------------------------------------------------------


def test_the_report_has_a_section_per_innovation_with_its_measures(sample_warehouse_home, tmp_path):
    from publish.monitoring_report import number, write_report

    database = sample_warehouse_home / "warehouse" / "ntt_dw.duckdb"
    page = write_report(database, tmp_path / "laporan.html", read_only=True).read_text(encoding="utf-8")
    section = page.split('<section id="inovasi-daerah">')[1].split("</section>")[0]
    assert "547/KEP/HK/2025" in section
    blocks = dict(re.findall(r'data-innovation="([a-z0-9_]+)">(.*?)</div>', section, re.S))
    assert set(blocks) == {r["innovation_code"] for r in INNOVATIONS}
    for innovation in INNOVATIONS:
        block = blocks[innovation["innovation_code"]]
        assert f"{innovation['innovation_no']}. {innovation['short_name']}" in block
        for measure in (m for m in MEASURES if m["innovation_code"] == innovation["innovation_code"]):
            assert f'data-measure="{measure["measure_id"]}"' in block
            for region, rows in monitoring(sample_warehouse_home, measure["measure_id"]).items():
                latest = rows[-1]
                if latest["status"] == "belum ada data":
                    assert "belum ada data" in block and measure["needed_source"] in block, (measure, region)
                elif latest["value_kind"] == "kasus" and 0 < latest["value"] < 5:
                    assert "disamarkan" in block, (measure, region)
                else:
                    assert f"{number(latest['value'])} {measure['unit']}" in block, (measure, region)
    gerhana = blocks["gerhana"]
    assert "77,77 %" in gerhana and "-4,23" in gerhana and ">82 <" in gerhana  # Indonesian notation
    lansia = blocks["peduli_lansia"]
    assert "= 8,12%" in lansia and "tidak sesuai" in lansia and "474.800" in lansia
    for code in ("batogor_sapa_umkm", "nusa_care", "k3_ceria"):
        assert "belum ada data" in blocks[code] and "ada data" not in blocks[code].replace("belum ada data", "")


def test_the_report_prints_no_small_case_count(sample_warehouse_home, tmp_path):
    """A count of 1 to 4 cases in a Sumba regency (or of the province) is 'disamarkan', as in the
    public exports, and so is a change it would give back; 0 names nobody and is printed."""
    from publish.monitoring_report import number, write_report

    database = sample_warehouse_home / "warehouse" / "ntt_dw.duckdb"
    page = write_report(database, tmp_path / "laporan.html", read_only=True).read_text(encoding="utf-8")
    section = page.split('<section id="inovasi-daerah">')[1].split("</section>")[0]
    cells = re.findall(r'<tr data-measure="([^"]+)" data-status="ada data">(.*?)</tr>', section, re.S)
    counts = query(
        sample_warehouse_home,
        """select measure_id, region_name, value from marts.innovation_monitoring
           where value_kind = 'kasus'
           qualify row_number() over (partition by measure_id, region_code order by year desc) = 1""",
    )
    small = [(m, r) for m, r, v in counts if 0 < v < 5]
    assert small  # the demo register has a few cases in some Sumba regencies
    for measure_id, region, value in counts:
        (row,) = [html for m, html in cells if m == measure_id and f"<td>{region}</td>" in html]
        shown = re.findall(r'<td class="num">(.*?) <span', row)[0]
        assert shown == ("disamarkan" if 0 < value < 5 else f"{number(value)} kasus"), (measure_id, region)
