"""choose_rotation: CP-SAT picks the most valuable placements that obey rules 2, 3, 8, 9."""

from __future__ import annotations

from scheduler import FixedItems, Placement, Plan, validate
from scheduler.construct.rotation import DETERMINISTIC_PER_S, choose_rotation, new_solver
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic


def rotate(instance, value, move_cost=None):
    return choose_rotation(
        Facts(instance), value, move_cost=move_cost or {}, time_limit_s=5, workers=1
    )


def test_the_most_valuable_site_each_week_is_chosen():
    value = {("op-1", "a", 0): 1.0, ("op-1", "b", 1): 1.0, ("op-1", "a", 1): 0.5}
    result = rotate(one_clinic(), value)
    assert result.status == "OPTIMAL"
    assert result.placements == (Placement("op-1", "a", 0), Placement("op-1", "b", 1))


def test_arrivals_cost_what_they_are_charged():
    value = {("op-1", "a", 0): 1.0, ("op-1", "b", 1): 1.0, ("op-1", "a", 1): 0.5}
    result = rotate(one_clinic(), value, move_cost={"op-1": 0.4})
    assert result.placements == (Placement("op-1", "a", 0), Placement("op-1", "a", 1))


def test_minimum_visits_and_fixed_placements_override_value():
    fixed = FixedItems((Placement("op-1", "a", 0),), ())
    instance = one_clinic(weeks=3, min_weeks_b=1, fixed=fixed)
    value = {("op-1", "a", w): 1.0 for w in range(3)}
    result = rotate(instance, value)
    assert Placement("op-1", "a", 0) in result.placements
    assert any(p.site == "b" for p in result.placements)
    assert validate(instance, Plan(instance.name, result.placements, ())) == []


def test_no_rotation_when_the_rules_clash():
    instance = one_clinic(min_weeks_b=2, fixed=FixedItems((Placement("op-1", "a", 0),), ()))
    result = rotate(instance, {})
    assert (result.status, result.placements) == ("INFEASIBLE", None)


def test_one_worker_buys_fewer_deterministic_units_than_seconds():
    """One worker: CP-SAT's deterministic units per second of budget (runs repeat, and a
    unit of it takes seconds on the benchmark's machine), the clock only as a safety net;
    several workers: the clock."""
    one = new_solver(10.0, seed=3, workers=1).parameters
    assert one.num_workers == 1 and one.random_seed == 3
    assert one.max_deterministic_time == DETERMINISTIC_PER_S * 10.0 < 10.0
    assert one.max_time_in_seconds == 200.0
    two = new_solver(10.0, seed=3, workers=2).parameters
    assert (two.num_workers, two.max_time_in_seconds) == (2, 10.0)
    assert two.max_deterministic_time > 1e9  # CP-SAT's default: no limit
