"""Chooser: seeded draws, runs of weeks, the units each kind frees, and what it learns.

The draws are watched on a full-size family instance (16 weeks, four outpatient units,
so that "units" has more peers than it may free) with the manager's rotation, and on a
shrunk one (4 weeks, shorter than some kinds' longest run).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from bench.generate import generate_family
from scheduler import Instance, Plan, baseline, read_instance
from scheduler.rules.facts import Facts
from scheduler.search.neighbourhoods import (
    FLOOR,
    GROW_AFTER,
    KINDS,
    UNITS_PER_GROUP,
    WEEKS,
    Chooser,
    Neighbourhood,
)
from tests.scheduler.planner_instances import one_clinic

# Draws before giving up on seeing a kind (a kind at FLOOR is drawn about once in 31).
MOST_DRAWS = 2000


@pytest.fixture(scope="module")
def full() -> tuple[Facts, Plan]:
    instance = read_instance(generate_family("fleet-bound", 1))
    return Facts(instance), baseline(instance)


@pytest.fixture(scope="module")
def shrunk() -> tuple[Facts, Plan]:
    instance = read_instance(generate_family("fleet-bound", 4, shrink=True))
    return Facts(instance), baseline(instance)


def draw_kind(chooser: Chooser, plan: Plan, kind: str) -> Neighbourhood:
    """The next neighbourhood of `kind` the chooser draws (others are drawn and dropped)."""
    for _ in range(MOST_DRAWS):
        hood = chooser.draw(plan)
        if hood.kind == kind:
            return hood
    raise AssertionError(f"no {kind} neighbourhood in {MOST_DRAWS} draws")


def fail(chooser: Chooser, kind: str, times: int) -> None:
    for _ in range(times):
        chooser.learn(Neighbourhood(kind, (0,), frozenset()), False)


def succeed(chooser: Chooser, kind: str) -> None:
    chooser.learn(Neighbourhood(kind, (0,), frozenset()), True)


def is_cyclic_run(weeks: tuple[int, ...], cycle: int) -> bool:
    """Whether `weeks` are some start week and the weeks after it, wrapping round the cycle."""
    return any(
        set(weeks) == {(start + i) % cycle for i in range(len(weeks))} for start in range(cycle)
    )


def types_of(instance: Instance, units: frozenset[str]) -> set[str]:
    return {instance.unit_by_id[u].type for u in units}


def test_the_same_seed_draws_the_same_neighbourhoods(full):
    facts, plan = full

    def run(seed: int) -> list[Neighbourhood]:
        chooser, hoods = Chooser(facts, seed), []
        for i in range(60):
            hoods.append(chooser.draw(plan))
            chooser.learn(hoods[-1], i % 4 == 0)
        return hoods

    assert run(7) == run(7)
    assert run(7) != run(8)


@pytest.mark.parametrize("instance", ["full", "shrunk"])
def test_weeks_are_a_run_of_consecutive_weeks_within_the_cycle(instance, request):
    facts, plan = request.getfixturevalue(instance)
    chooser = Chooser(facts, 1)
    for i in range(300):
        hood = chooser.draw(plan)
        least, most = WEEKS[hood.kind]
        assert min(least, facts.weeks) <= len(hood.weeks) <= min(most, facts.weeks)
        assert len(set(hood.weeks)) == len(hood.weeks)
        assert all(0 <= w < facts.weeks for w in hood.weeks)
        assert is_cyclic_run(hood.weeks, facts.weeks), hood
        chooser.learn(hood, i % 10 == 0)  # mostly failures: the runs grow and wrap


def test_each_kind_frees_its_units(full):
    facts, plan = full
    instance = facts.instance
    localities = {
        s.locality: {t.id for t in instance.sites if t.locality == s.locality}
        for s in instance.sites
    }
    week_of = instance.horizon.week_of
    staffed = 0  # "clinicians" neighbourhoods of units the group staffs in those weeks
    seen: Counter[str] = Counter()
    chooser = Chooser(facts, 2)
    for _ in range(400):
        hood = chooser.draw(plan)
        seen[hood.kind] += 1
        if hood.kind == "sessions":
            assert hood.units == frozenset()
        elif hood.kind == "weeks":
            assert hood.units == frozenset(u.id for u in instance.units)
        elif hood.kind == "units":
            assert 1 <= len(hood.units) <= UNITS_PER_GROUP
            (kind,) = types_of(instance, hood.units)
            peers = sum(u.type == kind for u in instance.units)
            assert len(hood.units) == min(UNITS_PER_GROUP, peers)
        elif hood.kind == "service":
            # Units that may all run one service, as many as the group holds.
            assert 1 <= len(hood.units) <= UNITS_PER_GROUP
            shared = set.intersection(*(set(facts.unit_services[u]) for u in hood.units))
            assert shared
            able = max(sum(k in facts.unit_services[u.id] for u in instance.units) for k in shared)
            assert len(hood.units) == min(UNITS_PER_GROUP, able)
        elif hood.kind == "clinicians":
            # Units whose sessions in those weeks clinicians sharing a skill staff
            assert 1 <= len(hood.units) <= UNITS_PER_GROUP
            skills = [
                {
                    skill
                    for s in plan.sessions
                    if s.unit == u and week_of(s.date) in hood.weeks
                    for c in s.clinicians
                    for skill in instance.clinician_by_id[c].skills
                }
                for u in hood.units
            ]
            # (where they staff none there: units of services that need the skill)
            needed = [
                {skill for k in facts.unit_services[u] for skill in instance.service_by_id[k].staff}
                for u in hood.units
            ]
            assert set.intersection(*skills) or set.intersection(*needed), hood
            staffed += bool(set.intersection(*skills))
        else:
            # Every freed unit stands, or may stand, at a site of one locality.
            assert hood.units
            assert any(
                all(any((u, s) in facts.stand_weeks for s in sites) for u in hood.units)
                for sites in localities.values()
            )
    assert set(seen) == set(KINDS)
    assert staffed > 0


def test_with_no_sessions_a_clinicians_neighbourhood_frees_units_needing_the_skill(full):
    facts, plan = full
    chooser = Chooser(facts, 5)
    empty = replace(plan, sessions=())
    for _ in range(20):
        hood = draw_kind(chooser, empty, "clinicians")
        needed = [
            {
                skill
                for k in facts.unit_services[u]
                for skill in facts.instance.service_by_id[k].staff
            }
            for u in hood.units
        ]
        assert hood.units and set.intersection(*needed)


@pytest.mark.parametrize("clinicians", ["without skills", "none"])
def test_without_skilled_clinicians_no_clinicians_neighbourhood_is_drawn(clinicians):
    instance = one_clinic()
    if clinicians == "none":
        instance = replace(instance, clinicians=())
    else:
        instance = replace(
            instance, clinicians=tuple(replace(c, skills=()) for c in instance.clinicians)
        )
    chooser = Chooser(Facts(instance), 4)
    plan = baseline(one_clinic())
    kinds = {chooser.draw(replace(plan, sessions=())).kind for _ in range(300)}
    assert "clinicians" not in kinds and {"weeks", "sessions"} <= kinds


@pytest.mark.parametrize("kind", KINDS)
def test_a_kinds_run_grows_after_failures_and_wraps_to_its_shortest(full, kind):
    facts, plan = full
    least, most = WEEKS[kind]
    chooser = Chooser(facts, 3)
    assert len(draw_kind(chooser, plan, kind).weeks) == least
    fail(chooser, kind, GROW_AFTER - 1)
    assert len(draw_kind(chooser, plan, kind).weeks) == least
    for length in range(least + 1, most + 1):
        fail(chooser, kind, 1 if length == least + 1 else GROW_AFTER)
        assert len(draw_kind(chooser, plan, kind).weeks) == length
    fail(chooser, kind, GROW_AFTER - 1)
    assert len(draw_kind(chooser, plan, kind).weeks) == most
    fail(chooser, kind, 1)
    assert len(draw_kind(chooser, plan, kind).weeks) == least


def test_a_success_resets_the_count_of_failures(full):
    facts, plan = full
    chooser = Chooser(facts, 4)
    fail(chooser, "units", GROW_AFTER - 1)
    succeed(chooser, "units")
    fail(chooser, "units", GROW_AFTER - 1)
    assert len(draw_kind(chooser, plan, "units").weeks) == WEEKS["units"][0]


def test_failures_of_one_kind_leave_the_others_runs(full):
    facts, plan = full
    chooser = Chooser(facts, 5)
    fail(chooser, "weeks", 2 * GROW_AFTER)
    assert len(draw_kind(chooser, plan, "weeks").weeks) == WEEKS["weeks"][0] + 2
    for kind in ("units", "locality", "sessions"):
        assert len(draw_kind(chooser, plan, kind).weeks) == WEEKS[kind][0]


def test_a_kind_that_keeps_failing_keeps_its_floor_and_is_still_drawn(full):
    facts, plan = full
    chooser = Chooser(facts, 6)
    fail(chooser, "locality", 200)
    assert chooser.weight["locality"] >= FLOOR
    draw_kind(chooser, plan, "locality")


def test_a_kind_that_succeeds_gains_weight(full):
    facts, _ = full
    chooser = Chooser(facts, 7)
    fail(chooser, "units", 5)
    before = chooser.weight["units"]
    succeed(chooser, "units")
    assert chooser.weight["units"] > before
    for _ in range(20):
        succeed(chooser, "units")
    assert chooser.weight["units"] > 0.9  # back toward a weight of 1 (always succeeding)


def test_kinds_are_drawn_as_they_pay_off(full):
    facts, plan = full
    chooser = Chooser(facts, 8)
    for kind in KINDS:
        if kind == "sessions":
            for _ in range(30):
                succeed(chooser, kind)
        else:
            fail(chooser, kind, 30)
    drawn = Counter(chooser.draw(plan).kind for _ in range(1000))
    assert drawn["sessions"] > 600
    assert all(drawn[kind] > 0 for kind in KINDS)


def test_a_one_week_cycle_draws_no_neighbourhood_of_a_group_of_units():
    instance = one_clinic(weeks=1)
    facts = Facts(instance)
    plan = baseline(instance)
    chooser = Chooser(facts, 9)
    drawn = {chooser.draw(plan) for _ in range(200)}
    assert {hood.kind for hood in drawn} == {"weeks", "sessions"}
    assert all(hood.weeks == (0,) for hood in drawn)


def test_a_quick_chooser_draws_neighbourhoods_staffed_quickly(full):
    # Where the sweep ran (120 sites), every step is staffed by the allocation LP's first
    # solution, as the sweep's are; elsewhere by CP-SAT.
    facts, plan = full
    quick, slow = Chooser(facts, 3, quick=True), Chooser(facts, 3)
    for _ in range(20):
        hood = quick.draw(plan)
        assert hood.quick and hood == replace(slow.draw(plan), quick=True)
