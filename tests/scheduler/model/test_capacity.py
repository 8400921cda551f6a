"""add_capacity: session counts within rooms, setup days and clinicians."""

from __future__ import annotations

import pytest

from scheduler.model.capacity import add_capacity, planned_services
from scheduler.model.linear import LpLinear
from scheduler.model.placement import add_placements
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic


def most_sessions(instance, fix=None):
    facts = Facts(instance)
    lin = LpLinear()
    p = add_placements(lin, facts)
    cap = add_capacity(lin, facts, p, planned_services(facts))
    for key, value in (fix or {}).items():
        p.at[key].SetBounds(value, value)
    lin.maximize(lin.total(cap.sessions.values()))
    return lin.solve(10)


def test_clinicians_limit_the_sessions():
    assert most_sessions(one_clinic()) == pytest.approx(2.0)  # one a week
    roomy = one_clinic(availability=("Mon-AM", "Tue-AM", "Wed-AM"), max_sessions_per_week=None)
    assert most_sessions(roomy) == pytest.approx(6.0)


def test_setup_days_take_rooms():
    instance = one_clinic(availability=("Mon-AM", "Tue-AM"), max_sessions_per_week=None)
    stay = {("op-1", "a", 0): 1, ("op-1", "a", 1): 1}
    move = {("op-1", "a", 0): 1, ("op-1", "a", 1): 0, ("op-1", "b", 0): 0, ("op-1", "b", 1): 1}
    assert most_sessions(instance, stay) == pytest.approx(4.0)
    assert most_sessions(instance, move) == pytest.approx(2.0)  # Mondays lost


def test_only_services_with_demand_and_staff_are_planned(tiny):
    assert planned_services(Facts(tiny)) == ("derm", "mri")
