"""One week's CP-SAT model for the session stage (`staffing`): which sessions run in which
unit and half-day and which clinicians staff them, under every part of rule 7, with the
greedy first solution (`first_staffing`) hinted whole.

The objective rewards each session by its slots (each worth its service's weight, 1 without
weights): fully up to the count the relaxation planned for its site, and by what one more
slot there is worth beyond it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from ..contract.domain import Session
from ..rules.hard import week_sessions_left
from .first_staffing import WeekGoal, first_solution
from .roster import Roster

# CP-SAT objectives are integers: a slot's value in referrals is scaled by this much (a
# service weighted by value counts to a hundredth of a referral per slot).
POINTS_PER_SLOT = 100
# A dual price is what one more slot is worth, for a small change only: sessions beyond the
# target count at this fraction of it, so that reaching every target always comes first.
EXTRA_DISCOUNT = 0.5


@dataclass
class WeekModel:
    """One week's CP-SAT model, with its first solution hinted (and not booked)."""

    roster: Roster
    week: int
    model: cp_model.CpModel
    runs: dict[tuple[str, Any, str], Any]
    works: dict[tuple[str, str, Any, str, str], Any]
    first: list[Session]

    @classmethod
    def build(cls, roster: Roster, week: int, goal: WeekGoal) -> WeekModel | None:
        """The week's model; None when no session can run."""
        facts, inst = roster.facts, roster.facts.instance
        model = cp_model.CpModel()
        # runs[u, hd, k]: sessions of service k in unit u on half-day hd
        runs: dict[tuple[str, Any, str], Any] = {}
        # works[c, u, hd, k, skill]: clinician c fills a `skill` place of a (u, hd, k) session
        works: dict[tuple[str, str, Any, str, str], Any] = {}
        wanted = {key for key, v in goal.extra.items() if v > 0}
        for u in inst.units:
            site = roster.site.get((u.id, week))
            if site is None:
                continue
            services = [
                k
                for k in facts.unit_services[u.id]
                if (site, k) in wanted or goal.targets.get((u.id, k), 0) > 0
            ]
            for hd in facts.halfdays[week]:
                if not services or roster.hosts(u.id, *hd) is None:
                    continue
                rooms = len(roster.free_rooms(u.id, *hd))
                here = []
                for k in services:
                    if rooms and _add_session(roster, model, runs, works, u.id, site, hd, k, rooms):
                        here.append(runs[u.id, hd, k])
                if len(here) > 1:
                    model.add(sum(here) <= rooms)
        if not runs:
            return None
        on_site = _clinician_limits(roster, model, works, week)
        per_unit: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for (u, _, k), var in runs.items():
            per_unit[u, k].append(var)
        objective = []
        hits: dict[tuple[str, str], tuple[Any, int]] = {}
        for (u, k), counts in per_unit.items():
            slots = inst.service_by_id[k].slots_per_session
            worth = goal.worth.get(k, 1.0)
            extra = EXTRA_DISCOUNT * goal.extra.get((roster.site[u, week], k), 0.0)
            held = sum(counts)
            target = goal.targets.get((u, k), 0)
            if target > 0:
                # hit: sessions up to the target, each worth all its slots
                hit = model.new_int_var(0, target, f"hit[{u},{k}]")
                hits[u, k] = (hit, target)
                model.add(hit <= held)
                objective.append(round(POINTS_PER_SLOT * slots * (worth - extra)) * hit)
            objective.append(round(POINTS_PER_SLOT * slots * extra) * held)
        model.maximize(sum(objective))
        first = _hint(roster, model, (runs, works, on_site, hits), week, goal)
        return cls(roster, week, model, runs, works, first)

    def book(self, solver: cp_model.CpSolver, status) -> dict[tuple[str, str], int]:
        """Book the solution found; the first solution when CP-SAT found none in time (at
        120 sites a week's model takes CP-SAT 2 s or more to start from), valid by
        construction, rather than nothing."""
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _keep(self.roster, self.first)
        return _book(self.roster, solver, self.runs, self.works, self.week)


