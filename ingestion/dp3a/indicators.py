"""DP3A's own Renstra performance indicators (Laporan Tahunan: Tabel 9 and Tabel 12) with their
yearly targets and realisations, in the shared indicator-actuals layout
(ingestion/core/indicators.py). Published once a year, in the annual report."""

from ingestion.core.indicators import read

__all__ = ["read"]
