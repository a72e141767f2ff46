"""Resolve a published line item (kegiatan + sub-kegiatan, as each table spells it) to the
budget hierarchy seed (seeds/reference/budget_hierarchy.csv), like regions resolve to codes.

Names are compared case-insensitively with punctuation and spacing normalised; a spelling that
differs beyond that ("... Konsultasi SKPP" for "... SKPD") is listed, with the document line,
in seeds/reference/budget_line_item_variants.csv. Nothing is guessed: an unknown or ambiguous
line item is quarantined with the reason.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingestion.core.settings import seeds_dir


def name_key(text: object) -> str:
    """'Perencanaan, Penganggaran dan evaluasi ...' == 'Perencanaan Penganggaran dan Evaluasi ...'"""
    return " ".join(re.sub(r"[^\w/]+", " ", str(text or "").lower()).split())


@dataclass(frozen=True)
class LineItem:
    line_item_key: str
    program_name: str
    kegiatan_name: str
    sub_kegiatan_name: str


@dataclass(frozen=True)
class LineItemResolution:
    item: LineItem | None
    problem: str | None = None


class LineItemResolver:
    def __init__(self, items: list[LineItem], variants: dict[str, str]):
        self._by_sub: dict[str, list[LineItem]] = {}
        for item in items:
            self._by_sub.setdefault(name_key(item.sub_kegiatan_name), []).append(item)
        for variant, canonical in variants.items():
            self._by_sub.setdefault(name_key(variant), []).extend(self._by_sub.get(name_key(canonical), []))

    def resolve(self, kegiatan: str, sub_kegiatan: str) -> LineItemResolution:
        candidates = self._by_sub.get(name_key(sub_kegiatan), [])
        if not candidates:
            return LineItemResolution(
                None,
                f"unknown sub-kegiatan {sub_kegiatan!r} (not in budget_hierarchy.csv or budget_line_item_variants.csv)",
            )
        if len(candidates) > 1:
            by_kegiatan = [c for c in candidates if name_key(c.kegiatan_name) == name_key(kegiatan)]
            if len(by_kegiatan) != 1:
                return LineItemResolution(None, f"ambiguous sub-kegiatan {sub_kegiatan!r} under kegiatan {kegiatan!r}")
            candidates = by_kegiatan
        return LineItemResolution(candidates[0])


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=2)
def load_resolver(reference_dir: Path | None = None) -> LineItemResolver:
    folder = reference_dir or seeds_dir() / "reference"
    items = [
        LineItem(r["line_item_key"], r["program_name"], r["kegiatan_name"], r["sub_kegiatan_name"])
        for r in _rows(folder / "budget_hierarchy.csv")
    ]
    variants = {r["published_name"]: r["sub_kegiatan_name"] for r in _rows(folder / "budget_line_item_variants.csv")}
    return LineItemResolver(items, variants)
