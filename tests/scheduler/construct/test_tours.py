"""Each unit's best tour by dynamic programming (`construct/tours.py`)."""

from __future__ import annotations

from dataclasses import replace

from scheduler.construct.tours import best_tours, unit_tour, window_tour
from scheduler.contract.domain import FixedItems, Placement
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic, two_sites, two_towns

A_THEN_B = {("u", "a", 0): 1.0, ("u", "a", 1): 1.0, ("u", "b", 2): 1.0, ("u", "b", 3): 1.0}


def _options(weeks: int = 4) -> list[list[str]]:
    return [["a", "b"] for _ in range(weeks)]


def test_a_cheap_move_follows_the_value_and_pays_for_both_arrivals():
    tour = unit_tour(_options(), [False] * 4, "u", A_THEN_B, cost=0.3)
    assert tour == ["a", "a", "b", "b"]  # 4 less two arrivals (the cycle returns to a)


def test_a_dear_move_keeps_the_unit_where_it_stands():
    tour = unit_tour(_options(), [False] * 4, "u", A_THEN_B, cost=1.5)
    # Moving twice costs 3 for 2 more value: one site all cycle, no arrival at all.
    assert tour in (["a"] * 4, ["b"] * 4)


def test_no_value_anywhere_pays_no_arrival_and_a_fixed_week_is_kept():
    idle = unit_tour(_options(2), [False, False], "u", {}, cost=0.1)
    assert _worth([s or "-" for s in idle], {}, 0.1) == 0.0  # off the road, or one site
    options = [["a", "b"], ["b"], ["a", "b"]]
    tour = unit_tour(options, [False, True, False], "u", {("u", "a", 0): 1.0}, cost=0.1)
    assert tour[1] == "b"


def test_the_best_tour_is_found_against_every_tour_tried_by_hand():
    value = {("u", s, w): v for (s, w), v in {("a", 0): 0.9, ("b", 1): 0.4, ("a", 2): 0.5}.items()}
    tour = unit_tour(_options(3), [False] * 3, "u", value, cost=0.2)
    best = max(
        ([x, y, z] for x in "ab-" for y in "ab-" for z in "ab-"),
        key=lambda t: _worth(t, value, 0.2),
    )
    assert _worth([s or "-" for s in tour], value, 0.2) == _worth(best, value, 0.2)


def _worth(tour, value, cost) -> float:
    total = sum(value.get(("u", s, w), 0.0) for w, s in enumerate(tour) if s != "-")
    arrivals = sum(1 for w, s in enumerate(tour) if s != "-" and tour[w - 1] != s)
    return total - cost * arrivals


def test_units_share_the_pads_and_fixed_placements_stand():
    instance = two_towns()
    facts = Facts(instance)
    unit = instance.units[0].id
    sites = sorted({s for (u, s) in facts.stand_weeks if u == unit})
    everyone_wants = {(u.id, sites[0], w): 1.0 for u in instance.units for w in range(facts.weeks)}
    placements = best_tours(facts, everyone_wants, {u.id: 0.1 for u in instance.units})
    held = {}
    for p in placements:
        held[p.site, p.week] = held.get((p.site, p.week), 0) + 1
    pads = {s.id: s.pads for s in instance.sites}
    assert all(n <= pads[s] for (s, _), n in held.items())
    fixed = Placement(unit, sites[-1], 0)
    pinned = replace(instance, fixed=FixedItems(placements=(fixed,), sessions=()))
    facts = Facts(pinned)
    placements = best_tours(facts, everyone_wants, {u.id: 0.1 for u in instance.units})
    assert fixed in placements


# window_tour: one unit's free weeks re-toured against the rest

FREE4 = {("op-1", w) for w in range(4)}
VALUE4 = {("op-1", s, w): (2.0 if s == "a" else 1.0) for s in "ab" for w in range(4)}
SITES4 = {key: ("a", "b") for key in FREE4}


def test_a_window_tour_stays_at_the_site_of_most_value():
    facts = Facts(one_clinic(weeks=4))
    where = {("op-1", w): "ab"[w % 2] for w in range(4)}
    assert window_tour(facts, where, FREE4, SITES4, VALUE4, 1.0) == dict.fromkeys(FREE4, "a")


def test_a_window_tour_keeps_to_the_pads_the_rest_leaves():
    facts = Facts(two_sites(weeks=4, units=2))  # one pad at a, held by op-2 all cycle
    where = {("op-2", w): "a" for w in range(4)}
    assert window_tour(facts, where, FREE4, SITES4, VALUE4, 1.0) == dict.fromkeys(FREE4, "b")


def test_a_window_tour_that_leaves_a_site_short_of_its_least_visits_is_none():
    facts = Facts(one_clinic(weeks=4, min_weeks_b=1))  # only op-1 can visit b
    assert window_tour(facts, {}, FREE4, SITES4, VALUE4, 1.0) is None
