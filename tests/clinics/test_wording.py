"""Dates, times and distances in the NHS style."""

from datetime import date, datetime

import pytest

from clinics.wording import (
    clock,
    date_span,
    day_text,
    distance_text,
    facilities,
    free_text,
    origin_note,
    short_day,
    short_name,
    time_span,
)


def test_dates_are_written_in_full_without_commas_or_leading_zeros():
    assert day_text(date(2027, 1, 5)) == "Tuesday 5 January 2027"
    assert short_day(date(2027, 1, 5)) == "Tue 5 Jan"


@pytest.mark.parametrize(
    ("hour", "minute", "text"),
    [(9, 0, "9am"), (13, 30, "1:30pm"), (12, 0, "midday"), (0, 0, "12am"), (12, 15, "12:15pm")],
)
def test_times_use_am_and_pm(hour, minute, text):
    assert clock(datetime(2027, 1, 5, hour, minute)) == text


def test_a_clinic_s_hours_read_as_a_span():
    assert time_span(datetime(2027, 1, 5, 9), datetime(2027, 1, 5, 13)) == "9am to 1pm"


def test_runs_of_days_name_each_month_and_year_once():
    assert date_span(date(2027, 1, 4), date(2027, 1, 8)) == "Monday 4 to Friday 8 January 2027"
    assert date_span(date(2027, 1, 25), date(2027, 2, 5)) == (
        "Monday 25 January to Friday 5 February 2027"
    )
    assert date_span(date(2026, 12, 28), date(2027, 1, 8)) == (
        "Monday 28 December 2026 to Friday 8 January 2027"
    )
    assert date_span(date(2027, 1, 4), date(2027, 1, 4)) == "Monday 4 January 2027"


def test_distances_are_in_miles_then_kilometres():
    assert distance_text(3.7) == "2.3 miles (3.7 km)"
    assert distance_text(0.05) == "less than 0.1 miles (0.2 km)"


def test_free_appointments_are_counted_in_words():
    assert free_text(0) == "No appointments free"
    assert free_text(1) == "1 appointment free"
    assert free_text(8) == "8 appointments free"


def test_facilities_and_names_are_for_patients():
    assert facilities(("radiology", "outpatient")) == [
        "Outpatient clinic rooms: appointments with a specialist",
        "Scans and X-rays",
    ]
    assert short_name("Tring Sportspace (leisure centre), Mortimer Hill") == "Tring Sportspace"
    assert short_name("Hemel One, Boundary Way") == "Hemel One"


def test_the_origin_note_says_where_distances_start():
    assert "centre of Tring" in origin_note("Tring", "place", "place")
    assert "middle of HP23" in origin_note("HP23", "district", "district")
    assert "area around HP23 5JD" in origin_note("HP23 5JD", "postcode", "sector")
