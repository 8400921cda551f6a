"""The LP relaxation: a proven upper bound on coverage that no valid plan exceeds."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench.generate import generate_family
from scheduler import FixedItems, Placement, baseline, read_instance, score
from scheduler.model.linear import GLOP_OPTIONS, NO_PRESOLVE
from scheduler.model.relaxation import Relaxation
from scheduler.model.weights import Weights
from scheduler.rules.facts import Facts
from tests.scheduler.conftest import naive_plan
from tests.scheduler.planner_instances import one_clinic, two_services, two_towns


def bound_of(instance) -> float:
    relaxation = Relaxation(Facts(instance))
    return relaxation.bound(relaxation.max_served(30))


def test_the_bound_is_the_known_optimum_of_a_tiny_instance():
    assert bound_of(one_clinic()) == pytest.approx(2 / 3, abs=1e-5)
    assert bound_of(two_towns()) == pytest.approx(1 / 4, abs=1e-5)


def test_the_bound_leaves_out_setup_days_but_keeps_short_waits():
    # Monday-only clinician, and op-1 fixed to move every week: every Monday is a setup day,
    # so no plan serves anyone; the relaxation, without setup days, allows 2/3.
    moves = FixedItems((Placement("op-1", "a", 0), Placement("op-1", "b", 1)), ())
    assert bound_of(one_clinic(fixed=moves)) == pytest.approx(2 / 3, abs=1e-5)
    instance = one_clinic(weeks=4, per_week=5.0)
    short = replace(instance, services=(replace(instance.services[0], max_wait_weeks=0),))
    assert bound_of(short) == pytest.approx(1.0, abs=1e-5)  # 10 slots a week, 5 referrals


@pytest.mark.parametrize("example", ["example-small"], indirect=True)
def test_no_plan_beats_the_bound(example, tiny):
    for instance in (example, tiny):
        bound = bound_of(instance)
        for plan in (baseline(instance), naive_plan(instance)):
            assert score(instance, plan).coverage <= bound


def test_fixing_the_rotation_keeps_the_lp_solvable():
    instance = two_towns()
    relaxation = Relaxation(Facts(instance))
    assert relaxation.max_served(30) == pytest.approx(20.0)
    relaxation.fix(baseline(instance).placements)
    assert relaxation.max_served(30) == pytest.approx(20.0)
    assert all(0 <= v <= 1 for v in relaxation.slot_values().values())
    assert sum(relaxation.session_counts().values()) == pytest.approx(2.0)


def test_service_weights_guide_the_value_but_not_the_coverage_bound():
    instance = two_services()
    weights = Weights().with_services(["derm", "diab"], {"derm": 0.1, "diab": 3.0})
    relaxation = Relaxation(Facts(instance), weights=weights)
    served = relaxation.max_served(30)
    assert relaxation.bound(served) == pytest.approx(2 / 3, abs=1e-5)  # 40 of 60 referrals
    # Diabetes only (20 referrals at 3) beats dermatology only (40 at 0.1).
    assert relaxation.max_value(30) == pytest.approx(60.0)
    assert relaxation.value_bound(60.0) == pytest.approx(1.0, abs=1e-5)  # 60 per 60 referrals
    assert relaxation.slot_values()["a", "diab", None] == pytest.approx(3.0)


def test_presence_frees_only_the_unit_weeks_asked_for():
    # one_clinic's practice is at a: freed, week 1 goes to a; week 0 stays where it is put.
    facts = Facts(one_clinic(weeks=2))
    lp = Relaxation(facts, deterministic=True, arrivals=True)
    values = lp.presence({("op-1", 0): "b", ("op-1", 1): "b"}, {("op-1", 1)}, 10.0)
    assert set(values) == {("op-1", "a", 1), ("op-1", "b", 1)}
    assert lp.placements.at["op-1", "b", 0].solution_value() == pytest.approx(1.0)
    assert sum(values.values()) == pytest.approx(1.0)
    # Off the road when `where` has no site: every other placement of week 0 is 0.
    values = lp.presence({}, {("op-1", 1)}, 10.0)
    assert lp.placements.at["op-1", "a", 0].solution_value() == pytest.approx(0.0)
    assert lp.placements.at["op-1", "b", 0].solution_value() == pytest.approx(0.0)


ALL_WEEK = tuple(f"{d}-{p}" for d in ("Mon", "Tue", "Wed", "Thu", "Fri") for p in ("AM", "PM"))


def worth_at_a(instance) -> dict[tuple[str, str, int], float]:
    """What each placement of week 1 is worth at the margin, the unit at a all cycle."""
    lp = Relaxation(Facts(instance), deterministic=True, arrivals=True)
    lp.fix((Placement("op-1", "a", 0), Placement("op-1", "a", 1)))
    assert lp.max_value(10.0) is not None
    return lp.worth({("op-1", 1)})


def test_worth_is_what_a_placement_adds_at_the_margin_after_a_fixed_solve():
    # Rooms bind (a clinician free all week, no weekly limit, demand beyond the unit's 100
    # slots a week): the unit-week is worth its 10 sessions of 10 slots, at a or at b
    # (the practice is within reach of both).
    roomy = one_clinic(per_week=500.0, availability=ALL_WEEK, max_sessions_per_week=None)
    assert worth_at_a(roomy) == {
        ("op-1", "a", 1): pytest.approx(100.0),
        ("op-1", "b", 1): pytest.approx(100.0),
    }
    # The clinician's one Monday-morning session a week binds: the unit-week is worth it.
    assert worth_at_a(one_clinic()) == {
        ("op-1", "a", 1): pytest.approx(10.0),
        ("op-1", "b", 1): pytest.approx(10.0),
    }
    # Demand binds (5 referrals a week, 10 slots): more of the unit serves nothing more.
    assert worth_at_a(one_clinic(per_week=5.0)) == {("op-1", "a", 1): 0.0, ("op-1", "b", 1): 0.0}


@pytest.mark.parametrize("family", ["fleet-bound", "loaded", "fixed"])
def test_the_bound_without_presolve_is_the_optimum_with_it(family):
    # The bound's LP is solved without GLOP's presolve (faster at 60-120 sites): the
    # optimum must be the one GLOP proves with its defaults.
    facts = Facts(read_instance(generate_family(family, 2, shrink=True)))
    relaxation = Relaxation(facts)
    assert relaxation.lin.options == NO_PRESOLVE
    without = relaxation.max_served(30)
    fresh = Relaxation(facts)  # solved from scratch, not from the first one's optimum
    fresh.lin.options = ""
    assert without == pytest.approx(fresh.max_served(30), rel=1e-9)
    # the guide that counts setup days keeps Maros' basis and the presolve
    assert Relaxation(facts, arrivals=True).lin.options == GLOP_OPTIONS
