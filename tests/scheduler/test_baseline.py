"""baseline: the manager's round-robin, valid under every rule."""

from __future__ import annotations

from datetime import date

import pytest

from scheduler import FixedItems, FixedSession, Placement, baseline, score, validate
from scheduler.baseline import local_demand, round_robin
from scheduler.facts import Facts
from tests.scheduler.planner_instances import one_clinic


def test_a_unit_visits_its_sites_in_equal_blocks():
    placements = round_robin(Facts(one_clinic(weeks=4)))
    assert [(p.site, p.week) for p in placements] == [("a", 0), ("a", 1), ("b", 2), ("b", 3)]


def test_sites_with_minimum_visits_come_first():
    placements = round_robin(Facts(one_clinic(weeks=4, min_weeks_b=1)))
    assert placements[0] == Placement("op-1", "b", 0)


def test_rooms_get_the_locally_most_wanted_service_and_the_first_free_clinician():
    instance = one_clinic(weeks=2, availability=("Tue-AM",))
    plan = baseline(instance)
    assert validate(instance, plan) == []
    assert [(s.date, s.service, s.clinicians) for s in plan.sessions] == [
        (date(2027, 1, 5), "derm", ("c1",)),
        (date(2027, 1, 12), "derm", ("c1",)),
    ]
    assert local_demand(Facts(instance))["a", "derm"] == 15.0


def test_setup_days_are_respected():
    # Each week is an arrival (a then b): Monday is lost, and the clinician works Mondays.
    instance = one_clinic(weeks=2, availability=("Mon-AM",))
    plan = baseline(instance)
    assert validate(instance, plan) == []
    assert plan.sessions == ()


def test_fixed_items_are_kept_even_when_the_round_robin_must_change():
    # The fixed Monday session needs op-1 not to arrive in week 1; the round-robin moves it.
    monday = date(2027, 1, 11)
    fixed = FixedItems((), (FixedSession("op-1", monday, "AM", 0, "derm", ("c1",)),))
    instance = one_clinic(weeks=2, fixed=fixed)
    plan = baseline(instance)
    assert validate(instance, plan) == []
    assert any(fixed.sessions[0].matches(s) for s in plan.sessions)


@pytest.mark.parametrize("example", ["example-small", "example-medium"], indirect=True)
def test_the_shared_examples_get_a_valid_baseline(example):
    plan = baseline(example)
    assert validate(example, plan) == []
    assert 0 < score(example, plan).coverage < 1
