"""Cheap proofs that no valid plan exists, each worded for the manager who can fix it.

These look at one requirement at a time (a site's minimum visits, a fixed placement, a
fixed session) against the calendar, the units and the clinicians. `explain` asks CP-SAT
about the combinations these checks cannot see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..contract.domain import WEEKDAYS, FixedSession
from .facts import Facts
from .hard import (
    can_fill,
    can_staff,
    over_pads,
    over_week_limit,
    room_exists,
    runs,
    site_hosts,
    site_unavailable,
    unit_unavailable,
    visits_missing,
    visits_short,
)


@dataclass(frozen=True)
class Problem:
    """A reason why no valid plan exists: the rule and what stands in its way."""

    rule: int
    message: str

    def __str__(self) -> str:
        return f"rule {self.rule}: {self.message}"


def _weeks(weeks: list[int]) -> str:
    return ", ".join(map(str, weeks)) if weeks else "none"


def site_visits(facts: Facts) -> Iterator[Problem]:
    """Rule 8: a site's minimum visits against the weeks any unit could stand there."""
    inst, w_count = facts.instance, facts.weeks
    for site in inst.sites:
        if not visits_missing(site):
            continue
        need = f"site {site.id} needs a unit in {site.min_weeks} week(s) (min_weeks)"
        hosts = [u for u in inst.units if site_hosts(site, u)]
        if visits_short(site, w_count):
            yield Problem(8, f"{need}, but the cycle has only {w_count} weeks")
        elif not hosts:
            types = ", ".join(site.unit_types)
            yield Problem(8, f"{need}, but there is no unit of the type(s) it hosts ({types})")
        else:
            possible = set()
            for u in hosts:
                possible |= set(facts.stand_weeks.get((u.id, site.id), ()))
            names = ", ".join(u.id for u in hosts)
            if not possible:
                closed = sorted(set(range(w_count)) - facts.site_weeks[site.id])
                yield Problem(
                    8,
                    f"{need}, but the only units it can host ({names}) are unavailable in every "
                    f"week it is open (it is closed in weeks {_weeks(closed)})",
                )
            elif visits_short(site, len(possible)):
                yield Problem(
                    8,
                    f"{need}, but the units it can host ({names}) can stand there in only "
                    f"{len(possible)} week(s): {_weeks(sorted(possible))}",
                )
    yield from _visits_by_type(facts)


def _visits_by_type(facts: Facts) -> Iterator[Problem]:
    """Sites only one unit type can serve need no more unit-weeks than those units have."""
    inst = facts.instance
    for unit_type in sorted({u.type for u in inst.units}):
        sites = [s for s in inst.sites if visits_missing(s) and s.unit_types == (unit_type,)]
        units = [u.id for u in inst.units if u.type == unit_type]
        needed = sum(visits_missing(s) for s in sites)
        available = sum(len(facts.unit_weeks[u]) for u in units)
        if sites and needed > available:
            names = ", ".join(s.id for s in sites)
            yield Problem(
                8,
                f"sites {names} host only {unit_type} units and need {needed} unit-weeks between "
                f"them (min_weeks), but the {unit_type} units ({', '.join(units)}) are on the "
                f"road for {available} weeks in all",
            )


def fixed_placements(facts: Facts) -> Iterator[Problem]:
    """Rules 2 and 3 on the fixed placements by themselves."""
    inst, h = facts.instance, facts.horizon
    sites_of: dict[tuple[str, int], set[str]] = defaultdict(set)
    units_at: dict[tuple[str, int], set[str]] = defaultdict(set)
    for p in inst.fixed.placements:
        unit, site = inst.unit_by_id[p.unit], inst.site_by_id[p.site]
        what = f"unit {p.unit} is fixed at site {p.site} in {h.week_label(p.week)}"
        sites_of[p.unit, p.week].add(p.site)
        units_at[p.site, p.week].add(p.unit)
        if not site_hosts(site, unit):
            yield Problem(3, f"{what}, but the site cannot host {unit.type} units")
        touched = unit_unavailable(h, unit, p.week)
        if touched:
            yield Problem(2, f"{what}, but the unit is unavailable {touched}")
        touched = site_unavailable(h, site, p.week)
        if touched:
            yield Problem(3, f"{what}, but the site is unavailable {touched}")
    for (unit, week), sites in sorted(sites_of.items()):
        if len(sites) > 1:
            yield Problem(
                2,
                f"unit {unit} is fixed at {len(sites)} sites in week {week}: "
                f"{', '.join(sorted(sites))}",
            )
    for (site, week), units in sorted(units_at.items()):
        pads = inst.site_by_id[site].pads
        if over_pads(inst.site_by_id[site], len(units)):
            yield Problem(
                3,
                f"site {site} has {pads} pad(s) but {len(units)} units are fixed "
                f"there in week {week}: {', '.join(sorted(units))}",
            )


def fixed_sessions(facts: Facts) -> Iterator[Problem]:
    """Rules 2, 4-7 on each fixed session by itself, and on fixed sessions together."""
    for f in facts.instance.fixed.sessions:
        yield from _one_session(facts, f)
    yield from _sessions_together(facts)


