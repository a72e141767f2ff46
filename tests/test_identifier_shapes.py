"""Privacy by content: identifier shapes (NIK, Indonesian phone numbers, e-mail) are found in any
text, whatever the field, and nothing else is (a budget code, an amount, a date is not one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.core import privacy
from ingestion.core.numbers import NumberParseError, parse_id_number

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("5371016101990042", ["NIK"]),
        ("NIK: 5371 0161 0199 0042.", ["NIK"]),
        ("5371-0161-0199-0042", ["NIK"]),
        ("53.71.01.010180.0001", ["NIK"]),
        ("5371\u00a00161 0199 0042", ["NIK"]),
        ("+62 812-7771-2345", ["telepon"]),
        ("6281277712345", ["telepon"]),
        ("hubungi 0813 5555 2468 ya", ["telepon"]),
        ("0812.3456.7890", ["telepon"]),
        ("(0380) 821234", ["telepon"]),
        ("Jl. Kanari No. 99 +62 812-7771-9090", ["telepon"]),
        ("korban.kanari@contoh.id", ["e-mail"]),
        ("NIK 5371016101990042 HP 081277712345 surel a.b@c.co.id", ["NIK", "telepon", "e-mail"]),
    ],
)
def test_identifier_shapes_are_found(text, kinds):
    assert privacy.identifier_kinds(text) == kinds
    scrubbed = privacy.scrub_text(text)
    assert privacy.identifier_kinds(scrubbed) == [] and privacy.REDACTED in scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "Rp. 4.049.785.546,-",  # an amount: a digit and a dot before the 0
        "5.371.010.180.010.001",  # thousands groups: an amount, not a NIK
        "DPPA/B.1/2.08.0.00.0.00.01.0000/001/2023",  # a DPA number: one-digit groups
        "08-12-2023",
        "2023-01-01",  # dates
        "4 049 785 546",  # an amount grouped with spaces
        "12345678901234567",  # 17 digits: not a NIK
        "UPTD-2023-0001",
        "KASUS-53-2023-00000001",  # case ids
        "157.595",
        "5.325,57",
        "81,64%",
    ],
)
def test_figures_codes_and_dates_are_not_identifiers(text):
    assert privacy.identifier_kinds(text) == [] and privacy.scrub_text(text) == text


def test_no_shipped_extract_but_the_synthetic_register_holds_an_identifier_shape():
    """The detector on the real published figures: no false positive that would redact one."""
    found = {}
    for path in sorted((REPO / "seeds" / "extracts").rglob("*")):
        if path.is_file() and path.suffix in (".csv", ".json") and "SINTETIS" not in path.name:
            text = path.read_text(encoding="utf-8-sig")
            hits = [line for line in text.splitlines() if privacy.identifier_kinds(line)]
            if hits:
                found[path.name] = hits[:3]
    assert not found, found
    register = next((REPO / "seeds" / "extracts" / "uptd_ppa").glob("*SINTETIS.csv")).read_text(encoding="utf-8")
    assert sum(bool(privacy.identifier_kinds(line)) for line in register.splitlines()[2:]) == 322  # every case: its NIK


def test_case_values_keep_their_shape_only():
    assert privacy.mask_value("Atlantis") == "Aaaaaaaa"
    assert privacy.mask_value("31-02-2023") == "99-99-9999"
    assert privacy.mask_value("Jl. Kanari, HP 081277712345") == f"{privacy.REDACTED}: telepon"
    assert privacy.mask_value(privacy.REDACTED) == privacy.REDACTED
    assert privacy.mask_value("x" * 60).endswith("(60 karakter)")
    assert privacy.strip_quoted("unknown region 'Zakharia Kanarijo'") == "unknown region '…'"


def test_a_figure_is_never_an_identifier():
    for text in ("5371016101990042", "081277712345"):
        with pytest.raises(NumberParseError, match="identifier"):
            parse_id_number(text)
    assert parse_id_number("1.234.567.890") == 1234567890
