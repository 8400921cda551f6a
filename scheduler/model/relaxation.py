"""The rotation model's linear relaxation: a proven upper bound on coverage, and a guide.

Every variable of `placement`, `capacity` and `referrals` is continuous here, setup days
are left out (by default), and every rule those modules state holds in every valid plan. So a valid
plan gives a feasible point of this LP serving as many referrals as its score says, and
the LP optimum bounds the coverage of every plan. Its solution also guides the rotation
(where units stand) and the session stage (how many sessions of what, and what one more
slot is worth).
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from ..contract.domain import Placement
from ..rules.facts import Facts
from .capacity import add_capacity, planned_services
from .linear import GLOP_OPTIONS, NO_PRESOLVE, LpLinear
from .placement import add_placements
from .referrals import add_referrals
from .weights import Weights

# GLOP's optimum is exact up to its tolerances; the bound is raised by this fraction of
# demand so that they never make it an underestimate.
BOUND_SLACK = 1e-6
# A placement worth less than this many referrals at the margin is worth nothing (GLOP's
# reduced costs of 1e-13 where nothing is gained; a placement worth anything adds tens).
WORTH_FROM = 1e-6


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
        With service weights (`weights.by_service`), `max_value` counts each
        referral by its service's weight; `max_served` still counts referrals, for the
        bound on coverage.
        """
        self.facts = facts
        # GLOP's options: see `linear.GLOP_OPTIONS` and `linear.NO_PRESOLVE`
        self.lin = lin = LpLinear(deterministic, GLOP_OPTIONS if arrivals else NO_PRESOLVE)
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

    def max_served(self, time_limit_s: float) -> float | None:
        """Solve for the most referrals served; None when GLOP fails or runs out of time."""
        self.lin.maximize(self.served)
        return self.lin.solve(time_limit_s)

    def max_value(self, time_limit_s: float) -> float | None:
        """Solve for the most value served (`max_served` without service weights): the
        planner's guide. None when GLOP fails or runs out of time."""
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

    def fix(self, placements: tuple[Placement, ...]) -> None:
        """Fix every placement variable to `placements` (the rest of the LP stays free)."""
        chosen = {(p.unit, p.site, p.week) for p in placements}
        for key, var in self.placements.at.items():
            value = 1.0 if key in chosen else 0.0
            var.SetBounds(value, value)

    def presence(
        self,
        where: Mapping[tuple[str, int], str],
        free: Set[tuple[str, int]],
        time_limit_s: float,
    ) -> dict[tuple[str, str, int], float] | None:
        """Each placement of the unit-weeks in `free` as the LP sets it (its presence), with
        every other unit-week fixed where `where` has it (off the road when absent) and the
        most value served; None when GLOP fails or runs out of time."""
        at = self.placements.at
        for (u, s, w), var in at.items():
            if (u, w) in free:
                var.SetBounds(0.0, 1.0)
            else:
                fixed = 1.0 if where.get((u, w)) == s else 0.0
                var.SetBounds(fixed, fixed)
        if self.max_value(time_limit_s) is None:
            return None
        return {(u, s, w): v.solution_value() for (u, s, w), v in at.items() if (u, w) in free}

    def worth(self, free: Set[tuple[str, int]]) -> dict[tuple[str, str, int], float]:
        """What one more unit of each placement of the unit-weeks in `free` would add to
        the value served, by the last solve (its reduced cost; for a placement held at 1,
        what it is worth at the margin); 0 below `WORTH_FROM` (GLOP's tolerances). Read
        after `max_value` with the placements fixed: one solve values every site of a
        unit's tour at once."""
        out = {}
        for (u, s, w), var in self.placements.at.items():
            if (u, w) in free:
                worth = var.reduced_cost()
                out[u, s, w] = worth if worth >= WORTH_FROM else 0.0
        return out

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
