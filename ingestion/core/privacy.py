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
DROPPED_IDENTIFIERS = frozenset(
    {"nama_korban", "nama_pelaku", "no_hp", "alamat", "nama", "telepon", "phone", "address", "name"}
)
#: Free text a clerk types about a case (notes, the chronology of the violence): dropped at
#: ingestion like the identifiers. Scrubbing would remove NIK, phone and e-mail shapes but not the
#: names, places and events a narrative holds, which can identify a victim as surely.
DROPPED_FREE_TEXT = frozenset({"keterangan", "kronologi", "kronologis", "kronologi_kejadian"})
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
    except Exception:
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
            f'{KEY_ENV} (at least {MIN_KEY_LENGTH} characters, e.g. `python -c "import secrets; '
            f'print(secrets.token_hex(32))"`), or {KEY_FILE_ENV} to a file holding it, or the '
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
    return name in DROPPED_IDENTIFIERS or name in DROPPED_FREE_TEXT or name in PSEUDONYMISED_IDENTIFIERS


def safe_raw_value(field: str, value: object) -> str | None:
    """What quarantine may keep of a field's raw value: never an identifier."""
    if value is None:
        return None
    return REDACTED if is_identifier(field) else str(value)


#: Indonesian province codes, the first two digits of every NIK (Kemendagri): a 16-digit
#: number that does not start with one is not a NIK (a budget code, an account number)
_PROVINCE = r"(?:1[1-9]|21|3[1-6]|5[1-3]|6[1-5]|7[1-6]|8[12]|9[1-6])"
#: a NIK as clerks type it: 16 digits, whole or in groups of two or more separated by one space,
#: dot or dash ("5371 0101 8001 0001", "5371-0101-8001-0001", "53.71.01.010180.0001"), never
#: inside a longer number; thousands groups ("5.371.010.180.010.001") are an amount, not a NIK
_NIK_LIKE = re.compile(r"(?<!\d)(?<!\d[.,])" + _PROVINCE + r"(?:[ .\-\u00a0]?\d){14}(?!\d|\.\d)")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
#: Indonesian phone numbers as typed: +62 / 62 / 0 then a mobile (8..) or an area code, 9 to 13
#: digits in all, with spaces, dots, dashes or brackets between groups; landlines "(0380) 821234"
_PHONE_REST = r"[\s.\-]?\(?\s?[2-9]\d{1,3}\s?\)?(?:[\s.\-]?\d){5,10}(?!\d|[.,]\d)"
_PHONE_LIKE = re.compile(
    r"(?<![\w+])\+\s?62"
    + _PHONE_REST  # +62 ..., whatever precedes
    + r"|(?<![\w+])(?<!\d[.,\s\-])(?:62|0)"
    + _PHONE_REST  # 08..., 62...: not inside a number
    + r"|\(0[2-9]\d{1,2}\)\s?\d{5,8}(?!\d)"
)  # (0380) 821234
_EMAIL_LIKE = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
IDENTIFIER_KINDS = ("NIK", "telepon", "e-mail")


def _nik_matches(text: str) -> list[re.Match]:
    return [m for m in _NIK_LIKE.finditer(text) if not _THOUSANDS.fullmatch(m.group(0)) and _groups_ok(m.group(0))]


def _groups_ok(candidate: str) -> bool:
    """Typed NIK groups have two digits or more ("2.08.0.00.0.00.01.0000" is a budget code)."""
    return all(len(group) >= 2 for group in re.split(r"[ .\-\u00a0]", candidate))


def _phone_matches(text: str) -> list[re.Match]:
    found = []
    for match in _PHONE_LIKE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 9 <= len(digits) <= 14:
            found.append(match)
    return found


def identifier_kinds(text: object) -> list[str]:
    """Which identifier shapes a text holds (NIK, telepon, e-mail), by content, whatever the
    field is called: a clerk types a phone number into an address typed into the regency column."""
    if text is None:
        return []
    value = str(text)
    kinds = []
    if _nik_matches(value):
        kinds.append("NIK")
    if _phone_matches(value):
        kinds.append("telepon")
    if _EMAIL_LIKE.search(value):
        kinds.append("e-mail")
    return kinds


def scrub_text(text: object) -> str:
    """Text bound for a log, an alert, a quarantine row or a record (an exception message, a note)
    with anything shaped like a NIK, an Indonesian phone number or an e-mail address replaced."""
    value = str(text)
    spans = sorted(
        [m.span() for m in _nik_matches(value)]
        + [m.span() for m in _phone_matches(value)]
        + [m.span() for m in _EMAIL_LIKE.finditer(value)]
    )
    if not spans:
        return value
    out, position = [], 0
    for start, end in spans:
        if start < position:  # overlapping shapes: extend the redaction already made
            position = max(position, end)
            continue
        out += [value[position:start], REDACTED]
        position = end
    out.append(value[position:])
    return "".join(out)


def mask_value(text: object, limit: int = 40) -> str | None:
    """What a case-data quarantine row keeps of a value: its shape, never its content ("Atlantis"
    -> "Aaaaaaaa", "31-02-2023" -> "99-99-9999"), or the kind of identifier it holds. A data
    clerk sees what kind of text was typed; the value itself stays in the landing file."""
    if text is None:
        return None
    value = str(text)
    if value.startswith(REDACTED):  # redacted by the reader already
        return value
    kinds = identifier_kinds(value)
    if kinds:
        return f"{REDACTED}: {', '.join(kinds)}"
    shape = re.sub(r"[^\W\d_]", lambda m: "A" if m.group(0).isupper() else "a", value)
    shape = re.sub(r"\d", "9", shape)
    return shape if len(shape) <= limit else f"{shape[:limit]}… ({len(shape)} karakter)"


def strip_quoted(text: object) -> str:
    """A message with every quoted part ('...' or "...") withheld: reasons about case data may
    quote the offending value, which could be a name or an address."""
    return re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", scrub_text(text))
