"""One way of writing a linear model, solved either by CP-SAT or as a linear relaxation by GLOP.

The rotation model is written once against `Linear`: CP-SAT searches it for plans, and GLOP
solves its continuous relaxation, whose optimum is a proven upper bound on coverage.
Constraints may be put in named groups; CP-SAT enforces each group by one literal, so that
the model can be asked which groups clash (`sufficient_assumptions_for_infeasibility`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

# With deterministic limits, the wall clock stops a solve only at this multiple of them.
WALL_SAFETY = 20
# GLOP's options: Maros' initial basis for the guide that counts setup days (clinician-bound
# seed 1: 7.1 s against 8.4 s with the default; without presolve, fleet-bound seed 2 11.2 s
# against 7.3 s). The whole rotation's allocation LP solves 1.4 to 3.5 times faster with
# GLOP's default basis (2026-11-30: West Herts seeds 1 and 3, 6.0 s and 9.7 s against
# 10.0 s and 13.5 s; fleet-bound seed 1, 1.1 s against 3.8 s), so it asks for none
# (`LpLinear(options="")`).
GLOP_OPTIONS = "initial_basis: MAROS"
# Without presolve, for the relaxation without setup days (the bound: 16 s against 23 s at
# 120 sites, 3.0 s against 5.4 s at West Herts) and the allocation LP of a few weeks with
# the rest booked (120 sites: 0.45 s against 0.8 s for one week, 2.3 s against 9.3 s for
# four; the same or a little faster at 30-60 sites). GLOP's presolve costs more than it
# saves on these (2026-11-30, `initial_basis` left at its default).
NO_PRESOLVE = "use_preprocessing: false"


class Linear:
    """The operations a model needs; `integral` tells whether variables are integers."""

    integral: bool

    def new_bool(self, name: str) -> Any:
        raise NotImplementedError

    def new_int(self, lb: int, ub: int, name: str) -> Any:
        raise NotImplementedError

    def total(self, terms: Iterable[Any]) -> Any:
        raise NotImplementedError

    def add(self, constraint: Any, group: str | None = None) -> Any:
        """Add a constraint (in `group` when given); return the solver's handle of it."""
        raise NotImplementedError

    def maximize(self, expression: Any) -> None:
        raise NotImplementedError


class CpLinear(Linear):
    """A CP-SAT model.

    With `assumable`, `groups[label]` is the literal enforcing a group of constraints, to be
    passed to CP-SAT as an assumption; otherwise groups are always enforced.
    """

    integral = True

    def __init__(self, assumable: bool = False) -> None:
        self.model = cp_model.CpModel()
        self.assumable = assumable
        self.groups: dict[str, cp_model.IntVar] = {}

    def new_bool(self, name: str) -> cp_model.IntVar:
        return self.model.new_bool_var(name)

    def new_int(self, lb: int, ub: int, name: str) -> cp_model.IntVar:
        return self.model.new_int_var(lb, ub, name)

    def total(self, terms: Iterable[Any]) -> Any:
        return cp_model.LinearExpr.sum(list(terms))

    def add(self, constraint: Any, group: str | None = None) -> Any:
        if isinstance(constraint, bool):
            # A comparison Python settled already (no variable left in it).
            if constraint:
                return None
            return self.model.add_bool_or([]).only_enforce_if(self.group(group))
        added = self.model.add(constraint)
        if group is not None and self.assumable:
            added.only_enforce_if(self.group(group))
        return added

    def group(self, label: str | None) -> Any:
        """The literal enforcing group `label` (constant true unless `assumable`)."""
        if label is None or not self.assumable:
            return self.model.new_constant(1)
        if label not in self.groups:
            self.groups[label] = self.model.new_bool_var(label)
        return self.groups[label]

    def maximize(self, expression: Any) -> None:
        self.model.maximize(expression)


class LpVar:
    """A GLOP variable in a model's sums: `var` is the solver's; other attributes (its
    `solution_value`, `SetBounds`) are the solver variable's."""

    __slots__ = ("var",)

    def __init__(self, var: pywraplp.Variable) -> None:
        self.var = var

    def __getattr__(self, name: str) -> Any:
        return getattr(self.var, name)

    __hash__ = object.__hash__  # by identity, as a key of `LpSum.coefficients`

    def _sum(self) -> LpSum:
        return LpSum({self: 1.0})

    def __add__(self, other: Any) -> LpSum:
        return self._sum() + other

    __radd__ = __add__

    def __sub__(self, other: Any) -> LpSum:
        return self._sum() - other

    def __rsub__(self, other: Any) -> LpSum:
        return other - self._sum()

    def __neg__(self) -> LpSum:
        return LpSum({self: -1.0})

    def __mul__(self, factor: float) -> LpSum:
        return LpSum({self: float(factor)})

    __rmul__ = __mul__

    def __le__(self, other: Any) -> LpRow:
        return self._sum() <= other

    def __ge__(self, other: Any) -> LpRow:
        return self._sum() >= other

    def __eq__(self, other: Any) -> LpRow:  # type: ignore[override]
        return self._sum() == other