def _one_session(facts: Facts, f: FixedSession) -> Iterator[Problem]:
    inst, h = facts.instance, facts.horizon
    what = f.label()
    if f.date is not None:
        weekday = WEEKDAYS[f.date.weekday()]
        if weekday not in h.weekdays:
            yield Problem(4, f"{what} falls on a {weekday}, which is not a working weekday")
        if f.date in h.closed:
            yield Problem(4, f"{what} falls on {f.date}, a closed date")
    if f.session is not None and f.session not in h.sessions:
        yield Problem(4, f"{what} is in session {f.session}, which the horizon does not run")
    unit = inst.unit_by_id.get(f.unit) if f.unit is not None else None
    service = inst.service_by_id.get(f.service) if f.service is not None else None
    if unit is not None and f.date is not None and h.in_cycle(f.date):
        touched = unit_unavailable(h, unit, h.week_of(f.date))
        if touched:
            yield Problem(
                2,
                f"{what} needs unit {unit.id} on the road in week "
                f"{h.week_of(f.date)}, but it is unavailable {touched}",
            )
    if unit is not None and f.room is not None and not room_exists(unit, f.room):
        yield Problem(5, f"{what} is in room {f.room}, but unit {unit.id} has {unit.rooms}")
    if unit is not None and service is not None and not runs(unit, service):
        yield Problem(6, f"{what}: unit {unit.id} cannot run service {service.id}")
    if service is not None and f.clinicians is not None:
        skills = [frozenset(inst.clinician_by_id[c].skills) for c in f.clinicians]
        if not can_staff(service.staff, skills):
            yield Problem(
                7,
                f"{what}: clinicians {', '.join(f.clinicians)} cannot fill the "
                f"places of service {service.id} ({', '.join(service.staff)})",
            )
    if f.date is not None and f.session is not None:
        slot = f"{WEEKDAYS[f.date.weekday()]}-{f.session}"
        for c in f.clinicians or ():
            clinician = inst.clinician_by_id[c]
            if not clinician.is_available(f.date, f.session):
                yield Problem(7, f"{what}: clinician {c} does not work {slot}")
            if clinician.leave_on(f.date) is not None:
                yield Problem(7, f"{what}: clinician {c} is on leave on {f.date}")
        if f.clinicians is None and service is not None:
            yield from _shortage(facts, f, slot)


def _shortage(facts: Facts, f: FixedSession, slot: str) -> Iterator[Problem]:
    """A fixed session without named clinicians still needs some to be free."""
    inst = facts.instance
    service = inst.service_by_id[f.service]
    taken = {
        c
        for g in inst.fixed.sessions
        if g is not f and g.date == f.date and g.session == f.session
        for c in g.clinicians or ()
    }
    free = [
        c
        for c in inst.clinicians
        if (f.date, f.session) in facts.clinician_free[c.id] and c.id not in taken
    ]
    if not can_fill(service.staff, [frozenset(c.skills) for c in free]):
        for skill in sorted(set(service.staff)):
            holders = facts.skilled.get(skill, ())
            reasons = []
            for c in holders:
                clinician = inst.clinician_by_id[c]
                if not clinician.is_available(f.date, f.session):
                    reasons.append(f"{c} does not work {slot}")
                elif clinician.leave_on(f.date) is not None:
                    reasons.append(f"{c} is on leave")
                elif c in taken:
                    reasons.append(f"{c} is in another fixed session then")
            if len(holders) - len(reasons) < service.staff.count(skill):
                why = "; ".join(reasons) if reasons else f"nobody holds the skill {skill}"
                yield Problem(
                    7,
                    f"{f.label()} needs {service.staff.count(skill)} {skill} "
                    f"clinician(s) on {f.date} {f.session}, but too few are free "
                    f"({why})",
                )


def _sessions_together(facts: Facts) -> Iterator[Problem]:
    """Fixed sessions sharing a clinician's half-day, a room, or a clinician's week."""
    inst, h = facts.instance, facts.horizon
    by_halfday: dict[tuple, list[FixedSession]] = defaultdict(list)
    by_room: dict[tuple, list[FixedSession]] = defaultdict(list)
    by_week: dict[tuple[str, int], int] = defaultdict(int)
    for f in inst.fixed.sessions:
        if f.date is None or not h.in_cycle(f.date):
            continue
        for c in f.clinicians or ():
            if f.session is not None:
                by_halfday[c, f.date, f.session].append(f)
            by_week[c, h.week_of(f.date)] += 1
        if None not in (f.unit, f.session, f.room):
            by_room[f.unit, f.date, f.session, f.room].append(f)
    for (c, day, session), sessions in by_halfday.items():
        if len(sessions) > 1:
            yield Problem(
                7, f"clinician {c} is in {len(sessions)} fixed sessions on {day} {session}"
            )
    for (unit, day, session, room), sessions in by_room.items():
        if len(sessions) > 1:
            yield Problem(
                5,
                f"{len(sessions)} fixed sessions share room {room} of unit {unit} "
                f"on {day} {session}",
            )
    for (c, week), n in by_week.items():
        clinician = inst.clinician_by_id[c]
        if over_week_limit(clinician, n):
            yield Problem(
                7,
                f"clinician {c} has {n} fixed sessions in {h.week_label(week)}, "
                f"over their limit of {clinician.max_sessions_per_week} a week",
            )


def precheck(facts: Facts) -> list[Problem]:
    """Every problem the cheap checks find (empty when they find none)."""
    return [*site_visits(facts), *fixed_placements(facts), *fixed_sessions(facts)]
