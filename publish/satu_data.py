"""Satu Data NTT exports: one CSV per dataset of publish/satu_data_datasets.yml, read from the
published snapshot (never the build warehouse), with metadata as a Frictionless Data Package
(datapackage.json, a Table Schema per resource) and a CKAN package dict (ckan_package.json).

Each export run is a folder var/exports/satu_data/<export_id>/ with a manifest of checksums;
`latest` points to the newest. An export whose data equal the latest one's is skipped (the
monthly schedule does not pile up identical versions). Case statistics are suppressed
(publish/suppression.py) before they are written. Text that a spreadsheet would read as a formula
("=…", "+…", "@…") is escaped with a leading quote (publish/safe_cells.py).

    python -m publish.satu_data          # export from var/published/current
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb
import yaml

from ingestion.core.file_registry import sha256_of
from ingestion.core.settings import home
from publish import snapshot
from publish.safe_cells import write_csv
from publish.suppression import DEFAULT_THRESHOLD, Cell, suppress_group, suppress_table

DATASETS_PATH = Path(__file__).resolve().parent / "satu_data_datasets.yml"
REGION_COLUMNS = (
    "kode_provinsi",
    "kode_bps_provinsi",
    "nama_provinsi",
    "kode_kabupaten_kota",
    "kode_bps_kabupaten_kota",
    "nama_kabupaten_kota",
)
FRICTIONLESS_TYPES = {"integer": "integer", "number": "number", "string": "string"}


def exports_dir() -> Path:
    return home() / "exports" / "satu_data"


def load_datasets(path: Path = DATASETS_PATH) -> tuple[dict, dict]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return doc.get("defaults", {}), doc["datasets"]


def suppression_threshold() -> int:
    return int(os.environ.get("NTT_DW_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


def _regions(con) -> dict[str, dict]:
    rows = con.execute("select region_code, bps_code, region_name, region_level from marts.dim_region").fetchall()
    return {code: {"bps": bps, "name": name, "level": level} for code, bps, name, level in rows}


def _rows(con, spec: dict) -> list[dict]:
    where = f"where {spec['where']}" if spec.get("where") else ""
    rel = con.execute(f"select * from marts.{spec['mart']} {where}")
    names = [d[0] for d in rel.description]
    return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


def _dataset_rows(con, spec: dict, regions: dict) -> list[dict]:
    """The dataset in the open-data layout, ordered by year and region code."""
    province = regions["53"]
    out = []
    for row in _rows(con, spec):
        code = row.get(spec["region_column"]) if spec.get("region_column") else None
        found = regions.get(code) if code else None
        is_regency = found is not None and found["level"] != "provinsi"
        region = found if found is not None and is_regency else {"bps": "", "name": ""}
        record = {
            "kode_provinsi": "53",
            "kode_bps_provinsi": province["bps"],
            "nama_provinsi": province["name"],
            "kode_kabupaten_kota": code if is_regency else "",
            "kode_bps_kabupaten_kota": region["bps"],
            "nama_kabupaten_kota": region["name"],
        }
        for name, column in spec.get("dimensions", {}).items():
            record[name] = row.get(column["column"])
        for name, column in spec["measures"].items():
            record[name] = row.get(column["column"])
        record["satuan"] = row.get(spec["satuan_column"]) if spec.get("satuan_column") else spec["satuan"]
        record["tahun"] = row.get(spec["year_column"])
        if spec.get("sensitive"):
            record["status_nilai"] = ""
        if spec.get("synthetic_column"):
            record["data_sintetis"] = bool(row.get(spec["synthetic_column"]))
        out.append(record)
    out.sort(
        key=lambda r: (r["tahun"] or 0, r["kode_kabupaten_kota"], *[str(r.get(d)) for d in spec.get("dimensions", {})])
    )
    return out


def _suppress(rows: list[dict], spec: dict, threshold: int) -> None:
    """Per year: the regency rows are the parts, the province row the published total. A dataset
    with a dimension (a breakdown category) is a two-way table: see _suppress_two_way."""
    if spec.get("dimensions"):
        _suppress_two_way(rows, spec, threshold)
        return
    measure = next(iter(spec["measures"]))
    for year in {r["tahun"] for r in rows}:
        group = [r for r in rows if r["tahun"] == year]
        parts = [Cell(r["kode_kabupaten_kota"], r[measure]) for r in group if r["kode_kabupaten_kota"]]
        totals = [Cell("", r[measure]) for r in group if not r["kode_kabupaten_kota"]]
        suppress_group(parts, totals[0] if totals else None, threshold)
        for cell in parts + totals:
            row = next(r for r in group if r["kode_kabupaten_kota"] == cell.key)
            if cell.suppressed:
                row[measure], row["status_nilai"] = None, cell.status


def _complete_grid(rows: list[dict], spec: dict) -> None:
    """Every category for every region of a year, a missing one as an explicit 0: an absent row
    says 0 just as clearly, so a region with one category would show that category's count
    however it is suppressed; with the 0s in the table, suppression can hide a 0 beside it."""
    dimensions = list(spec["dimensions"])
    measure = next(iter(spec["measures"]))
    added = []
    for year in {r["tahun"] for r in rows}:
        group = [r for r in rows if r["tahun"] == year]
        regions = {r["kode_kabupaten_kota"]: r for r in group}
        categories = {tuple(r[d] for d in dimensions): r for r in group}
        present = {(r["kode_kabupaten_kota"], tuple(r[d] for d in dimensions)) for r in group}
        for region, region_row in regions.items():
            for category in categories:
                if (region, category) not in present:
                    row = {**region_row, **dict(zip(dimensions, category, strict=True)), measure: 0}
                    added.append(row)
    rows.extend(added)
    rows.sort(key=lambda r: (r["tahun"] or 0, r["kode_kabupaten_kota"], *[str(r.get(d)) for d in dimensions]))


def _suppress_two_way(rows: list[dict], spec: dict, threshold: int) -> None:
    """Per year, a category x regency table with the province's row per category: each category's
    regencies add up to its province row, and each regency's (and the province's) categories add
    up to the region's total, which another dataset publishes; suppression keeps every one of
    those sums from giving back a suppressed cell (publish/suppression.suppress_table)."""
    measure = next(iter(spec["measures"]))
    dimensions = list(spec["dimensions"])
    _complete_grid(rows, spec)
    for year in {r["tahun"] for r in rows}:
        group = [r for r in rows if r["tahun"] == year]
        key = {id(r): (r["kode_kabupaten_kota"], *(str(r.get(d)) for d in dimensions)) for r in group}
        values = {key[id(r)]: r[measure] for r in group}
        relations: dict[tuple, list] = {}
        for r in group:
            region, category = key[id(r)][0], key[id(r)][1:]
            relations.setdefault(("kategori", *category), []).append(key[id(r)])
            relations.setdefault(("wilayah", region), []).append(key[id(r)])
        status = suppress_table(values, list(relations.values()), threshold)
        for r in group:
            if key[id(r)] in status:
                r[measure], r["status_nilai"] = None, status[key[id(r)]]


def _fields(spec: dict, rows: list[dict]) -> list[dict]:
    fields = [
        {"name": name, "type": "string", "description": "Kode/nama wilayah (Kemendagri; BPS pada kode_bps_*)"}
        for name in REGION_COLUMNS
    ]
    for group in ("dimensions", "measures"):
        for name, column in spec.get(group, {}).items():
            fields.append(
                {"name": name, "type": FRICTIONLESS_TYPES[column["type"]], "description": column["description"]}
            )
    fields.append({"name": "satuan", "type": "string", "description": "Satuan"})
    fields.append({"name": "tahun", "type": "integer", "description": "Tahun data"})
    if spec.get("sensitive"):
        fields.append(
            {
                "name": "status_nilai",
                "type": "string",
                "description": "'disamarkan' bila nilai kurang dari ambang kerahasiaan, 'disamarkan (sekunder)' "
                "bila disamarkan agar total tidak membuka nilai lain; nilai kosong, bukan nol",
            }
        )
    if spec.get("synthetic_column"):
        fields.append(
            {"name": "data_sintetis", "type": "boolean", "description": "Data demo sintetis, bukan data nyata"}
        )
    return fields


def _write_csv(path: Path, fields: list[dict], rows: list[dict]) -> None:
    """Empty for None, true/false for booleans, formula-like text escaped (publish/safe_cells.py)."""
    write_csv(path, fields, rows)


def _ckan_package(name: str, spec: dict, defaults: dict, resource_path: str, manifest: dict) -> dict:
    metadata = spec["metadata"]
    return {
        "name": name.replace("_", "-"),
        "title": spec["title"],
        "notes": metadata["definisi"],
        "license_id": defaults["license"].lower(),
        "owner_org": "pemprov-ntt",
        "author": metadata["produsen_data"],
        "tags": [{"name": "ntt"}, {"name": "satu-data"}, {"name": name.split("_")[0]}],
        "extras": [
            {"key": key, "value": str(value)}
            for key, value in {
                **metadata,
                "kode_referensi_wilayah": defaults["kode_referensi_wilayah"],
                "snapshot_id": manifest["snapshot_id"],
            }.items()
        ],
        "resources": [{"name": f"{name}.csv", "url": resource_path, "format": "CSV"}],
    }


def export(threshold: int | None = None, force: bool = False) -> Path | None:
    """Write one export run from the current snapshot; None when nothing changed since the last."""
    threshold = threshold or suppression_threshold()
    defaults, datasets = load_datasets()
    published = snapshot.current_snapshot()
    if published is None:
        raise FileNotFoundError("nothing published yet: run the publish step first")
    snapshot_manifest = snapshot.read_manifest(published)
    exported_at = dt.datetime.now(dt.UTC)
    export_id = exported_at.strftime("%Y%m%dT%H%M%S%fZ")
    staging = exports_dir() / f".{export_id}.partial"
    staging.mkdir(parents=True)
    resources, ckan, files = [], [], {}
    with duckdb.connect(str(published / snapshot.DATABASE_NAME), read_only=True) as con:
        regions = _regions(con)
        for name, spec in datasets.items():
            rows = _dataset_rows(con, spec, regions)
            if spec.get("sensitive"):
                _suppress(rows, spec, threshold)
            fields = _fields(spec, rows)
            path = staging / f"{name}.csv"
            _write_csv(path, fields, rows)
            files[path.name] = sha256_of(path)
            resources.append(
                {
                    "name": name,
                    "path": path.name,
                    "title": spec["title"],
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "profile": "tabular-data-resource",
                    "schema": {"fields": fields, "missingValues": [""]},
                    "sources": [{"title": spec["metadata"]["dokumen_sumber"]}],
                    "custom": {
                        "metadata_statistik": spec["metadata"],
                        "baris": len(rows),
                        "ambang_kerahasiaan": threshold if spec.get("sensitive") else None,
                    },
                }
            )
            ckan.append(_ckan_package(name, spec, defaults, path.name, snapshot_manifest))
    package = {
        "name": "satu-data-ntt-ntt-dw",
        "title": "Data ntt-dw untuk Satu Data NTT",
        "description": "Data kependudukan, capaian PJPK, statistik kasus kekerasan (disamarkan) dan realisasi "
        "anggaran DP3A Provinsi NTT. Standar data, metadata, interoperabilitas dan kode referensi "
        "mengikuti Perpres 39/2019 (Satu Data Indonesia).",
        "licenses": [{"name": defaults["license"]}],
        "created": exported_at.isoformat(),
        "resources": resources,
    }
    (staging / "datapackage.json").write_text(
        json.dumps(package, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )
    (staging / "ckan_package.json").write_text(json.dumps(ckan, indent=2, ensure_ascii=False), encoding="utf-8")
    latest = exports_dir() / "latest"
    if not force and latest.exists():
        previous = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
        if previous.get("files") == files:
            for path in staging.iterdir():
                path.unlink()
            staging.rmdir()
            return None
    manifest = {
        "export_id": export_id,
        "exported_at": exported_at.isoformat(),
        "snapshot_id": snapshot_manifest["snapshot_id"],
        "suppression_threshold": threshold,
        "files": files,
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    folder = exports_dir() / export_id
    os.replace(staging, folder)
    temporary = exports_dir() / f".latest.{os.getpid()}.tmp"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(folder.name)
    os.replace(temporary, latest)
    return folder


if __name__ == "__main__":
    print(export(force=True))
