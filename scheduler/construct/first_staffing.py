"""What one week's sessions should achieve (`WeekGoal`, from the allocation LP) and the
greedy first solution that follows it: CP-SAT's starting point in `staffing`, and the
week's sessions by themselves when there is no time for CP-SAT.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..contract.domain import Session
from .roster import Roster


@dataclass(frozen=True)
class WeekGoal:
    """What the sessions of one week should achieve."""

    # targets[u, k]: sessions of service k that unit u should hold this week
    targets: Mapping[tuple[str, str], int]
    # extra[s, k]: value in referrals of one more slot of k at s, beyond its target
    extra: Mapping[tuple[str, str], float]
    # guide[u, hd, k]: sessions of k in unit u on half-day hd in the allocation LP, from
    # which a first solution is built greedily for CP-SAT to start from
    guide: Mapping[tuple[str, Any, str], float] = field(default_factory=dict)
    # people[c, u, hd]: clinician c in unit u on half-day hd in the allocation LP; the
    # first solution's teams are drawn from them first
    people: Mapping[tuple[str, str, Any], float] = field(default_factory=dict)
    # worth[k]: what a referral served of service k counts as (1.0 when not given)
    worth: Mapping[str, float] = field(default_factory=dict)


def first_solution(
    roster: Roster, week: int, goal: WeekGoal, offered: set[tuple[str, Any, str]]
) -> list[Session]:
    """Book the allocation LP's sessions of `week` greedily and return them.

    Only (unit, half-day, service) in `offered` are used. First the LP's whole sessions on
    its own half-days, then the rest of each (unit, service) target on the half-days the
    LP used most, then on any other with a free room and team (rounding the LP's
    fractional half-days alone would lose most of the sessions). Teams are drawn from the
    clinicians the LP put in that unit then (`goal.people`), then from anyone free.
    """
    booked: list[Session] = []
    wanted: dict[tuple[str, str], float] = defaultdict(float)
    for (u, _, k), n in goal.guide.items():
        wanted[u, k] += n
    prefer: dict[tuple[str, Any], dict[str, float]] = defaultdict(dict)
    for (c, u, hd), v in goal.people.items():
        prefer[u, hd][c] = v
    order = sorted(goal.targets.items(), key=lambda kv: -wanted[kv[0]])
    held: dict[tuple[str, str], int] = defaultdict(int)
    for whole in (True, False):
        for (u, k), target in order:
            site = roster.site.get((u, week))
            if site is None:
                continue
            days = [hd for hd in roster.facts.halfdays[week] if (u, hd, k) in offered]
            days.sort(key=lambda hd: -goal.guide.get((u, hd, k), 0.0))
            for hd in days:
                most = int(goal.guide.get((u, hd, k), 0.0) + 1e-6) if whole else target
                here = 0
                while held[u, k] < target and here < most and roster.free_rooms(u, *hd):
                    team = roster.team(k, site, *hd, prefer=prefer.get((u, hd)))
                    if team is None:
                        break
                    session = Session(u, hd[0], hd[1], roster.free_rooms(u, *hd)[0], k, team)
                    roster.book(session)
                    booked.append(session)
                    held[u, k] += 1
                    here += 1
    return booked


def offered(roster: Roster, week: int, goal: WeekGoal) -> set[tuple[str, Any, str]]:
    """(unit, half-day, service) a session may run in this week, teams aside (the first
    solution finds a team or skips)."""
    facts = roster.facts
    wanted = {key for key, v in goal.extra.items() if v > 0}
    out = set()
    for (u, w), site in roster.site.items():
        if w != week:
            continue
        services = [
            k
            for k in facts.unit_services[u]
            if (site, k) in wanted or goal.targets.get((u, k), 0) > 0
        ]
        for hd in facts.halfdays[week]:
            if services and roster.hosts(u, *hd) is not None and roster.free_rooms(u, *hd):
                out.update((u, hd, k) for k in services)
    return out
