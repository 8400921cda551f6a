"""How many sessions of each service can run at each site each week: rooms and staff.

The counts are a relaxation of rules 4-7: rooms per unit-week and per half-day (less the
days lost setting up, when the placements have arrival variables), and clinicians per
skill, per half-day and per week (availability, leave, weekly limits, travel), but not who
exactly works where. Every valid plan's counts
satisfy these constraints, so the LP relaxation's optimum is an upper bound; the session
stage then staffs the counts exactly.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..rules.facts import Facts
from ..rules.hard import runs
from .linear import Linear
from .placement import Placements


@dataclass
class Capacity:
    """The session-count variables of a model."""

    # sessions[s, k, w]: sessions of service k at site s in week w
    sessions: dict[tuple[str, str, int], Any] = field(default_factory=dict)
    # per_halfday[k, w, i]: sessions of service k in the i-th working half-day of week w
    per_halfday: dict[tuple[str, int, int], Any] = field(default_factory=dict)


def planned_services(facts: Facts) -> tuple[str, ...]:
    """Services worth planning: some demand for them and some team that could staff them."""
    wanted = {k for (_, k), per_week in facts.instance.demand_per_week.items() if per_week > 0}
    return tuple(k.id for k in facts.instance.services if k.id in wanted & facts.staffable)


def add_capacity(lin: Linear, facts: Facts, p: Placements, services: tuple[str, ...]) -> Capacity:
    """Add session counts bounded by rooms and by staff; see the module docstring."""
    inst = facts.instance
    able = {k: tuple(u.id for u in inst.units if runs(u, inst.service_by_id[k])) for k in services}
    cap = Capacity()
    stands: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for u, s, w in p.at:
        stands[u].append((s, w))
    for k in services:
        bound: dict[tuple[str, int], int] = defaultdict(int)
        for u in able[k]:
            rooms = inst.unit_by_id[u].rooms
            for s, w in stands[u]:
                bound[s, w] += rooms * len(facts.halfdays[w])
        for (s, w), most in bound.items():
            if most > 0:
                cap.sessions[s, k, w] = lin.new_int(0, most, f"sessions[{s},{k},{w}]")
    _rooms_per_site(lin, facts, p, cap, able)
    _rooms_per_halfday(lin, facts, p, cap, able)
    _staff(lin, facts, cap, services)
    return cap


def _unit_groups(facts: Facts, able: dict[str, tuple[str, ...]]) -> list[tuple[set, list]]:
    """(units, services only they run): Hall's condition for each service's set of units."""
    sets = {frozenset(units) for units in able.values()}
    for u in facts.instance.units:
        sets.add(frozenset(v.id for v in facts.instance.units if v.type == u.type))
    # sorted, so that the LP's rows come in the same order whatever the hash seed
    return [(set(v), [k for k, units in able.items() if set(units) <= v]) for v in _sorted(sets)]


def _rooms_per_site(lin: Linear, facts: Facts, p: Placements, cap: Capacity, able: dict) -> None:
    """Sessions at a site in a week fit the rooms of the units standing there."""
    inst = facts.instance
    by_site_week: dict[tuple[str, int], list[str]] = defaultdict(list)
    for u, s, w in p.at:
        by_site_week[s, w].append(u)
    for units, services in _unit_groups(facts, able):
        for (s, w), here in by_site_week.items():
            counts = [cap.sessions[s, k, w] for k in services if (s, k, w) in cap.sessions]
            hosts = [u for u in here if u in units]
            if not counts or not hosts:
                continue
            rooms = []
            for u in hosts:
                n = inst.unit_by_id[u].rooms
                lost = len(facts.setup_halfdays(u, w))
                rooms.append(n * len(facts.halfdays[w]) * p.at[u, s, w])
                if lost and p.arrive:
                    rooms.append(-n * lost * p.arrive[u, s, w])
            lin.add(lin.total(counts) <= lin.total(rooms))


def _rooms_per_halfday(lin: Linear, facts: Facts, p: Placements, cap: Capacity, able) -> None:
    """Sessions in one half-day fit the rooms of the units placed and set up then."""
    inst = facts.instance
    at_sites: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for (_, k, w), var in cap.sessions.items():
        at_sites[k, w].append(var)
    for (k, w), sites in at_sites.items():
        most = sum(inst.unit_by_id[u].rooms for u in able[k])
        parts = []
        for i, hd in enumerate(facts.halfdays[w]):
            # Whole sessions: each needs its own team, so at most this many run at once.
            teams = min(
                len(facts.free_holders(skill, hd)) // n
                for skill, n in Counter(inst.service_by_id[k].staff).items()
            )
            cap.per_halfday[k, w, i] = lin.new_int(0, min(most, teams), f"per_halfday[{k},{w},{i}]")
            parts.append(cap.per_halfday[k, w, i])
        lin.add(lin.total(parts) == lin.total(sites))
    for units, services in _unit_groups(facts, able):
        for w in range(facts.weeks):
            for i in range(len(facts.halfdays[w])):
                counts = [
                    cap.per_halfday[k, w, i] for k in services if (k, w, i) in cap.per_halfday
                ]
                if not counts:
                    continue
                rooms = []
                for u in sorted(units):
                    if not p.sites_of[u, w]:
                        continue
                    n = inst.unit_by_id[u].rooms
                    rooms.append(n * p.placed(lin, u, w))
                    if p.arrive and i < len(facts.setup_halfdays(u, w)):
                        rooms.append(-n * p.arrives(lin, u, w))
                lin.add(lin.total(counts) <= lin.total(rooms))


def _staff(lin: Linear, facts: Facts, cap: Capacity, services: tuple[str, ...]) -> None:
    """Places needing a set of skills fit the clinicians holding them (Hall's condition)."""
    inst = facts.instance
    need = {k: Counter(inst.service_by_id[k].staff) for k in services}
    used = {skill for k in services for skill in need[k]}
    skill_sets = {frozenset([skill]) for skill in used}
    skill_sets |= {frozenset(c.skills) & used for c in inst.clinicians}
    skill_sets = {s for s in skill_sets if s}
    for skills in _sorted(skill_sets):
        holders = [c.id for c in inst.clinicians if skills & set(c.skills)]
        weight = {k: sum(need[k][skill] for skill in skills) for k in services}
        for w in range(facts.weeks):
            free: Counter[int] = Counter()
            index = {hd: i for i, hd in enumerate(facts.halfdays[w])}
            for c in holders:
                free.update(index[hd] for hd in facts.clinician_halfdays.get((c, w), ()))
            week_places = []
            for i in range(len(facts.halfdays[w])):
                places = [
                    weight[k] * cap.per_halfday[k, w, i]
                    for k in services
                    if weight[k] and (k, w, i) in cap.per_halfday
                ]
                if places:
                    lin.add(lin.total(places) <= free[i])
                    week_places += places
            if week_places:
                lin.add(lin.total(week_places) <= sum(facts.clinician_cap(c, w) for c in holders))
            if len(skills) == 1:
                _staff_reach(lin, facts, cap, services, skills, holders, weight, w)


def _staff_reach(lin, facts, cap, services, skills, holders, weight, w) -> None:
    """At a site that some holders cannot reach, places fit the holders who can."""
    for s in facts.instance.sites:
        reaching = [c for c in holders if s.id in facts.clinician_sites[c]]
        if len(reaching) == len(holders):
            continue
        places = [
            weight[k] * cap.sessions[s.id, k, w]
            for k in services
            if weight[k] and (s.id, k, w) in cap.sessions
        ]
        if places:
            lin.add(lin.total(places) <= sum(facts.clinician_cap(c, w) for c in reaching))


def _sorted(sets: set[frozenset[str]]) -> list[frozenset[str]]:
    """Sets of names in one order, whatever Python's hash seed (GLOP's optimum among
    equals depends on the order of its rows, and one worker must repeat a run)."""
    return sorted(sets, key=sorted)
