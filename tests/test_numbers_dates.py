"""Indonesian number and date formats."""
import datetime as dt
from decimal import Decimal

import pytest

from ingestion.core.dates import DateParseError, parse_id_date
from ingestion.core.numbers import NumberParseError, parse_id_number


@pytest.mark.parametrize("text, expected", [
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
])
def test_parses_indonesian_numbers_exactly(text, expected):
    assert parse_id_number(text) == expected


@pytest.mark.parametrize("text", ["", "-", "N.A", "n.a", None, "..."])
def test_missing_markers_are_none_not_zero(text):
    assert parse_id_number(text) is None


@pytest.mark.parametrize("text", ["12.3.4", "1.23", "abc", "12,3,4", "5 kg", True])
def test_rejects_malformed_numbers(text):
    with pytest.raises(NumberParseError):
        parse_id_number(text)


def test_money_stays_exact():
    # no float rounding: the rupiah amount survives to the last digit
    assert parse_id_number("Rp. 9.007.199.254.740.993,-") == Decimal("9007199254740993")


@pytest.mark.parametrize("text, expected", [
    ("23 November 2026", dt.date(2026, 11, 23)),
    ("1 Agt 2023", dt.date(2023, 8, 1)),
    ("5 Mei 2023", dt.date(2023, 5, 5)),
    ("23-11-2026", dt.date(2026, 11, 23)),
    ("03/02/2023", dt.date(2023, 2, 3)),
    ("2023-02-03", dt.date(2023, 2, 3)),
    ("", None),
])
def test_parses_indonesian_dates(text, expected):
    assert parse_id_date(text) == expected


@pytest.mark.parametrize("text", ["31 Februari 2023", "13 Foo 2023", "2023/31/12", "kemarin"])
def test_rejects_bad_dates(text):
    with pytest.raises(DateParseError):
        parse_id_date(text)
