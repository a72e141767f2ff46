"""Issue 19, cases as SIMFONI PPA records them: the register's SIMFONI layout (incident date, place,
the victim's age, age group, sex and disability, the perpetrator's relationship, sex and age
group, the reporting channel, services as the eleven service types), its code lists, the old
layout still loading with a warning, free text never kept, and the synthetic register's fields."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from conftest import RawZoneView

from ingestion.core import code_lists, privacy
from ingestion.core.pipeline import ingest_source
from ingestion.uptd_ppa import register
from ntt_dw.tools import generate_synthetic_uptd_register as gen

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "seeds" / "reference"
COMMITTED = REPO / "seeds" / "extracts" / "uptd_ppa" / gen.OUT_NAME
SIDECAR = {"document": "Register uji", "table": "register", "synthetic": True}

OLD_HEADER = [
    "id_kasus",
    "tanggal_lapor",
    "kabupaten_kota",
    "kategori_korban",
    "jenis_kekerasan",
    "bentuk_kekerasan",
    "layanan",
    "status_kasus",
    "nama_korban",
    "nik",
    "no_hp",
    "alamat",
]
HEADER = [*OLD_HEADER, *register.SIMFONI_COLUMNS, "keterangan", "nama_pelaku"]
NAME, NIK, PHONE, EMAIL = "Kanari Simfoni", "5371019999990077", "+62 812 9999 7777", "kanari.simfoni@contoh.id"
NOTE = f"korban {NAME} (NIK {NIK}) diantar tetangga; hubungi {PHONE} atau {EMAIL}"
VALID = {
    "id_kasus": "S-1",
    "tanggal_lapor": "05-03-2023",
    "kabupaten_kota": "Kota Kupang",
    "kategori_korban": "perempuan dewasa",
    "jenis_kekerasan": "KDRT",
    "bentuk_kekerasan": "Psikis",
    "layanan": "penerimaan laporan;layanan hukum;koordinasi lembaga",
    "status_kasus": "selesai",
    "nama_korban": NAME,
    "nik": NIK,
    "no_hp": PHONE,
    "alamat": "Jl. Kanari Simfoni RT 7",
    "tanggal_kejadian": "01-03-2023",
    "tempat_kejadian": "Rumah tangga",
    "umur_korban": "30",
    "kelompok_umur_korban": "25-44 tahun",
    "jenis_kelamin_korban": "Perempuan",
    "disabilitas_korban": "tidak",
    "hubungan_pelaku": "Pasangan",
    "jenis_kelamin_pelaku": "Laki-laki",
    "kelompok_umur_pelaku": "25-44 tahun",
    "saluran_pengaduan": "Datang langsung",
    "keterangan": NOTE,
    "kronologi": NOTE,
    "nama_pelaku": "Pelaku Kanarijo",
}


@pytest.fixture
def keyed(ntt_home, monkeypatch):
    monkeypatch.setenv(privacy.KEY_ENV, "k" * 64)
    return ntt_home


def line(header: list[str], **changes: str) -> str:
    values = VALID | changes
    return ",".join('"' + values[name].replace('"', '""') + '"' for name in header)


def drop(home: Path, name: str, rows: list[dict[str, str]], header: list[str] = HEADER) -> Path:
    folder = home / "landing" / "uptd_ppa"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [",".join(header)] + [line(header, **({"id_kasus": f"S-{n}"} | row)) for n, row in enumerate(rows, start=1)]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / f"{name}.meta.json").write_text(json.dumps(SIDECAR), encoding="utf-8")
    return path


def ingest(home: Path, name: str, rows: list[dict[str, str]], header: list[str] = HEADER):
    drop(home, name, rows, header)
    report = ingest_source("uptd_ppa")
    view = RawZoneView(home, "uptd_ppa")
    entry = view.entry(name)
    records = {r["case_id"]: r for r in rows_of(view.records_dir / f"{entry['file_version_id']}.parquet")}
    quarantine = {q["source_row"]: q for q in rows_of(view.quarantine_dir / f"{entry['file_version_id']}.parquet")}
    return report, entry, records, quarantine


def rows_of(parquet: Path) -> list[dict]:
    relation = duckdb.sql(f"select * from read_parquet('{parquet}') order by source_row")
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


# ---------------------------------------------------------------- the new fields, valid values and variants


def test_every_simfoni_field_is_read_into_its_raw_column(keyed):
    _, entry, records, quarantine = ingest(keyed, "simfoni.csv", [{}])
    assert quarantine == {} and entry["warnings"] == []
    record = records["S-1"]
    assert record["incident_date"] == dt.date(2023, 3, 1)
    assert (record["place_code"], record["victim_age"], record["victim_age_group"]) == ("rumah_tangga", 30, "25-44")
    assert (record["victim_sex"], record["victim_disability"]) == ("perempuan", False)
    assert (record["perpetrator_relation_code"], record["perpetrator_sex"], record["perpetrator_age_group"]) == (
        "pasangan",
        "laki_laki",
        "25-44",
    )
    assert record["reporting_channel_code"] == "datang_langsung"
    assert record["service_codes"] == "koordinasi_lembaga;layanan_hukum;penerimaan_laporan_penjangkauan"
    assert record["services"] == "penerimaan laporan;layanan hukum;koordinasi lembaga"  # as delivered
    assert record["register_layout"] == "simfoni"


def test_the_raw_columns_are_the_contract_the_marts_are_written_against():
    from ingestion.core.source_registry import get_source

    columns = get_source("uptd_ppa").columns
    assert {name: columns[name] for name in columns if name in CONTRACT} == CONTRACT


CONTRACT = {
    "incident_date": "DATE",
    "place_code": "VARCHAR",
    "victim_age": "INTEGER",
    "victim_age_group": "VARCHAR",
    "victim_sex": "VARCHAR",
    "victim_disability": "BOOLEAN",
    "perpetrator_relation_code": "VARCHAR",
    "perpetrator_sex": "VARCHAR",
    "perpetrator_age_group": "VARCHAR",
    "reporting_channel_code": "VARCHAR",
    "service_codes": "VARCHAR",
    "register_layout": "VARCHAR",
    "services": "VARCHAR",
}


VARIANTS = [
    # (field, as typed, raw column, value)
    ("tempat_kejadian", "rumah", "place_code", "rumah_tangga"),
    ("tempat_kejadian", "FASUM", "place_code", "fasilitas_umum"),
    ("tempat_kejadian", "Lingkungan  Sekolah", "place_code", "sekolah"),
    ("tempat_kejadian", "tempat kerja", "place_code", "tempat_kerja"),
    ("tempat_kejadian", "lain-lain", "place_code", "lainnya"),
    ("kelompok_umur_korban", "25 - 44", "victim_age_group", "25-44"),
    ("kelompok_umur_korban", "25 s.d. 44 tahun", "victim_age_group", "25-44"),
    ("jenis_kelamin_korban", "P", "victim_sex", "perempuan"),
    ("jenis_kelamin_korban", "wanita", "victim_sex", "perempuan"),
    ("jenis_kelamin_pelaku", "L", "perpetrator_sex", "laki_laki"),
    ("jenis_kelamin_pelaku", "laki laki", "perpetrator_sex", "laki_laki"),
    ("jenis_kelamin_pelaku", "Perempuan", "perpetrator_sex", "perempuan"),
    ("disabilitas_korban", "Ya", "victim_disability", True),
    ("disabilitas_korban", "y", "victim_disability", True),
    ("disabilitas_korban", "TIDAK", "victim_disability", False),
    ("disabilitas_korban", "", "victim_disability", None),
    ("hubungan_pelaku", "suami", "perpetrator_relation_code", "pasangan"),
    ("hubungan_pelaku", "pacar atau teman", "perpetrator_relation_code", "pacar_teman"),
    ("hubungan_pelaku", "Pacar/Teman", "perpetrator_relation_code", "pacar_teman"),
    ("hubungan_pelaku", "guru", "perpetrator_relation_code", "guru"),
    ("hubungan_pelaku", "Tetangga", "perpetrator_relation_code", "tetangga"),
    ("hubungan_pelaku", "paman", "perpetrator_relation_code", "keluarga"),
    ("hubungan_pelaku", "ayah kandung", "perpetrator_relation_code", "orang_tua"),
    ("hubungan_pelaku", "", "perpetrator_relation_code", None),
    ("kelompok_umur_pelaku", "60+", "perpetrator_age_group", "60+"),
    ("kelompok_umur_pelaku", "60 tahun ke atas", "perpetrator_age_group", "60+"),
    ("kelompok_umur_pelaku", "13-17", "perpetrator_age_group", "13-17"),
    ("saluran_pengaduan", "Online/aplikasi", "reporting_channel_code", "online_aplikasi"),
    ("saluran_pengaduan", "daring", "reporting_channel_code", "online_aplikasi"),
    ("saluran_pengaduan", "Laskar Peran Jempol", "reporting_channel_code", "online_aplikasi"),
    ("saluran_pengaduan", "SAPA 129", "reporting_channel_code", "telepon_hotline"),
    ("saluran_pengaduan", "rujukan", "reporting_channel_code", "rujukan_lembaga"),
    ("saluran_pengaduan", "jemput bola", "reporting_channel_code", "penjangkauan"),
    ("tanggal_kejadian", "1 Maret 2023", "incident_date", dt.date(2023, 3, 1)),
    ("tanggal_kejadian", "2023-03-05", "incident_date", dt.date(2023, 3, 5)),  # the report's day: 0 days
    ("tanggal_kejadian", "", "incident_date", None),
    ("tempat_kejadian", "", "place_code", None),
]


def test_variants_clerks_type_map_to_the_codes_and_empty_cells_are_null(keyed):
    rows = [{field: typed} for field, typed, _, _ in VARIANTS]
    _, _, records, quarantine = ingest(keyed, "varian.csv", rows)
    assert quarantine == {}
    for number, (field, typed, column, expected) in enumerate(VARIANTS, start=1):
        assert records[f"S-{number}"][column] == expected, (field, typed)


@pytest.mark.parametrize(
    "typed, age, group",
    [("15", 15, "13-17"), ("15 tahun", 15, "13-17"), ("15 Thn", 15, "13-17"), ("8 bulan", 0, "0-5"), ("0", 0, "0-5")],
)
def test_an_age_as_typed_gives_its_group(keyed, typed, age, group):
    _, _, records, quarantine = ingest(
        keyed, "umur.csv", [{"umur_korban": typed, "kelompok_umur_korban": "", "kategori_korban": "anak perempuan"}]
    )
    assert quarantine == {}
    assert (records["S-1"]["victim_age"], records["S-1"]["victim_age_group"]) == (age, group)


def test_a_group_without_an_age_is_kept_and_the_age_stays_null(keyed):
    _, _, records, _ = ingest(keyed, "kelompok.csv", [{"umur_korban": "", "kelompok_umur_korban": "6-12 tahun"}])
    assert (records["S-1"]["victim_age"], records["S-1"]["victim_age_group"]) == (None, "6-12")


@pytest.mark.parametrize(
    ("age", "group"),
    [(0, "0-5"), (5, "0-5"), (6, "6-12"), (17, "13-17"), (18, "18-24"), (59, "45-59"), (60, "60+"), (120, "60+")],
)
def test_age_group_boundaries(age, group):
    assert register.age_group(age) == group


@pytest.mark.parametrize(
    "typed, codes",
    [
        ("layanan hukum;bantuan hukum;mediasi;pendampingan korban", "layanan_hukum"),
        (
            "pengaduan masyarakat; pelayanan kesehatan ;layanan kesehatan",
            "layanan_kesehatan;penerimaan_laporan_penjangkauan",
        ),
        ("Fasilitasi layanan penguatan psikologis;pelayanan psikologi", "penguatan_psikologis"),
        ("bimbingan rohani dan keagamaan;reintegrasi sosial", "psikososial_reintegrasi"),
        (
            "layanan disabilitas;pemberdayaan ekonomi;penampungan sementara",
            "kebutuhan_disabilitas;pemberdayaan_ekonomi;penampungan_sementara",
        ),
        ("", None),
    ],
)
def test_services_become_sorted_distinct_service_types(keyed, typed, codes):
    _, _, records, _ = ingest(keyed, "layanan.csv", [{"layanan": typed}])
    assert records["S-1"]["service_codes"] == codes


# ---------------------------------------------------------------- unknown values, contradictions, dates


BAD = [
    # (field, as typed, reason fragment, masked value the quarantine keeps)
    ("tempat_kejadian", "Atlantis", "unknown tempat kejadian: not in the code list tempat_kejadian.csv", "Aaaaaaaa"),
    ("kelompok_umur_korban", "12-20", "unknown kelompok umur korban: not in the code list kelompok_umur.csv", "99-99"),
    ("jenis_kelamin_korban", "X", "not in the code list jenis_kelamin.csv", "A"),
    ("disabilitas_korban", "mungkin", "disabilitas_korban is not ya or tidak", "aaaaaaa"),
    ("hubungan_pelaku", "dukun", "unknown hubungan pelaku: not in the code list hubungan_pelaku.csv", "aaaaa"),
    ("jenis_kelamin_pelaku", "-", "unknown jenis kelamin pelaku: not in the code list jenis_kelamin.csv", "-"),
    ("kelompok_umur_pelaku", "tua", "not in the code list kelompok_umur.csv", "aaa"),
    (
        "saluran_pengaduan",
        "merpati pos",
        "unknown saluran pengaduan: not in the code list saluran_pengaduan.csv",
        "aaaaaaa aaa",
    ),
    ("tanggal_kejadian", "31-02-2023", "bad incident date", "99-99-9999"),
    ("umur_korban", "lima belas", "umur_korban is not an age", "aaaa aaaaa"),
    ("umur_korban", "150", "umur_korban is not an age: more than 120 years", "999"),
    ("umur_korban", "15,5", "umur_korban is not an age", "99,9"),
]


def test_unknown_values_are_quarantined_naming_file_row_and_field(keyed):
    rows = [{field: typed} for field, typed, _, _ in BAD]
    report, entry, records, quarantine = ingest(keyed, "salah.csv", rows)
    assert records == {} and report.records_quarantined == len(BAD)
    for number, (field, _typed, reason, masked) in enumerate(BAD, start=1):
        row = quarantine[number + 1]  # the header is row 1
        assert (row["source_file"], row["source_row"], row["source_field"]) == ("salah.csv", number + 1, field)
        assert reason in row["reason"], (field, row["reason"])
        assert row["raw_value"] == masked  # case data: the shape, never the value


def test_an_age_that_contradicts_its_group_is_quarantined(keyed):
    rows = [
        {"umur_korban": "25", "kelompok_umur_korban": "13-17 tahun"},
        {"umur_korban": "17", "kelompok_umur_korban": "13 - 17"},  # agrees
        {"umur_korban": "18", "kelompok_umur_korban": "13-17"},  # one year off is a contradiction too
    ]
    _, _, records, quarantine = ingest(keyed, "umur_salah.csv", rows)
    assert set(records) == {"S-2"}
    for row in (2, 4):
        assert quarantine[row]["source_field"] == "umur_korban"
        assert quarantine[row]["reason"] == register.AGE_NOT_IN_GROUP
        assert quarantine[row]["raw_value"] == "99"


def test_an_incident_after_the_report_or_in_the_future_is_quarantined(keyed):
    future = (register.today() + dt.timedelta(days=3)).strftime("%d-%m-%Y")
    later = (register.today() + dt.timedelta(days=10)).strftime("%d-%m-%Y")
    rows = [
        {"tanggal_kejadian": "06-03-2023"},  # a day after the report of 05-03-2023
        {"tanggal_kejadian": "05-03-2023"},  # the same day: loads
        {"tanggal_lapor": later, "tanggal_kejadian": future},  # before the report, after today
        {"tanggal_kejadian": "01-03-2023", "tanggal_lapor": "31-02-2023"},  # the report date fails first
    ]
    _, _, records, quarantine = ingest(keyed, "tanggal.csv", rows)
    assert set(records) == {"S-2"} and records["S-2"]["incident_date"] == dt.date(2023, 3, 5)
    assert (quarantine[2]["source_field"], quarantine[2]["reason"]) == (
        "tanggal_kejadian",
        register.INCIDENT_AFTER_REPORT,
    )
    assert (quarantine[4]["source_field"], quarantine[4]["reason"]) == ("tanggal_kejadian", register.INCIDENT_IN_FUTURE)
    assert quarantine[5]["source_field"] == "tanggal_lapor"


def test_the_first_failing_check_is_the_reason_in_the_documented_order(keyed):
    rows = [
        {"kategori_korban": "alien", "tempat_kejadian": "Atlantis"},  # the required code first
        {"tempat_kejadian": "Atlantis", "umur_korban": "lima"},  # then the SIMFONI fields in order
        {"tanggal_kejadian": "06-03-2023", "umur_korban": "25", "kelompok_umur_korban": "0-5"},  # then the dates
        {"umur_korban": "25", "kelompok_umur_korban": "0-5", "nik": "123"},  # the age before the NIK
    ]
    _, _, _, quarantine = ingest(keyed, "urutan.csv", rows)
    assert [quarantine[row]["source_field"] for row in (2, 3, 4, 5)] == [
        "kategori_korban",
        "tempat_kejadian",
        "tanggal_kejadian",
        "umur_korban",
    ]


# ---------------------------------------------------------------- layouts


def test_the_old_layout_loads_with_null_simfoni_fields_and_a_warning(keyed):
    report, entry, records, quarantine = ingest(keyed, "lama.csv", [{}, {}], header=OLD_HEADER)
    assert report.files_loaded == 1 and len(records) == 2 and quarantine == {}
    assert entry["warnings"] == [
        "lama.csv: old register layout, without the SIMFONI PPA fields " + ", ".join(register.SIMFONI_COLUMNS) + ": "
        "they are empty (NULL) for every case of the file"
    ]
    for record in records.values():
        assert record["register_layout"] == "lama"
        assert all(
            record[column] is None
            for column in CONTRACT
            if column not in ("services", "service_codes", "register_layout")
        )
        assert record["service_codes"] == "koordinasi_lembaga;layanan_hukum;penerimaan_laporan_penjangkauan"


def test_a_simfoni_file_missing_some_fields_says_which(keyed):
    header = [c for c in HEADER if c not in ("saluran_pengaduan", "disabilitas_korban")]
    _, entry, records, _ = ingest(keyed, "sebagian.csv", [{}], header=header)
    assert entry["warnings"] == [
        "sebagian.csv: SIMFONI PPA layout without the field(s) disabilitas_korban, saluran_pengaduan: "
        "empty (NULL) for every case of the file"
    ]
    record = records["S-1"]
    assert record["register_layout"] == "simfoni" and record["place_code"] == "rumah_tangga"
    assert record["reporting_channel_code"] is None and record["victim_disability"] is None


def test_both_layouts_load_side_by_side_into_one_raw_table(keyed):
    drop(keyed, "a_lama.csv", [{}], header=OLD_HEADER)
    drop(keyed, "b_baru.csv", [{"id_kasus": "X-1"}])
    ingest_source("uptd_ppa")
    rows = duckdb.sql(
        f"select source_file, register_layout, place_code from read_parquet('{keyed}/raw/uptd_ppa/*.parquet', "
        "union_by_name = true) order by source_file"
    ).fetchall()
    assert rows == [("a_lama.csv", "lama", None), ("b_baru.csv", "simfoni", "rumah_tangga")]


# ---------------------------------------------------------------- privacy


def test_free_text_and_the_perpetrators_name_never_reach_the_raw_zone(keyed):
    kronologi = [*HEADER, "kronologi"]
    rows = [
        {},
        {"tempat_kejadian": f"rumah {NIK}"},  # identifiers typed into coded fields: quarantined
        {"hubungan_pelaku": PHONE},
        {"saluran_pengaduan": EMAIL},
        {"umur_korban": NAME},
        {"jenis_kelamin_pelaku": "Jl. Kanari Simfoni RT 7"},
    ]
    drop(keyed, "privasi.csv", rows, header=kronologi)
    report = ingest_source("uptd_ppa")
    assert (report.records_loaded, report.records_quarantined) == (1, 5)
    view = RawZoneView(keyed, "uptd_ppa")
    entry = view.entry("privasi.csv")
    assert entry["warnings"] == []  # keterangan, kronologi and nama_pelaku are part of the contract: dropped
    quarantine = {q["source_row"]: q for q in rows_of(view.quarantine_dir / f"{entry['file_version_id']}.parquet")}
    assert {row: (q["source_field"], q["raw_value"]) for row, q in quarantine.items()} == {
        3: ("tempat_kejadian", f"{privacy.REDACTED}: NIK"),
        4: ("hubungan_pelaku", f"{privacy.REDACTED}: telepon"),
        5: ("saluran_pengaduan", f"{privacy.REDACTED}: e-mail"),
        6: ("umur_korban", "Aaaaaa Aaaaaaa"),
        7: ("jenis_kelamin_pelaku", "Aa. Aaaaaa Aaaaaaa AA 9"),
    }
    assert "an identifier (NIK) was typed in field tempat_kejadian" in quarantine[3]["reason"]
    for file in keyed.rglob("*"):
        if file.is_file() and "landing" not in file.parts:
            data = file.read_bytes().lower()
            for needle in (NAME, NIK, PHONE, EMAIL, "kanarijo", "simfoni@", "diantar tetangga", "9999 7777"):
                assert needle.lower().encode() not in data, (needle, file)
            if file.suffix == ".parquet":
                text = str(duckdb.sql(f"select * from read_parquet('{file}')").fetchall()).lower()
                for needle in (NAME, NIK, PHONE, EMAIL, "kanarijo", "diantar tetangga"):
                    assert needle.lower() not in text, (needle, file)


def test_free_text_columns_are_dropped_by_the_privacy_module():
    assert {"keterangan", "kronologi"} <= privacy.DROPPED_FREE_TEXT
    assert privacy.safe_raw_value("keterangan", NOTE) == privacy.REDACTED
    assert privacy.safe_raw_value("nama_pelaku", "Pelaku") == privacy.REDACTED
    assert set(privacy.DROPPED_FREE_TEXT) <= set(register.OPTIONAL_COLUMNS)


# ---------------------------------------------------------------- the code lists


def seed(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CODE_LISTS = {
    "tempat_kejadian.csv": (
        "tempat_label",
        "tempat_code",
        {"rumah_tangga", "sekolah", "fasilitas_umum", "tempat_kerja", "lainnya"},
    ),
    "kelompok_umur.csv": (
        "kelompok_label",
        "kelompok_code",
        {"0-5", "6-12", "13-17", "18-24", "25-44", "45-59", "60+"},
    ),
    "jenis_kelamin.csv": ("jenis_kelamin_label", "jenis_kelamin_code", {"laki_laki", "perempuan"}),
    "hubungan_pelaku.csv": (
        "hubungan_label",
        "hubungan_code",
        {"orang_tua", "pasangan", "pacar_teman", "keluarga", "guru", "tetangga", "lainnya"},
    ),
    "saluran_pengaduan.csv": (
        "saluran_label",
        "saluran_code",
        {"datang_langsung", "telepon_hotline", "online_aplikasi", "rujukan_lembaga", "penjangkauan"},
    ),
}


@pytest.mark.parametrize("name", sorted(CODE_LISTS))
def test_each_code_list_has_its_codes_one_official_label_each_and_unambiguous_variants(name):
    label, code, codes = CODE_LISTS[name]
    rows = seed(name)
    assert {row[code] for row in rows} == codes
    official = Counter(row[code] for row in rows if row["is_official"] == "true")
    assert official == Counter(codes), official  # exactly one official label per code
    normalised = [code_lists.normalise_label(row[label]) for row in rows]
    assert len(normalised) == len(set(normalised)), "a label listed twice could map to two codes"
    assert all(row["note"] for row in rows if row["is_official"] == "true")
    orders = {row[code]: row["sort_order"] for row in rows}
    assert all(row["sort_order"] == orders[row[code]] for row in rows)


def test_the_age_groups_cover_every_age_once():
    ranges = code_lists.age_group_ranges()
    assert [code for code, _, _ in ranges] == ["0-5", "6-12", "13-17", "18-24", "25-44", "45-59", "60+"]
    assert ranges[0][1] == 0 and ranges[-1][2] is None
    for (_, _, last), (_, first, _) in zip(ranges, ranges[1:], strict=False):
        assert first == last + 1
    for row in seed("kelompok_umur.csv"):
        low, high = (
            row["kelompok_code"].rstrip("+").split("-")
            if "-" in row["kelompok_code"]
            else (row["kelompok_code"].rstrip("+"), "")
        )
        assert (row["umur_min"], row["umur_max"]) == (low, high)


def test_the_eleven_service_types_and_every_service_label_mapped_to_one():
    types = seed("jenis_layanan_permen_2_2022.csv")
    assert len(types) == 11 and [t["huruf"] for t in types] == list("abcdefghijk")
    assert [int(t["sort_order"]) for t in types] == list(range(1, 12))
    assert all(t["dasar_hukum"].startswith("Perpres 55/2024 Pasal 5 ayat (2) huruf " + t["huruf"]) for t in types)
    codes = {t["jenis_layanan_code"] for t in types}
    labels = seed("layanan_uptd.csv")
    assert {row["jenis_layanan_code"] for row in labels} == codes  # every type named by some label
    by_label = {code_lists.normalise_label(row["layanan_label"]): row for row in labels}
    assert len(by_label) == len(labels)
    for service_type in types:  # each type's own label is a service label of its type
        row = by_label[code_lists.normalise_label(service_type["jenis_layanan_label"])]
        assert row["jenis_layanan_code"] == service_type["jenis_layanan_code"]
    assert all(row["counts_as_served"] in ("true", "false") for row in labels)
    not_served = {row["layanan_label"] for row in labels if row["counts_as_served"] == "false"}
    assert {"pengaduan masyarakat", "pengelolaan kasus", "penerimaan laporan"} <= not_served
    assert (REFERENCE / "_jenis_layanan_notes.md").exists()


# ---------------------------------------------------------------- the synthetic register's SIMFONI fields


@pytest.fixture(scope="module")
def synthetic() -> list[dict[str, str]]:
    lines = COMMITTED.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(lines[1:]))


def day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d-%m-%Y").date()


def test_the_synthetic_register_is_in_the_simfoni_layout_with_every_field_filled(synthetic):
    assert list(synthetic[0]) == gen.HEADER
    assert set(register.SIMFONI_COLUMNS) <= set(gen.HEADER)
    for row in synthetic:
        assert all(row[column] for column in register.SIMFONI_COLUMNS), row["id_kasus"]
        assert set(row["layanan"].split(";")) <= set(gen.SERVICES)


def test_the_synthetic_fields_agree_with_the_case(synthetic):
    groups = {code_lists.normalise_label(k): v for k, v in code_lists.age_groups().items()}
    for row in synthetic:
        reported, incident = day(row["tanggal_lapor"]), day(row["tanggal_kejadian"])
        assert incident <= reported and (reported - incident).days <= 730, row["id_kasus"]
        age = int(row["umur_korban"])
        assert register.age_group(age) == groups[code_lists.normalise_label(row["kelompok_umur_korban"])]
        child = row["kategori_korban"].startswith("anak")
        assert age <= 17 if child else age >= 18, row["id_kasus"]
        female = row["kategori_korban"] in ("perempuan dewasa", "anak perempuan")
        assert row["jenis_kelamin_korban"] == ("Perempuan" if female else "Laki-laki")
        # the age follows the birth date in the NIK (day + 40 for women and girls)
        nik = row["nik"]
        born_day = int(nik[6:8]) - (40 if female else 0)
        year = int(nik[10:12]) + (2000 if int(nik[10:12]) <= 22 else 1900)
        born = dt.date(year, int(nik[8:10]), born_day)
        assert age == incident.year - born.year - ((incident.month, incident.day) < (born.month, born.day))
        if row["jenis_kekerasan"] == "KDRT":
            assert row["tempat_kejadian"] == "Rumah tangga"
        if row["hubungan_pelaku"] == "Pasangan":
            assert not child and row["jenis_kelamin_pelaku"] == "Laki-laki"
        assert row["disabilitas_korban"] in ("ya", "tidak")
        if row["disabilitas_korban"] == "ya":
            assert "layanan disabilitas" in row["layanan"].split(";")


def test_the_synthetic_distributions_are_the_stated_ones(synthetic):
    channels = Counter(row["saluran_pengaduan"] for row in synthetic)
    places = Counter(row["tempat_kejadian"] for row in synthetic)
    assert channels["Online/aplikasi"] >= 10  # some cases reported online
    assert places.most_common(1)[0][0] == "Rumah tangga"  # the household first, as assumed
    disabled = sum(row["disabilitas_korban"] == "ya" for row in synthetic)
    assert 0 < disabled < 0.1 * len(synthetic)
    # a repeat victim is the same person: the same disability answer and birth date
    first: dict[str, dict] = {}
    for row in synthetic:
        earlier = first.setdefault(row["nik"], row)
        assert row["disabilitas_korban"] == earlier["disabilitas_korban"]


def test_the_synthetic_register_loads_whole_with_every_field(keyed):
    folder = keyed / "landing" / "uptd_ppa"
    folder.mkdir(parents=True)
    (folder / COMMITTED.name).write_bytes(COMMITTED.read_bytes())
    meta = COMMITTED.with_name(COMMITTED.name + ".meta.json")
    (folder / meta.name).write_bytes(meta.read_bytes())
    report = ingest_source("uptd_ppa")
    assert (report.records_loaded, report.records_quarantined) == (322, 0)
    missing = duckdb.sql(
        f"select count(*) from read_parquet('{keyed}/raw/uptd_ppa/*.parquet') where "
        + " or ".join(f"{c} is null" for c in CONTRACT)
    ).fetchall()[0][0]
    assert missing == 0
    assert RawZoneView(keyed, "uptd_ppa").entry(COMMITTED.name)["warnings"] == []


def test_the_national_generator_writes_the_simfoni_layout(tmp_path):
    from ntt_dw.tools import generate_national_extracts as national

    folder = national.generate("xs", seed=3, defect_rate=0.0, out=tmp_path / "n", years=(2023,), rows=2000)
    path = sorted((folder / "landing" / "uptd_ppa").glob("register_53_*.csv"))[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = list(csv.DictReader(lines[1:]))
    assert list(rows[0]) == gen.HEADER
    groups = {code_lists.normalise_label(k): v for k, v in code_lists.age_groups().items()}
    for row in rows:
        assert day(row["tanggal_kejadian"]) <= day(row["tanggal_lapor"])
        assert (
            register.age_group(int(row["umur_korban"]))
            == groups[code_lists.normalise_label(row["kelompok_umur_korban"])]
        )
        assert (int(row["umur_korban"]) < 18) == row["kategori_korban"].startswith("anak")
        assert re.fullmatch(r"ya|tidak", row["disabilitas_korban"])


def test_raw_files_written_before_the_simfoni_columns_still_attach(keyed):
    """A deployment's register files loaded before issue 19 lack the new raw columns; the raw view
    gives them as NULL instead of failing until a new file arrives."""
    from ingestion.core.warehouse import attach_raw_zone

    drop(keyed, "lama.csv", [{}], header=OLD_HEADER)
    ingest_source("uptd_ppa")
    (written,) = (keyed / "raw" / "uptd_ppa").glob("*.parquet")
    new_columns = ", ".join(c for c in CONTRACT if c != "services")
    before = written.with_suffix(".before")
    duckdb.sql(f"copy (select * exclude ({new_columns}) from read_parquet('{written}')) to '{before}' (format parquet)")
    before.replace(written)
    assert attach_raw_zone()["uptd_ppa_cases"] == 1
    with duckdb.connect(str(keyed / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        row = con.execute("select incident_date, service_codes, register_layout from raw.uptd_ppa_cases").fetchall()
        kinds = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'raw' and table_name = 'uptd_ppa_cases'"
            ).fetchall()
        )
    assert row == [(None, None, None)]
    assert (kinds["incident_date"], kinds["victim_age"], kinds["victim_disability"]) == ("DATE", "INTEGER", "BOOLEAN")
