"""The period a referral page analyses."""

from datetime import date

from referral_analysis.facts import Period
from referral_analysis.period import choose


def test_nothing_held_gives_no_period(desk):
    choice = choose({})
    assert choice.held is None and choice.period is None and not choice.errors


def test_the_default_is_the_latest_year_held(copies):
    copies("E82100", "mri", date(2024, 5, 1), [1])
    copies("E82100", "mri", date(2026, 6, 30), [1])
    assert choose({}).period == Period(date(2025, 7, 1), date(2026, 6, 30))


def test_less_than_a_year_held_is_all_of_it(copies):
    copies("E82100", "mri", date(2026, 3, 1), [1, 0, 1])
    assert choose({}).period == Period(date(2026, 3, 1), date(2026, 3, 3))


def test_a_period_past_the_data_is_cut_to_it_and_says_so(copies):
    copies("E82100", "mri", date(2026, 3, 1), [1, 0, 1])
    choice = choose({"from": "2026-01-01", "to": "2026-12-31"})
    assert choice.period == Period(date(2026, 3, 1), date(2026, 3, 3))
    assert "cut to 1 March 2026 to 3 March 2026" in choice.notes[0]


def test_a_period_with_no_data_says_so_in_words(copies):
    copies("E82100", "mri", date(2026, 3, 1), [1])
    choice = choose({"from": "2025-01-01", "to": "2025-12-31"})
    assert choice.period is None and not choice.errors
    assert "No referrals are held for 1 January 2025 to 31 December 2025" in choice.notes[0]


def test_bad_dates_are_named(copies):
    copies("E82100", "mri", date(2026, 3, 1), [1])
    choice = choose({"from": "31/02/2026", "to": "2026-01-01"})
    assert choice.period is None and choice.typed["from"] == "31/02/2026"
    assert choice.errors == {"from": "Enter the start of the period as a date, like 2026-04-01"}
    choice = choose({"from": "2026-05-01", "to": "2026-04-01"})
    assert choice.errors == {"to": "The end of the period must be on or after its start"}
