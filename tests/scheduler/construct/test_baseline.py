"""baseline: the manager's rotation, valid under every rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from scheduler import (
    DateRange,
    FixedItems,
    FixedSession,
    Placement,
    Unit,
    baseline,
    score,
    validate,
)
from scheduler.construct.baseline import local_demand, manager_rotation
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic


def _tour(instance, unit="op-1"):
    return [(p.site, p.week) for p in manager_rotation(Facts(instance)) if p.unit == unit]


def test_a_unit_visits_its_sites_in_equal_stays():
    assert _tour(one_clinic(weeks=4)) == [("a", 0), ("a", 1), ("b", 2), ("b", 3)]


def test_spare_weeks_go_to_the_busiest_site():
    # Both sites reach the one practice; a comes first on equal demand (by id).
    assert _tour(one_clinic(weeks=5)) == [("a", 0), ("a", 1), ("a", 2), ("b", 3), ("b", 4)]


def test_a_unit_tours_at_most_half_the_weeks_in_sites_keeping_minimum_visits():
    assert _tour(one_clinic(weeks=2)) == [("a", 0), ("a", 1)]
    assert _tour(one_clinic(weeks=2, min_weeks_b=1)) == [("b", 0), ("b", 1)]


def test_units_of_a_kind_share_the_sites_out():
    instance = one_clinic(weeks=4)
    instance = replace(instance, units=(*instance.units, Unit("op-2", None, "outpatient", 1)))
    assert _tour(instance, "op-1") == [("a", w) for w in range(4)]
    assert _tour(instance, "op-2") == [("b", w) for w in range(4)]


def test_a_tour_is_rotated_round_a_closed_site():
    instance = one_clinic(weeks=4)
    closed = DateRange(date(2027, 1, 4), date(2027, 1, 6))  # site a, week 0
    instance = replace(
        instance, sites=(replace(instance.sites[0], unavailable=(closed,)), instance.sites[1])
    )
    assert _tour(instance) == [("b", 0), ("a", 1), ("a", 2), ("b", 3)]


def test_a_site_short_of_minimum_visits_borrows_the_end_of_a_stay():
    instance = one_clinic(weeks=4, min_weeks_b=3)
    assert _tour(instance) == [("a", 0), ("b", 1), ("b", 2), ("b", 3)]
    assert validate(instance, baseline(instance)) == []


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
    # The unit arrives in weeks 0 (at a) and 2 (at b): those Mondays are lost.
    instance = one_clinic(weeks=4, availability=("Mon-AM",))
    plan = baseline(instance)
    assert validate(instance, plan) == []
    assert [s.date for s in plan.sessions] == [date(2027, 1, 11), date(2027, 1, 25)]


def test_fixed_items_are_kept_even_when_the_rotation_must_change():
    # The fixed Monday session needs op-1 at b in week 1, set up: the tour must change.
    monday = date(2027, 1, 11)
    fixed = FixedItems(
        (Placement("op-1", "b", 1),), (FixedSession("op-1", monday, "AM", 0, "derm", ("c1",)),)
    )
    instance = one_clinic(weeks=4, fixed=fixed)
    plan = baseline(instance)
    assert validate(instance, plan) == []
    assert any(fixed.sessions[0].matches(s) for s in plan.sessions)


@pytest.mark.parametrize("example", ["example-small", "example-medium"], indirect=True)
def test_the_shared_examples_get_a_valid_baseline(example):
    plan = baseline(example)
    assert validate(example, plan) == []
    assert 0 < score(example, plan).coverage < 1
