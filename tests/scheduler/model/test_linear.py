"""Linear: one model text for CP-SAT and for GLOP, with assumable groups in CP-SAT."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.model.linear import CpLinear, LpLinear


def build(lin):
    x, y = lin.new_int(0, 4, "x"), lin.new_int(0, 4, "y")
    lin.add(x + y <= 5)
    lin.add(x >= 3, "x big")
    lin.add(y >= 3, "y big")
    lin.maximize(lin.total([x, 2 * y]))
    return x, y


def test_the_lp_relaxation_solves_the_same_text():
    lin = LpLinear()
    build(lin)
    assert lin.solve(5) is None  # x >= 3 and y >= 3 break x + y <= 5
    lin = LpLinear(deterministic=True)
    x = lin.new_int(0, 4, "x")
    lin.add(x <= 2.5)
    lin.maximize(x)
    assert lin.solve(5) == 2.5


def test_cp_sat_names_the_groups_that_clash():
    lin = CpLinear(assumable=True)
    build(lin)
    lin.model.add_assumptions(list(lin.groups.values()))
    solver = cp_model.CpSolver()
    assert solver.solve(lin.model) == cp_model.INFEASIBLE
    names = {v.name for v in lin.groups.values()}
    core = {
        lin.model.get_bool_var_from_proto_index(i).name
        for i in solver.sufficient_assumptions_for_infeasibility()
    }
    assert core == names == {"x big", "y big"}


def test_groups_are_plain_constraints_unless_assumable():
    lin = CpLinear()
    x, y = build(lin)
    assert lin.groups == {}
    assert cp_model.CpSolver().solve(lin.model) == cp_model.INFEASIBLE
    lin.add(False)  # a settled comparison that fails makes the model infeasible
    lin.add(True)
