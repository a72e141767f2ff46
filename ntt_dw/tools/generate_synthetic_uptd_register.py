"""Generate a SYNTHETIC UPTD PPA case register for 2023 whose counts equal the published totals.

The UPTD PPA Provinsi NTT keeps one row per case, but the documents only publish totals: Laporan
Tahunan DP3A NTT 2023, Tabel 13 (victims by month and category) and Tabel 14 (cases by month,
jenis and bentuk kekerasan). This script reads their transcriptions
(seeds/extracts/simfoni/uptd_tabel13_korban_2023.csv and uptd_tabel14_kasus_2023.csv) and writes
seeds/extracts/uptd_ppa/uptd_ppa_register_2023_SINTETIS.csv plus its .meta.json sidecar:

- exactly one row per case; rows per (month, jenis, bentuk) equal Tabel 14's jumlah_kasus;
- the victim category per month equals Tabel 13 wherever that is consistent with Tabel 14 (the
  months where it is not are listed in the sidecar);
- everything else (dates within the month, regency, services, status, names, NIK, phone, address)
  is INVENTED with random.Random(seed): no row describes a real person;
- the SIMFONI PPA fields (incident date, place, the victim's age, sex and disability, the
  perpetrator's relationship, sex and age group, the reporting channel) are INVENTED too, with a
  second random.Random drawn from the seed, from the ASSUMED distributions below (every share is
  an assumption, none a published figure; seeds/extracts/uptd_ppa/README.md gives the reasons),
  consistent with each case: the age follows the birth date in the NIK, the age group the age, the
  sex the victim category, the incident precedes the report. The services are written as the
  eleven service types (seeds/reference/jenis_layanan_permen_2_2022.csv).

    python -m ntt_dw.tools.generate_synthetic_uptd_register [--seed 2023] [--out seeds/extracts/uptd_ppa/]

Same seed and same transcriptions -> byte-identical output. Pure standard library plus the repo's
region normaliser.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from ingestion.core import code_lists
from ingestion.core.dates import MONTH_NAMES
from ingestion.core.regions import load_normaliser
from ingestion.core.settings import REPO_ROOT, seeds_dir
from ingestion.uptd_ppa.register import SIMFONI_COLUMNS

REPO = REPO_ROOT

# --------------------------------------------------------------------------- constants

YEAR = 2023
DEFAULT_SEED = 2023
SIMFONI_DIR = REPO / "seeds" / "extracts" / "simfoni"
TABEL13_FILE = "uptd_tabel13_korban_2023.csv"
TABEL14_FILE = "uptd_tabel14_kasus_2023.csv"
DEFAULT_OUT = REPO / "seeds" / "extracts" / "uptd_ppa"
OUT_NAME = "uptd_ppa_register_2023_SINTETIS.csv"
GENERATOR = "ntt_dw/tools/generate_synthetic_uptd_register.py"
DOCUMENT = (
    "Laporan Tahunan 2023 Dinas Pemberdayaan Perempuan dan Perlindungan Anak Provinsi Nusa Tenggara Timur "
    "(shared/sources/001_ffeb514552cc10b0.txt)"
)
TITLE = (
    "DATA SINTETIS - bukan data korban nyata; dibangkitkan oleh ntt_dw/tools/generate_synthetic_uptd_register.py "
    "(seed {seed}) agar totalnya sama dengan Tabel 13 dan 14 Laporan Tahunan DP3A NTT 2023"
)
#: the SIMFONI PPA layout of the register (issue 19); the national generator writes it too
HEADER = [
    "id_kasus",
    "tanggal_lapor",
    "kabupaten_kota",
    "kategori_korban",
    "jenis_kekerasan",
    "bentuk_kekerasan",
    "layanan",
    "status_kasus",
    *SIMFONI_COLUMNS,
    "nama_korban",
    "nik",
    "no_hp",
    "alamat",
]
MONTHS = MONTH_NAMES

#: Tabel 13 category keys (transcription) -> the label written in the register.
CATEGORIES = {
    "perempuan_dewasa": "perempuan dewasa",
    "anak_laki_laki": "anak laki-laki",
    "anak_perempuan": "anak perempuan",
}
FEMALE = {"perempuan_dewasa", "anak_perempuan"}
CHILD = {"anak_laki_laki", "anak_perempuan"}

REPEAT_SHARE = 0.03  # share of cases whose victim already appeared earlier in the year

#: The services a case gets are drawn in the UPTD's own words first (11 names): the six service
#: functions of UPTD PPA in Permen PPPA 2/2022 (pengaduan masyarakat, penjangkauan korban,
#: pengelolaan kasus, penampungan sementara, mediasi, pendampingan korban) and five services the
#: UPTD PPA Provinsi NTT names in Laporan Tahunan 2023 (001 lines 825-836 and 846-893: pelayanan
#: kesehatan, pelayanan psikologi, bantuan hukum, bimbingan rohani dan keagamaan, pemulangan dan
#: reintegrasi sosial), then written as the service types they belong to (SERVICE_TYPE_LABELS).
UPTD_SERVICES = [
    "pengaduan masyarakat",
    "penjangkauan korban",
    "pengelolaan kasus",
    "penampungan sementara",
    "mediasi",
    "pendampingan korban",
    "pelayanan kesehatan",
    "pelayanan psikologi",
    "bantuan hukum",
    "bimbingan rohani dan keagamaan",
    "pemulangan dan reintegrasi sosial",
]
#: each UPTD service as the register writes it in the SIMFONI layout: a short label of its service
#: type (seeds/reference/layanan_uptd.csv maps each label to its type)
SERVICE_TYPE_LABELS = {
    "pengaduan masyarakat": "penerimaan laporan",
    "penjangkauan korban": "penjangkauan korban",
    "pengelolaan kasus": "koordinasi lembaga",
    "penampungan sementara": "penampungan sementara",
    "mediasi": "layanan hukum",
    "pendampingan korban": "layanan hukum",
    "pelayanan kesehatan": "layanan kesehatan",
    "pelayanan psikologi": "penguatan psikologis",
    "bantuan hukum": "layanan hukum",
    "bimbingan rohani dan keagamaan": "layanan psikososial",
    "pemulangan dan reintegrasi sosial": "reintegrasi sosial",
}
#: the service labels the register writes, in the order of their types (a to k): order in a row
SERVICES = [
    "penerimaan laporan",
    "penjangkauan korban",
    "informasi hak korban",
    "layanan kesehatan",
    "penguatan psikologis",
    "layanan psikososial",
    "reintegrasi sosial",
    "layanan hukum",
    "pemberdayaan ekonomi",
    "penampungan sementara",
    "layanan disabilitas",
    "koordinasi lembaga",
    "pemantauan proses peradilan",
]
STATUSES = ["selesai", "dalam proses", "dirujuk"]

# ----------------------------------------------------- SIMFONI PPA fields: ASSUMED distributions
# No document gives these breakdowns for NTT; every share below is an assumption, stated in
# seeds/extracts/uptd_ppa/README.md with its reasoning. Keys are codes of seeds/reference.

#: days from the incident to the report: (first day, last day, share), uniform within a band
DELAY_BANDS = [(0, 7, 0.50), (8, 30, 0.28), (31, 180, 0.16), (181, 730, 0.06)]
#: sexual violence against a child is disclosed later
DELAY_BANDS_CHILD_SEXUAL = [(0, 7, 0.30), (8, 30, 0.25), (31, 180, 0.30), (181, 730, 0.15)]
PLACES = {
    "kdrt": {"rumah_tangga": 1.0},  # domestic violence: the household, by definition
    "kta_sexual": {"rumah_tangga": 0.50, "fasilitas_umum": 0.15, "sekolah": 0.10, "lainnya": 0.25},
    "kta": {"rumah_tangga": 0.55, "sekolah": 0.20, "fasilitas_umum": 0.15, "lainnya": 0.10},
    "ktp": {"rumah_tangga": 0.45, "fasilitas_umum": 0.20, "tempat_kerja": 0.10, "lainnya": 0.25},
    "tppo": {"tempat_kerja": 0.60, "lainnya": 0.40},
    "bayi": {"lainnya": 0.50, "fasilitas_umum": 0.30, "rumah_tangga": 0.20},
    "hak_asuh": {"rumah_tangga": 1.0},
    "other": {"rumah_tangga": 0.50, "lainnya": 0.50},
}
RELATIONS = {
    "kdrt_adult": {"pasangan": 0.85, "keluarga": 0.10, "lainnya": 0.05},
    "kdrt_child": {"orang_tua": 0.75, "keluarga": 0.25},
    "kta_sexual": {
        "pacar_teman": 0.30,
        "keluarga": 0.20,
        "tetangga": 0.20,
        "orang_tua": 0.10,
        "guru": 0.05,
        "lainnya": 0.15,
    },
    "kta": {"orang_tua": 0.45, "keluarga": 0.20, "guru": 0.10, "tetangga": 0.10, "pacar_teman": 0.05, "lainnya": 0.10},
    "ktp": {"pacar_teman": 0.45, "tetangga": 0.15, "keluarga": 0.10, "lainnya": 0.30},
    "ingkar_janji": {"pacar_teman": 1.0},  # a promise of marriage broken: a partner
    "parent": {"orang_tua": 1.0},  # a discarded baby, custody taken, a neglected child
    "tppo": {"lainnya": 0.80, "keluarga": 0.20},
    "other": {"lainnya": 0.50, "keluarga": 0.25, "tetangga": 0.25},
}
PERPETRATOR_AGE = {
    "orang_tua": {"25-44": 0.70, "45-59": 0.30},
    "pasangan": {"18-24": 0.10, "25-44": 0.75, "45-59": 0.15},
    "pacar_teman_child": {"13-17": 0.50, "18-24": 0.50},  # a child's boyfriend or friend is young
    "pacar_teman": {"18-24": 0.40, "25-44": 0.60},
    "keluarga": {"13-17": 0.10, "18-24": 0.20, "25-44": 0.40, "45-59": 0.20, "60+": 0.10},
    "guru": {"25-44": 0.60, "45-59": 0.40},
    "tetangga": {"18-24": 0.10, "25-44": 0.50, "45-59": 0.30, "60+": 0.10},
    "lainnya": {"13-17": 0.05, "18-24": 0.25, "25-44": 0.50, "45-59": 0.20},
}
#: share of male perpetrators: sexual violence, a discarded baby (most often the mother), the rest
MALE_PERPETRATOR = {"sexual": 0.97, "bayi": 0.30, "other": 0.80}
CHANNELS = {
    "default": {
        "datang_langsung": 0.45,
        "rujukan_lembaga": 0.25,
        "telepon_hotline": 0.12,
        "online_aplikasi": 0.10,
        "penjangkauan": 0.08,
    },
    # Belu runs Laskar Peran Jempol, online reporting (shared/sources/003): more online reports
    "belu": {
        "datang_langsung": 0.35,
        "online_aplikasi": 0.30,
        "rujukan_lembaga": 0.20,
        "telepon_hotline": 0.08,
        "penjangkauan": 0.07,
    },
    # trafficking and discarded babies come through the police, health services, or outreach
    "referred": {"rujukan_lembaga": 0.60, "penjangkauan": 0.30, "datang_langsung": 0.10},
}
BELU = "53.04"
DISABILITY_SHARE = 0.03
INFORMATION_SHARE = 0.60  # informasi hak korban
ECONOMIC_SHARE = 0.25  # pemberdayaan ekonomi, adult women in KDRT or neglect cases
COURT_MONITORING_SHARE = {"sexual": 0.50, "other": 0.10}  # pemantauan proses peradilan

#: Regency draw (no regency split is published for UPTD cases). The provincial UPTD sits in Kota
#: Kupang, so Kota Kupang and Kabupaten Kupang dominate. Keys are Kemendagri codes; the written
#: name comes from seeds/reference/regions.csv and must resolve unambiguously.
REGENCY_WEIGHTS = {
    "53.71": 40,
    "53.01": 22,
    "53.02": 6,
    "53.14": 4,
    "53.03": 3,
    "53.04": 3,
    "53.21": 2,
    "53.20": 2,
    "53.05": 2,
    "53.11": 2,
    "53.06": 1.5,
    "53.07": 1.5,
    "53.08": 1.5,
    "53.13": 1,
    "53.12": 1,
    "53.18": 1,
    "53.17": 0.5,
    "53.09": 1,
    "53.16": 0.5,
    "53.10": 1,
    "53.15": 1,
    "53.19": 0.5,
}
#: Roughly the number of kecamatan per regency: the NIK's 2-digit kecamatan part is drawn below it.
KECAMATAN_COUNT = {
    "53.71": 6,
    "53.01": 24,
    "53.02": 32,
    "53.03": 24,
    "53.04": 12,
    "53.05": 17,
    "53.06": 19,
    "53.07": 21,
    "53.08": 21,
    "53.09": 12,
    "53.10": 12,
    "53.11": 22,
    "53.12": 6,
    "53.13": 9,
    "53.14": 10,
    "53.15": 12,
    "53.16": 7,
    "53.17": 5,
    "53.18": 11,
    "53.19": 12,
    "53.20": 6,
    "53.21": 12,
}

FEMALE_GIVEN = [
    "Maria",
    "Yohana",
    "Agustina",
    "Ferderika",
    "Yuliana",
    "Margaretha",
    "Elisabeth",
    "Theresia",
    "Veronika",
    "Kristina",
    "Marselina",
    "Yasinta",
    "Florentina",
    "Apriana",
    "Dorkas",
    "Naomi",
    "Ester",
    "Sarlina",
    "Novita",
    "Anjelina",
    "Melania",
    "Imelda",
    "Regina",
    "Oktaviana",
    "Yunita",
    "Selfina",
    "Martha",
    "Debora",
    "Adriana",
    "Yosefina",
    "Rosalinda",
    "Meri",
]
MALE_GIVEN = [
    "Adi",
    "Yosef",
    "Yohanes",
    "Fransiskus",
    "Agustinus",
    "Petrus",
    "Paulus",
    "Markus",
    "Stefanus",
    "Aloysius",
    "Yakobus",
    "Dominggus",
    "Ferdinand",
    "Obed",
    "Yermias",
    "Daniel",
    "Gabriel",
    "Kornelis",
    "Melkianus",
    "Rikardus",
    "Arnoldus",
    "Benediktus",
    "Yunus",
    "Mikael",
]
FAMILY = [
    "Manafe",
    "Lake",
    "Ndun",
    "Bessie",
    "Tefa",
    "Seran",
    "Nubatonis",
    "Mau",
    "Benu",
    "Tanesib",
    "Sabuna",
    "Taneo",
    "Bria",
    "Nahak",
    "Fanggidae",
    "Kana",
    "Lobo",
    "Leo",
    "Wadu",
    "Kapitan",
    "Nenobais",
    "Selan",
    "Bani",
    "Tallo",
    "Pello",
    "Ndolu",
    "Dethan",
    "Messakh",
    "Amalo",
    "Nitbani",
    "Kolo",
    "Bere",
    "Klau",
    "Luruk",
    "Asa",
    "Boymau",
]
#: Invented street and kelurahan names (combinations, not a gazetteer).
STREET_A = [
    "Flamboyan",
    "Cemara",
    "Kenari",
    "Nangka",
    "Asoka",
    "Kelor",
    "Sirih",
    "Lontar",
    "Gewang",
    "Kesambi",
    "Delima",
    "Anggrek",
    "Bugenvil",
    "Lamtoro",
    "Pinang",
    "Johar",
    "Matoa",
    "Turi",
    "Srikaya",
    "Waru",
]
STREET_B = ["Raya", "Timur", "Barat", "Dalam", "Baru", "Indah", "Permai", "Lama", "I", "II", "III"]
KEL_A = ["Oe", "Nai", "Fatu", "Tua", "Noel", "Bello", "Oen", "Lili", "Tesa", "Baun", "Nun", "Kuan", "Nefo", "Lasi"]
KEL_B = ["lasi", "bana", "kolo", "meta", "nunu", "bai", "sene", "tobe", "fui", "lete", "mnasi", "koro", "naen"]
#: Mobile operator prefixes after the leading 8 (Telkomsel, Indosat, XL, Tri, Smartfren).
PHONE_PREFIXES = [
    "11",
    "12",
    "13",
    "21",
    "22",
    "23",
    "52",
    "53",
    "14",
    "15",
    "16",
    "55",
    "56",
    "57",
    "58",
    "17",
    "18",
    "19",
    "59",
    "77",
    "78",
    "95",
    "96",
    "97",
    "81",
    "82",
]

SEXUAL_WORDS = ("persetubuhan", "pemerkos", "perkosa", "pelecehan", "seksual", "cabul")
OVERFLOW_COST = 1000  # per case placed in a category beyond Tabel 13's count: dominates every preference


class TranscriptionMissing(FileNotFoundError):
    """A Tabel 13/14 transcription the register is generated from does not exist."""


class TranscriptionShapeError(ValueError):
    """A transcription file lacks a column the generator needs."""


# --------------------------------------------------------------------------- load inputs


@dataclass
class Cell:
    """One Tabel 14 cell: the cases of one (month, jenis, bentuk)."""

    bulan: int
    jenis: str
    bentuk: str
    count: int
    source_lines: list[str] = field(default_factory=list)


@dataclass
class Inputs:
    cells: list[Cell]
    targets: dict[int, dict[str, int | None]]  # Tabel 13: month -> category -> victims (None = not integer)
    skipped: list[str]  # Tabel 14 rows not used, with the reason
    t13_notes: list[str]  # Tabel 13 rows not used or internally inconsistent
    tabel13: Path
    tabel14: Path


def parse_count(text: str | None) -> int | None:
    """The published text as an integer ("11" -> 11); None when it is not a plain integer."""
    value = (text or "").strip()
    return int(value) if re.fullmatch(r"\d+", value) else None


def _read_rows(path: Path, required: list[str], table: str) -> list[dict[str, str]]:
    if not path.exists():
        raise TranscriptionMissing(
            f"{table} transcription not found: {path}. The synthetic register reproduces its totals and is "
            f"generated only from the transcription (seeds/extracts/simfoni/); transcribe the table first."
        )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    # the header is the first row naming the required columns (a title line may precede it)
    for index, row in enumerate(rows):
        names = [c.strip().lower() for c in row]
        if all(col in names for col in required):
            return [
                dict(
                    zip(names, (c.strip() for c in data), strict=False)
                )  # a short CSV row: the missing cells are absent
                for data in rows[index + 1 :]
                if any(c.strip() for c in data)
            ]
    raise TranscriptionShapeError(f"{path}: no header row with the columns {', '.join(required)}")


def _month(text: str) -> int | None:
    value = parse_count(text)
    return value if value is not None and 1 <= value <= 12 else None


def load_inputs(simfoni_dir: Path = SIMFONI_DIR) -> Inputs:
    """Read both transcriptions; fails loudly when a file is missing or changed shape."""
    simfoni_dir = Path(simfoni_dir)
    t14_path, t13_path = simfoni_dir / TABEL14_FILE, simfoni_dir / TABEL13_FILE
    t14 = _read_rows(t14_path, ["bulan", "jenis_kekerasan", "bentuk_kekerasan", "jumlah_kasus"], "Tabel 14")
    t13 = _read_rows(t13_path, ["bulan", "kategori", "jumlah_korban"], "Tabel 13")

    cells: dict[tuple[int, str, str], Cell] = {}
    skipped: list[str] = []
    for row in t14:
        where = f"source_line {row.get('source_line') or '?'}"
        bulan, count = _month(row["bulan"]), parse_count(row["jumlah_kasus"])
        jenis, bentuk = row["jenis_kekerasan"], row["bentuk_kekerasan"]
        if bulan is None:
            skipped.append(
                f"bulan {row['bulan']!r} {jenis} {bentuk!r} jumlah {row['jumlah_kasus']!r} ({where}): not a month 1-12"
            )
            continue
        if count is None:
            skipped.append(
                f"{MONTHS[bulan - 1]} {jenis} {bentuk!r} jumlah_kasus {row['jumlah_kasus']!r} ({where}): not an integer"
            )
            continue
        key = (bulan, jenis, bentuk)
        cell = cells.setdefault(key, Cell(bulan, jenis, bentuk, 0))
        cell.count += count  # a cell split over a page break is summed
        cell.source_lines.append(row.get("source_line", ""))

    targets: dict[int, dict[str, int | None]] = {m: {c: None for c in CATEGORIES} for m in range(1, 13)}
    totals: dict[int, int | None] = {}
    t13_notes: list[str] = []
    for row in t13:
        bulan, kategori = _month(row["bulan"]), row["kategori"].strip().lower()
        if bulan is None:
            continue  # the Total row: the generator works per month
        value = parse_count(row["jumlah_korban"])
        if kategori in CATEGORIES:
            targets[bulan][kategori] = value
            if value is None:
                t13_notes.append(f"Tabel 13 {MONTHS[bulan - 1]} {kategori} {row['jumlah_korban']!r} is not an integer")
        elif kategori == "total":
            totals[bulan] = value
    for bulan, total in sorted(totals.items()):
        parts = list(targets[bulan].values())
        if total is not None and None not in parts and sum(parts) != total:
            t13_notes.append(f"Tabel 13 {MONTHS[bulan - 1]}: categories sum to {sum(parts)}, published total {total}")
    return Inputs(sorted(cells.values(), key=lambda c: c.bulan), targets, skipped, t13_notes, t13_path, t14_path)


# --------------------------------------------------------------------------- process


def category_costs(jenis: str, bentuk: str) -> dict[str, int]:
    """Which victim categories a case may have, with a preference cost (lower = more plausible).

    KtA = violence against children: a child. KtP = violence against women: an adult woman, a girl
    only when Tabel 13 leaves no other way. KDRT: an adult woman by default; children (neglect
    first) when the month's Tabel 13 needs them. A discarded baby or a custody case: a child.
    """
    j, b = jenis.strip().lower(), bentuk.strip().lower()
    sexual = any(word in b for word in SEXUAL_WORDS)
    if j == "kta" or "bayi" in b or "hak asuh" in b:
        return {"anak_perempuan": 0, "anak_laki_laki": 2 if sexual else 0}
    if j == "ktp":
        return {"perempuan_dewasa": 0, "anak_perempuan": 6}
    if j == "kdrt":
        child = 1 if "penelantaran" in b else 3
        return {"perempuan_dewasa": 0, "anak_perempuan": child, "anak_laki_laki": child}
    return {"perempuan_dewasa": 0, "anak_perempuan": 1, "anak_laki_laki": 1}


def _min_cost_flow(cells: list[Cell], targets: dict[str, int]) -> list[dict[str, int]]:
    """Assign each cell's cases to categories: fewest cases beyond Tabel 13's counts first (which
    also minimises the total absolute gap), then the lowest preference cost. Successive shortest
    paths (Bellman-Ford); tiny graphs, fully deterministic."""
    cats = list(CATEGORIES)
    n = len(cells)
    source, sink = 0, n + len(cats) + 1
    graph: list[list[list[int]]] = [[] for _ in range(sink + 1)]

    def add(u: int, v: int, cap: int, cost: int) -> tuple[int, int]:
        graph[u].append([v, cap, cost, len(graph[v])])
        graph[v].append([u, 0, -cost, len(graph[u]) - 1])
        return u, len(graph[u]) - 1

    handles: list[dict[str, tuple[int, int]]] = []
    total = sum(c.count for c in cells)
    for i, cell in enumerate(cells, start=1):
        add(source, i, cell.count, 0)
        handles.append(
            {
                cat: add(i, n + 1 + k, cell.count, cost)
                for k, cat in enumerate(cats)
                if (cost := category_costs(cell.jenis, cell.bentuk).get(cat)) is not None
            }
        )
    for k, cat in enumerate(cats):
        add(n + 1 + k, sink, targets[cat], 0)
        add(n + 1 + k, sink, total, OVERFLOW_COST)

    flow = 0
    while flow < total:
        dist = [None] * len(graph)
        prev: list[tuple[int, int] | None] = [None] * len(graph)
        dist[source] = 0
        changed = True
        while changed:
            changed = False
            for u in range(len(graph)):
                if dist[u] is None:
                    continue
                for e, (v, cap, cost, _) in enumerate(graph[u]):
                    if cap > 0 and (dist[v] is None or dist[u] + cost < dist[v]):
                        dist[v], prev[v], changed = dist[u] + cost, (u, e), True
        if dist[sink] is None:
            raise ValueError("some Tabel 14 cases admit no victim category")  # cannot happen: every cell has one
        push, v = total - flow, sink
        while v != source:
            u, e = prev[v]
            push, v = min(push, graph[u][e][1]), u
        v = sink
        while v != source:
            u, e = prev[v]
            graph[u][e][1] -= push
            back = graph[u][e]
            graph[back[0]][back[3]][1] += push
            v = u
        flow += push

    result = []
    for i, cell in enumerate(cells):
        assigned = {}
        for cat, (u, e) in handles[i].items():
            used = cell.count - graph[u][e][1]
            if used:
                assigned[cat] = used
        result.append(assigned)
    return result


@dataclass
class MonthCheck:
    bulan: int
    tabel14_cases: int
    tabel13: dict[str, int | None]
    register: dict[str, int]

    @property
    def matches(self) -> bool:
        return all(self.register.get(c, 0) == self.tabel13[c] for c in CATEGORIES)

    def reason(self) -> str:
        name = MONTHS[self.bulan - 1]

        def fmt(d: dict) -> str:
            return ", ".join(f"{CATEGORIES[c]} {d.get(c, 0) if d.get(c, 0) is not None else '?'}" for c in CATEGORIES)

        if None in self.tabel13.values():
            why = "Tabel 13 has no integer count for every category"
        elif sum(self.tabel13.values()) != self.tabel14_cases:
            why = (
                f"Tabel 13 counts {sum(self.tabel13.values())} victims but Tabel 14 lists {self.tabel14_cases} "
                f"cases (one victim per case)"
            )
        else:
            why = "Tabel 13's categories cannot be reached with Tabel 14's jenis (KtA cases are children, KtP cases women)"
        return (
            f"{name}: {why}; Tabel 13: {fmt(self.tabel13)}; register (follows Tabel 14, as close to Tabel 13 "
            f"as possible): {fmt(self.register)}"
        )


def assign_categories(inputs: Inputs, rng: random.Random) -> tuple[list[tuple[Cell, str]], list[MonthCheck]]:
    """Every case as (cell, category), and the per-month comparison with Tabel 13."""
    cases: list[tuple[Cell, str]] = []
    checks: list[MonthCheck] = []
    for bulan in range(1, 13):
        cells = [c for c in inputs.cells if c.bulan == bulan]
        targets = inputs.targets[bulan]
        if None in targets.values():  # no usable Tabel 13 counts: preference only, children split at random
            assigned = []
            for cell in cells:
                costs = category_costs(cell.jenis, cell.bentuk)
                best = [c for c in CATEGORIES if costs.get(c) == min(costs.values())]
                counts: dict[str, int] = {}
                for _ in range(cell.count):
                    cat = rng.choice(best)
                    counts[cat] = counts.get(cat, 0) + 1
                assigned.append(counts)
        else:
            assigned = _min_cost_flow(cells, targets)  # type: ignore[arg-type]
        register: dict[str, int] = {}
        for cell, counts in zip(cells, assigned, strict=True):
            labels = [cat for cat in CATEGORIES for _ in range(counts.get(cat, 0))]
            rng.shuffle(labels)
            cases.extend((cell, cat) for cat in labels)
            for cat, k in counts.items():
                register[cat] = register.get(cat, 0) + k
        checks.append(MonthCheck(bulan, sum(c.count for c in cells), dict(targets), register))
    return cases, checks


def _regencies() -> list[tuple[str, str, float]]:
    """(kemendagri code, name to write, weight), each name checked with the repo's normaliser."""
    normaliser = load_normaliser()
    out = []
    for code, weight in REGENCY_WEIGHTS.items():
        region = normaliser.by_kemendagri[code]
        for name in (region.region_name, region.official_name):  # "Kupang" alone is ambiguous
            resolved = normaliser.resolve(name).region
            if resolved is not None and resolved.kemendagri_code == code:
                break
        else:
            raise ValueError(f"no unambiguous name for region {code}")
        out.append((code, name, weight))
    return out


