"""Where units stand, when they arrive (cyclically), and their setup days."""

from __future__ import annotations

from datetime import date

from scheduler import Placement
from scheduler.rules.tour import arrivals, setup_dates, stands


def test_a_unit_that_never_moves_never_arrives(tiny, tiny_plan):
    assert arrivals(tiny, tiny_plan.placements) == []


def test_the_week_before_week_0_is_the_last_week(tiny):
    placements = [Placement("op-1", "b", 0), Placement("op-1", "a", 1)]
    assert arrivals(tiny, placements) == [("op-1", 0), ("op-1", 1)]
    assert arrivals(tiny, [Placement("op-1", "a", 1)]) == [("op-1", 1)]


def test_setup_days_are_the_first_working_days_of_an_arrival_week(tiny):
    # op-1 has 1 setup day; rad-1 none given, so 0
    placements = [Placement("op-1", "a", 1), Placement("rad-1", "a", 0)]
    assert setup_dates(tiny, placements) == {("op-1", date(2027, 1, 11)): 1}


def test_unknown_and_out_of_cycle_placements_are_ignored(tiny):
    placements = [Placement("op-9", "a", 0), Placement("op-1", "a", 7), Placement("op-1", "z", 0)]
    assert stands(tiny, placements) == {}
