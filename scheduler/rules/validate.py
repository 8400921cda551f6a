"""The nine hard rules every plan obeys, one function per rule, and `validate`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from ..contract.domain import WEEKDAYS, Instance, Placement, Plan, Session
from .clinicians import clinician_rules
from .hard import (
    capability_fits,
    over_pads,
    room_exists,
    site_hosts,
    site_unavailable,
    type_fits,
    unit_unavailable,
    visits_short,
)
from .matching import max_matching
from .tour import setup_dates, stands


@dataclass(frozen=True)
class Violation:
    """A broken hard rule; `message` names the entities, the week or date, and what is wrong."""

    rule: int
    message: str

    def __str__(self) -> str:
        return f"rule {self.rule}: {self.message}"


@dataclass
class Context:
    """What several rules need, computed once per validation."""

    instance: Instance
    plan: Plan
    # placements and sessions whose ids, weeks and dates fit the instance (rule 1)
    placements: list[Placement] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    # site[u, w]: the site where unit u stands in week w
    site: dict[tuple[str, int], str] = field(default_factory=dict)


def _placement_label(p: Placement) -> str:
    return f"placement of unit {p.unit} at site {p.site} in week {p.week}"


def known_ids(ctx: Context) -> Iterator[Violation]:
    """Hard: every id names an entity of the instance; weeks lie in [0, W); dates in the cycle."""
    inst, h = ctx.instance, ctx.instance.horizon
    if ctx.plan.instance != inst.name:
        yield Violation(1, f"plan is for instance {ctx.plan.instance!r}, not {inst.name!r}")
    for p in ctx.plan.placements:
        problems = []
        if p.unit not in inst.unit_by_id:
            problems.append(f"unknown unit {p.unit!r}")
        if p.site not in inst.site_by_id:
            problems.append(f"unknown site {p.site!r}")
        if not 0 <= p.week < h.weeks:
            problems.append(f"week {p.week} is outside [0, {h.weeks})")
        yield from (Violation(1, f"{_placement_label(p)}: {what}") for what in problems)
        if not problems:
            ctx.placements.append(p)
    for s in ctx.plan.sessions:
        problems = []
        if s.unit not in inst.unit_by_id:
            problems.append(f"unknown unit {s.unit!r}")
        if s.service not in inst.service_by_id:
            problems.append(f"unknown service {s.service!r}")
        problems += [
            f"unknown clinician {c!r}" for c in s.clinicians if c not in inst.clinician_by_id
        ]
        if not h.in_cycle(s.date):
            problems.append(f"date {s.date} is outside the cycle {h.start}..{h.end}")
        yield from (Violation(1, f"{s.label()}: {what}") for what in problems)
        if not problems:
            ctx.sessions.append(s)


def unit_placements(ctx: Context) -> Iterator[Violation]:
    """Hard: a unit has at most one placement per week, none in a week touching `unavailable`."""
    h = ctx.instance.horizon
    sites = defaultdict(list)
    for p in ctx.placements:
        sites[p.unit, p.week].append(p.site)
        unit = ctx.instance.unit_by_id[p.unit]
        touched = unit_unavailable(h, unit, p.week)
        if touched:
            yield Violation(
                2,
                f"unit {p.unit} is placed at site {p.site} in {h.week_label(p.week)}, "
                f"which touches its unavailable dates {touched}",
            )
    for (unit, week), where in sorted(sites.items()):
        if len(where) > 1:
            yield Violation(
                2, f"unit {unit} has {len(where)} placements in week {week} ({', '.join(where)})"
            )


def site_capacity(ctx: Context) -> Iterator[Violation]:
    """Hard: a site hosts only its unit types, at most `pads` units a week, none when closed."""
    inst, h = ctx.instance, ctx.instance.horizon
    units = defaultdict(set)
    for p in ctx.placements:
        site, unit = inst.site_by_id[p.site], inst.unit_by_id[p.unit]
        units[p.site, p.week].add(p.unit)
        if not site_hosts(site, unit):
            yield Violation(
                3,
                f"site {site.id} cannot host unit {unit.id} of type {unit.type} in week {p.week} "
                f"(it hosts {', '.join(site.unit_types)})",
            )
        touched = site_unavailable(h, site, p.week)
        if touched:
            yield Violation(
                3,
                f"site {site.id} has unit {unit.id} in {h.week_label(p.week)}, "
                f"which touches its unavailable dates {touched}",
            )
    for (site_id, week), held in sorted(units.items()):
        site = inst.site_by_id[site_id]
        if over_pads(site, len(held)):
            yield Violation(
                3,
                f"site {site_id} holds {len(held)} units in week {week} "
                f"({', '.join(sorted(held))}) but has {site.pads} pad(s)",
            )


def session_timing(ctx: Context) -> Iterator[Violation]:
    """Hard: sessions fall on open horizon weekdays and sessions, on a placed, set-up unit."""
    inst, h = ctx.instance, ctx.instance.horizon
    setting_up = setup_dates(inst, ctx.placements)
    for s in ctx.sessions:
        weekday, week = WEEKDAYS[s.date.weekday()], h.week_of(s.date)
        if weekday not in h.weekdays:
            yield Violation(4, f"{s.label()}: {weekday} is not a working weekday of the horizon")
        if s.date in h.closed:
            yield Violation(4, f"{s.label()}: {s.date} is a closed date")
        if s.session not in h.sessions:
            yield Violation(4, f"{s.label()}: {s.session} is not a session of the horizon")
        site = ctx.site.get((s.unit, week))
        if site is None:
            yield Violation(4, f"{s.label()}: unit {s.unit} has no placement in week {week}")
        elif (s.unit, s.date) in setting_up:
            days = inst.unit_by_id[s.unit].setup_days
            yield Violation(
                4,
                f"{s.label()}: unit {s.unit} is setting up after arriving at site {site} in "
                f"week {week} (its first {days} working day(s) hold no sessions)",
            )


def rooms(ctx: Context) -> Iterator[Violation]:
    """Hard: `room` lies in [0, rooms); at most one session per (unit, date, session, room)."""
    count: dict[tuple[str, date, str, int], int] = defaultdict(int)
    for s in ctx.sessions:
        unit = ctx.instance.unit_by_id[s.unit]
        if not room_exists(unit, s.room):
            yield Violation(
                5, f"{s.label()}: room {s.room} is outside [0, {unit.rooms}) of unit {s.unit}"
            )
        count[s.unit, s.date, s.session, s.room] += 1
    for (unit, day, session, room), n in sorted(count.items()):
        if n > 1:
            yield Violation(5, f"unit {unit} has {n} sessions in room {room} on {day} {session}")


def unit_fits_service(ctx: Context) -> Iterator[Violation]:
    """Hard: the service's unit type is the unit's, and its capability is among the unit's."""
    for s in ctx.sessions:
        unit = ctx.instance.unit_by_id[s.unit]
        service = ctx.instance.service_by_id[s.service]
        if not type_fits(unit, service):
            yield Violation(
                6,
                f"{s.label()}: service {service.id} needs a {service.unit_type} unit, "
                f"but unit {unit.id} is {unit.type}",
            )
        if not capability_fits(unit, service):
            yield Violation(
                6,
                f"{s.label()}: service {service.id} needs capability {service.capability}, "
                f"which unit {unit.id} lacks",
            )


