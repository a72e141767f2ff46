"""Victim privacy at ingestion (UU TPKS 12/2022, child protection).

Case registers carry direct identifiers. None of them may leave the reader: names, phone numbers
and addresses are dropped, and the NIK is replaced by a keyed pseudonym (HMAC-SHA256), so the
same person gets the same pseudonym in every file and repeat victimisation can be counted, while
nobody without the key can go back from pseudonym to NIK (a plain hash of a 16-digit NIK with a
known structure would be reversible by enumeration).

The key never lives in the repository. It comes from, in order:
1. NTT_DW_PSEUDONYM_KEY (the production secret, e.g. from the compose env file);
2. NTT_DW_PSEUDONYM_KEY_FILE (a file holding it; the demo creates one under the runtime folder);
3. the Airflow connection ``ntt_dw_pseudonym`` (its password field).
Without a key, case data is not ingested: PseudonymKeyMissing says how to provide one.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from ingestion.core.settings import home

KEY_ENV = "NTT_DW_PSEUDONYM_KEY"
KEY_FILE_ENV = "NTT_DW_PSEUDONYM_KEY_FILE"
AIRFLOW_CONNECTION_ID = "ntt_dw_pseudonym"
MIN_KEY_LENGTH = 32

#: Fields dropped at ingestion: they never reach the raw zone, quarantine, logs or the warehouse.
DROPPED_IDENTIFIERS = frozenset({"nama_korban", "no_hp", "alamat", "nama", "telepon", "phone", "address", "name"})
#: Fields replaced by a keyed pseudonym.
PSEUDONYMISED_IDENTIFIERS = frozenset({"nik"})
REDACTED = "[disamarkan]"

_NIK = re.compile(r"^\d{16}$")


class PseudonymKeyMissing(RuntimeError):
    """No pseudonymisation key is configured: case data must not be ingested."""


INVALID_NIK_REASON = f"NIK is not 16 digits (value {REDACTED})"


class InvalidNik(ValueError):
    """A NIK that is not 16 digits; the message never repeats the value."""


def _airflow_connection_key() -> str | None:
    try:
        from airflow.sdk import BaseHook  # only when running under Airflow
    except ImportError:
        return None
    try:
        return BaseHook.get_connection(AIRFLOW_CONNECTION_ID).password or None
    except Exception:  # noqa: BLE001 - any lookup failure means "no key here"
        return None


def load_key() -> bytes:
    """The pseudonymisation key, or PseudonymKeyMissing with instructions."""
    key = os.environ.get(KEY_ENV)
    if not key and os.environ.get(KEY_FILE_ENV):
        path = Path(os.environ[KEY_FILE_ENV])
        if path.exists():
            key = path.read_text(encoding="utf-8").strip()
    if not key:
        key = _airflow_connection_key()
    if not key:
        raise PseudonymKeyMissing(
            "refusing to ingest case data: no pseudonymisation key. Set "
            f"{KEY_ENV} (at least {MIN_KEY_LENGTH} characters, e.g. `python -c \"import secrets; "
            f"print(secrets.token_hex(32))\"`), or {KEY_FILE_ENV} to a file holding it, or the "
            f"password of Airflow connection '{AIRFLOW_CONNECTION_ID}'."
        )
    if len(key) < MIN_KEY_LENGTH:
        raise PseudonymKeyMissing(f"the pseudonymisation key is shorter than {MIN_KEY_LENGTH} characters")
    return key.encode("utf-8")


def ensure_local_demo_key() -> Path:
    """Create (once) a random key file under the runtime folder for the demo, readable by the
    owner only, and point NTT_DW_PSEUDONYM_KEY_FILE at it. The key is never printed."""
    path = home() / "secrets" / "pseudonym.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32))
    os.environ.setdefault(KEY_FILE_ENV, str(path))
    return path


def normalise_nik(value: object) -> str:
    """Digits only ("5371 0101 8001 0001" -> "5371010180010001"); InvalidNik unless 16 digits."""
    digits = re.sub(r"[\s.\-]", "", "" if value is None else str(value))
    if not _NIK.match(digits):
        raise InvalidNik(INVALID_NIK_REASON)
    return digits


def pseudonym(nik: object, key: bytes) -> str:
    """The stable pseudonym of a person: HMAC-SHA256 of the normalised NIK under the key."""
    return "psn_" + hmac.new(key, normalise_nik(nik).encode("ascii"), hashlib.sha256).hexdigest()[:32]


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """The inner and outer padded keys of HMAC-SHA256 (RFC 2104), so SQL can compute the same
    pseudonym as `pseudonym` over millions of rows: sha256(opad || sha256(ipad || nik))."""
    block = hashlib.sha256(key).digest() if len(key) > 64 else key
    block = block.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)


def is_identifier(field: str) -> bool:
    name = field.strip().lower()
    return name in DROPPED_IDENTIFIERS or name in PSEUDONYMISED_IDENTIFIERS


def safe_raw_value(field: str, value: object) -> str | None:
    """What quarantine may keep of a field's raw value: never an identifier."""
    if value is None:
        return None
    return REDACTED if is_identifier(field) else str(value)


_NIK_LIKE = re.compile(r"(?<!\d)\d{16}(?!\d)")
_PHONE_LIKE = re.compile(r"(?:\+62[\s-]?|\b62|\b0)8[\d\s-]{7,14}\d")


def scrub_text(text: object) -> str:
    """Free text bound for a log or an alert (an exception message, say) with anything shaped
    like a NIK or an Indonesian mobile number replaced: such text leaves the warehouse's control."""
    return _PHONE_LIKE.sub(REDACTED, _NIK_LIKE.sub(REDACTED, str(text)))
