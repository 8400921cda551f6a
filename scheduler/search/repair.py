"""One step of the large-neighbourhood search (`lns`, step 6 of `solve`): `Repair`.

A step frees one part of the best plan (a neighbourhood, see `neighbourhoods`), re-plans
that part with everything else kept, and offers the result (`candidates.Run.offer`), which
keeps it only when it beats the best plan by the contract's order of merit. So the plan
can only improve, however the step went.

A step, for a neighbourhood that frees placements:
1. The LP relaxation is re-solved with every other placement fixed; what it makes of
   each freed unit-week is that placement's value.
2. A small CP-SAT model over the freed unit-weeks only picks where they stand: the most
   value less the setup days of each arrival, within rules 2 and 3 (the model only offers
   allowed sites), pads left by the fixed rest, and rule 8 counted with the fixed rest.
3. The sessions of the freed weeks, and of the week after (whose setup days may change),
   are re-planned: the allocation LP for those weeks with every other session kept, then
   CP-SAT staffs them week by week (a `quick` neighbourhood: the LP's first solution
   alone), and leftover rooms are filled. A step whose LP runs out of time offers nothing.
A neighbourhood of sessions only does step 3 for its weeks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from ortools.sat.python import cp_model

from ..construct.allocation import Allocation
from ..construct.realize import Allocated, staff
from ..construct.roster import Roster, book_fixed
from ..construct.rotation import POINTS_PER_UNIT_WEEK, move_costs, new_solver
from ..contract.domain import Placement, Plan
from ..model.relaxation import Relaxation
from ..model.weights import Weights
from ..rules.facts import Facts
from ..rules.hard import pads_left, visits_missing
from .neighbourhoods import Neighbourhood

# Any placement is worth this much beyond the LP's value (in unit-weeks), so that a unit
# the LP leaves idle still stands somewhere rather than going off the road.
PLACED_VALUE = 0.05
# A step's budget is shared: placements (LP and CP-SAT), the allocation LP, staffing.
# The LP's values get 0.6 of the placements' share: with setup days counted, freeing
# 3 units for 3 weeks takes 0.4 s to solve at West Herts (8 weeks: 2.7 s), so with 0.2
# (0.36 s of a 3 s step) most steps there went without values (before 2026-11-30: 0.2,
# 0.5, 0.3).
PLACE_SHARE, LP_SHARE, STAFF_SHARE = 0.4, 0.35, 0.25


class Repair:
    """Re-plans a neighbourhood of a plan; holds what every step shares."""

    def __init__(
        self,
        facts: Facts,
        relaxation: Relaxation | None,
        weights: Weights,
        *,
        seed: int,
        workers: int,
    ) -> None:
        self.facts, self.relaxation, self.weights = facts, relaxation, weights
        self.seed, self.workers = seed, workers
        self.steps = 0
        self.sites_of = facts.stand_sites
        self.locked = locked_weeks(facts)
        self.move_cost = move_costs(facts)

    def __call__(self, plan: Plan, hood: Neighbourhood, budget_s: float) -> Plan | None:
        """The plan with `hood` re-planned, or None when the step found nothing to offer."""
        self.steps += 1
        weeks = self.facts.weeks
        placements = plan.placements
        restaff = set(hood.weeks)
        if hood.units and self.relaxation is not None:
            placements = self._place(plan, hood, PLACE_SHARE * budget_s)
            if placements is None:
                return None
            if set(placements) != set(plan.placements):
                restaff |= {(w + 1) % weeks for w in hood.weeks}
        return self._sessions(plan, placements, frozenset(restaff), budget_s, hood.quick)

    def _place(self, plan: Plan, hood: Neighbourhood, budget_s: float):
        """Steps 1 and 2: new placements for the freed unit-weeks (the rest as in `plan`)."""
        facts = self.facts
        where = {(p.unit, p.week): p.site for p in plan.placements}
        free = {
            (u, w)
            for u in hood.units
            for w in hood.weeks
            if (u, w) not in self.locked and self.sites_of.get((u, w))
        }
        if not free:
            return None
        value = self._values(where, free, 0.6 * budget_s)
        chosen = choose_window(
            facts,
            where,
            free,
            self.sites_of,
            value,
            self.move_cost,
            time_limit_s=max(0.1, 0.4 * budget_s),
            seed=self.seed + self.steps,
            workers=self.workers,
        )
        if chosen is None:
            return None
        kept = [p for p in plan.placements if (p.unit, p.week) not in free]
        new = [Placement(u, s, w) for (u, w), s in chosen.items() if s is not None]
        return tuple(sorted(kept + new, key=lambda p: (p.unit, p.week)))

    def _values(self, where, free, time_limit_s: float) -> dict[tuple[str, str, int], float]:
        """Step 1: the relaxation's presence of each freed unit-week's placements."""
        return self.relaxation.presence(where, free, max(0.2, time_limit_s)) or {}

    def _sessions(
        self, plan: Plan, placements, restaff: frozenset[int], budget_s: float, quick: bool
    ):
        """Step 3: keep every session outside `restaff`; re-plan the sessions of `restaff`
        (staffed by the allocation LP's first solution alone when `quick`)."""
        facts = self.facts
        roster = Roster(facts, placements)
        if book_fixed(roster):
            return None
        for s in plan.sessions:
            if facts.horizon.week_of(s.date) not in restaff and roster.fits(s):
                roster.book(s)
        allocation = Allocation(roster, deterministic=self.workers <= 1, weeks=restaff)
        # Coverage only: a step is judged first by coverage, and the second solve (travel,
        # equity) would cost as much again.
        served = allocation.solve(self.weights, max(0.2, LP_SHARE * budget_s), refine=False)
        if served is None:
            # Out of time: staffed without the LP's targets the weeks would lose their
            # sessions (120 sites, four weeks' LP in a 3 s step: 3 points lower), and the
            # offer would cost a score for nothing.
            return None
        return staff(
            facts,
            Allocated(roster, allocation, served),
            week_time_s=0.0 if quick else max(0.05, STAFF_SHARE * budget_s / len(restaff)),
            seed=self.seed + self.steps,
            workers=self.workers,
            weeks=sorted(restaff),
        )


def locked_weeks(facts: Facts) -> frozenset[tuple[str, int]]:
    """Unit-weeks a step never frees: fixed placements (rule 9), and the weeks of fixed
    sessions and the week before them (a move then would bring setup days onto them)."""
    inst, weeks = facts.instance, facts.weeks
    out = {(p.unit, p.week) for p in inst.fixed.placements}
    for f in inst.fixed.sessions:
        units = [f.unit] if f.unit is not None else [u.id for u in inst.units]
        if f.date is None:
            out |= {(u, w) for u in units for w in range(weeks)}
            continue
        week = facts.horizon.week_of(f.date)
        out |= {(u, w) for u in units for w in (week, (week - 1) % weeks)}
    return frozenset(out)


def choose_window(
    facts: Facts,
    where: Mapping[tuple[str, int], str],
    free: set[tuple[str, int]],
    sites_of: Mapping[tuple[str, int], Sequence[str]],
    value: Mapping[tuple[str, str, int], float],
    move_cost: Mapping[str, float],
    *,
    time_limit_s: float,
    seed: int,
    workers: int,
) -> dict[tuple[str, int], str | None] | None:
    """Where each freed unit-week stands (None: off the road), the rest staying `where`.

    Hard: one site per unit-week among `sites_of` (rules 2 and 3: types and dates); a
    site's pads less the units the rest keeps there; every site's `min_weeks` counting
    the rest (rule 8). Objective: `value` of each placement (plus `PLACED_VALUE`) less
    `move_cost` per arrival, against the rest's sites (rule 4, cyclic weeks).
    None when CP-SAT finds nothing in time (the current placements are always feasible).
    """
    inst, weeks = facts.instance, facts.weeks
    model = cp_model.CpModel()
    x: dict[tuple[str, str, int], cp_model.IntVar] = {}
    for u, w in sorted(free):
        here = [model.new_bool_var(f"x[{u},{s},{w}]") for s in sites_of[u, w]]
        x.update({(u, s, w): var for s, var in zip(sites_of[u, w], here, strict=True)})
        model.add_at_most_one(here)
        current = where.get((u, w))
        for s, var in zip(sites_of[u, w], here, strict=True):
            model.add_hint(var, s == current)
    others: dict[tuple[str, int], int] = defaultdict(int)
    for (u, w), s in where.items():
        if (u, w) not in free:
            others[s, w] += 1
    at_site: dict[tuple[str, int], list] = defaultdict(list)
    for (_, s, w), var in x.items():
        at_site[s, w].append(var)
    for (s, w), held in at_site.items():
        model.add(sum(held) <= max(0, pads_left(inst.site_by_id[s], others[s, w])))
    _min_weeks(model, facts, others, at_site)
    objective = [
        round(POINTS_PER_UNIT_WEEK * (value.get(key, 0.0) + PLACED_VALUE)) * var
        for key, var in x.items()
    ]
    for u, w in _arrival_weeks(free, weeks):
        charge = round(POINTS_PER_UNIT_WEEK * move_cost[u])
        arrive = model.new_bool_var(f"arrive[{u},{w}]")
        objective.append(-charge * arrive)
        before = (u, (w - 1) % weeks)
        for s in sites_of[u, w] if (u, w) in free else [where.get((u, w))]:
            if s is None:
                continue
            now = x[u, s, w] if (u, w) in free else 1
            then = x.get((u, s, before[1])) if before in free else int(where.get(before) == s)
            model.add(arrive >= now - (then if then is not None else 0))
    model.maximize(sum(objective))
    solver = new_solver(time_limit_s, seed, workers)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    out: dict[tuple[str, int], str | None] = {key: None for key in free}
    for (u, s, w), var in x.items():
        if solver.value(var):
            out[u, w] = s
    return out


def _arrival_weeks(free: set[tuple[str, int]], weeks: int) -> list[tuple[str, int]]:
    """Unit-weeks whose arrival depends on a freed unit-week: the freed ones and the next."""
    return sorted(free | {(u, (w + 1) % weeks) for u, w in free})


def _min_weeks(model, facts: Facts, others, at_site) -> None:
    """Rule 8 over the freed unit-weeks, with the weeks the rest already covers counted."""
    for site in facts.instance.sites:
        if not visits_missing(site):
            continue
        covered = sum(1 for w in range(facts.weeks) if others[site.id, w] > 0)
        need = visits_missing(site, covered)
        if not need:
            continue
        reach = []
        for w in range(facts.weeks):
            held = at_site.get((site.id, w))
            if held and not others[site.id, w]:
                occupied = model.new_bool_var(f"occupied[{site.id},{w}]")
                model.add(occupied <= sum(held))
                reach.append(occupied)
        model.add(sum(reach) >= need)
