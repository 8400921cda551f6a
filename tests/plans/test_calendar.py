"""Horizon dates: the Monday a plan starts on, and the bank holidays it closes for."""

from datetime import date

from plans.calendar import bank_holidays, next_monday


def test_next_monday_is_today_on_a_monday_else_the_coming_one():
    assert next_monday(date(2027, 1, 4)) == date(2027, 1, 4)
    assert next_monday(date(2027, 1, 5)) == date(2027, 1, 11)
    assert next_monday(date(2027, 1, 10)) == date(2027, 1, 11)


def test_bank_holidays_within_the_horizon_across_a_new_year():
    # Christmas, Boxing Day on a Saturday with its Monday substitute, and New Year's Day.
    assert bank_holidays(date(2026, 12, 21), 2) == [
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 28),
        date(2027, 1, 1),
    ]


def test_bank_holidays_stop_at_the_horizon_s_edges():
    # Easter 2027: Good Friday is the day before the start, Easter Monday the first day.
    assert bank_holidays(date(2027, 3, 29), 1) == [date(2027, 3, 29)]
    assert bank_holidays(date(2027, 2, 1), 4) == []