def _birth_date(rng: random.Random, category: str, bentuk: str, reported: date) -> date:
    b = bentuk.lower()
    if category in CHILD:
        if "bayi" in b:  # an infant (the brief's child range ends in 2022)
            first, last = date(2022, 10, 1), date(2022, 12, 31)
        elif any(word in b for word in SEXUAL_WORDS):
            first, last = date(2006, 1, 1), date(2016, 12, 31)
        else:
            first, last = date(2006, 1, 1), date(2020, 12, 31)
    else:  # adults 1960-2004, most of them 20-45 years old
        first, last = (
            (date(1978, 1, 1), date(2003, 12, 31)) if rng.random() < 0.8 else (date(1960, 1, 1), date(2004, 12, 31))
        )
    last = min(last, reported - timedelta(days=30))
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _nik(rng: random.Random, code: str, category: str, born: date, taken: set[str]) -> str:
    while True:
        kecamatan = rng.randint(1, KECAMATAN_COUNT.get(code, 10))
        day = born.day + (40 if category in FEMALE else 0)
        nik = f"{code.replace('.', '')}{kecamatan:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 1999):04d}"
        if nik not in taken:
            taken.add(nik)
            return nik


def _name(rng: random.Random, category: str) -> str:
    given = FEMALE_GIVEN if category in FEMALE else MALE_GIVEN
    first = rng.choice(given)
    parts = [first]
    if rng.random() < 0.4:
        parts.append(rng.choice([g for g in given if g != first]))
    parts.append(rng.choice(FAMILY))
    return " ".join(parts)


