"""The search's repair (its loop: test_lns.py). `choose_window` on hand-made instances where
the right window is known (each hard rule with a control that shows the objective would break
it) and on a family instance whose values tempt it to crowd sites; `Repair` and `locked_weeks` on
neighbourhoods of the manager's rotation of small family instances."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from bench.generate import generate_family
from scheduler import (
    FixedItems,
    FixedSession,
    Instance,
    Plan,
    Weights,
    baseline,
    read_instance,
    validate,
)
from scheduler.construct.allocation import Allocation
from scheduler.model.relaxation import Relaxation
from scheduler.rules.facts import Facts
from scheduler.search.neighbourhoods import Neighbourhood
from scheduler.search.repair import Repair, choose_window, locked_weeks
from tests.scheduler.planner_instances import two_sites

UNIT = "op-1"
OTHER = "op-2"


def window(
    instance: Instance,
    where: dict[tuple[str, int], str],
    free: set[tuple[str, int]],
    value: dict[tuple[str, str, int], float],
    *,
    sites_of: dict[tuple[str, int], list[str]] | None = None,
    move_cost: float = 0.0,
) -> dict[tuple[str, int], str | None]:
    """`choose_window` with every site allowed by default and no charge per arrival."""
    if sites_of is None:
        sites_of = {key: [s.id for s in instance.sites] for key in free}
    chosen = choose_window(
        Facts(instance),
        where,
        free,
        sites_of,
        value,
        {u.id: move_cost for u in instance.units},
        time_limit_s=5.0,
        seed=0,
        workers=1,
    )
    assert chosen is not None
    assert set(chosen) == free
    return chosen


# choose_window


def test_a_freed_unit_never_takes_a_pad_the_rest_holds():
    instance = two_sites(units=2)
    where = {(OTHER, 0): "a"}
    chosen = window(instance, where, {(UNIT, 0)}, {(UNIT, "a", 0): 1.0})
    assert chosen[UNIT, 0] == "b"


def test_a_freed_unit_takes_a_pad_the_rest_leaves():
    instance = two_sites(units=2, pads_a=2)
    where = {(OTHER, 0): "a"}
    chosen = window(instance, where, {(UNIT, 0)}, {(UNIT, "a", 0): 1.0})
    assert chosen[UNIT, 0] == "a"


def test_freed_units_together_never_exceed_the_pads_left():
    instance = two_sites(units=3, pads_a=2)
    where = {("op-3", 0): "a"}
    free = {(UNIT, 0), (OTHER, 0)}
    value = {(u, "a", 0): 1.0 for u, _ in free}
    chosen = window(instance, where, free, value)
    assert sorted(chosen.values()) == ["a", "b"]


def test_min_weeks_hold_when_the_only_unit_covering_the_site_is_freed():
    instance = two_sites(min_weeks_b=1)
    where = {(UNIT, 0): "b", (UNIT, 1): "a"}
    chosen = window(instance, where, {(UNIT, 0)}, {(UNIT, "a", 0): 1.0})
    assert chosen[UNIT, 0] == "b"


def test_without_min_weeks_the_same_values_move_the_unit():
    instance = two_sites(min_weeks_b=0)
    where = {(UNIT, 0): "b", (UNIT, 1): "a"}
    chosen = window(instance, where, {(UNIT, 0)}, {(UNIT, "a", 0): 1.0})
    assert chosen[UNIT, 0] == "a"


def test_min_weeks_count_the_weeks_the_rest_covers():
    instance = two_sites(min_weeks_b=1, units=2)
    where = {(UNIT, 0): "b", (OTHER, 1): "b"}
    chosen = window(instance, where, {(UNIT, 0)}, {(UNIT, "a", 0): 1.0})
    assert chosen[UNIT, 0] == "a"


def test_min_weeks_over_a_whole_freed_cycle():
    instance = two_sites(weeks=4, min_weeks_b=2)
    free = {(UNIT, w) for w in range(4)}
    chosen = window(instance, {}, free, {(UNIT, "a", w): 1.0 for w in range(4)})
    assert sum(site == "b" for site in chosen.values()) == 2


def test_units_only_go_to_the_sites_they_are_offered():
    instance = two_sites(weeks=3)
    free = {(UNIT, w) for w in range(3)}
    sites_of = {(UNIT, 0): ["b"], (UNIT, 1): ["a", "b"], (UNIT, 2): []}
    value = {(UNIT, "a", w): 1.0 for w in range(3)}
    chosen = window(instance, {}, free, value, sites_of=sites_of)
    assert chosen == {(UNIT, 0): "b", (UNIT, 1): "a", (UNIT, 2): None}


@pytest.mark.parametrize("favoured", ["a", "b"])
def test_the_site_with_the_higher_value_is_chosen(favoured):
    instance = two_sites()
    where = {(UNIT, 0): "a", (UNIT, 1): "b"}
    free = {(UNIT, 0), (UNIT, 1)}
    value = {(UNIT, favoured, w): 1.0 for w in range(2)}
    chosen = window(instance, where, free, value)
    assert chosen == {(UNIT, 0): favoured, (UNIT, 1): favoured}


@pytest.mark.parametrize(("move_cost", "site"), [(2.0, "a"), (0.0, "b")])
def test_arrivals_are_charged_against_the_neighbouring_weeks(move_cost, site):
    # Going to b in week 1 means arriving at b, then at a again in week 2 (kept).
    instance = two_sites(weeks=3)
    where = {(UNIT, 0): "a", (UNIT, 2): "a"}
    value = {(UNIT, "a", 1): 0.0, (UNIT, "b", 1): 0.5}
    chosen = window(instance, where, {(UNIT, 1)}, value, move_cost=move_cost)
    assert chosen[UNIT, 1] == site


def test_the_arrival_back_in_the_kept_week_after_is_charged():
    # Off the road in week 0 and at a in week 2 (kept): week 1 at a costs one arrival,
    # at b two (the second back at a in week 2).
    instance = two_sites(weeks=3)
    where = {(UNIT, 2): "a"}
    value = {(UNIT, "b", 1): 0.5}
    chosen = window(instance, where, {(UNIT, 1)}, value, move_cost=2.0)
    assert chosen[UNIT, 1] == "a"


def test_arrivals_wrap_round_the_cycle():
    # Week 0 follows week 2, the last: at a in week 0 the unit has not moved since week 2
    # (one arrival, at b in week 1); at b it arrives once, in week 0.
    instance = two_sites(weeks=3)
    where = {(UNIT, 1): "b", (UNIT, 2): "a"}
    value = {(UNIT, "a", 0): 0.5}
    chosen = window(instance, where, {(UNIT, 0)}, value, move_cost=2.0)
    assert chosen[UNIT, 0] == "a"


@pytest.mark.parametrize("seed", [2, 4])
def test_window_on_a_family_instance_keeps_pads_sites_and_visits(seed):
    instance = read_instance(generate_family("fleet-bound", seed, shrink=True))
    facts = Facts(instance)
    plan = baseline(instance)
    sites_of: dict[tuple[str, int], list[str]] = {}
    for (u, s), weeks in sorted(facts.stand_weeks.items()):
        for w in weeks:
            sites_of.setdefault((u, w), []).append(s)
    rng = random.Random(seed)
    for start in range(facts.weeks):
        weeks = {start, (start + 1) % facts.weeks}
        where = {(p.unit, p.week): p.site for p in plan.placements}
        free = {key for key in sites_of if key[1] in weeks}
        # Every unit is tempted to the same site.
        crowded = rng.choice(instance.sites).id
        value = {(u, s, w): float(s == crowded) for (u, w) in free for s in sites_of[u, w]}
        idle = {u.id: 0.0 for u in instance.units}
        chosen = choose_window(
            facts, where, free, sites_of, value, idle, time_limit_s=5.0, seed=0, workers=1
        )
        assert chosen is not None
        assert all(s is None or s in sites_of[key] for key, s in chosen.items())
        after = {key: s for key, s in where.items() if key not in free}
        after.update({key: s for key, s in chosen.items() if s is not None})
        held = Counter((s, w) for (_, w), s in after.items())
        assert all(n <= instance.site_by_id[s].pads for (s, _), n in held.items())
        for site in instance.sites:
            covered = {w for (s, w) in held if s == site.id}
            assert len(covered) >= site.min_weeks


# Repair and locked_weeks


def family(name: str, seed: int) -> tuple[Instance, Facts, Plan]:
    instance = read_instance(generate_family(name, seed, shrink=True))
    plan = baseline(instance)
    assert validate(instance, plan) == []
    return instance, Facts(instance), plan


def repair_for(facts: Facts) -> Repair:
    relaxation = Relaxation(facts)
    assert relaxation.max_served(10) is not None
    return Repair(facts, relaxation, Weights(), seed=1, workers=1)


def every_unit(instance: Instance) -> frozenset[str]:
    return frozenset(u.id for u in instance.units)


def week_of(instance: Instance, day: date) -> int:
    return instance.horizon.week_of(day)


HOODS = [
    ("sessions", (1, 2)),
    ("sessions", (3,)),
    ("weeks", (1, 2)),
    ("weeks", (0, 3)),
    ("weeks", (0, 1, 2, 3)),
]


@pytest.mark.parametrize(("name", "seed"), [("fixed", 2), ("fleet-bound", 4)])
@pytest.mark.parametrize(("kind", "weeks"), HOODS)
def test_repair_is_valid_and_keeps_what_lies_outside_the_neighbourhood(name, seed, kind, weeks):
    instance, facts, plan = family(name, seed)
    units = every_unit(instance) if kind == "weeks" else frozenset()
    hood = Neighbourhood(kind, weeks, units)
    repaired = repair_for(facts)(plan, hood, 1.0)
    assert repaired is not None
    assert validate(instance, repaired) == []
    outside = set(range(facts.weeks)) - set(weeks)
    kept = {p for p in plan.placements if p.week in outside}
    assert kept <= set(repaired.placements)
    assert {p for p in repaired.placements if p.week in outside} == kept
    if kind == "sessions":
        assert repaired.placements == plan.placements
        restaffed = set(weeks)
    else:
        restaffed = set(weeks) | {(w + 1) % facts.weeks for w in weeks}
    untouched = {s for s in plan.sessions if week_of(instance, s.date) not in restaffed}
    assert untouched <= set(repaired.sessions)


@pytest.mark.parametrize("seed", [2, 5])
def test_fixed_items_lock_their_unit_weeks_and_the_week_before(seed):
    instance, facts, _ = family("fixed", seed)
    assert instance.fixed.placements and instance.fixed.sessions
    locked = locked_weeks(facts)
    for p in instance.fixed.placements:
        assert (p.unit, p.week) in locked
    for f in instance.fixed.sessions:
        week = week_of(instance, f.date)
        assert {(f.unit, week), (f.unit, (week - 1) % facts.weeks)} <= locked


def test_a_fixed_session_without_unit_or_date_locks_every_unit_or_week():
    any_unit = FixedSession(date=date(2027, 1, 12), session="AM")  # week 1 of 3
    facts = Facts(replace(two_sites(weeks=3, units=2), fixed=FixedItems((), (any_unit,))))
    assert locked_weeks(facts) == {(u, w) for u in (UNIT, OTHER) for w in (0, 1)}
    any_date = FixedSession(unit=OTHER)
    facts = Facts(replace(two_sites(weeks=3, units=2), fixed=FixedItems((), (any_date,))))
    assert locked_weeks(facts) == {(OTHER, w) for w in range(3)}


@pytest.mark.parametrize("seed", [2, 5])
def test_a_neighbourhood_of_locked_unit_weeks_only_frees_nothing(seed):
    instance, facts, plan = family("fixed", seed)
    locked_units = frozenset(u for u, w in locked_weeks(facts) if w == 0)
    assert locked_units
    hood = Neighbourhood("units", (0,), locked_units)
    assert repair_for(facts)(plan, hood, 1.0) is None


@pytest.mark.parametrize("seed", [2, 5])
def test_repair_of_the_whole_cycle_keeps_the_fixed_items(seed):
    instance, facts, plan = family("fixed", seed)
    repair = repair_for(facts)
    where = {(p.unit, p.week): p.site for p in plan.placements}
    for weeks in [(0,), (3,), (0, 1, 2, 3)]:
        repaired = repair(plan, Neighbourhood("weeks", weeks, every_unit(instance)), 1.0)
        assert repaired is not None
        assert validate(instance, repaired) == []
        assert set(instance.fixed.placements) <= set(repaired.placements)
        for f in instance.fixed.sessions:
            assert any(f.matches(s) for s in repaired.sessions), f.label()
        now = {(p.unit, p.week): p.site for p in repaired.placements}
        assert all(now.get(key) == where.get(key) for key in locked_weeks(facts))


@pytest.mark.parametrize("kind", ["sessions", "weeks"])
def test_a_step_whose_allocation_lp_runs_out_of_time_offers_nothing(kind, monkeypatch):
    # Staffed without the LP's targets the weeks would lose sessions (120 sites: a four
    # weeks' LP out of time in a 3 s step cost 3 points), and the offer a score.
    instance, facts, plan = family("fleet-bound", 4)
    units = every_unit(instance) if kind == "weeks" else frozenset()
    hood = Neighbourhood(kind, (1, 2), units)
    repair = repair_for(facts)
    assert repair(plan, hood, 1.0) is not None
    limits = []

    def out_of_time(self, weights, time_limit_s, refine=True):
        limits.append(time_limit_s)
        return None

    monkeypatch.setattr(Allocation, "solve", out_of_time)
    assert repair(plan, hood, 1.0) is None
    assert limits  # the LP was asked
