"""Why no valid plan exists, in words a manager can act on.

Cheap checks first (`rules.prechecks`); when none of them fires, CP-SAT is asked whether the
placement rules, every site's minimum visits and every fixed item can hold together, each
of those requirements enforced by an assumption literal. If they cannot, CP-SAT names a
set of assumptions that already clash, and that set becomes the explanation. When CP-SAT
cannot settle it in time, nothing is claimed: `explain` raises `Unsettled`.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from ..model.linear import CpLinear
from ..model.placement import add_placements
from ..rules.facts import Facts
from ..rules.prechecks import Problem, precheck
from .rotation import new_solver

HEADLINE = "No valid plan exists:"


class Unsettled(Exception):
    """CP-SAT could not settle in time whether the placement requirements can all hold."""

    def __init__(self, time_limit_s: float) -> None:
        super().__init__(time_limit_s)
        self.time_limit_s = time_limit_s

    def __str__(self) -> str:
        return (
            f"the planner could not tell in {self.time_limit_s:.0f} s whether the sites' "
            "minimum visits and the fixed items can all be met"
        )


def clashing_requirements(facts: Facts, time_limit_s: float) -> list[Problem] | None:
    """The requirements that clash, or None when they can hold.

    Raises:
        Unsettled: when CP-SAT could not settle it within `time_limit_s`.
    """
    lin = CpLinear(assumable=True)
    placements = add_placements(lin, facts)
    literals = {lin.groups[label].index: label for label in lin.groups}
    lin.model.add_assumptions(list(lin.groups.values()))
    # One worker, for the core of clashing assumptions; a deterministic unit a second, as
    # before `DETERMINISTIC_PER_S`: an explanation settled is worth its overrun (a 1 s
    # budget at 0.2 units left "undecided" an instance that 0.45 units settle).
    solver = new_solver(time_limit_s, seed=0, workers=1, per_s=1.0)
    status = solver.solve(lin.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    if status != cp_model.INFEASIBLE:
        raise Unsettled(time_limit_s)
    core = [literals[i] for i in solver.sufficient_assumptions_for_infeasibility()]
    if not core:  # the rules alone clash: no label to blame
        return [Problem(2, "the placement rules cannot be met (no label to show)")]
    return [Problem(*placements.groups[label]) for label in sorted(core)]


def explain(facts: Facts, time_limit_s: float = 10.0) -> str | None:
    """Return the explanation when no valid plan exists, or None when placements can be made.

    The text names the rules and the sites, units, clinicians or dates involved.

    Raises:
        Unsettled: when CP-SAT could not settle the question within `time_limit_s`.
    """
    problems = precheck(facts)
    if problems:
        return describe(problems)
    clash = clashing_requirements(facts, time_limit_s)
    if clash is None:
        return None
    return describe(clash, together=len(clash) > 1)


def describe(problems: list[Problem], together: bool = False) -> str:
    """The explanation text: a headline, then one line per problem."""
    lead = HEADLINE
    if together:
        lead += " these requirements cannot all hold together"
    return "\n".join([lead, *(f"- {p}" for p in problems)])
