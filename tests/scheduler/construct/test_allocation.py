"""Allocation: the LP sharing a fixed rotation's rooms and clinicians among services."""

from __future__ import annotations

import pytest

from scheduler import Placement
from scheduler.construct.allocation import Allocation
from scheduler.construct.roster import Roster
from scheduler.model.weights import Weights
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic, two_towns


def test_one_clinic_serves_one_session_a_week():
    stay = (Placement("op-1", "a", 0), Placement("op-1", "a", 1))
    allocation = Allocation(Roster(Facts(one_clinic()), stay))
    assert allocation.solve(Weights(), 30) == pytest.approx(20.0)
    assert allocation.targets == {("op-1", "derm", 0): 1.0, ("op-1", "derm", 1): 1.0}
    assert allocation.prices[("a", "derm", None)] == pytest.approx(1.0)


def test_setup_days_and_reach_shape_the_allocation():
    # Tuesday-only clinician, sites 7.4 km apart and patients reaching 5 km: each week
    # serves its own town.
    split = (Placement("op-1", "a", 0), Placement("op-1", "b", 1))
    allocation = Allocation(Roster(Facts(two_towns()), split))
    assert allocation.solve(Weights(), 30) == pytest.approx(20.0)
    assert allocation.lowest.solution_value() == pytest.approx(1 / 6, abs=1e-6)


def test_a_monday_clinician_has_nothing_to_do_on_arrival_days():
    moves = (Placement("op-1", "a", 0), Placement("op-1", "b", 1))
    allocation = Allocation(Roster(Facts(one_clinic()), moves))
    assert allocation.solve(Weights(), 30) == pytest.approx(0.0)
