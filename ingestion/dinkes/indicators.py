"""Dinas Kesehatan figures used as PJPK actuals: stunting prevalence, maternal and infant deaths
(province and per regency), and the maternal-health service coverage of the PSRI matrix (K1, K6,
persalinan di faskes, KF lengkap, ibu hamil KEK ...), in the shared indicator-actuals layout
(ingestion/core/indicators.py). Dinkes reports monthly."""

from ingestion.core.indicators import read

__all__ = ["read"]
