"""The calendar of a horizon: weeks, working days, and weeks touching date ranges."""

from __future__ import annotations

from datetime import date

from scheduler import DateRange

MONDAY = date(2027, 1, 4)


def test_weeks_run_seven_days_from_the_start(tiny):
    h = tiny.horizon
    assert h.end == date(2027, 1, 17)
    assert h.week_of(MONDAY) == 0
    assert h.week_of(date(2027, 1, 10)) == 0
    assert h.week_of(date(2027, 1, 11)) == 1
    assert h.week_of(date(2027, 1, 3)) == -1  # outside the cycle
    assert h.week_dates(1)[0] == date(2027, 1, 11) and len(h.week_dates(1)) == 7
    assert h.week_label(1) == "week 1 (2027-01-11..2027-01-17)"
    assert h.in_cycle(date(2027, 1, 17)) and not h.in_cycle(date(2027, 1, 18))


def test_working_days_are_horizon_weekdays_that_are_not_closed(tiny):
    # Friday 2027-01-08 is closed
    assert tiny.horizon.working_days(0) == tuple(date(2027, 1, d) for d in (4, 5, 6, 7))
    assert len(tiny.horizon.working_days(1)) == 5
    assert not tiny.horizon.is_working_day(date(2027, 1, 9))  # Saturday


def test_a_week_touches_a_range_on_any_of_its_seven_days(tiny):
    sunday = DateRange(date(2027, 1, 10), date(2027, 1, 10))
    later = DateRange(date(2027, 1, 20), date(2027, 1, 30))
    assert tiny.horizon.week_touches(0, (later, sunday)) == sunday
    assert tiny.horizon.week_touches(1, (later, sunday)) is None
    assert str(sunday) == "2027-01-10..2027-01-10"
