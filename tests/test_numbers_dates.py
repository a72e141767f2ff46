"""Indonesian number and date formats."""

import datetime as dt
from decimal import Decimal

import pytest

from ingestion.core.dates import DateParseError, parse_id_date
from ingestion.core.numbers import NumberParseError, Percent, parse_id_number, parse_percent, parse_rupiah


@pytest.mark.parametrize(
    "text, expected",
    [
        ("5.656.039", Decimal("5656039")),
        ("5.325,57", Decimal("5325.57")),
        ("(7.633.200)", Decimal("-7633200")),
        ("Rp. 6.892.432.255,-", Decimal("6892432255")),
        ("Rp 5.627.308.146", Decimal("5627308146")),
        ("81,64%", Decimal("81.64")),
        ("145,10", Decimal("145.10")),
        ("29.666", Decimal("29666")),
        ("0,316", Decimal("0.316")),
        ("-12,5", Decimal("-12.5")),
        (" 1234 ", Decimal("1234")),
        (157595, Decimal("157595")),
        (0.316, Decimal("0.316")),
    ],
)
def test_parses_indonesian_numbers_exactly(text, expected):
    assert parse_id_number(text) == expected


@pytest.mark.parametrize("text", ["", "-", "N.A", "n.a", None, "..."])
def test_missing_markers_are_none_not_zero(text):
    assert parse_id_number(text) is None


@pytest.mark.parametrize("text", ["12.3.4", "1.23", "abc", "12,3,4", "5 kg", True])
def test_rejects_malformed_numbers(text):
    with pytest.raises(NumberParseError):
        parse_id_number(text)


def test_the_canonical_fast_path_agrees_with_babels_strict_parser():
    """parse_id_number reads canonical texts ("5.656.039", "5.325,57") without babel; on every
    text the fast path takes, babel's strict id-locale parser gives the same value (and accepts
    it), so the shortcut changes speed, not meaning."""
    import random

    from babel.numbers import NumberFormatError, parse_decimal

    from ingestion.core.numbers import CANONICAL

    rng = random.Random(2026)
    texts = {"".join(rng.choice("0123456789.,") for _ in range(rng.randint(1, 12))) for _ in range(60_000)}
    texts |= {
        f"{rng.randint(0, 10**13):,}".replace(",", ".") + rng.choice(["", ",5", ",05", ",123"]) for _ in range(10_000)
    }
    fast = [t for t in texts if CANONICAL.fullmatch(t)]
    assert len(fast) > 10_000
    for text in fast:
        try:
            expected = parse_decimal(text, locale="id", strict=True)
        except NumberFormatError:
            raise AssertionError(f"{text!r}: the fast path accepts what babel rejects") from None
        assert parse_id_number(text) == expected, text


def test_money_stays_exact():
    # no float rounding: the rupiah amount survives to the last digit
    assert parse_id_number("Rp. 9.007.199.254.740.993,-") == Decimal("9007199254740993")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rp. 6.892.432.255,-", 6892432255),
        ("Rp.6.892.432.255,-", 6892432255),
        ("5.627.308.146", 5627308146),
        ("(7.633.200)", -7633200),
        ("RP 175.000.000", 175000000),
        ("Rp. 788.513.453,", 788513453),  # clause-ending comma in prose
        ("Rp. 442.113.756.", 442113756),  # sentence-ending full stop in prose
        ("0", 0),
        (4741818999, 4741818999),
        ("-", None),
        ("", None),
    ],
)
def test_parses_rupiah_as_exact_integers(text, expected):
    amount = parse_rupiah(text)
    assert amount == expected and (amount is None or type(amount) is int)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("12.3.4", "not a well-formed Indonesian number"),
        ("Rp. 1.23", "not a well-formed Indonesian number"),
        ("1,5", "not a whole number of rupiah"),
        ("abc", "is not a number"),
        ("Rp. enam juta", "is not a number"),
        ("5.627.308.146,-x", "is not a number"),
    ],
)
def test_rejects_bad_rupiah_amounts_saying_why(text, reason):
    with pytest.raises(NumberParseError, match=reason) as error:
        parse_rupiah(text)
    assert repr(text) in str(error.value)  # the message quotes the offending text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("81,64%", Percent(Decimal("81.64"), ",")),
        ("(81,97%)", Percent(Decimal("81.97"), ",")),
        ("55,30", Percent(Decimal("55.30"), ",")),
        ("98", Percent(Decimal("98"), "")),
        ("60 %", Percent(Decimal("60"), "")),
        ("(97,33 %)", Percent(Decimal("97.33"), ",")),
        ("97.33%", Percent(Decimal("97.33"), ".")),  # written the English way in the 2023 report, line 313
        ("42.90", Percent(Decimal("42.90"), ".")),  # Dukcapil coverage in the PJPK, line 491: % in the unit column
        ("-", None),
    ],
)
def test_parses_published_percentages(text, expected):
    assert parse_percent(text) == expected


@pytest.mark.parametrize("text", ["12.3.4%", "abc", "1.234.5%"])
def test_rejects_bad_percentages(text):
    with pytest.raises(NumberParseError):
        parse_percent(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("23 November 2026", dt.date(2026, 11, 23)),
        ("1 Agt 2023", dt.date(2023, 8, 1)),
        ("5 Mei 2023", dt.date(2023, 5, 5)),
        ("23-11-2026", dt.date(2026, 11, 23)),
        ("03/02/2023", dt.date(2023, 2, 3)),
        ("2023-02-03", dt.date(2023, 2, 3)),
        ("", None),
    ],
)
def test_parses_indonesian_dates(text, expected):
    assert parse_id_date(text) == expected


@pytest.mark.parametrize("text", ["31 Februari 2023", "13 Foo 2023", "2023/31/12", "kemarin"])
def test_rejects_bad_dates(text):
    with pytest.raises(DateParseError):
        parse_id_date(text)
