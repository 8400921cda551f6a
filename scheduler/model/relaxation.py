"""The rotation model's linear relaxation: a proven upper bound on coverage, and a guide.

Every variable of `placement`, `capacity` and `referrals` is continuous here, setup days
are left out (by default), and every rule those modules state holds in every valid plan. So a valid
plan gives a feasible point of this LP serving as many referrals as its score says, and
the LP optimum bounds the coverage of every plan. Its solution also guides the rotation
(where units stand) and the session stage (how many sessions of what, and what one more
slot is worth).
"""

from __future__ import annotations

from ..contract.domain import Placement
from ..rules.facts import Facts
from .capacity import add_capacity, planned_services
from .linear import LpLinear
from .placement import add_placements
from .referrals import add_lowest_locality, add_referrals
from .weights import Weights

# GLOP's optimum is exact up to its tolerances; the bound is raised by this fraction of
# demand so that they never make it an underestimate.
BOUND_SLACK = 1e-6
# The second LP keeps all but this fraction of the most referrals the first one served.
SERVED_FLOOR = 1 - 1e-4


class Relaxation:
    """The LP, built once and re-solved as placements get fixed."""

    def __init__(self, facts: Facts, deterministic: bool = False, arrivals: bool = False) -> None:
        """Build the LP; setup days count only with `arrivals` (a guide, slower to solve).

        Without them the bound is hardly higher and GLOP is up to twenty times faster.
        """
        self.facts = facts
        self.lin = lin = LpLinear(deterministic)
        self.placements = add_placements(lin, facts, arrivals=arrivals)
        self.capacity = add_capacity(lin, facts, self.placements, planned_services(facts))
        self.referrals = add_referrals(lin, facts, self.capacity)
        self.served = lin.total(self.referrals.served())
        self.demand = sum(v * facts.weeks for v in facts.instance.demand_per_week.values())
        self._floor = lin.solver.Add(self.served >= 0)
        self.lowest = add_lowest_locality(lin, self.referrals)

    def max_served(self, time_limit_s: float) -> float | None:
        """Solve for the most referrals served; None when GLOP fails or runs out of time."""
        self._floor.SetLb(0.0)
        self.lin.maximize(self.served)
        return self.lin.solve(time_limit_s)

    def bound(self, served: float) -> float:
        """Coverage bound from `max_served`'s optimum (with the placements left free)."""
        if self.demand <= 0:
            return 1.0
        return min(1.0, served / self.demand + BOUND_SLACK)

    def refine(self, served: float, weights: Weights, time_limit_s: float) -> bool:
        """Among near-optimal flows, raise the worst locality's coverage; False on failure.

        Travel and moves are left to the later stages: with them in its objective GLOP
        takes several times longer, and the rotation and allocation handle them anyway.
        """
        lowest = self.lowest
        if lowest is None or weights.min_locality_coverage <= 0:
            return True
        self._floor.SetLb(served * SERVED_FLOOR)
        terms = [weights.coverage * self.served, weights.min_locality_coverage * lowest]
        self.lin.maximize(self.lin.total(terms))
        return self.lin.solve(time_limit_s) is not None

    def fix(self, placements: tuple[Placement, ...]) -> None:
        """Fix every placement variable to `placements` (the rest of the LP stays free)."""
        chosen = {(p.unit, p.site, p.week) for p in placements}
        for key, var in self.placements.at.items():
            value = 1.0 if key in chosen else 0.0
            var.SetBounds(value, value)

    def at_values(self) -> dict[tuple[str, str, int], float]:
        return {key: var.solution_value() for key, var in self.placements.at.items()}

    def session_counts(self) -> dict[tuple[str, str, int], float]:
        """sessions[s, k, w] of the last solution."""
        return {key: var.solution_value() for key, var in self.capacity.sessions.items()}

    def slot_values(self) -> dict[tuple[str, str, int | None], float]:
        """What one more slot of k at s (in week w, or any week) would add to referrals served."""
        return {
            key: min(1.0, abs(row.dual_value())) for key, row in self.referrals.slot_rows.items()
        }
