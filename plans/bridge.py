"""The one bridge between database rows and the planner's domain objects.

Entities cross it as the same column-value dicts the spreadsheets use, so a site means the
same thing whether it came from a CSV row, an instance JSON or the database.
"""

from dataclasses import asdict, fields
from datetime import date, time

import sqlalchemy as sa

import scheduler.contract.domain as d
from extensions import db
from inputs.mapping import apply_row, to_row
from inputs.models import Clinician, Demand, Practice, Service, Site, Unit
from inputs.tables import CLINICIANS, PRACTICES, SERVICES, SITES, UNITS, Table
from plans.follow_ups import NOT_DERIVED, first_attendances, follow_up_problems, with_follow_ups
from plans.models import ClinicSession, Placement, Plan, Scenario
from scheduler.contract.json_io import instance_to_json

NOTHING_LOCKED = d.FixedItems()  # a plan stored with none of its items locked
DISAGREES = "the instance disagrees with the database"


class ImportConflict(ValueError):
    """An instance cannot be stored as it is: `summary` says why, `problems` where."""

    def __init__(self, problems: list[str], summary: str = DISAGREES):
        self.problems = problems
        self.summary = summary
        super().__init__("\n".join(problems))


def _ranges(pairs) -> tuple[d.DateRange, ...]:
    return tuple(d.DateRange(start, finish) for start, finish in pairs)


def _pairs(ranges) -> list[tuple[date, date]]:
    return [(r.start, r.end) for r in ranges]


def scenario_instance(scenario: Scenario) -> d.Instance:
    """Build the planner's instance for a scenario; demand rows get their follow-ups."""
    service_ids = {service.id for service in scenario.services}
    practice_ids = {practice.id for practice in scenario.practices}
    demand = db.session.scalars(
        sa.select(Demand)
        .where(Demand.service_id.in_(service_ids), Demand.practice_id.in_(practice_ids))
        .order_by(Demand.practice_id, Demand.service_id)
    )
    services = tuple(_domain(d.Service, to_row(SERVICES, s)) for s in scenario.services)
    new = (d.DemandRow(row.practice_id, row.service_id, row.per_week) for row in demand)
    return d.Instance(
        name=scenario.id,
        horizon=d.Horizon(
            start=scenario.start,
            weeks=scenario.weeks,
            weekdays=tuple(scenario.weekdays),
            sessions=tuple(scenario.periods),
            closed_dates=tuple(date.fromisoformat(day) for day in scenario.closed_dates),
            session_times=_session_times(scenario.session_times),
        ),
        sites=tuple(_domain(d.Site, to_row(SITES, s)) for s in scenario.sites),
        units=tuple(_domain(d.Unit, to_row(UNITS, u)) for u in scenario.units),
        services=services,
        practices=tuple(_domain(d.Practice, to_row(PRACTICES, p)) for p in scenario.practices),
        demand=with_follow_ups(services, new),
        clinicians=tuple(_domain(d.Clinician, to_row(CLINICIANS, c)) for c in scenario.clinicians),
        fixed=_fixed(scenario.fixed),
        extras=dict(scenario.extras or {}),
    )


def _session_times(stored: dict | None) -> tuple:
    if not stored:
        return d.DEFAULT_SESSION_TIMES
    return tuple(
        (name, time.fromisoformat(begin), time.fromisoformat(end))
        for name, (begin, end) in stored.items()
    )


def _fixed(stored: dict | None) -> d.FixedItems:
    """Rebuild fixed items stored in the contract's form (checked when they were imported)."""
    stored = stored or {}
    sessions = []
    for item in stored.get("sessions", []):
        given = dict(item)
        if "date" in given:
            given["date"] = date.fromisoformat(given["date"])
        if "clinicians" in given:
            given["clinicians"] = tuple(given["clinicians"])
        sessions.append(d.FixedSession(**given))
    return d.FixedItems(
        placements=tuple(d.Placement(**p) for p in stored.get("placements", [])),
        sessions=tuple(sessions),
    )


def _domain(cls, values: dict):
    """Build a domain entity from column values: lists become tuples, ranges DateRanges."""
    given = {}
    for field in fields(cls):
        if field.name not in values:
            continue
        value = values[field.name]
        if field.name in ("unavailable", "leave"):
            value = _ranges(value or [])
        elif isinstance(value, list):
            value = tuple(value)
        given[field.name] = value
    return cls(**given)


def _values(table: Table, entity) -> dict:
    """Column values of a domain entity, as the spreadsheets hold them."""
    values = {}
    for column in (c.name for c in table.columns if c.contract):  # ours alone stay ours
        value = getattr(entity, column, None)
        if isinstance(value, tuple) and value and isinstance(value[0], d.DateRange):
            value = _pairs(value)
        elif isinstance(value, tuple):
            value = list(value)
        values[column] = value
    values["name"] = values["name"] or entity.id  # the contract allows a nameless entity
    return values


_KINDS = (
    ("sites", SITES, Site),
    ("units", UNITS, Unit),
    ("services", SERVICES, Service),
    ("practices", PRACTICES, Practice),
    ("clinicians", CLINICIANS, Clinician),
)


