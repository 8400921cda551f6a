"""Linear: one model text for CP-SAT and for GLOP, with assumable groups in CP-SAT."""

from __future__ import annotations

import pytest
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


def arithmetic(lin):
    """Every form the models write: sums of sums, products on either side, differences,
    constants on both sides, and each comparison both ways round."""
    x, y, z = (lin.new_int(0, 10, name) for name in "xyz")
    lin.add(lin.total([x, 2 * y, 1]) <= lin.total([z, 3]) * 2)  # x + 2y + 1 <= 2z + 6
    lin.add(3 >= x - y)  # x - y <= 3
    lin.add(lin.total([x, y]) == 7 - z + lin.total([]))  # x + y + z == 7
    lin.add(1 <= -(x * -1))  # x >= 1
    lin.add(z <= lin.total([4, y]) - 2)  # z <= y + 2
    lin.maximize(lin.total([3 * x, y * 2, -1 * z, 5]))
    return x, y, z


class NaturalApi(LpLinear):
    """The same LP written with OR-Tools' own expressions (the reference `LpSum` replaces)."""

    def new_int(self, lb, ub, name):
        return self.solver.NumVar(float(lb), float(ub), name)

    def total(self, terms):
        return self.solver.Sum(list(terms))

    def add(self, constraint, group=None):
        return self.solver.Add(constraint)

    def maximize(self, expression):
        self.solver.Maximize(expression)


def test_lp_sums_mean_what_ortools_own_expressions_mean():
    ours, theirs = LpLinear(deterministic=True), NaturalApi(deterministic=True)
    mine, reference = arithmetic(ours), arithmetic(theirs)
    assert ours.solve(5) == pytest.approx(theirs.solve(5)) == pytest.approx(20.0)
    # a fractional vertex (x = 31/7, y = 10/7, z = 8/7): every row was read alike
    values = [v.solution_value() for v in mine]
    assert values == pytest.approx([v.solution_value() for v in reference])
    assert values == pytest.approx([31 / 7, 10 / 7, 8 / 7])


def test_lp_variables_answer_as_glop_variables_do():
    lin = LpLinear()
    x = lin.new_int(0, 4, "x")
    row = lin.add(x <= 2)
    lin.maximize(x)
    assert lin.solve(5) == 2
    assert x.solution_value() == 2
    assert row.dual_value() == 1  # one more unit of the row's bound is worth one
    x.SetBounds(0.0, 1.0)
    assert lin.solve(5) == 1
    with pytest.raises(TypeError):
        lin.total([x, object()])  # neither a variable, a sum nor a number
