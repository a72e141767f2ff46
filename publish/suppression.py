"""Small-count suppression for public exports of case statistics (UU TPKS, child protection).

Primary: a count of 1 to threshold-1 victims is replaced by nothing and marked
"disamarkan" (a published 0 stays 0: it names nobody). Secondary: within each group that has a
published total (e.g. the regencies of one year, whose province total is published), a single
suppressed cell could be recovered as total - sum(the others); so while a group has exactly one
suppressed cell, the smallest other non-zero cell is suppressed too ("disamarkan (sekunder)").
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

PRIMARY = "disamarkan"
SECONDARY = "disamarkan (sekunder)"
DEFAULT_THRESHOLD = 5
Key = TypeVar("Key", bound=Hashable)


@dataclass
class Cell:
    key: object
    value: int | None
    status: str = ""

    @property
    def suppressed(self) -> bool:
        return self.status in (PRIMARY, SECONDARY)


def suppress_group(parts: list[Cell], total: Cell | None = None, threshold: int = DEFAULT_THRESHOLD) -> list[Cell]:
    """Suppress the parts of one group (and, when nothing else can hide a part, its total)."""
    for cell in parts:
        if cell.value is not None and 0 < cell.value < threshold:
            cell.status = PRIMARY
    if total is not None and total.value is not None and 0 < total.value < threshold:
        total.status = PRIMARY
    while sum(cell.suppressed for cell in parts) == 1 and not (total and total.suppressed):
        candidates = [c for c in parts if not c.suppressed and c.value]
        if not candidates:
            # the suppressed part is the only non-zero one: the total would be its value
            if total is not None:
                total.status = SECONDARY
            break
        min(candidates, key=lambda c: (c.value, str(c.key))).status = SECONDARY
    return parts


def suppress_table(
    values: Mapping[Key, int | None], relations: list[list[Key]], threshold: int = DEFAULT_THRESHOLD
) -> dict[Key, str]:
    """Suppression for a table published with several margins (a breakdown category x regency per
    year: each category's regencies add up to the province's row, each regency's categories add up
    to its total published elsewhere). `relations` lists the cells that one published sum ties
    together (the sum itself included when it is a cell of this table). A cell of 1 to
    threshold-1 is suppressed; then, while a relation has exactly one suppressed cell (which its
    sum would give back), the smallest other non-zero cell of that relation is suppressed too,
    until no relation has exactly one (a 0 where no other cell is non-zero). Returns the status of
    every suppressed cell."""
    status: dict[Key, str] = {
        key: PRIMARY for key, value in values.items() if value is not None and 0 < value < threshold
    }
    changed = True
    while changed:
        changed = False
        for relation in relations:
            hidden = [key for key in relation if key in status]
            if len(hidden) != 1:
                continue
            # the smallest other non-zero cell; where the others are all 0, a 0 (then the sum
            # says only that the two hidden cells together hold it)
            candidates = [key for key in relation if key not in status and values.get(key) is not None]
            if candidates:
                status[min(candidates, key=lambda k: (values[k] == 0, values[k] or 0, str(k)))] = SECONDARY
                changed = True
    return status
