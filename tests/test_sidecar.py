"""Sidecar values are read with the same care as data: typed by a person, parsed or rejected
with a message naming the sidecar and the field, never a crash further down."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.core.sidecar import SidecarError, normalise, parse_period_date, parse_year

FILE = Path("realisasi.csv")


@pytest.mark.parametrize(
    "text, year",
    [
        (2024, 2024),
        ("2024", 2024),
        ("TA 2024", 2024),
        ("T.A. 2024", 2024),
        ("Tahun Anggaran 2024", 2024),
        ("ta2024", 2024),
        ("2024.0", 2024),
    ],
)
def test_years_as_typed(text, year):
    assert parse_year(text) == year


@pytest.mark.parametrize(
    "text, end, expected",
    [
        ("30 Juni 2024", "end", "2024-06-30"),
        ("2024-06-30", "end", "2024-06-30"),
        ("30-06-2024", "end", "2024-06-30"),
        ("Semester I 2024", "end", "2024-06-30"),
        ("Semester II 2024", "start", "2024-07-01"),
        ("Triwulan III 2024", "end", "2024-09-30"),
        ("TW 4 2024", "start", "2024-10-01"),
        ("Juni 2024", "end", "2024-06-30"),
        ("Februari 2024", "end", "2024-02-29"),
        ("Juni 2024", "start", "2024-06-01"),
    ],
)
def test_periods_as_typed(text, end, expected):
    assert parse_period_date(text, end).isoformat() == expected


def test_normalised_values_keep_what_was_typed():
    parsed = normalise(
        FILE, {"budget_year": "TA 2024", "period_end": "Semester I 2024", "synthetic": "ya", "document": "Laporan"}
    )
    assert (parsed["budget_year"], parsed["period_end"], parsed["synthetic"]) == (2024, "2024-06-30", True)
    assert parsed["as_delivered"] == {"budget_year": "TA 2024", "period_end": "Semester I 2024", "synthetic": "ya"}
    assert "as_delivered" not in normalise(FILE, {"budget_year": 2024, "period_end": "2024-06-30"})


@pytest.mark.parametrize(
    "sidecar, fragments",
    [
        ({"budget_year": "tahun depan"}, ["realisasi.csv.meta.json", "'budget_year'", "not a year"]),
        ({"period_end": "akhir tahun"}, ["'period_end'", "Semester I 2024"]),
        ({"period_end": "Semester III 2024"}, ["'period_end'"]),
        ({"synthetic": "mungkin"}, ["'synthetic'"]),
        ({"period_start": "2024-07-01", "period_end": "2024-06-30"}, ["after period_end"]),
    ],
)
def test_unreadable_values_reject_with_the_field(sidecar, fragments):
    with pytest.raises(SidecarError) as error:
        normalise(FILE, sidecar)
    for fragment in fragments:
        assert fragment in str(error.value)
    assert str(error.value).startswith("realisasi.csv")


def test_required_fields_name_what_is_missing():
    with pytest.raises(SidecarError, match="no provenance sidecar realisasi.csv.meta.json: this source needs"):
        normalise(FILE, {}, ("document", "budget_year"))
    with pytest.raises(SidecarError, match="lacks budget_year"):
        normalise(FILE, {"document": "x", "budget_year": ""}, ("document", "budget_year"))