def store_instance(
    instance: d.Instance,
    scenario_id: str,
    *,
    update_existing: bool = False,
    is_sample: bool = False,
) -> Scenario:
    """Add the instance as a new scenario, creating its entities; commit once.

    An entity whose id exists already must agree with the database, unless update_existing
    is set, in which case the database takes the instance's values. Follow-up rows are not
    stored: they must be what the services' ratios give, which then give them again.
    """
    if db.session.get(Scenario, scenario_id) is not None:
        raise ImportConflict([f"scenario '{scenario_id}' exists already; choose another id"])
    if problems := follow_up_problems(instance):
        raise ImportConflict(problems, NOT_DERIVED)
    problems, members = [], {}
    for field, table, model in _KINDS:
        members[field] = []
        for index, entity in enumerate(getattr(instance, field)):
            values = _values(table, entity)
            existing = db.session.get(model, entity.id)
            if existing is None:
                existing = model()
                db.session.add(existing)
            elif not update_existing:
                stored = {k: v for k, v in to_row(table, existing).items() if k in values}
                differing = [k for k in values if _differs(values[k], stored.get(k))]
                if differing:
                    what = ", ".join(
                        f"{k} ({stored[k]!r} there, {values[k]!r} here)" for k in differing
                    )
                    problems.append(
                        f"{field}[{index}] ({entity.id}): differs from the database in {what}"
                    )
                    continue
            apply_row(table, existing, values)
            members[field].append(existing)
    if problems:
        db.session.rollback()
        raise ImportConflict(problems)
    db.session.flush()
    for (practice, service), per_week in first_attendances(instance).items():
        row = db.session.scalar(
            sa.select(Demand).where(Demand.practice_id == practice, Demand.service_id == service)
        )
        if row is None:
            db.session.add(Demand(practice_id=practice, service_id=service, per_week=per_week))
        elif row.per_week != per_week:
            if not update_existing:
                db.session.rollback()
                raise ImportConflict(
                    [
                        f"demand ({practice}, {service}): {row.per_week} in the database, "
                        f"{per_week} in the instance"
                    ]
                )
            row.per_week = per_week
    horizon = instance.horizon
    document = instance_to_json(instance)
    scenario = Scenario(
        id=scenario_id,
        name=instance.name,
        start=horizon.start,
        weeks=horizon.weeks,
        weekdays=list(horizon.weekdays),
        periods=list(horizon.sessions),
        closed_dates=[day.isoformat() for day in horizon.closed_dates],
        session_times=document["horizon"].get("session_times"),
        is_sample=is_sample,
        extras=dict(instance.extras),
        fixed=document.get("fixed") or {},
        **members,
    )
    db.session.add(scenario)
    db.session.commit()
    return scenario


def _differs(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is None or b is None or abs(float(a) - float(b)) > 1e-9
    return (list(a) if isinstance(a, tuple) else a) != (list(b) if isinstance(b, tuple) else b)


def placement_domain(placement: Placement) -> d.Placement:
    """The planner's placement for a stored one."""
    return d.Placement(placement.unit_id, placement.site_id, placement.week)


def session_domain(session: ClinicSession) -> d.Session:
    """The planner's session for a stored one."""
    return d.Session(
        unit=session.unit_id,
        date=session.date,
        session=session.period,
        room=session.room,
        service=session.service_id,
        clinicians=tuple(c.id for c in session.clinicians),
    )


def fixed_session(session: ClinicSession) -> d.FixedSession:
    """A stored session as an item a plan must keep, every field given."""
    return d.FixedSession(**asdict(session_domain(session)))


def locked_items(plan: Plan) -> d.FixedItems:
    """The stored plan's locked placements and sessions, as fixed items."""
    return d.FixedItems(
        tuple(placement_domain(p) for p in plan.placements if p.locked),
        tuple(fixed_session(s) for s in plan.sessions if s.locked),
    )


def plan_domain(plan: Plan) -> d.Plan:
    """Build the planner's plan from a stored plan."""
    return d.Plan(
        instance=plan.scenario_id,
        placements=tuple(placement_domain(p) for p in plan.placements),
        sessions=tuple(session_domain(s) for s in plan.sessions),
        kpis=plan.kpis,
        bound=plan.bound,
    )


def store_plan(
    scenario: Scenario,
    plan: d.Plan,
    *,
    name: str,
    kpis: dict | None,
    locked: d.FixedItems = NOTHING_LOCKED,
) -> Plan:
    """Add a draft plan for the scenario (the caller commits).

    Args:
        scenario: the plan's scenario.
        plan: the planner's plan.
        name: the stored plan's name.
        kpis: its figures (None: not scored).
        locked: fixed items whose matching placements and sessions are stored locked, so
            that a re-plan from the stored plan keeps them too.
    """
    row = Plan(scenario=scenario, name=name, status="draft", kpis=kpis, bound=plan.bound)
    db.session.add(row)  # before the clinicians' look-ups below flush the session
    row.placements = [
        Placement(unit_id=p.unit, site_id=p.site, week=p.week, locked=p in locked.placements)
        for p in plan.placements
    ]
    row.sessions = [
        ClinicSession(
            unit_id=s.unit,
            date=s.date,
            period=s.session,
            room=s.room,
            service_id=s.service,
            clinicians=[db.session.get(Clinician, c) for c in s.clinicians],
            locked=any(item.matches(s) for item in locked.sessions),
        )
        for s in plan.sessions
    ]
    return row
