"""Small-count suppression for public exports of case statistics (UU TPKS, child protection).

Primary: a count of 1 to threshold-1 victims is replaced by nothing and marked
"disamarkan" (a published 0 stays 0: it names nobody). Secondary: within each group that has a
published total (e.g. the regencies of one year, whose province total is published), a single
suppressed cell could be recovered as total - sum(the others); so while a group has exactly one
suppressed cell, the smallest other non-zero cell is suppressed too ("disamarkan (sekunder)").
"""

from __future__ import annotations

from dataclasses import dataclass

PRIMARY = "disamarkan"
SECONDARY = "disamarkan (sekunder)"
DEFAULT_THRESHOLD = 5


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
