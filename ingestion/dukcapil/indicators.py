"""Dukcapil figures used as PJPK actuals: coverage of birth, marriage, divorce and death
certificates and the death certificates in the population database, in the shared
indicator-actuals layout (ingestion/core/indicators.py). Dukcapil consolidates its data twice a
year (DKB semesteran)."""

from ingestion.core.indicators import read

__all__ = ["read"]
