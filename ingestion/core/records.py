"""What a reader hands back to the pipeline: loaded records, quarantined records, and counts.

The accounting invariant every reader keeps: records_read == len(records) + len(quarantine).
Layout rows (titles, section headings such as "Kabupaten", column numbering "(1) (2)",
"Sumber: ..." footnotes) carry no figure and are counted apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

from dataclasses import dataclass, field


@dataclass(frozen=True)
class QuarantineRow:
    """One record that could not be loaded: where it is and why. raw_value is the offending
    field's text only (never the whole row, which for case data could carry identifiers)."""

    source_row: int | None
    source_field: str | None
    raw_value: str | None
    reason: str


@dataclass
class ReadResult:
    records: list[dict] = field(default_factory=list)
    quarantine: list[QuarantineRow] = field(default_factory=list)
    layout_rows: int = 0
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None

    @property
    def records_read(self) -> int:
        return len(self.records) + len(self.quarantine)

    def reject(self, source_row: int | None, source_field: str | None, raw_value: object, reason: str) -> None:
        text = None if raw_value is None else str(raw_value)
        self.quarantine.append(QuarantineRow(source_row, source_field, text, reason))


@dataclass
class RelationResult:
    """A set-based reader's result: records and quarantine as DuckDB relations on `connection`
    (written to the raw zone by COPY, never as Python objects), plus quarantine rows found before
    the table existed (rows DuckDB could not split). Quarantine relation columns: source_row,
    source_field, raw_value, reason. The pipeline closes the connection."""

    connection: duckdb.DuckDBPyConnection
    records: duckdb.DuckDBPyRelation
    quarantine: duckdb.DuckDBPyRelation
    extra_quarantine: list[QuarantineRow] = field(default_factory=list)
    layout_rows: int = 0
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None