class LpSum:
    """A linear expression for GLOP: coefficients by variable and a constant.

    OR-Tools' natural API walks an expression tree term by term to read it, a Python call
    or two per term; these sums merge as they are built, so a constraint costs a dict and
    a coefficient per variable (at 120 sites the relaxation builds in 7.2 s against 10.2 s,
    the allocation LP in 6.3 s against 9.0 s)."""

    __slots__ = ("coefficients", "constant")

    def __init__(self, coefficients: dict[LpVar, float], constant: float = 0.0) -> None:
        self.coefficients = coefficients
        self.constant = constant

    @staticmethod
    def of(terms: Iterable[Any]) -> LpSum:
        """The sum of `terms`: variables, sums and numbers."""
        coefficients: dict[LpVar, float] = {}
        constant = 0.0
        for term in terms:
            kind = type(term)
            if kind is LpVar:
                coefficients[term] = coefficients.get(term, 0.0) + 1.0
            elif kind is LpSum:
                for var, factor in term.coefficients.items():
                    coefficients[var] = coefficients.get(var, 0.0) + factor
                constant += term.constant
            else:
                constant += float(term)  # a number; anything else is an error
        return LpSum(coefficients, constant)

    def __add__(self, other: Any) -> LpSum:
        return LpSum.of((self, other))

    __radd__ = __add__

    def __neg__(self) -> LpSum:
        return self * -1.0

    def __sub__(self, other: Any) -> LpSum:
        return LpSum.of((self, -other))

    def __rsub__(self, other: Any) -> LpSum:
        return LpSum.of((other, -self))

    def __mul__(self, factor: float) -> LpSum:
        factor = float(factor)
        return LpSum({v: c * factor for v, c in self.coefficients.items()}, self.constant * factor)

    __rmul__ = __mul__

    def _row(self, other: Any, low: float, high: float) -> LpRow:
        """`low <= self - other <= high`, the constants moved to the bounds."""
        if type(other) is int or type(other) is float:
            coefficients, shift = self.coefficients, self.constant - other
        else:
            difference = LpSum.of((self, -other))
            coefficients, shift = difference.coefficients, difference.constant
        return LpRow(coefficients, low - shift, high - shift)

    def __le__(self, other: Any) -> LpRow:
        return self._row(other, -math.inf, 0.0)

    def __ge__(self, other: Any) -> LpRow:
        return self._row(other, 0.0, math.inf)

    def __eq__(self, other: Any) -> LpRow:  # type: ignore[override]
        return self._row(other, 0.0, 0.0)

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class LpRow:
    """`low <= sum of coefficients * variables <= high` (bounds may be infinite)."""

    coefficients: dict[LpVar, float]
    low: float
    high: float


class LpLinear(Linear):
    """The continuous relaxation, solved by GLOP; groups are ignored (always enforced).

    Its variables are `LpVar`s and its sums `LpSum`s (not OR-Tools' natural API: see
    `LpSum`)."""

    integral = False

    def __init__(self, deterministic: bool = False, options: str = GLOP_OPTIONS) -> None:
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.infinity = self.solver.infinity()
        self.deterministic = deterministic
        self.options = options
        self.infeasible_constant = False

    def new_bool(self, name: str) -> LpVar:
        return LpVar(self.solver.NumVar(0.0, 1.0, name))

    def new_int(self, lb: int, ub: int, name: str) -> LpVar:
        return LpVar(self.solver.NumVar(float(lb), float(ub), name))

    def total(self, terms: Iterable[Any]) -> LpSum:
        return LpSum.of(terms)

    def add(self, constraint: Any, group: str | None = None) -> Any:
        if isinstance(constraint, bool):
            self.infeasible_constant |= not constraint
            return None
        inf = self.infinity
        low = constraint.low if constraint.low > -math.inf else -inf
        high = constraint.high if constraint.high < math.inf else inf
        row = self.solver.Constraint(low, high)
        for var, factor in constraint.coefficients.items():
            if factor:
                row.SetCoefficient(var.var, factor)
        return row

    def maximize(self, expression: Any) -> None:
        expression = LpSum.of((expression,))
        objective = self.solver.Objective()
        objective.Clear()
        for var, factor in expression.coefficients.items():
            objective.SetCoefficient(var.var, factor)
        objective.SetOffset(expression.constant)
        objective.SetMaximization()

    def solve(self, time_limit_s: float) -> float | None:
        """Return the optimum, or None when GLOP did not prove one in time.

        With `deterministic` set, the limit is GLOP's deterministic time (so that runs
        repeat exactly), with the wall clock at `WALL_SAFETY` times it as a safety net.
        """
        if self.infeasible_constant:
            return None
        options = self.options
        if self.deterministic:
            options += f" max_deterministic_time: {max(0.01, time_limit_s)}"
            time_limit_s *= WALL_SAFETY
        self.solver.SetSolverSpecificParametersAsString(options)
        self.solver.SetTimeLimit(max(1, int(time_limit_s * 1000)))
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        return self.solver.Objective().Value()
