"""Waiting-time clocks and breach risk."""

from datetime import date

import pytest

from booking.clocks import breach_date, clock, risk

REFERRED = date(2026, 1, 5)


def test_an_eighteen_week_clock_breaches_the_day_after_eighteen_weeks():
    assert breach_date(REFERRED, 18) == date(2026, 5, 12)  # 126 days later is still in time
    wait = clock(REFERRED, 18, date(2026, 3, 2))
    assert wait.in_time(date(2026, 5, 11)) and not wait.in_time(date(2026, 5, 12))


def test_a_six_week_diagnostic_clock():
    assert breach_date(REFERRED, 6) == date(2026, 2, 17)


def test_a_service_without_a_standard_never_breaches():
    wait = clock(REFERRED, None, date(2030, 1, 1))
    assert wait.breach_date is None and wait.in_time(date(2099, 1, 1))
    assert risk(wait, None, date(2030, 1, 1)) == "no_standard"


def test_weeks_waited_count_whole_weeks():
    assert clock(REFERRED, 18, date(2026, 1, 18)).weeks_waited == 1
    assert clock(REFERRED, 18, date(2026, 1, 19)).weeks_waited == 2
    assert clock(REFERRED, 18, date(2026, 1, 19)).days_left(date(2026, 1, 19)) == 113


@pytest.mark.parametrize(
    ("today", "earliest", "expected"),
    [
        (date(2026, 5, 12), date(2026, 5, 20), "breached"),
        (date(2026, 3, 2), None, "will_breach"),
        (date(2026, 3, 2), date(2026, 5, 12), "will_breach"),
        (date(2026, 4, 30), date(2026, 5, 4), "due_soon"),
        (date(2026, 3, 2), date(2026, 3, 9), "on_track"),
    ],
)
def test_risk_compares_the_earliest_slot_with_the_breach_date(today, earliest, expected):
    assert risk(clock(REFERRED, 18, today), earliest, today) == expected