def _phone(rng: random.Random) -> str:
    digits = rng.choice(PHONE_PREFIXES) + "".join(str(rng.randint(0, 9)) for _ in range(rng.choice((7, 8))))
    return f"+62 8{digits}" if rng.random() < 0.65 else f"08{digits}"  # exports mix both spellings


def _address(rng: random.Random) -> str:
    street = f"{rng.choice(STREET_A)} {rng.choice(STREET_B)}"
    kelurahan = rng.choice(KEL_A) + rng.choice(KEL_B)
    return f"Jl. {street} RT {rng.randint(1, 30):03d}/RW {rng.randint(1, 12):03d}, Kel. {kelurahan}"


def _services(rng: random.Random, bentuk: str, category: str) -> str:
    b = bentuk.lower()
    chosen = {"pengaduan masyarakat", "pengelolaan kasus"}
    if rng.random() < 0.75:
        chosen.add("pendampingan korban")
    if any(word in b for word in SEXUAL_WORDS) or "fisik" in b:
        chosen.add("pelayanan kesehatan")
        if rng.random() < 0.7:
            chosen.add("bantuan hukum")
    if "psikis" in b or rng.random() < 0.3:
        chosen.add("pelayanan psikologi")
    if any(word in b for word in ("penelantaran", "hak asuh", "ingkar janji")) and rng.random() < 0.7:
        chosen.add("mediasi")
    if "tppo" in b or "bayi" in b:
        chosen.update({"penjangkauan korban", "penampungan sementara"})
    if "tppo" in b:
        chosen.add("pemulangan dan reintegrasi sosial")
    if rng.random() < 0.15:
        chosen.add("penjangkauan korban")
    if rng.random() < (0.15 if category in CHILD else 0.07):
        chosen.add("penampungan sementara")
    if rng.random() < 0.1:
        chosen.add("bimbingan rohani dan keagamaan")
    return ";".join(s for s in UPTD_SERVICES if s in chosen)


