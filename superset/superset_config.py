"""Superset's configuration for ntt-dw (SUPERSET_CONFIG_PATH points here; read by Superset's own venv).

Everything comes from the environment that ntt_dw/superset_local.py (`make bi`, `ntt-dw bi`) or the
compose service sets:

    NTT_DW_SUPERSET_HOME        metadata DB (SQLite) and uploads: var/superset/
    SUPERSET_SECRET_KEY         signs sessions and encrypts the stored connection (generated once
                                into var/secrets/superset_secret_key by `ntt-dw bi`; compose: .env)

Labels are Bahasa Indonesia and numbers are written the Indonesian way (1.234.567,8) by D3_FORMAT.
"""

import os
from pathlib import Path

_HOME = Path(os.environ.get("NTT_DW_SUPERSET_HOME") or Path(os.environ.get("NTT_DW_HOME", "var")) / "superset")

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_HOME / 'superset.db'}?check_same_thread=false"
DATA_DIR = str(_HOME)
UPLOAD_FOLDER = str(_HOME / "uploads")

BABEL_DEFAULT_LOCALE = "en"
LANGUAGES: dict = {}  # one UI language: no language picker

# Indonesian number format for every chart's D3 formatter: decimal comma, thousands dot, rupiah
D3_FORMAT = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["Rp ", ""],
}
D3_TIME_FORMAT = {
    "dateTime": "%A, %e %B %Y %X",
    "date": "%d/%m/%Y",
    "time": "%H.%M.%S",
    "periods": ["AM", "PM"],
    "days": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
    "shortDays": ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
    # the Indonesian month names of ingestion/core/dates.py, written out: this file runs in
    # Superset's own virtualenv, where the ntt-dw packages are not installed
    "months": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "shortMonths": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
}

# Public (not logged-in) visitors get the Public role: read-only, and only the datasets that
# ntt_dw/superset_local.py grants it (never the restricted case marts).
AUTH_ROLE_PUBLIC = "Public"
PUBLIC_ROLE_LIKE = "Public"  # Superset's minimal read-only set for anonymous dashboard viewing

FEATURE_FLAGS = {
    # a dashboard lists the roles that may open it: the case dashboard is for "Kasus Terbatas"
    "DASHBOARD_RBAC": True,
    "ENABLE_TEMPLATE_PROCESSING": False,
    "ALERT_REPORTS": False,
    "EMBEDDED_SUPERSET": False,
}

# the BI snapshot is a read-only DuckDB file: no uploads, no CSV into it, no DML
PREVENT_UNSAFE_DB_CONNECTIONS = False  # duckdb:/// is a local file (the snapshot), by design
WTF_CSRF_ENABLED = True
TALISMAN_ENABLED = False  # local HTTP; a reverse proxy adds the headers in production
CONTENT_SECURITY_POLICY_WARNING = False
SQLLAB_CTAS_NO_LIMIT = False
ROW_LIMIT = 10000
CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 300}
DATA_CACHE_CONFIG = CACHE_CONFIG
THUMBNAIL_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}


def FLASK_APP_MUTATOR(app):
    """Read a bearer token (/api/v1/security/login) before anything else.

    Flask-AppBuilder's API `protect()` serves an endpoint the Public role may use anonymously
    before it looks at the Authorization header, so with a non-empty Public role a token's user
    would be ignored there (an admin's API calls would see only the public dashboards).
    """
    from flask import request
    from flask_jwt_extended import verify_jwt_in_request

    @app.before_request
    def _bearer_user():
        if request.headers.get("Authorization", "").startswith("Bearer "):
            verify_jwt_in_request(optional=True)  # its user loader sets g.user
