"""BPS statistics used as PJPK actuals (poverty, RLS, TPT, Gini, PDRB per capita, TPAK perempuan,
informal workers), as quoted in the PJPK document: the shared indicator-actuals layout
(ingestion/core/indicators.py). BPS releases these twice a year (poverty: March and September;
labour: February and August), so a monthly scan is enough."""

from ingestion.core.indicators import read

__all__ = ["read"]
