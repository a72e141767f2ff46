"""Generate SYNTHETIC national-scale extracts: case registers, budget realisation and population of every kabupaten/kota.

NTT's own volumes are small; the same warehouse should serve a national roll-out (SIMFONI PPA
records cases from all 514 kabupaten/kota of the 38 provinces). This writes case registers in
the UPTD PPA register layout (the same header, title line, date format and identifiers as
seeds/extracts/uptd_ppa/), one file per province and year, with a provenance sidecar each, into

    $NTT_DW_HOME/synthetic/national/<scale>/landing/uptd_ppa/

and beside it, in the formats of the shipped extracts, the monthly budget realisation of every
DP3A office (landing/budget/, write_budget) and a BPS population table per province
(landing/bps/, write_population). manifest.json gives, per file, the rows written and the
defects injected (the ground truth the quarantine and data-quality paths are checked against).
Nothing here goes into git.

    python -m ntt_dw.tools.generate_national_extracts --scale s [--seed 2026] [--defect-rate 0.005]

Scales (case rows): xs 10 000 (tests), s 100 000, m 1 000 000, l 10 000 000.

Every value is INVENTED: regions are the real Kemendagri list (seeds/national/), everything
else (dates, categories, identities) is drawn deterministically from hash(seed, row) inside
DuckDB, so the same seed, scale and DuckDB version give byte-identical files, quickly (10 million
rows in well under a minute on two cores). The registers are in the SIMFONI PPA layout (issue 19):
the incident date (up to 60 days before the report), the victim's age (under 18 for a child
category, 18 to 80 for an adult) and its age group, the victim's sex from the category, and the
other SIMFONI fields drawn uniformly from their code lists (disability 3 %). Defects, each at
defect_rate / len(DEFECTS) of the rows: an impossible date, a regency name no reference knows, a
case id repeated from the row before, a victim category outside the code list, an incident date
after the report date. The manifest counts them in the data written (a repeated id counts once
per later occurrence), so it is exact.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

import duckdb

from ingestion.core import code_lists
from ingestion.core.settings import REPO_ROOT, home, seeds_dir
from ntt_dw.tools.generate_synthetic_uptd_register import HEADER as SYNTHETIC_REGISTER_HEADER

REPO = REPO_ROOT

SCALES = {"xs": 10_000, "s": 100_000, "m": 1_000_000, "l": 10_000_000}
YEARS = (2021, 2022, 2023, 2024, 2025)
DEFECTS = ("bad_date", "unknown_region", "duplicate_id", "unknown_category", "incident_after_report")
HEADER = SYNTHETIC_REGISTER_HEADER  # the same columns as the shipped synthetic register
TITLE = "DATA SINTETIS - bukan data korban nyata; dibangkitkan oleh ntt_dw/tools/generate_national_extracts.py (seed {seed}, skala {scale})"
GIVEN = [
    "Maria",
    "Yohana",
    "Siti",
    "Dewi",
    "Agustina",
    "Nur",
    "Ayu",
    "Rina",
    "Ketut",
    "Made",
    "Fitri",
    "Yuliana",
    "Budi",
    "Andi",
    "Yosef",
    "Rudi",
    "Agus",
    "Wayan",
    "Putri",
    "Intan",
    "Sri",
    "Lestari",
    "Novi",
    "Elsa",
]
FAMILY = [
    "Bani",
    "Lake",
    "Tefa",
    "Siregar",
    "Nasution",
    "Saragih",
    "Wibowo",
    "Santoso",
    "Kurniawan",
    "Pratama",
    "Hidayat",
    "Sinaga",
    "Manafe",
    "Ndun",
    "Pellokila",
    "Rumbiak",
    "Wenda",
    "Kambu",
    "Latuconsina",
    "Pattimura",
]
STREETS = ["Merdeka", "Sudirman", "Diponegoro", "Flamboyan", "Cemara", "Kenanga", "Melati", "Nangka", "Pahlawan"]
#: services as the SIMFONI layout names them: short labels of the eleven service types
SERVICES = [
    "penerimaan laporan;koordinasi lembaga",
    "penerimaan laporan;informasi hak korban;layanan hukum;koordinasi lembaga",
    "penerimaan laporan;penguatan psikologis;koordinasi lembaga",
    "penjangkauan korban;layanan kesehatan;layanan hukum;koordinasi lembaga",
]
STATUSES = ["selesai", "dalam proses", "dirujuk"]
MEMORY_LIMIT = "1GB"


def output_dir(scale: str) -> Path:
    return home() / "synthetic" / "national" / scale


def _labels(name: str, column: str) -> list[str]:
    with (seeds_dir() / "reference" / name).open(encoding="utf-8", newline="") as handle:
        return sorted({row[column] for row in csv.DictReader(handle)})


def _official(name: str, label_column: str) -> list[str]:
    """The official labels of a code list of seeds/reference (its is_official rows), in its order."""
    with (seeds_dir() / "reference" / name).open(encoding="utf-8", newline="") as handle:
        return [row[label_column] for row in csv.DictReader(handle) if row["is_official"] == "true"]


def _age_group_label(age: str) -> str:
    """SQL: the official label of the age group (seeds/reference/kelompok_umur.csv) of an age."""
    labels = dict(
        zip(
            (code for code, _, _ in code_lists.age_group_ranges()),
            _official("kelompok_umur.csv", "kelompok_label"),
            strict=True,
        )
    )
    cases = " ".join(
        f"when {age} >= {first}" + (f" and {age} <= {last}" if last is not None else "") + f" then '{labels[code]}'"
        for code, first, last in code_lists.age_group_ranges()
    )
    return f"case {cases} end"


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _pick(values: list[str], salt: str) -> str:
    """A deterministic draw from a list: element hash(seed, row, salt) mod n (DuckDB lists are 1-based)."""
    return f"{_sql_list(values)}[1 + (hash(seed, i, '{salt}') % {len(values)})::INTEGER]"


def build_cases(
    con: duckdb.DuckDBPyConnection, rows: int, seed: int, defect_rate: float, years: tuple[int, ...] = YEARS
) -> None:
    """Table `cases`: `rows` case rows over every kabupaten/kota and `years`, defects included."""
    regions = seeds_dir() / "national" / "regions_kemendagri.csv"
    con.execute(f"""
        create or replace table kabkota as
        select row_number() over (order by kemendagri_code) - 1 as idx, kemendagri_code, official_name,
               parent_kemendagri_code as province_code
        from read_csv('{regions}', all_varchar = true) where region_level <> 'provinsi'""")
    regency_count = con.execute("select count(*) from kabkota").fetchone()[0]
    per_defect = defect_rate / len(DEFECTS)
    categories, jenis, bentuk = (
        _labels("korban_kategori.csv", "kategori_label"),
        _labels("kekerasan_jenis.csv", "jenis_label"),
        _labels("kekerasan_bentuk.csv", "bentuk_label"),
    )
    # a defect kind per row: hash in [0, 1) below defect_rate picks one of DEFECTS
    defect = (
        f"case when (hash(seed, i, 'defect') % 1000000) / 1000000.0 < {defect_rate} "
        f"then {_sql_list(list(DEFECTS))}[1 + floor((hash(seed, i, 'defect') % 1000000) / 1000000.0 / {per_defect})::INTEGER] end"
    )
    places, relations, channels, age_groups = (
        _official("tempat_kejadian.csv", "tempat_label"),
        _official("hubungan_pelaku.csv", "hubungan_label"),
        _official("saluran_pengaduan.csv", "saluran_label"),
        _official("kelompok_umur.csv", "kelompok_label"),
    )
    female, male = _official("jenis_kelamin.csv", "jenis_kelamin_label")[::-1]
    con.execute(f"""
        create or replace table cases as
        with base as (
            select i, {seed}::BIGINT as seed,
                   (hash({seed}::BIGINT, i, 'region') % {regency_count})::INTEGER as region_idx,
                   {_sql_list([str(y) for y in years])}[1 + (hash({seed}::BIGINT, i, 'year') % {len(years)})::INTEGER]::INTEGER as year
            from range({rows}) t(i)
        ), drawn as (
            select base.*, k.kemendagri_code, k.official_name, k.province_code,
                   make_date(year, 1, 1) + (hash(seed, i, 'day') % 365)::INTEGER as reported,
                   {defect} as drawn_defect
            from base join kabkota k on k.idx = base.region_idx
        ), defects as (
            -- a repeated id right after a row with another defect would repeat the id of a row the
            -- reader quarantines, so it is no duplicate to the reader: that row stays clean
            select * exclude (drawn_defect),
                   case when drawn_defect = 'duplicate_id' and coalesce(lag(drawn_defect) over
                            (partition by province_code, year order by i), 'duplicate_id') <> 'duplicate_id'
                        then null else drawn_defect end as defect
            from drawn
        ), victims as (
            select defects.*,
                   {_pick(categories, "category")} as category,
                   case when defect = 'incident_after_report' then reported + (1 + hash(seed, i, 'delay') % 30)::INTEGER
                        else reported - (hash(seed, i, 'delay') % 61)::INTEGER end as incident
            from defects
        ), aged as (
            select victims.*,
                   case when starts_with(category, 'anak') then (hash(seed, i, 'age') % 18)::INTEGER
                        else (18 + hash(seed, i, 'age') % 63)::INTEGER end as age
            from victims
        )
        select
            i, province_code, year, defect,
            -- ids number the cases of one register file; a duplicate repeats the previous case's id
            'KASUS-' || province_code || '-' || year || '-' || lpad((row_number() over file_rows
                - case when defect = 'duplicate_id' and row_number() over file_rows > 1 then 1 else 0 end)::VARCHAR,
                8, '0') as id_kasus,
            case when defect = 'bad_date' then '31-02-' || year else strftime(reported, '%d-%m-%Y') end as tanggal_lapor,
            case when defect = 'unknown_region' then 'Kabupaten Antah Berantah' else official_name end as kabupaten_kota,
            case when defect = 'unknown_category' then 'tidak diketahui' else category end as kategori_korban,
            {_pick(jenis, "jenis")} as jenis_kekerasan,
            {_pick(bentuk, "bentuk")} as bentuk_kekerasan,
            {_pick(SERVICES, "services")} as layanan,
            {_pick(STATUSES, "status")} as status_kasus,
            strftime(incident, '%d-%m-%Y') as tanggal_kejadian,
            {_pick(places, "place")} as tempat_kejadian,
            age::VARCHAR as umur_korban,
            {_age_group_label("age")} as kelompok_umur_korban,
            case when category in ('perempuan dewasa', 'anak perempuan') then '{female}' else '{male}' end
                as jenis_kelamin_korban,
            case when hash(seed, i, 'disability') % 100 < 3 then 'ya' else 'tidak' end as disabilitas_korban,
            {_pick(relations, "relation")} as hubungan_pelaku,
            {_pick([male, female], "perpetrator_sex")} as jenis_kelamin_pelaku,
            {_pick(age_groups[2:], "perpetrator_age")} as kelompok_umur_pelaku,
            {_pick(channels, "channel")} as saluran_pengaduan,
            {_pick(GIVEN, "given")} || ' ' || {_pick(FAMILY, "family")} as nama_korban,
            replace(kemendagri_code, '.', '') || lpad((hash(seed, i, 'nik') % 1000000000000)::VARCHAR, 12, '0') as nik,
            '+62 8' || lpad((hash(seed, i, 'phone') % 10000000000)::VARCHAR, 10, '0') as no_hp,
            'Jl. ' || {_pick(STREETS, "street")} || ' No. ' || (1 + hash(seed, i, 'house') % 200)::VARCHAR as alamat
        from aged
        window file_rows as (partition by province_code, year order by i)
        order by province_code, year, i""")


def write_files(con: duckdb.DuckDBPyConnection, folder: Path, seed: int, scale: str) -> list[dict]:
    """One register file per province and year (title line, header, rows) and its sidecar."""
    landing = folder / "landing" / "uptd_ppa"
    landing.mkdir(parents=True, exist_ok=True)
    files = []
    groups = con.execute("select province_code, year, count(*) from cases group by all order by all").fetchall()
    for province, year, count in groups:
        name = f"register_{province}_{year}_SINTETIS.csv"
        body = folder / f".{name}.body"
        con.execute(
            f"""copy (select {", ".join(HEADER)} from cases where province_code = ? and year = ? order by i)
                        to '{body}' (header true)""",
            [province, year],
        )
        with (landing / name).open("w", encoding="utf-8", newline="") as out, body.open(encoding="utf-8") as rows:
            out.write(TITLE.format(seed=seed, scale=scale) + "\n")
            shutil.copyfileobj(rows, out, 1 << 20)
        body.unlink()
        defects = dict(
            con.execute(
                """
            select kind, count(*) from (
                select case when row_number() over (partition by id_kasus order by i) > 1 then 'duplicate_id'
                            when defect <> 'duplicate_id' then defect end as kind
                from cases where province_code = ? and year = ?)
            where kind is not null group by all order by all""",
                [province, year],
            ).fetchall()
        )
        sidecar = {
            "producer": "ntt-dw synthetic generator (national scale)",
            "document": "SINTETIS: no published document; national-scale load for benchmarks (issue 9)",
            "table": f"register kasus provinsi {province} tahun {year}",
            "synthetic": True,
            "period_start": f"{year}-01-01",
            "period_end": f"{year}-12-31",
            "generator": "ntt_dw/tools/generate_national_extracts.py",
            "seed": seed,
            "scale": scale,
            "rows": count,
            "defects_injected": defects,
        }
        (landing / f"{name}.meta.json").write_text(json.dumps(sidecar, indent=2), encoding="utf-8")
        files.append({"file": f"landing/uptd_ppa/{name}", "rows": count, "defects": defects})
    return files


POPULATION_YEARS = YEARS
POPULATION_DEFECTS = ("bad_number", "unknown_region", "sum_mismatch")


def _draw(seed: int, *key: object) -> int:
    """A deterministic draw in [0, 2**48) for (seed, key)."""
    return int(hashlib.sha256("|".join(map(str, (seed, *key))).encode()).hexdigest()[:12], 16)


def _ribu(value: float) -> str:
    """Thousands as BPS tables print them: '5.325,57'."""
    whole, decimals = f"{value:.2f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + decimals


def write_population(folder: Path, seed: int, defect_rate: float) -> list[dict]:
    """One BPS population table per province (the layout of seeds/extracts/bps/
    bps_penduduk_kabkota_2020_2025.csv: title, header in thousands, year row, column numbers,
    "Kabupaten" and "Kota" sections with numbered bare names, the province total last), every
    regency over POPULATION_YEARS. Defects at defect_rate: a number with a letter O for a zero
    (one cell), a regency name no reference knows (its row), a province total 2 % off the sum of
    its regencies (one year). The manifest counts them as the reader sees them: quarantined cells,
    and province-years whose parts do not add up."""
    landing = folder / "landing" / "bps"
    landing.mkdir(parents=True, exist_ok=True)
    with (seeds_dir() / "national" / "regions_kemendagri.csv").open(encoding="utf-8", newline="") as handle:
        regions = list(csv.DictReader(handle))
    provinces = [r for r in regions if r["region_level"] == "provinsi"]
    files = []
    for province in provinces:
        code = province["kemendagri_code"]
        members = [r for r in regions if r["parent_kemendagri_code"] == code]
        years = list(POPULATION_YEARS)
        lines = [
            ";" * len(years),
            "Kabupaten/Kota;Penduduk (ribu)" + ";" * (len(years) - 1),
            ";" + ";".join(map(str, years)),
            ";".join(f"({i + 1})" for i in range(len(years) + 1)),
        ]
        totals = [0.0] * len(years)
        defects = {kind: 0 for kind in POPULATION_DEFECTS}
        mismatched = []
        for level, heading in (("kabupaten", "Kabupaten"), ("kota", "Kota")):
            of_level = [r for r in members if r["region_level"] == level]
            if not of_level:
                continue
            lines.append(heading + ";" * len(years))
            for number, region in enumerate(of_level, start=1):
                base = (
                    40
                    + _draw(seed, region["kemendagri_code"], "base") % 3000
                    + (_draw(seed, region["kemendagri_code"], "cents") % 100) / 100
                )
                growth = 0.005 + (_draw(seed, region["kemendagri_code"], "growth") % 150) / 10000
                values = [round(base * (1 + growth) ** (year - years[0]), 2) for year in years]
                totals = [t + v for t, v in zip(totals, values, strict=True)]
                cells = [_ribu(v) for v in values]
                name = region["region_name"]
                if _draw(seed, region["kemendagri_code"], "region-defect") % 1_000_000 < defect_rate * 1_000_000:
                    name = "Antah Berantah"
                    defects["unknown_region"] += len(years)
                else:
                    for index, year in enumerate(years):
                        if (
                            _draw(seed, region["kemendagri_code"], year, "number-defect") % 1_000_000
                            < defect_rate * 1_000_000
                        ):
                            cells[index] = (
                                cells[index].replace("0", "O", 1) if "0" in cells[index] else "O" + cells[index]
                            )
                            defects["bad_number"] += 1
                lines.append(f"{number}. {name};" + ";".join(cells))
        total_cells = []
        for index, year in enumerate(years):
            total = round(totals[index], 2)
            if _draw(seed, code, year, "sum-defect") % 1_000_000 < defect_rate * 20 * 1_000_000:
                total = round(total * 1.02, 2)  # 2 %: well past the 0.5 % tolerance of sums_to_total
                defects["sum_mismatch"] += 1
                mismatched.append(year)
            total_cells.append(_ribu(total))
        lines.append(f"{province['official_name']};" + ";".join(total_cells))
        name = f"bps_penduduk_{code}_{years[0]}_{years[-1]}_SINTETIS.csv"
        (landing / name).write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
        sidecar = {
            "producer": "ntt-dw synthetic generator (national scale)",
            "document": "SINTETIS: no published document; national-scale population for benchmarks (issue 9)",
            "table": f"penduduk kabupaten/kota provinsi {code} {years[0]}-{years[-1]}",
            "unit": "ribu jiwa",
            "figure_kind": "estimate",
            "synthetic": True,
            "generator": "ntt_dw/tools/generate_national_extracts.py",
            "seed": seed,
            "defects_injected": defects,
            "sum_mismatch_years": mismatched,
        }
        (landing / f"{name}.meta.json").write_text(json.dumps(sidecar, indent=2), encoding="utf-8")
        files.append(
            {
                "file": f"landing/bps/{name}",
                "province": code,
                "regions": len(members),
                "defects": defects,
                "sum_mismatch_years": mismatched,
            }
        )
    return files


BUDGET_YEARS = {"xs": (2025,), "s": (2025,), "m": (2024, 2025), "l": YEARS}
BUDGET_DEFECTS = ("bad_number", "unknown_office", "unknown_line_item", "sum_mismatch")
BUDGET_HEADER = "kode_wilayah,kegiatan,sub_kegiatan,pagu,realisasi,sisa,persen"


def _rupiah(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _csv_cell(text: str) -> str:
    return f'"{text}"' if "," in text else text


def write_budget(folder: Path, seed: int, defect_rate: float, years: tuple[int, ...]) -> list[dict]:
    """Monthly budget realisation of every DP3A office (the province's and each kabupaten/kota's),
    one file per province and month in the realisation layout of seeds/extracts/budget/ (Tabel 6:
    kegiatan, sub_kegiatan, pagu, realisasi, sisa, persen, amounts in Indonesian format) with a
    kode_wilayah column naming the office, every line item of seeds/reference/budget_hierarchy.csv.
    Realisation is cumulative: it grows month by month. One defect per affected row, at
    defect_rate: an amount with a letter O for a zero, an office code no reference knows, a
    sub-kegiatan outside the hierarchy, a sisa that makes pagu != realisasi + sisa."""
    landing = folder / "landing" / "budget"
    landing.mkdir(parents=True, exist_ok=True)
    with (seeds_dir() / "national" / "regions_kemendagri.csv").open(encoding="utf-8", newline="") as handle:
        regions = list(csv.DictReader(handle))
    with (seeds_dir() / "reference" / "budget_hierarchy.csv").open(encoding="utf-8", newline="") as handle:
        items = [(r["kegiatan_name"], r["sub_kegiatan_name"]) for r in csv.DictReader(handle)]
    files = []
    for province in (r for r in regions if r["region_level"] == "provinsi"):
        code = province["kemendagri_code"]
        offices = [province] + [r for r in regions if r["parent_kemendagri_code"] == code]
        for year in years:
            # a line's pagu and pace hold for the year: drawn once, not once a month
            plans = {
                (office["kemendagri_code"], sub_kegiatan): (
                    (5_000 + _draw(seed, office["kemendagri_code"], sub_kegiatan, year, "pagu") % 495_000) * 1_000,
                    0.7
                    + (_draw(seed, office["kemendagri_code"], sub_kegiatan, year, "pace") % 35)
                    / 100,  # 0.70-1.04 of a linear pace
                )
                for office in offices
                for _, sub_kegiatan in items
            }
            for month in range(1, 13):
                period_end = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
                lines, defects = [BUDGET_HEADER], {kind: 0 for kind in BUDGET_DEFECTS}
                for office in offices:
                    office_code = office["kemendagri_code"]
                    for kegiatan, sub_kegiatan in items:
                        key = (office_code, sub_kegiatan, year)
                        pagu, pace = plans[office_code, sub_kegiatan]
                        realisasi = int(round(min(1.0, pace * month / 12) * pagu / 1000)) * 1000
                        sisa = pagu - realisasi
                        cells = [
                            office_code,
                            kegiatan,
                            sub_kegiatan,
                            _rupiah(pagu),
                            _rupiah(realisasi),
                            _rupiah(sisa),
                            f"{100 * realisasi / pagu:.2f}".replace(".", ","),
                        ]
                        draw = _draw(seed, *key, month, "defect") % 1_000_000
                        if draw < defect_rate * 1_000_000:
                            kind = BUDGET_DEFECTS[draw % len(BUDGET_DEFECTS)]
                            defects[kind] += 1
                            if kind == "bad_number":
                                cells[3] = cells[3].replace("0", "O", 1)
                            elif kind == "unknown_office":
                                cells[0] = "99.99"
                            elif kind == "unknown_line_item":
                                cells[2] = "Sub Kegiatan Fiktif " + sub_kegiatan
                            else:
                                cells[5] = _rupiah(sisa + 1_000_000)
                        lines.append(",".join(_csv_cell(c) for c in cells))
                name = f"realisasi_dp3a_{code}_{year}_{month:02d}_SINTETIS.csv"
                (landing / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
                sidecar = {
                    "producer": "ntt-dw synthetic generator (national scale)",
                    "document": "SINTETIS: no published document; national-scale budget realisation (issue 9)",
                    "table": f"realisasi anggaran DP3A provinsi {code} s.d. {period_end}",
                    "unit": "rupiah",
                    "synthetic": True,
                    "period_start": f"{year}-01-01",
                    "period_end": period_end,
                    "budget_year": year,
                    "generator": "ntt_dw/tools/generate_national_extracts.py",
                    "seed": seed,
                    "defects_injected": defects,
                }
                (landing / f"{name}.meta.json").write_text(json.dumps(sidecar, indent=2), encoding="utf-8")
                files.append(
                    {
                        "file": f"landing/budget/{name}",
                        "province": code,
                        "period_end": period_end,
                        "rows": len(lines) - 1,
                        "defects": defects,
                    }
                )
    return files


def generate(
    scale: str,
    seed: int = 2026,
    defect_rate: float = 0.005,
    out: Path | None = None,
    years: tuple[int, ...] = YEARS,
    rows: int | None = None,
) -> Path:
    """Write the scale's files (replacing an earlier generation) and return the folder. `years`
    and `rows` make a later delivery instead: e.g. 1 % of the scale's rows for 2026, new files
    beside the first generation's (the incremental benchmark)."""
    folder = out or output_dir(scale)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.monotonic()
    with duckdb.connect() as con:
        # bounded memory: at 10 million rows DuckDB spills to disk rather than holding ~7 GB
        con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
        con.execute(f"set temp_directory = '{folder / '.duckdb_tmp'}'")
        build_cases(con, rows or SCALES[scale], seed, defect_rate, years)
        files = write_files(con, folder, seed, scale)
    population = write_population(folder, seed, defect_rate) if years == YEARS else []
    budget = write_budget(folder, seed, defect_rate, BUDGET_YEARS[scale]) if years == YEARS else []
    manifest = {
        "scale": scale,
        "seed": seed,
        "defect_rate": defect_rate,
        "rows": sum(f["rows"] for f in files),
        "defects": {kind: sum(f["defects"].get(kind, 0) for f in files) for kind in DEFECTS},
        "files": files,
        "seconds": round(time.monotonic() - started, 1),
        "budget": {
            "files": budget,
            "rows": sum(f["rows"] for f in budget),
            "defects": {kind: sum(f["defects"][kind] for f in budget) for kind in BUDGET_DEFECTS},
        },
        "population": {
            "files": population,
            "defects": {kind: sum(f["defects"][kind] for f in population) for kind in POPULATION_DEFECTS},
        },
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    shutil.rmtree(folder / ".duckdb_tmp", ignore_errors=True)
    return folder


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="s")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--defect-rate", type=float, default=0.005)
    args = parser.parse_args(argv)
    folder = generate(args.scale, args.seed, args.defect_rate)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    print(
        f"{manifest['rows']:,} case rows in {len(manifest['files'])} files under {folder} "
        f"({manifest['seconds']} s); defects injected: {manifest['defects']}"
    )
    print(
        f"{manifest['budget']['rows']:,} budget report lines in {len(manifest['budget']['files'])} files; "
        f"defects injected: {manifest['budget']['defects']}"
    )
    print(
        f"population tables for {len(manifest['population']['files'])} provinces; "
        f"defects injected: {manifest['population']['defects']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