def _status(rng: random.Random, bulan: int, code: str, bentuk: str) -> str:
    referred = 0.25 if code not in ("53.71", "53.01") or "tppo" in bentuk.lower() else 0.06
    open_share = 0.1 + 0.5 * (bulan - 1) / 11  # later in the year, more cases still open
    roll = rng.random()
    if roll < referred:
        return "dirujuk"
    return "dalam proses" if roll < referred + open_share * (1 - referred) else "selesai"


@dataclass
class Result:
    csv_path: Path
    meta_path: Path
    rows: int
    repeat_cases: int
    unmatched_months: list[int]
    skipped_cells: list[str]


def build_rows(inputs: Inputs, seed: int) -> tuple[list[list[str]], list[MonthCheck], int]:
    rng = random.Random(seed)
    cases, checks = assign_categories(inputs, rng)
    regencies = _regencies()
    codes = [r[0] for r in regencies]
    names = {r[0]: r[1] for r in regencies}
    weights = [r[2] for r in regencies]

    records = []
    taken: set[str] = set()
    for cell, category in cases:
        first = date(YEAR, cell.bulan, 1)
        days = ((first.replace(month=cell.bulan + 1) if cell.bulan < 12 else date(YEAR + 1, 1, 1)) - first).days
        reported = first + timedelta(days=rng.randrange(days))
        code = rng.choices(codes, weights)[0]
        born = _birth_date(rng, category, cell.bentuk, reported)
        records.append(
            {
                "tanggal": reported,
                "tiebreak": rng.random(),
                "code": code,
                "category": category,
                "cell": cell,
                "nik": _nik(rng, code, category, born, taken),
                "nama": _name(rng, category),
                "hp": _phone(rng),
                "alamat": _address(rng),
                "layanan": _services(rng, cell.bentuk, category),
                "status": _status(rng, cell.bulan, code, cell.bentuk),
                "born": born,
            }
        )
    records.sort(key=lambda r: (r["tanggal"], r["tiebreak"]))

    # repeat victims: ~3 % of cases are a later case of a victim already in the register
    wanted = round(REPEAT_SHARE * len(records))
    candidates = [
        i for i in range(1, len(records)) if any(records[j]["category"] == records[i]["category"] for j in range(i))
    ]
    repeats = sorted(rng.sample(candidates, min(wanted, len(candidates))))
    repeat_set = set(repeats)
    for i in repeats:
        pool = [j for j in range(i) if j not in repeat_set and records[j]["category"] == records[i]["category"]]
        earlier = rng.choice(pool)
        taken.discard(records[i]["nik"])
        for key in ("nik", "nama", "hp", "alamat", "code", "born"):  # the same person, same home
            records[i][key] = records[earlier][key]
        records[i]["same_person_as"] = earlier

    # the SIMFONI PPA fields, from their own random stream: the columns above stay as they were
    simfoni_rng = random.Random(f"{seed}:simfoni")
    for r in records:
        earlier = r.get("same_person_as")
        r.update(_simfoni_fields(simfoni_rng, r, records[earlier]["disability"] if earlier is not None else None))

    rows = []
    for number, r in enumerate(records, start=1):
        rows.append(
            [
                f"UPTD-{YEAR}-{number:04d}",
                r["tanggal"].strftime("%d-%m-%Y"),
                names[r["code"]],
                CATEGORIES[r["category"]],
                r["cell"].jenis,
                r["cell"].bentuk,
                r["services"],
                r["status"],
                r["incident"].strftime("%d-%m-%Y"),
                _label("tempat_kejadian.csv", r["place"]),
                str(r["age"]),
                _label("kelompok_umur.csv", r["age_group"]),
                _label("jenis_kelamin.csv", r["sex"]),
                "ya" if r["disability"] else "tidak",
                _label("hubungan_pelaku.csv", r["relation"]),
                _label("jenis_kelamin.csv", r["perpetrator_sex"]),
                _label("kelompok_umur.csv", r["perpetrator_age_group"]),
                _label("saluran_pengaduan.csv", r["channel"]),
                r["nama"],
                r["nik"],
                r["hp"],
                r["alamat"],
            ]
        )
    return rows, checks, len(repeats)


