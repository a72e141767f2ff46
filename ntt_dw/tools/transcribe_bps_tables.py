"""Write the BPS sample extracts from the published text of Tabel 1.1 and Tabel 1.2.

Copies the cells of Pergub NTT 88/2025 (../shared/sources/002_a05e6b013d9a983d.txt) verbatim,
errors included, into the formats BPS delivers: Tabel 1.1 as a semicolon CSV (UTF-8 with BOM, as
Excel in an Indonesian locale saves it), Tabel 1.2 as an XLSX sheet of text cells. Run once; the
output is committed under seeds/extracts/bps/ and tests/test_sample_extracts.py checks it
against the document.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from openpyxl import Workbook

from ingestion.core.settings import REPO_ROOT

REPO = REPO_ROOT
SOURCE = REPO.parent / "shared" / "sources" / "002_a05e6b013d9a983d.txt"
OUT = REPO / "seeds" / "extracts" / "bps"
DOCUMENT = "Peraturan Gubernur NTT 88/2025, Peta Jalan Pembangunan Kependudukan 2025-2029"


def table_lines(lines: list[str], title: str, stop: str) -> list[list[str]]:
    start = next(i for i, line in enumerate(lines) if title in line)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(stop))
    return [line.split("\t") for line in lines[start + 1 : end + 1]]


def sidecar(path: Path, table: str, unit: str, kind: str, lines: str, cited: str) -> None:
    meta = {
        "producer": "BPS Provinsi Nusa Tenggara Timur",
        "document": DOCUMENT,
        "table": table,
        "unit": unit,
        "figure_kind": kind,
        "cited_source": cited,
        "transcribed_from": f"shared/sources/002_a05e6b013d9a983d.txt {lines}",
        "note": "Cells copied verbatim from the published table, errors and gaps included.",
    }
    path.with_name(path.name + ".meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def main() -> int:
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    OUT.mkdir(parents=True, exist_ok=True)

    t11 = table_lines(lines, "Tabel 1. 1 Jumlah Penduduk", "Nusa Tenggara Timur")
    path = OUT / "bps_penduduk_kabkota_2020_2025.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        for cells in t11:
            writer.writerow([c.strip() for c in cells][:4] + [""] * (4 - len(cells)))
    sidecar(
        path,
        "Tabel 1.1 Jumlah Penduduk Per Kabupaten di Provinsi NTT Tahun 2020-2025",
        "ribu jiwa",
        "estimate",
        "lines 176-199",
        "BPS NTT, 2025",
    )

    t12 = table_lines(lines, "Tabel 1. 2 Tabel Proyeksi Penduduk", "Provinsi Nusa Tenggara Timur")
    path = OUT / "bps_proyeksi_penduduk_2025_2029.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tabel 1.2"
    for cells in t12:
        if any(c.strip() for c in cells):
            sheet.append([c.strip() for c in cells])
    workbook.save(path)
    sidecar(
        path,
        "Tabel 1.2 Tabel Proyeksi Penduduk Provinsi NTT Tahun 2025-2029",
        "jiwa",
        "projection",
        "lines 304-330",
        "Proyeksi Penduduk Kabupaten/Kota Provinsi Nusa Tenggara Timur Hasil Sensus Penduduk 2020",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
