"""From a rotation to a whole plan, and from a doubtful plan to a valid one.

`allocate` books the fixed sessions and asks the allocation LP how the rotation's rooms
and clinicians are best shared (which also tells what the rotation is worth); `staff`
then staffs each week with CP-SAT. `keep_valid` rebuilds a
plan session by session, keeping only what the rules allow, so that the planner never
returns a plan that breaks them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..contract.domain import Placement, Plan
from ..model.weights import Weights
from ..rules.facts import Facts
from ..rules.hard import can_staff, runs
from ..rules.validate import validate
from .allocation import Allocation
from .filling import fill_rooms
from .first_staffing import WeekGoal
from .roster import Roster, book_fixed
from .staffing import staff_weeks

# Allocation LP counts are rounded to targets; a count this close to the next whole
# session is rounded up.
ROUND_UP_FROM = 0.5
GUIDE_FROM = 0.01  # smaller LP counts are left out of the greedy first solution


@dataclass
class Allocated:
    """A rotation with its fixed sessions booked and its allocation LP solved."""

    roster: Roster
    allocation: Allocation
    # the allocation LP's referrals served (each counted by its service's weight when the
    # weights give them): a bound for this rotation
    served: float | None


def allocate(
    facts: Facts,
    placements: tuple[Placement, ...],
    weights: Weights,
    *,
    lp_time_s: float,
    deterministic: bool,
    refine: bool = True,
) -> Allocated | None:
    """Book the fixed sessions on the rotation and solve its allocation LP (with `refine`,
    its second solve too: travel and equity among equal coverage).

    None when a fixed session cannot be booked on this rotation.
    """
    roster = Roster(facts, placements)
    if book_fixed(roster):
        return None
    allocation = Allocation(roster, deterministic=deterministic)
    return Allocated(roster, allocation, allocation.solve(weights, lp_time_s, refine))


def staff(
    facts: Facts,
    allocated: Allocated,
    *,
    week_time_s: float,
    seed: int,
    workers: int,
    notify: Callable[[], None] | None = None,
    weeks: Iterable[int] | None = None,
) -> Plan:
    """Staff each week of an allocated rotation with CP-SAT, then fill what is left.

    Only `weeks` are staffed when given (the allocation LP's weeks); sessions the roster
    already holds stay.
    """
    roster, allocation, solved = allocated.roster, allocated.allocation, allocated.served
    targets = allocation.targets if solved is not None else {}
    guide = allocation.per_halfday if solved is not None else {}
    people = allocation.people if solved is not None else {}
    prices = allocation.prices if solved is not None else {}
    worth = allocation.worth
    goals = []
    for week in range(facts.weeks) if weeks is None else weeks:
        goal = WeekGoal(
            targets={
                (u, k): math.floor(n + 1 - ROUND_UP_FROM)
                for (u, k, w), n in targets.items()
                if w == week and n >= ROUND_UP_FROM
            },
            extra={(s, k): v for (s, k, w), v in prices.items() if w is None or w == week},
            guide={
                (u, facts.halfdays[week][i], k): n
                for (u, k, w, i), n in guide.items()
                if w == week and n > GUIDE_FROM
            },
            people={
                (c, u, facts.halfdays[week][i]): v
                for (c, u, w, i), v in people.items()
                if w == week
            },
            worth=worth,
        )
        goals.append((week, goal))
    staff_weeks(
        roster, goals, week_time_s=week_time_s, seed=seed, workers=workers, on_solution=notify
    )
    # Rooms and clinicians the weeks left unused serve what demand is still near.
    fill_rooms(facts, roster, worth)
    return Plan(facts.instance.name, roster.placements, tuple(roster.sessions))


def keep_valid(facts: Facts, plan: Plan) -> Plan | None:
    """Return `plan` if valid; else its placements with the sessions the rules allow.

    Sessions are re-booked one by one after the fixed ones; a session that would break a
    rule is dropped. None when even that leaves the plan invalid (its placements break
    rules 1-3 or 8, or a fixed item cannot be kept).
    """
    inst = facts.instance
    if not validate(inst, plan):
        return plan
    placements = tuple(
        p
        for p in plan.placements
        if p.unit in inst.unit_by_id and p.site in inst.site_by_id and 0 <= p.week < facts.weeks
    )
    roster = Roster(facts, placements)
    book_fixed(roster)
    for s in plan.sessions:
        service = inst.service_by_id.get(s.service)
        unit = inst.unit_by_id.get(s.unit)
        known = all(c in inst.clinician_by_id for c in s.clinicians)
        if service is None or unit is None or not known or s.room < 0:
            continue
        skills = [frozenset(inst.clinician_by_id[c].skills) for c in s.clinicians]
        if runs(unit, service) and can_staff(service.staff, skills) and roster.fits(s):
            roster.book(s)
    repaired = Plan(inst.name, roster.placements, tuple(roster.sessions))
    return None if validate(inst, repaired) else repaired
