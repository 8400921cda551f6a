"""add_placements: rules 2, 3, 8, 9 on placements, for CP-SAT and for the LP."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler import FixedItems, Placement
from scheduler.model.linear import CpLinear, LpLinear
from scheduler.model.placement import add_placements
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic


def solve_cp(instance, *, keep_rules=True, objective=None):
    lin = CpLinear()
    p = add_placements(lin, Facts(instance), keep_rules=keep_rules)
    if objective:
        lin.maximize(lin.total(objective(p)))
    solver = cp_model.CpSolver()
    status = solver.solve(lin.model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    chosen = {key for key, var in p.at.items() if found and solver.value(var)}
    return solver.status_name(status), chosen, p


def test_variables_exist_only_where_units_may_stand(tiny):
    _, _, p = solve_cp(tiny)
    assert ("op-1", "b", 1) not in p.at  # b is closed in week 1
    assert ("rad-1", "b", 0) not in p.at  # b hosts outpatients only
    assert ("rad-1", "a", 1) not in p.at  # rad-1 is off the road in week 1


def test_one_site_per_unit_week_and_pads():
    status, chosen, _ = solve_cp(one_clinic(), objective=lambda p: list(p.at.values()))
    assert status == "OPTIMAL" and len(chosen) == 2
    assert len({w for _, _, w in chosen}) == 2


def test_arrivals_are_charged_when_the_site_changes():
    def objective(p):
        wanted = [p.at["op-1", "a", 0], 2 * p.at["op-1", "b", 1]]
        return wanted + [-var for var in p.arrive.values()]

    # a then b: 3 less two arrivals; b both weeks: 2 and no arrival at all (cyclic).
    status, chosen, _ = solve_cp(one_clinic(), objective=objective)
    assert chosen == {("op-1", "b", 0), ("op-1", "b", 1)}


def test_minimum_visits_and_fixed_placements_are_groups():
    instance = one_clinic(min_weeks_b=1, fixed=FixedItems((Placement("op-1", "a", 0),), ()))
    status, chosen, p = solve_cp(instance)
    assert chosen == {("op-1", "a", 0), ("op-1", "b", 1)}
    assert p.groups["min_weeks:b"] == (8, "site b needs a unit in 1 week(s)")
    assert p.groups["fixed placement:op-1:a:0"][0] == 9


def test_the_relaxation_drops_visits_and_fixed_items():
    instance = one_clinic(min_weeks_b=2, fixed=FixedItems((Placement("op-1", "a", 0),), ()))
    assert solve_cp(instance)[0] == "INFEASIBLE"
    lin = LpLinear()
    add_placements(lin, Facts(instance), keep_rules=False)
    lin.maximize(lin.total([]))
    assert lin.solve(5) == 0.0