def staffing(ctx: Context) -> Iterator[Violation]:
    """Hard: sessions are staffed by matching, available, rested clinicians within reach."""
    for message in clinician_rules(ctx.instance, ctx.sessions, ctx.site):
        yield Violation(7, message)


def site_visits(ctx: Context) -> Iterator[Violation]:
    """Hard: every site has at least `min_weeks` weeks with a placement."""
    weeks = defaultdict(set)
    for p in ctx.placements:
        weeks[p.site].add(p.week)
    for site in ctx.instance.sites:
        if visits_short(site, len(weeks[site.id])):
            yield Violation(
                8,
                f"site {site.id} has a unit in {len(weeks[site.id])} week(s) of the cycle "
                f"but needs at least {site.min_weeks}",
            )


def fixed_items(ctx: Context) -> Iterator[Violation]:
    """Hard: every fixed placement and session is in the plan (sessions matched one to one)."""
    placed = set(ctx.plan.placements)
    for p in ctx.instance.fixed.placements:
        if p not in placed:
            yield Violation(9, f"fixed {_placement_label(p)} is missing from the plan")
    fixed = ctx.instance.fixed.sessions
    by_date = defaultdict(list)
    for i, s in enumerate(ctx.plan.sessions):
        by_date[s.date].append(i)
    every = range(len(ctx.plan.sessions))
    candidates = [
        [
            i
            for i in (every if f.date is None else by_date[f.date])
            if f.matches(ctx.plan.sessions[i])
        ]
        for f in fixed
    ]
    matched = max_matching(candidates)
    for i, f in enumerate(fixed):
        if i not in matched:
            yield Violation(9, f"{f.label()} is missing from the plan")


# Rule 1 runs first: it selects the placements and sessions the other rules look at.
RULES: tuple[Callable[[Context], Iterator[Violation]], ...] = (
    known_ids,
    unit_placements,
    site_capacity,
    session_timing,
    rooms,
    unit_fits_service,
    staffing,
    site_visits,
    fixed_items,
)


def validate(instance: Instance, plan: Plan) -> list[Violation]:
    """Return every broken hard rule of `plan` for `instance`, by rule; empty when valid."""
    ctx = Context(instance, plan)
    violations = list(known_ids(ctx))
    ctx.site = stands(instance, ctx.placements)
    for rule in RULES[1:]:
        violations.extend(rule(ctx))
    return violations


def rotation_fits(instance: Instance, placements: tuple[Placement, ...]) -> bool:
    """Whether `placements`, known ids one a unit-week, keep rules 3 and 8 (the sites'
    types, closures and pads, and their least visits): what a rotation is checked against
    before it has sessions."""
    ctx = Context(instance, Plan(instance.name, placements, ()), list(placements))
    return not any(site_capacity(ctx)) and not any(site_visits(ctx))
