"""Allocation: the LP sharing a fixed rotation's rooms and clinicians among services."""

from __future__ import annotations

import pytest

from bench.generate import generate_family
from scheduler import Placement, read_instance
from scheduler.construct.allocation import Allocation
from scheduler.construct.baseline import manager_rotation
from scheduler.construct.roster import Roster
from scheduler.model.linear import NO_PRESOLVE
from scheduler.model.weights import Weights
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic, two_services, two_towns


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


def test_service_weights_share_the_room_by_value_and_price_slots_by_it():
    stay = (Placement("op-1", "a", 0), Placement("op-1", "a", 1))
    weights = Weights().with_services(["derm", "diab"], {"derm": 0.1, "diab": 3.0})
    plain = Allocation(Roster(Facts(two_services()), stay))
    assert plain.solve(Weights(), 30) == pytest.approx(40.0)  # dermatology: 10 slots a session
    assert plain.worth == {}
    weighted = Allocation(Roster(Facts(two_services()), stay))
    assert weighted.solve(weights, 30) == pytest.approx(60.0)  # diabetes: 20 served at 3
    assert {k for (_, k, _), n in weighted.targets.items() if n > 0.5} == {"diab"}
    assert weighted.worth == {"derm": 0.1, "diab": 3.0}
    assert weighted.prices["a", "diab", None] == pytest.approx(3.0)


def test_the_second_solve_may_come_later_and_gives_the_same_counts():
    # The rounds share out each rotation by the first solve only (under a second at 30
    # sites, against 4-6 s for both) and refine the one they staff.
    facts = Facts(read_instance(generate_family("fleet-bound", 4, shrink=True)))
    rotation = manager_rotation(facts, 2)
    at_once = Allocation(Roster(facts, rotation), deterministic=True)
    served = at_once.solve(Weights(), 30)
    later = Allocation(Roster(facts, rotation), deterministic=True)
    assert later.solve(Weights(), 30, refine=False) == pytest.approx(served)
    first = dict(later.targets)
    later.refine(Weights(), 30)
    assert later.targets == at_once.targets
    assert later.targets != first  # the second solve moved sessions (travel, equity)
    later.refine(Weights(), 30)  # once only: a second call changes nothing
    assert later.targets == at_once.targets


@pytest.mark.parametrize("family", ["fleet-bound", "west-herts"])
def test_a_few_weeks_allocation_without_presolve_finds_the_same_optimum(family):
    # The LP of a few weeks with the rest booked (the search's steps) is solved without
    # GLOP's presolve, the whole rotation's with it: both must reach the same optimum.
    facts = Facts(read_instance(generate_family(family, 1, shrink=True)))
    placements = manager_rotation(facts)
    values = []
    for options in (None, ""):
        allocation = Allocation(Roster(facts, placements), weeks=frozenset({1, 2}))
        if options is not None:
            allocation.lin.options = options
        values.append(allocation.solve(Weights(), 30, refine=False))
    assert values[0] is not None and values[0] == pytest.approx(values[1], rel=1e-9)
    assert Allocation(Roster(facts, placements)).lin.options == ""
    assert Allocation(Roster(facts, placements), weeks=frozenset({1})).lin.options == NO_PRESOLVE
