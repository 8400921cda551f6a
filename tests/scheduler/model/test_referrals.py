"""add_referrals: the transportation problem on session counts, exact in referrals served."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pytest

from scheduler.model.linear import LpLinear
from scheduler.model.referrals import add_lowest_locality, add_referrals
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic, two_towns


@dataclass
class Fixed:
    sessions: dict = field(default_factory=dict)


def served(instance, sessions):
    lin = LpLinear()
    ref = add_referrals(lin, Facts(instance), Fixed(sessions))
    lowest = add_lowest_locality(lin, ref)
    lin.maximize(lin.total(ref.served()))
    return lin.solve(10), ref, lowest


def test_pooled_referrals_take_any_week_within_reach():
    value, ref, _ = served(one_clinic(), {("a", "derm", 0): 1, ("b", "derm", 1): 1})
    assert value == pytest.approx(20.0)
    assert ref.demand == {"Alpha": 30.0}
    value, _, _ = served(two_towns(), {("b", "derm", 0): 3})
    assert value == pytest.approx(30.0)  # only town b reaches site b


def test_short_waits_reach_only_their_window():
    instance = one_clinic(weeks=4, per_week=10.0)
    instance = replace(instance, services=(replace(instance.services[0], max_wait_weeks=1),))
    value, ref, _ = served(instance, {("a", "derm", 0): 2})
    assert value == pytest.approx(20.0)  # arrivals of weeks 3 and 0 only
    assert ref.taken and ref.sent


def test_localities_are_kept_apart():
    value, ref, lowest = served(two_towns(), {("a", "derm", 0): 1, ("b", "derm", 1): 1})
    assert value == pytest.approx(20.0)
    assert set(ref.by_locality) == {"Alpha", "Beta"}
    assert lowest is not None