@cache
def _official_labels(seed_file: str) -> dict[str, str]:
    """code -> the official label of a code list of seeds/reference (its is_official row)."""
    with (seeds_dir() / "reference" / seed_file).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    label, code = list(rows[0])[:2]
    return {row[code]: row[label] for row in rows if row["is_official"] == "true"}


def _label(seed_file: str, code: str) -> str:
    return _official_labels(seed_file)[code]


def _draw(rng: random.Random, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), list(shares.values()))[0]


def _years_after(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return born.replace(year=born.year + years, day=28)


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _age_group(age: int) -> str:
    return next(
        code for code, first, last in code_lists.age_group_ranges() if age >= first and (last is None or age <= last)
    )


def _simfoni_fields(rng: random.Random, r: dict, same_person_disability: bool | None) -> dict:
    """The SIMFONI PPA fields of one case, drawn from the ASSUMED distributions above, in a fixed
    order, consistent with the case: a child victim's age is under 18 and an adult's 18 or more
    on the incident date, which precedes the report; the sex follows the category."""
    cell, category = r["cell"], r["category"]
    j, b = cell.jenis.strip().lower(), cell.bentuk.strip().lower()
    child, sexual = category in CHILD, any(word in b for word in SEXUAL_WORDS)
    bands = DELAY_BANDS_CHILD_SEXUAL if child and sexual else DELAY_BANDS
    first, last, _ = rng.choices(bands, [band[2] for band in bands])[0]
    incident = r["tanggal"] - timedelta(days=rng.randint(first, last))
    incident = max(incident, r["born"] if child else _years_after(r["born"], 18))
    if "bayi" in b:
        place, relation = "bayi", "parent"
    elif "hak asuh" in b:
        place, relation = "hak_asuh", "parent"
    elif "tppo" in b:
        place, relation = "tppo", "tppo"
    elif j == "kdrt":
        place, relation = "kdrt", "kdrt_child" if child else "kdrt_adult"
    elif j == "kta":
        place = relation = "kta_sexual" if sexual else "kta"
    elif j == "ktp":
        place, relation = "ktp", "ingkar_janji" if "ingkar janji" in b else "ktp"
    else:
        place = relation = "other"
    relation_code = _draw(rng, RELATIONS[relation])
    if relation_code == "pasangan" and category in FEMALE:
        perpetrator_sex = "laki_laki"
    else:
        male = MALE_PERPETRATOR["sexual" if sexual else "bayi" if "bayi" in b else "other"]
        perpetrator_sex = "laki_laki" if rng.random() < male else "perempuan"
    age_key = "pacar_teman_child" if relation_code == "pacar_teman" and child else relation_code
    channels = CHANNELS["referred" if "tppo" in b or "bayi" in b else "belu" if r["code"] == BELU else "default"]
    values = {
        "incident": incident,
        "place": _draw(rng, PLACES[place]),
        "relation": relation_code,
        "perpetrator_sex": perpetrator_sex,
        "perpetrator_age_group": _draw(rng, PERPETRATOR_AGE[age_key]),
        "channel": _draw(rng, channels),
    }
    drawn_disability = rng.random() < DISABILITY_SHARE
    disability = drawn_disability if same_person_disability is None else same_person_disability
    services = {SERVICE_TYPE_LABELS[label] for label in r["layanan"].split(";")}
    if rng.random() < INFORMATION_SHARE:
        services.add("informasi hak korban")
    if not child and (j == "kdrt" or "penelantaran" in b) and rng.random() < ECONOMIC_SHARE:
        services.add("pemberdayaan ekonomi")
    if disability:
        services.add("layanan disabilitas")
    if rng.random() < COURT_MONITORING_SHARE["sexual" if sexual or "tppo" in b else "other"]:
        services.add("pemantauan proses peradilan")
    age = _age_on(r["born"], incident)
    return values | {
        "age": age,
        "age_group": _age_group(age),
        "sex": "perempuan" if category in FEMALE else "laki_laki",
        "disability": disability,
        "services": ";".join(label for label in SERVICES if label in services),
    }


# --------------------------------------------------------------------------- save outputs


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def generate(out_dir: Path = DEFAULT_OUT, seed: int = DEFAULT_SEED, simfoni_dir: Path = SIMFONI_DIR) -> Result:
    """Write the register and its sidecar into out_dir; returns what was written."""
    inputs = load_inputs(simfoni_dir)
    rows, checks, repeat_cases = build_rows(inputs, seed)
    unmatched = [c for c in checks if not c.matches]

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    buffer.write(TITLE.format(seed=seed) + "\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    csv_path = out_dir / OUT_NAME
    csv_path.write_bytes(buffer.getvalue().encode("utf-8"))

    note = [
        "SYNTHETIC: every row is invented by the generator; no real person, case or victim is described, and "
        "names, NIK, phone numbers and addresses are random combinations in the real formats.",
        f"Reproduced exactly: the number of cases per month, jenis and bentuk kekerasan of Tabel 14 "
        f"({len(rows)} cases, one row per case, one victim per case); the victim category per month of Tabel 13 "
        f"except in the months listed below.",
        "Invented: the day within the month, the regency (the documents give no regency split for UPTD cases; "
        "drawn with fixed weights favouring Kota Kupang and Kabupaten Kupang because the provincial UPTD PPA is in "
        "Kupang), the services (drawn as Permen PPPA 2/2022 service functions and the services the Laporan "
        "Tahunan names, written as the eleven service types of seeds/reference/jenis_layanan_permen_2_2022.csv), "
        "the case status, and all identities.",
        "Invented from ASSUMED distributions (none is a published figure; seeds/extracts/uptd_ppa/README.md states "
        "each): the SIMFONI PPA fields, the incident date (on or before the report date), place, the victim's age "
        "(from the birth date in the NIK), age group, sex (from the category) and disability, the perpetrator's "
        "relationship, sex and age group, and the reporting channel.",
        f"Repeat victims: {repeat_cases} cases reuse the NIK, name, phone, address and regency of an earlier "
        f"victim in the same category.",
    ]
    if unmatched:
        note.append("Months where Tabel 13 cannot be matched: " + " | ".join(c.reason() for c in unmatched) + ".")
    else:
        note.append("Tabel 13 is matched in every month.")
    if inputs.skipped:
        note.append("Tabel 14 cells skipped (not integers / no month): " + " | ".join(inputs.skipped) + ".")
    else:
        note.append("No Tabel 14 cell was skipped: every jumlah_kasus is an integer.")
    if inputs.t13_notes:
        note.append("Tabel 13 remarks: " + " | ".join(inputs.t13_notes) + ".")
    meta = {
        "producer": "ntt-dw synthetic generator",
        "document": DOCUMENT,
        "table": "Tabel 13 dan Tabel 14 (totals reproduced)",
        "synthetic": True,
        "period_start": f"{YEAR}-01-01",  # the reporting period: every report date must fall in it
        "period_end": f"{YEAR}-12-31",
        "generator": GENERATOR,
        "seed": seed,
        "generated_from": [_relative(inputs.tabel13), _relative(inputs.tabel14)],
        "rows": len(rows),
        "repeat_victim_cases": repeat_cases,
        "tabel13_unmatched_months": [c.bulan for c in unmatched],
        "tabel14_skipped_cells": inputs.skipped,
        "note": " ".join(note),
    }
    meta_path = out_dir / f"{OUT_NAME}.meta.json"
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return Result(csv_path, meta_path, len(rows), repeat_cases, [c.bulan for c in unmatched], inputs.skipped)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default seeds/extracts/uptd_ppa/)"
    )
    parser.add_argument(
        "--simfoni-dir",
        type=Path,
        default=SIMFONI_DIR,
        help="folder holding the Tabel 13/14 transcriptions (default seeds/extracts/simfoni/)",
    )
    args = parser.parse_args(argv)
    try:
        result = generate(args.out, args.seed, args.simfoni_dir)
    except (TranscriptionMissing, TranscriptionShapeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"wrote {result.rows} synthetic cases to {result.csv_path} (+ {result.meta_path.name}); "
        f"repeat-victim cases: {result.repeat_cases}; months not matching Tabel 13: "
        f"{', '.join(MONTHS[m - 1] for m in result.unmatched_months) or 'none'}; "
        f"Tabel 14 cells skipped: {len(result.skipped_cells)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
