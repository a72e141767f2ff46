"""BKKBN / DP3AP2KB figures used as PJPK actuals: TFR, ASFR 15-19, met need and mCPR, i-Bangga,
Indeks Lansia Berdaya, Indeks Pengasuhan Remaja, Kampung KB (province and the regencies named),
in the shared indicator-actuals layout (ingestion/core/indicators.py). BKKBN reports monthly."""

from ingestion.core.indicators import read

__all__ = ["read"]
