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
# The second LP keeps all but this fraction of the most value (referrals) the first one served.
SERVED_FLOOR = 1 - 1e-4


class Relaxation:
    """The LP, built once and re-solved as placements get fixed."""

    def __init__(
        self,
        facts: Facts,
        deterministic: bool = False,
        arrivals: bool = False,
        weights: Weights | None = None,
    ) -> None:
        """Build the LP; setup days count only with `arrivals` (a guide, slower to solve).

        Without them the bound is hardly higher and GLOP is up to twenty times faster.
        With service weights (`weights.by_service`), `max_value` and `refine` count each
        referral by its service's weight; `max_served` still counts referrals, for the
        bound on coverage.
        """
        self.facts = facts
        self.lin = lin = LpLinear(deterministic)
        self.placements = add_placements(lin, facts, arrivals=arrivals)
        self.capacity = add_capacity(lin, facts, self.placements, planned_services(facts))
        self.referrals = add_referrals(lin, facts, self.capacity)
        self.served = lin.total(self.referrals.served())
        weights = weights or Weights()
        self.weights = weights
        self.value = lin.total(self.referrals.value(weights)) if weights.by_service else self.served
        demand = facts.instance.demand_per_week
        self.demand = sum(v * facts.weeks for v in demand.values())
        # demand_value: the value of serving every referral (`demand` without weights)
        self.demand_value = sum(
            weights.service(k) * v * facts.weeks for (_, k), v in demand.items()
        )
        self._floor = lin.solver.Add(self.value >= 0)
        self.lowest = add_lowest_locality(lin, self.referrals)

    def max_served(self, time_limit_s: float) -> float | None:
        """Solve for the most referrals served; None when GLOP fails or runs out of time."""
        self._floor.SetLb(0.0)
        self.lin.maximize(self.served)
        return self.lin.solve(time_limit_s)

    def max_value(self, time_limit_s: float) -> float | None:
        """Solve for the most value served (`max_served` without service weights): the
        planner's guide. None when GLOP fails or runs out of time."""
        self._floor.SetLb(0.0)
        self.lin.maximize(self.value)
        return self.lin.solve(time_limit_s)

    def bound(self, served: float) -> float:
        """Coverage bound from `max_served`'s optimum (with the placements left free)."""
        if self.demand <= 0:
            return 1.0
        return min(1.0, served / self.demand + BOUND_SLACK)

    def value_bound(self, value: float) -> float:
        """Bound on the value served per referral of demand (`bound` without service
        weights) from `max_value`'s optimum, with the placements left free."""
        if self.demand <= 0:
            return 0.0
        return min(self.demand_value / self.demand, value / self.demand + BOUND_SLACK)

    def refine(self, value: float, weights: Weights, time_limit_s: float) -> bool:
        """Among near-optimal flows (`value` from `max_value`), raise the worst locality's
        coverage; False on failure.

        Travel and moves are left to the later stages: with them in its objective GLOP
        takes several times longer, and the rotation and allocation handle them anyway.
        """
        lowest = self.lowest
        if lowest is None or weights.min_locality_coverage <= 0:
            return True
        self._floor.SetLb(value * SERVED_FLOOR)
        terms = [weights.coverage * self.value, weights.min_locality_coverage * lowest]
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
        """What one more slot of k at s (in week w, or any week) would add to the value served
        (referrals served without service weights), after `max_value`."""
        return {
            key: min(self.weights.service(key[1]), abs(row.dual_value()))
            for key, row in self.referrals.slot_rows.items()
        }
