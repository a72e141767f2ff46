"""Generate the dbt source declarations from the source registry.

dbt reads sources from YAML under models/; instead of writing them by hand (a second place to
keep in sync), this writes models/staging/<agency>/_<agency>__sources.yml from ingestion/sources.yml.
`ntt-dw dbt-sources` rewrites them; `--check` exits 1 when they are stale (a
test runs that check).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from ingestion.core.raw_zone import QUARANTINE_COLUMNS
from ingestion.core.settings import dbt_project_dir
from ingestion.core.source_registry import load_registry
from ingestion.core.warehouse import REGISTRY_COLUMNS

HEADER = "# GENERATED from ingestion/sources.yml by `ntt-dw dbt-sources`: do not edit.\n"


def _columns(columns: dict[str, str]) -> list[dict]:
    return [{"name": name, "data_type": kind.lower()} for name, kind in columns.items()]


def _table(spec) -> dict:
    """A raw table's source entry: its contract, freshness, the figure key staging
    deduplicates deliveries by (macro current_rows) with the test that reports conflicts, and what
    the agency owes (meta.delivery, read by the delivery_completeness mart)."""
    table = {
        "name": spec.raw_table,
        "description": f"{spec.description} One row per record of one delivered file version "
        f"(unique: {', '.join(spec.unique_key)}). Written by ingest_{spec.name}.",
        "config": {
            "loaded_at_field": "ingested_at",
            "freshness": {
                "warn_after": {"count": spec.freshness.warn_after_hours, "period": "hour"},
                "error_after": {"count": spec.freshness.error_after_hours, "period": "hour"},
            },
        },
        "columns": _columns(spec.columns),
    }
    meta: dict = {}
    if spec.figure_key:
        meta["figure_key"] = list(spec.figure_key)
    if spec.delivery:
        meta["delivery"] = {"source_name": spec.name, **spec.delivery.as_meta()}
    if meta:
        table["config"]["meta"] = meta
    if spec.figure_key:
        table["data_tests"] = [
            {
                "agrees_across_deliveries": {
                    "arguments": {
                        "key_columns": list(spec.figure_key),
                        "value_columns": list(spec.extra.get("figure_value", ["file_version_id"])),
                    },
                    "config": {"severity": "warn"},
                }
            }
        ]
    return table


def render() -> dict[Path, str]:
    """Each generated file's path and content."""
    by_agency = defaultdict(list)
    for spec in load_registry().values():
        by_agency[spec.agency].append(spec)
    files: dict[Path, str] = {}
    for agency, specs in sorted(by_agency.items()):
        tables = [_table(spec) for spec in specs]
        doc = {
            "version": 2,
            "sources": [
                {
                    "name": agency,
                    "schema": "raw",
                    "description": f"Raw zone of agency {agency} (Parquet per file version).",
                    "tables": tables,
                }
            ],
        }
        files[dbt_project_dir() / "models" / "staging" / agency / f"_{agency}__sources.yml"] = HEADER + yaml.safe_dump(
            doc, sort_keys=False, allow_unicode=True, width=100
        )
    ingestion_doc = {
        "version": 2,
        "sources": [
            {
                "name": "ingestion",
                "schema": "raw",
                "description": "What ingestion records about every delivered file, for all sources.",
                "tables": [
                    {
                        "name": "file_registry",
                        "description": "One row per registered file version: checksum, size, times, counts, status.",
                        "columns": _columns(REGISTRY_COLUMNS),
                    },
                    {
                        "name": "quarantine",
                        "description": "One row per record (or rejected file) that could not be loaded, "
                        "with the reason.",
                        "columns": _columns(QUARANTINE_COLUMNS),
                    },
                ],
            }
        ],
    }
    files[dbt_project_dir() / "models" / "staging" / "ingestion" / "_ingestion__sources.yml"] = HEADER + yaml.safe_dump(
        ingestion_doc, sort_keys=False, allow_unicode=True, width=100
    )
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated file is stale")
    args = parser.parse_args(argv)
    stale = []
    for path, content in render().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        if args.check:
            stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            print(f"wrote {path}")
    for path in stale:
        print(f"stale: {path} (run ntt-dw dbt-sources)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
