"""Broken deliveries, as agencies really break their files: one or more per failure class for
every source, each with what the warehouse must make of it.

Every file here is made up for the test (document "Uji pengiriman rusak", its own tables and
years, so it never collides with the shipped sample figures); identifiers are canaries nobody
would type by accident, so a search can prove they went nowhere. The classes are issue 15's:

  isolation   a file (or its sidecar) that used to crash the ingestion of its whole source
  sidecar     sidecar values typed by a person ("TA 2024", "Semester I 2024"), or none at all
  privacy     identifiers typed into fields that are not identifier fields
  numbers     amounts and counts written the English way
  encoding    Windows-1252, UTF-16, bytes no encoding explains
  headers     a column named twice, columns nobody asked for
  accounting  header-only files, control characters, files no source picks up
  redelivery  the same figures sent again under another name with a new sidecar

tests/test_broken_deliveries.py drops them all (next to the sample extracts the main job drops)
and runs the main job once; tests/test_privacy_canary.py searches the same run for the canaries.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ingestion.core.settings import seeds_dir

DOCUMENT = "Uji pengiriman rusak (data uji, bukan data resmi)"

# ---------------------------------------------------------------- canaries
CANARY_NIK = "5371016101990077"
CANARY_NIK_DOTTED = "5371.0161.0199.0078"
CANARY_PHONE = "+62 812-7771-9090"
CANARY_PHONE_LOCAL = "0813 5555 2468"
CANARY_EMAIL = "korban.kanari@contoh.id"
CANARY_NAME = "Señora Burungkenari Conceição"
CANARY_ADDRESS = "Jl. Kanari Rusak No. 99"
#: what must not appear outside the landing zone (case-insensitive), with the variants a careless
#: transformation could produce
NEEDLES = {
    "NIK": CANARY_NIK,
    "NIK (dotted)": CANARY_NIK_DOTTED,
    "NIK (dotted, as digits)": CANARY_NIK_DOTTED.replace(".", ""),
    "phone": CANARY_PHONE,
    "phone (digits)": "81277719090",
    "phone (local)": CANARY_PHONE_LOCAL,
    "phone (local digits)": "081355552468",
    "e-mail": CANARY_EMAIL,
    "e-mail (user)": "korban.kanari",
    "name": "Burungkenari",
    "address": "Kanari Rusak",
}

#: names with letters each encoding must keep (a name of a regency official, not a victim)
ACCENTED = "Pejabat Señor Conceição Müller-José Ñusa"


@dataclass
class Delivery:
    """One delivered file and what must become of it.

    expect: "loaded" (with quarantined rows, maybe), "rejected" (the file whole), "duplicate"
    (the same figures as a file already loaded), "unclaimed" (no source picks it up).
    message: a fragment of the registry error (rejected), of a file warning (loaded/duplicate) or
    of the unclaimed reason. quarantined: {(row, field)} of the rows that must be quarantined
    (None: not checked). values: {column: value} every loaded record of the file must have, or a
    list of such dicts one of the records must match."""

    klass: str
    source: str | None
    folder: str
    name: str
    content: bytes
    sidecar: dict | bytes | None = None
    expect: str = "loaded"
    message: str | None = None
    quarantined: set | None = None
    loaded: int | None = None
    values: list[dict] = field(default_factory=list)

    def drop(self, landing: Path) -> None:
        path = landing / self.folder / self.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.content)
        if isinstance(self.sidecar, dict):
            path.with_name(path.name + ".meta.json").write_text(
                json.dumps(self.sidecar, ensure_ascii=False), encoding="utf-8"
            )
        elif isinstance(self.sidecar, bytes):
            path.with_name(path.name + ".meta.json").write_bytes(self.sidecar)


def sidecar(table: str, **extra) -> dict:
    return {"producer": "ntt-dw test", "document": DOCUMENT, "table": table, **extra}


def csv(*lines: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def sample(folder: str, name: str) -> tuple[bytes, dict]:
    path = seeds_dir() / "extracts" / folder / name
    return path.read_bytes(), json.loads(path.with_name(name + ".meta.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- per source

POP_HEADER = "Kabupaten/Kota;2031;2032"
POP_SIDECAR = sidecar("Tabel uji penduduk", unit="ribu jiwa", figure_kind="projection")


def bps_population() -> list[Delivery]:
    header_en = "Kabupaten/Kota,2031,2032"
    copy, copy_meta = sample("bps", "bps_penduduk_kabkota_2020_2025.csv")
    return [
        Delivery(
            "numbers",
            "bps_population",
            "bps",
            "uji_penduduk_inggris.csv",
            csv(header_en, "Sumba Barat,157.60,158.75", "Belu,240.39,245.05"),
            POP_SIDECAR | {"table": "Tabel uji penduduk (EN)"},
            loaded=4,
            quarantined=set(),
            values=[
                {"region_kemendagri_code": "53.12", "year": 2031, "value": 157.6},
                {"region_kemendagri_code": "53.04", "year": 2032, "value": 245.05},
            ],
        ),
        Delivery(
            "headers",
            "bps_population",
            "bps",
            "uji_penduduk_kolom_ganda.csv",
            csv("Kabupaten/Kota;2031;2032;2031", "Belu;240,39;245,05;241,00"),
            POP_SIDECAR,
            expect="rejected",
            message="twice",
        ),
        Delivery(
            "accounting",
            "bps_population",
            "bps",
            "uji_penduduk_kosong.csv",
            csv(POP_HEADER),
            POP_SIDECAR,
            expect="rejected",
            message="header only",
        ),
        Delivery(
            "privacy",
            "bps_population",
            "bps",
            "uji_penduduk_telepon.csv",
            csv(POP_HEADER, f"{CANARY_ADDRESS} HP {CANARY_PHONE};240,39;245,05", "Belu;240,39;245,05"),
            POP_SIDECAR | {"table": "Tabel uji penduduk (telepon)"},
            loaded=2,
            quarantined={(2, "Kabupaten/Kota")},
        ),
        Delivery(
            "redelivery",
            "bps_population",
            "bps",
            "bps_penduduk_kabkota_2020_2025_kirim_ulang.csv",
            copy,
            copy_meta | {"note": "dikirim ulang oleh operator"},
            expect="duplicate",
            message="the same figures",
        ),
    ]


REGISTER_HEADER = (
    "id_kasus,tanggal_lapor,kabupaten_kota,kategori_korban,jenis_kekerasan,bentuk_kekerasan,"
    "layanan,status_kasus,nama_korban,nik,no_hp,alamat"
)
REGISTER_SIDECAR = sidecar("Register uji", synthetic=True, period_start="2023-01-01", period_end="Desember 2023")


def case(
    case_id: str,
    *,
    date="05-03-2023",
    regency="Kota Kupang",
    category="perempuan dewasa",
    jenis="KtP",
    bentuk="Psikis",
    services="pengaduan masyarakat;pengelolaan kasus",
    status="selesai",
    name=CANARY_NAME,
    nik=CANARY_NIK,
    phone=CANARY_PHONE,
    address=CANARY_ADDRESS,
) -> str:
    return ",".join(
        [
            case_id,
            date,
            f'"{regency}"',
            category,
            jenis,
            bentuk,
            f'"{services}"',
            f'"{status}"',
            f'"{name}"',
            nik,
            f'"{phone}"',
            f'"{address}"',
        ]
    )


def uptd_ppa() -> list[Delivery]:
    copy, copy_meta = sample("uptd_ppa", "uptd_ppa_register_2023_SINTETIS.csv")
    identifiers = [
        case("RUSAK-001"),  # loads: identifiers only where they belong
        case("RUSAK-002", regency=f"{CANARY_ADDRESS}, HP {CANARY_PHONE}"),  # phone in the regency
        case("RUSAK-003", status=f"NIK {CANARY_NIK}"),  # NIK in the status
        case("RUSAK-004", services=f"pengaduan masyarakat;{CANARY_PHONE_LOCAL}"),  # phone in the services
        case("RUSAK-005", jenis=CANARY_EMAIL),  # e-mail in the jenis
        case("RUSAK-006", date=CANARY_NIK_DOTTED),  # NIK in the date
        case(CANARY_NIK),  # NIK as the case id
        case("Burungkenari"),  # a name as the case id
        case("RUSAK-009", status=CANARY_NAME),  # a name in the status
        case("RUSAK-010", category=CANARY_ADDRESS),  # an address in the category
    ]
    return [
        Delivery(
            "privacy",
            "uptd_ppa",
            "uptd_ppa",
            "register_uji_identitas.csv",
            csv(REGISTER_HEADER, *identifiers),
            REGISTER_SIDECAR,
            loaded=1,
            quarantined={
                (3, "kabupaten_kota"),
                (4, "status_kasus"),
                (5, "layanan"),
                (6, "jenis_kekerasan"),
                (7, "tanggal_lapor"),
                (8, "id_kasus"),
                (9, "id_kasus"),
                (10, "status_kasus"),
                (11, "kategori_korban"),
            },
            values=[{"case_id": "RUSAK-001", "case_status": "selesai", "region_kemendagri_code": "53.71"}],
        ),
        Delivery(
            "encoding",
            "uptd_ppa",
            "uptd_ppa",
            "register_uji_cp1252.csv",
            csv(REGISTER_HEADER, case("RUSAK-101", regency="Kabupaten Ende")),
            REGISTER_SIDECAR,
            loaded=1,
            values=[{"case_id": "RUSAK-101", "region_kemendagri_code": "53.08"}],
        ),
        Delivery(
            "encoding",
            "uptd_ppa",
            "uptd_ppa",
            "register_uji_utf16.csv",
            "\ufeff".encode("utf-16-le")
            + (REGISTER_HEADER + "\r\n" + case("RUSAK-201", regency="Sikka") + "\r\n").encode("utf-16-le"),
            REGISTER_SIDECAR,
            loaded=1,
            values=[{"case_id": "RUSAK-201", "region_kemendagri_code": "53.07"}],
        ),
        Delivery(
            "headers",
            "uptd_ppa",
            "uptd_ppa",
            "register_uji_kolom_ganda.csv",
            csv(REGISTER_HEADER + ",kabupaten_kota", case("RUSAK-301") + ",Belu"),
            REGISTER_SIDECAR,
            expect="rejected",
            message="twice",
        ),
        Delivery(
            "headers",
            "uptd_ppa",
            "uptd_ppa",
            "register_uji_kolom_lain.csv",
            csv(REGISTER_HEADER + ",catatan_petugas", case("RUSAK-401") + f',"hubungi {CANARY_PHONE_LOCAL}"'),
            REGISTER_SIDECAR,
            loaded=1,
            message="not part of the register contract",
            values=[{"case_id": "RUSAK-401"}],
        ),
        Delivery(
            "accounting",
            "uptd_ppa",
            "uptd_ppa",
            "register_uji_nul.csv",
            csv(REGISTER_HEADER, case("RUSAK-501", status="sel\x00esai")),
            REGISTER_SIDECAR,
            loaded=1,
            message="control",
            values=[{"case_id": "RUSAK-501", "case_status": "selesai"}],
        ),
        Delivery(
            "redelivery",
            "uptd_ppa",
            "uptd_ppa",
            "uptd_ppa_register_2023_SINTETIS_kirim_ulang.csv",
            copy,
            copy_meta | {"note": "dikirim lagi, nama berkas baru"},
            expect="duplicate",
            message="the same figures",
        ),
    ]


def simfoni() -> list[Delivery]:
    copy, copy_meta = sample("simfoni", "kta_2024_2025.csv")
    kta = sidecar("Tabel uji KTA")
    return [
        Delivery(
            "numbers",
            "simfoni",
            "simfoni",
            "kta_uji_inggris.csv",
            csv("tahun,jenis,nilai,source_line,note", '2031,KTA Fisik,"1,093",1,', '2031,KTA Psikis,"2,500,000",1,'),
            kta,
            loaded=2,
            values=[{"year": 2031, "value": 1093.0, "bentuk_published": "Fisik"}, {"year": 2031, "value": 2500000.0}],
        ),
        Delivery(
            "accounting",
            "simfoni",
            "simfoni",
            "kta_uji_kosong.csv",
            csv("tahun,jenis,nilai,source_line,note"),
            kta,
            expect="rejected",
            message="header only",
        ),
        Delivery(
            "privacy",
            "simfoni",
            "simfoni",
            "kta_uji_catatan.csv",
            csv(
                "tahun,jenis,nilai,source_line,note",
                f'2032,KTA Fisik,14,1,"dilaporkan oleh {CANARY_EMAIL}, NIK {CANARY_NIK_DOTTED}"',
            ),
            kta | {"table": "Tabel uji KTA (catatan)"},
            loaded=1,
            message="redacted",
            values=[{"year": 2032, "note": "dilaporkan oleh [disamarkan], NIK [disamarkan]"}],
        ),
        Delivery(
            "redelivery",
            "simfoni",
            "simfoni",
            "kta_2024_2025_kirim_ulang.csv",
            copy,
            copy_meta | {"note": "dikirim ulang"},
            expect="duplicate",
            message="the same figures",
        ),
        Delivery(
            "accounting",
            "simfoni",
            "simfoni",
            "KTA_UJI_HURUF_BESAR.CSV",
            csv("tahun,jenis,nilai,source_line,note", "2033,KTA Fisik,7,1,"),
            kta | {"table": "Tabel uji KTA (besar)"},
            loaded=1,
            values=[{"year": 2033, "value": 7.0}],
        ),
    ]


BUDGET_HEADER = "kegiatan,sub_kegiatan,pagu,realisasi,sisa,persen,source_line,note"
#: a line item of seeds/reference/budget_hierarchy.csv, as Tabel 6 writes it
KEGIATAN = '"Perencanaan, Penganggaran dan evaluasi kinerja perangkat daerah"'
SUB_KEGIATAN = "Penyusunan Dokumen Perencanaan Perangkat Daerah"


def budget_row(pagu: str, realisasi: str, sisa: str, persen: str, note: str = "") -> str:
    return f'{KEGIATAN},{SUB_KEGIATAN},"{pagu}","{realisasi}","{sisa}","{persen}",1,"{note}"'


def budget() -> list[Delivery]:
    meta = sidecar("Tabel uji anggaran", budget_year=2031, period_end="2031-12-31")
    return [
        Delivery(
            "sidecar",
            "budget",
            "budget",
            "anggaran_uji_ta.csv",
            csv(BUDGET_HEADER, budget_row("2.461.000", "1.100.000", "1.361.000", "44,70")),
            meta | {"budget_year": "TA 2031", "period_end": "Semester I 2031", "table": "Tabel uji anggaran (TA)"},
            loaded=4,
            values=[{"budget_year": 2031, "period_end": "2031-06-30"}],
        ),
        Delivery(
            "numbers",
            "budget",
            "budget",
            "anggaran_uji_inggris.csv",
            csv(
                BUDGET_HEADER,
                budget_row("200,000", "150,000", "50,000", "75.00"),
                budget_row("2,461,000", "1,100,000", "1,361,000", "44.70"),
            ),
            meta | {"table": "Tabel uji anggaran (EN)", "budget_year": 2032, "period_end": "2032-12-31"},
            loaded=8,
            message="English",
            values=[
                {"measure": "pagu", "amount_rupiah": 200000},
                {"measure": "pagu", "amount_rupiah": 2461000},
                {"measure": "persen", "percent": 75},
            ],
        ),
        Delivery(
            "numbers",
            "budget",
            "budget",
            "anggaran_uji_ambigu.csv",
            csv(BUDGET_HEADER, budget_row("200,000", "1.100.000", "1.361.000", "44,70")),
            meta | {"table": "Tabel uji anggaran (ambigu)", "budget_year": 2034, "period_end": "2034-12-31"},
            loaded=0,
            quarantined={(2, "pagu")},
        ),
        Delivery(
            "sidecar",
            "budget",
            "budget",
            "anggaran_uji_tanpa_sidecar.csv",
            csv(BUDGET_HEADER, budget_row("2.461.000", "1.100.000", "1.361.000", "44,70")),
            None,
            expect="rejected",
            message="no provenance sidecar",
        ),
        Delivery(
            "sidecar",
            "budget",
            "budget",
            "anggaran_uji_tanpa_periode.csv",
            csv(BUDGET_HEADER, budget_row("2.461.000", "1.100.000", "1.361.000", "44,70")),
            {key: value for key, value in meta.items() if key != "period_end"} | {"budget_year": 2035},
            expect="rejected",
            message="period_end",
        ),
        Delivery(
            "isolation",
            "budget",
            "budget",
            "anggaran_uji_tahun_salah.csv",
            csv(BUDGET_HEADER, budget_row("2.461.000", "1.100.000", "1.361.000", "44,70")),
            meta | {"budget_year": "tahun depan"},
            expect="rejected",
            message="budget_year",
        ),
        Delivery(
            "isolation",
            "budget",
            "budget",
            "anggaran_uji_sidecar_rusak.csv",
            csv(BUDGET_HEADER, budget_row("2.461.000", "1.100.000", "1.361.000", "44,70")),
            b'{"document": "Uji", "budget_year": 2031,',
            expect="rejected",
            message="not valid JSON",
        ),
        Delivery(
            "headers",
            "budget",
            "budget",
            "anggaran_uji_kolom_ganda.csv",
            csv(BUDGET_HEADER + ",pagu", budget_row("2.461.000", "1.100.000", "1.361.000", "44,70") + ",1"),
            meta,
            expect="rejected",
            message="twice",
        ),
        Delivery(
            "privacy",
            "budget",
            "budget",
            "anggaran_uji_telepon.csv",
            csv(
                BUDGET_HEADER,
                f'{KEGIATAN},"Rapat {CANARY_PHONE}","1.000","1.000","0","100",1,',
                budget_row("2.461.000", "1.100.000", "1.361.000", "44,70", note=f"PPTK {CANARY_PHONE_LOCAL}"),
            ),
            meta | {"table": "Tabel uji anggaran (telepon)", "budget_year": 2033, "period_end": "2033-12-31"},
            loaded=4,
            quarantined={(2, "sub_kegiatan")},
            values=[{"measure": "pagu", "note": "PPTK [disamarkan]"}],
        ),
    ]


INDICATOR_HEADER = (
    "indicator_code,indikator,wilayah,tahun,periode,jenis_nilai,nilai,satuan,tabel_atau_bagian,source_line,note"
)


def identifiers_in_every_field(source: str, folder: str, name: str) -> Delivery:
    """An indicator extract whose every text field, one row each, holds an identifier: a field
    that must hold a code, a region, a year or a number quarantines its row (the value kept as its
    shape); free text (indikator, periode, satuan, tabel_atau_bagian, note) loads with the
    identifier redacted."""
    clean = ["", "Indikator uji", "Provinsi NTT", "2031", "", "realisasi", "10", "%", "Tabel uji", "1", ""]
    columns = INDICATOR_HEADER.split(",")
    canaries = {
        "indicator_code": CANARY_NIK,
        "indikator": f"Indikator {CANARY_PHONE}",
        "wilayah": f"{CANARY_ADDRESS} {CANARY_PHONE}",
        "tahun": CANARY_NIK_DOTTED,
        "periode": CANARY_EMAIL,
        "jenis_nilai": CANARY_PHONE_LOCAL,
        "nilai": CANARY_NIK,
        "satuan": f"persen {CANARY_EMAIL}",
        "tabel_atau_bagian": f"Tabel {CANARY_NIK_DOTTED}",
        "source_line": CANARY_PHONE_LOCAL,
        "note": f"ibu hamil NIK {CANARY_NIK}",
    }
    rows = []
    for column in columns:
        cells = list(clean)
        cells[columns.index(column)] = canaries[column]
        rows.append(",".join(f'"{c}"' for c in cells))
    quarantined = {(2 + columns.index(c), c) for c in ("indicator_code", "wilayah", "tahun", "jenis_nilai", "nilai")}
    return Delivery(
        "privacy",
        source,
        folder,
        name,
        csv(INDICATOR_HEADER, *rows),
        sidecar("Tabel uji identitas"),
        loaded=len(columns) - len(quarantined),
        quarantined=quarantined,
        message="redacted",
        values=[
            {"indicator_name": "Indikator [disamarkan]"},
            {"period": "[disamarkan]"},
            {"unit": "persen [disamarkan]"},
            {"source_table": "Tabel [disamarkan]"},
            {"note": "ibu hamil NIK [disamarkan]"},
            {"source_line": None, "indicator_name": "Indikator uji"},
        ],
    )


def bps_indicators() -> list[Delivery]:
    return [
        identifiers_in_every_field("bps_indicators", "bps", "bps_indikator_uji_identitas.csv"),
        Delivery(
            "encoding",
            "bps_indicators",
            "bps",
            "bps_indikator_uji_cp1252.csv",
            csv(
                INDICATOR_HEADER,
                f',{ACCENTED},Provinsi NTT,2031,,realisasi,"9,13",tahun,Tabel uji,1,',
                encoding="cp1252",
            ),
            sidecar("Tabel uji"),
            loaded=1,
            values=[{"indicator_name": ACCENTED, "value": 9.13}],
        ),
        Delivery(
            "isolation",
            "bps_indicators",
            "bps",
            "bps_indikator_uji_rusak.xlsx",
            b"PK\x03\x04 not really a workbook",
            sidecar("Tabel uji"),
            expect="rejected",
            message="XLSX",
        ),
    ]


def dinkes_indicators() -> list[Delivery]:
    return [
        identifiers_in_every_field("dinkes_indicators", "dinkes", "dinkes_uji_identitas.csv"),
        Delivery(
            "privacy",
            "dinkes_indicators",
            "dinkes",
            "dinkes_uji_catatan.csv",
            csv(
                INDICATOR_HEADER,
                f',Kunjungan uji,Provinsi NTT,2031,,realisasi,"24,6",%,Tabel uji,1,'
                f'"dicek dengan ibu NIK {CANARY_NIK} telp {CANARY_PHONE_LOCAL}"',
            ),
            sidecar("Tabel uji"),
            loaded=1,
            message="redacted",
            values=[{"note": "dicek dengan ibu NIK [disamarkan] telp [disamarkan]", "value": 24.6}],
        ),
        Delivery(
            "numbers",
            "dinkes_indicators",
            "dinkes",
            "dinkes_uji_inggris.csv",
            csv(
                INDICATOR_HEADER,
                ',Kasus uji,Provinsi NTT,2031,,realisasi,"5,316",ibu hamil,Tabel uji,1,',
                ',Kasus uji,Kabupaten Belu,2031,,realisasi,"1,234,567",ibu hamil,Tabel uji,2,',
            ),
            sidecar("Tabel uji (EN)"),
            loaded=2,
            values=[
                {"region_kemendagri_code": "53", "value": 5316.0},
                {"region_kemendagri_code": "53.04", "value": 1234567.0},
            ],
        ),
    ]


def dukcapil_indicators() -> list[Delivery]:
    text = INDICATOR_HEADER + "\r\n" + ',Akta uji,Provinsi NTT,2031,,realisasi,"77,77",%,Tabel uji,1,' + "\r\n"
    return [
        identifiers_in_every_field("dukcapil_indicators", "dukcapil", "dukcapil_uji_identitas.csv"),
        Delivery(
            "encoding",
            "dukcapil_indicators",
            "dukcapil",
            "dukcapil_uji_utf16.csv",
            codecs_bom_utf16be() + text.encode("utf-16-be"),
            sidecar("Tabel uji"),
            loaded=1,
            values=[{"indicator_name": "Akta uji", "value": 77.77}],
        ),
        Delivery(
            "encoding",
            "dukcapil_indicators",
            "dukcapil",
            "dukcapil_uji_tak_terbaca.csv",
            csv(INDICATOR_HEADER) + b",Akta \x81\x8d uji,Provinsi NTT,2031,,realisasi,1,%,Tabel uji,1,\n",
            sidecar("Tabel uji"),
            expect="rejected",
            message="cannot tell the encoding",
        ),
        Delivery(
            "accounting",
            "dukcapil_indicators",
            "dukcapil",
            "dukcapil_uji_nul.csv",
            csv(INDICATOR_HEADER, ',Akta\x00 cerai uji,Provinsi NTT,2031,,realisasi,"42,90",%,Tabel uji,1,'),
            sidecar("Tabel uji (NUL)"),
            loaded=1,
            message="control",
            values=[{"indicator_name": "Akta cerai uji"}],
        ),
    ]


def codecs_bom_utf16be() -> bytes:
    return b"\xfe\xff"


def bkkbn_indicators() -> list[Delivery]:
    return [
        identifiers_in_every_field("bkkbn_indicators", "bkkbn", "bkkbn_uji_identitas.csv"),
        Delivery(
            "headers",
            "bkkbn_indicators",
            "bkkbn",
            "bkkbn_uji_kolom_lain.csv",
            csv(
                INDICATOR_HEADER + ",petugas",
                f',TFR uji,Provinsi NTT,2031,,realisasi,"2,71",anak per wanita,Tabel uji,1,,"{CANARY_EMAIL}"',
            ),
            sidecar("Tabel uji"),
            loaded=1,
            message="petugas",
            values=[{"value": 2.71}],
        ),
        Delivery(
            "accounting",
            "bkkbn_indicators",
            "bkkbn",
            "arsip/bkkbn_uji_subfolder.csv",
            csv(INDICATOR_HEADER, ',TFR uji,Provinsi NTT,2031,,realisasi,"2,71",anak,Tabel uji,1,'),
            sidecar("Tabel uji"),
            expect="unclaimed",
            message="subfolder",
        ),
    ]


def dp3a_indicators() -> list[Delivery]:
    return [
        identifiers_in_every_field("dp3a_indicators", "dp3a", "dp3a_uji_identitas.csv"),
        Delivery(
            "accounting",
            "dp3a_indicators",
            "dp3a",
            "dp3a_uji.txt",
            csv(INDICATOR_HEADER, ",PUG uji,Provinsi NTT,2031,,realisasi,100,%,Tabel uji,1,"),
            None,
            expect="unclaimed",
            message="no source reads this name",
        ),
        Delivery(
            "accounting",
            "dp3a_indicators",
            "dp3a",
            "dp3a_uji_kosong.csv",
            csv(INDICATOR_HEADER),
            sidecar("Tabel uji"),
            expect="rejected",
            message="header only",
        ),
        Delivery(
            "numbers",
            "dp3a_indicators",
            "dp3a",
            "dp3a_uji_persen.csv",
            csv(
                INDICATOR_HEADER,
                ",PUG uji,Provinsi NTT,2031,,realisasi,12.5,%,Tabel uji,1,",
                ',PUG uji,Provinsi NTT,2032,,realisasi,"1,234.5",orang,Tabel uji,2,',
            ),
            sidecar("Tabel uji (EN)"),
            loaded=2,
            values=[{"year": 2031, "value": 12.5}, {"year": 2032, "value": 1234.5}],
        ),
    ]


def outside_any_source() -> list[Delivery]:
    return [
        Delivery(
            "accounting",
            None,
            "kiriman_lain",
            "laporan.csv",
            csv("a,b", "1,2"),
            None,
            expect="unclaimed",
            message="not in any source's landing folder",
        )
    ]


def all_deliveries() -> list[Delivery]:
    deliveries = (
        bps_population()
        + uptd_ppa()
        + simfoni()
        + budget()
        + bps_indicators()
        + dinkes_indicators()
        + dukcapil_indicators()
        + bkkbn_indicators()
        + dp3a_indicators()
        + outside_any_source()
    )
    cp1252 = next(d for d in deliveries if d.name == "register_uji_cp1252.csv")
    cp1252.content = cp1252.content.decode("utf-8").encode("cp1252")  # the name has ñ and ç
    return deliveries


def drop_all(landing: Path) -> list[Delivery]:
    deliveries = all_deliveries()
    for delivery in deliveries:
        delivery.drop(landing)
    return deliveries


def copy_samples(landing: Path) -> None:
    """The shipped sample extracts, as the main job drops them (for tests that ingest directly)."""
    for folder in (seeds_dir() / "extracts").iterdir():
        for path in folder.glob("*"):
            if path.is_file() and path.name != "README.md":
                (landing / folder.name).mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, landing / folder.name / path.name)