def _add_session(roster, model, runs, works, unit_id, site, hd, k, rooms) -> bool:
    """Add runs[u, hd, k] and the works variables of clinicians who could staff it."""
    facts = roster.facts
    need = Counter(facts.instance.service_by_id[k].staff)
    candidates = {
        skill: [c for c in facts.skilled.get(skill, ()) if roster.can_work(c, site, *hd)]
        for skill in need
    }
    if any(len(candidates[skill]) < n for skill, n in need.items()):
        return False
    most = min([rooms] + [len(candidates[skill]) // n for skill, n in need.items()])
    var = runs[unit_id, hd, k] = model.new_int_var(0, most, f"runs[{unit_id},{hd},{k}]")
    for skill, n in need.items():
        places = []
        for c in candidates[skill]:
            key = (c, unit_id, hd, k, skill)
            works[key] = model.new_bool_var(f"works[{c},{unit_id},{hd},{k},{skill}]")
            places.append(works[key])
        model.add(sum(places) == n * var)
    return True


def _clinician_limits(roster: Roster, model, works, week: int) -> dict[tuple, Any]:
    """One session per half-day, one site per date, the weekly limit (rule 7).

    Returns the on_site[c, date, site] variables (for clinicians who could work at two
    sites that date)."""
    facts = roster.facts
    by_halfday: dict[tuple[str, Any], list[Any]] = defaultdict(list)
    by_site: dict[tuple[str, Any], dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    by_week: dict[str, list[Any]] = defaultdict(list)
    on_site: dict[tuple, Any] = {}
    for (c, u, hd, _, _), var in works.items():
        by_halfday[c, hd].append(var)
        by_site[c, hd[0]][roster.site[u, week]].append(var)
        by_week[c].append(var)
    for places in by_halfday.values():
        if len(places) > 1:
            model.add_at_most_one(places)
    for (c, day), sites in by_site.items():
        if len(sites) < 2:
            continue
        # on_site[c, day, s]: clinician c works at site s on this date
        here = {s: model.new_bool_var(f"on_site[{c},{day},{s}]") for s in sites}
        on_site.update({(c, day, s): var for s, var in here.items()})
        model.add_at_most_one(here.values())
        for s, places in sites.items():
            for var in places:
                model.add_implication(var, here[s])
    for c, places in by_week.items():
        left = week_sessions_left(facts.instance.clinician_by_id[c], roster.in_week[c, week])
        if left is not None and left < len(places):
            model.add(sum(places) <= left)
    return on_site


def _book(roster: Roster, solver, runs, works, week: int) -> dict[tuple[str, str], int]:
    """Turn the solution into sessions with rooms and teams, and book them."""
    inst = roster.facts.instance
    held: dict[tuple[str, str], int] = defaultdict(int)
    # chosen[u, hd, k, skill]: clinicians filling `skill` places of (u, hd, k) sessions
    chosen: dict[tuple[str, Any, str, str], list[str]] = defaultdict(list)
    for (c, u, hd, k, skill), var in works.items():
        if solver.value(var):
            chosen[u, hd, k, skill].append(c)
    for (u, hd, k), var in sorted(runs.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
        n = solver.value(var)
        if n <= 0:
            continue
        staff = inst.service_by_id[k].staff
        rooms = roster.free_rooms(u, *hd)
        for room in rooms[:n]:
            team = tuple(chosen[u, hd, k, skill].pop() for skill in staff)
            roster.book(Session(u, hd[0], hd[1], room, k, team))
            held[roster.site[u, week], k] += 1
    return held


def _keep(roster: Roster, sessions: list[Session]) -> dict[tuple[str, str], int]:
    """Book `sessions` again (a first solution, unbooked after hinting)."""
    for s in sessions:
        roster.book(s)
    return per_site(roster, sessions)


def per_site(roster: Roster, sessions: list[Session]) -> dict[tuple[str, str], int]:
    """Sessions per (site, service) among `sessions`, booked in `roster`."""
    held: dict[tuple[str, str], int] = defaultdict(int)
    for s in sessions:
        held[roster.site[s.unit, roster.facts.horizon.week_of(s.date)], s.service] += 1
    return held


def _hint(roster: Roster, model, variables, week: int, goal: WeekGoal) -> list[Session]:
    """Book a first solution (`first_solution`), hint it, unbook it and return it.

    Every variable is hinted, so that the hint is a whole solution CP-SAT starts from
    (a partial hint may be lost under a short time limit)."""
    runs, works, on_site, hits = variables
    inst = roster.facts.instance
    booked = first_solution(roster, week, goal, set(runs))
    count: dict[tuple[str, Any, str], int] = defaultdict(int)
    chosen = set()
    for s in booked:
        count[s.unit, (s.date, s.session), s.service] += 1
        for c, skill in zip(s.clinicians, inst.service_by_id[s.service].staff, strict=True):
            chosen.add((c, s.unit, (s.date, s.session), s.service, skill))
    for key, var in runs.items():
        model.add_hint(var, min(count[key], list(var.proto.domain)[-1]))
    for key, var in works.items():
        model.add_hint(var, key in chosen)
    where = {(c, s.date, roster.site[s.unit, week]) for s in booked for c in s.clinicians}
    for key, var in on_site.items():
        model.add_hint(var, key in where)
    held: dict[tuple[str, str], int] = defaultdict(int)
    for (u, _, k), n in count.items():
        held[u, k] += n
    for key, (var, target) in hits.items():
        model.add_hint(var, min(target, held[key]))
    for s in reversed(booked):
        roster.unbook(s)
    return booked
