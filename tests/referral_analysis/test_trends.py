"""Referrals week by week with XmR limits, and month by month by year."""

from datetime import date

import pytest

from referral_analysis.facts import Period
from referral_analysis.trends import seasons, trend, whole_weeks
from tests.referral_analysis.conftest import add_weekly

MONDAY = date(2026, 1, 5)


def test_only_whole_weeks_count():
    assert whole_weeks(Period(date(2026, 1, 6), date(2026, 1, 25))) == (date(2026, 1, 12), 2)
    assert whole_weeks(Period(date(2026, 1, 5), date(2026, 1, 11))) == (date(2026, 1, 5), 1)
    assert whole_weeks(Period(date(2026, 1, 6), date(2026, 1, 11))) == (date(2026, 1, 12), 0)


def test_a_jump_is_special_cause(copies):
    weekly = [10, 11, 9, 10, 12, 10, 9, 11, 10, 40, 10, 11]
    add_weekly("E82100", "mri", MONDAY, weekly)
    found = trend(Period(MONDAY, date(2026, 3, 29)), service_id="mri")
    assert [week.referrals for week in found.weeks] == weekly
    assert found.chart.mean == pytest.approx(sum(weekly) / 12)
    beyond = [week for week in found.weeks if "outside_limits" in week.signals]
    assert [week.start for week in beyond] == [date(2026, 3, 9)]
    assert beyond[0].signal_words.startswith("Beyond")
    assert trend(Period(MONDAY, date(2026, 3, 29)), practice_id="E82101").weeks[0].referrals == 0


def test_a_period_without_two_whole_weeks_has_no_chart(copies):
    add_weekly("E82100", "mri", MONDAY, [3])
    assert trend(Period(MONDAY, date(2026, 1, 11))).chart is None
    assert trend(Period(date(2026, 1, 6), date(2026, 1, 11))).weeks == []


def test_seasons_need_two_years_and_show_whole_months(copies):
    assert seasons((date(2024, 1, 1), date(2025, 12, 29))) is None  # a day short of two years
    add_weekly("E82100", "mri", date(2024, 1, 1), [2] * 104)
    found = seasons((date(2024, 1, 1), date(2025, 12, 31)), service_id="mri")
    assert list(found.years) == [2024, 2025]
    assert sum(found.years[2024]) + sum(found.years[2025]) == 208
    found = seasons((date(2023, 12, 15), date(2026, 1, 20)))
    assert list(found.years) == [2024, 2025]  # neither December 2023 nor January 2026 is whole
    found = seasons((date(2024, 1, 3), date(2026, 1, 20)))
    assert found.years[2024][:2] == [None, 8]  # January 2024 is not whole; 4 Mondays in February
