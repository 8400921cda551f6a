"""What plans and scenarios hold of a planning input, and the rules an edit would break.

inputs/ cannot import plans/ (plans are made of inputs), so the data pages learn this through
the functions here, which the app factory hands to `inputs.reliance.init_app`: `plan_uses`
for deleting (published plans refuse, drafts and scenario memberships give way once confirmed)
and `guard` for editing (a change a published plan would newly break needs confirming).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from audit.record import record
from extensions import db
from inputs.entities import Kind
from inputs.reliance import Usage, count
from plans.bridge import plan_domain, scenario_instance
from plans.models import ClinicSession, Placement, Plan, Scenario, session_clinician
from scheduler.rules.validate import validate

DAYS_PER_WEEK = 7
# Keys of a scenario's fixed items (contract form) that name an entity of each kind.
_FIXED_KEYS = {"sites": ("site",), "units": ("unit",), "services": ("service",)}


@dataclass
class PlanUse:
    """The placements and sessions of one plan that rely on the entity."""

    plan: Plan
    placements: list[Placement] = field(default_factory=list)
    sessions: list[ClinicSession] = field(default_factory=list)

    def describe(self) -> str:
        parts = []
        if self.placements:
            parts.append(count(len(self.placements), "unit-week"))
        if self.sessions:
            parts.append(count(len(self.sessions), "session"))
        return " and ".join(parts)


def plan_uses(kind: Kind, entity) -> Usage:
    """Find the plans and scenarios that rely on the entity, and how to take it out of them."""
    found = Usage()
    what = f"{kind.singular.capitalize()} {entity.id}"
    drafts = []
    for use in _plan_uses(kind, entity):
        plan, scenario = use.plan, use.plan.scenario
        where = f"the {plan.status} plan '{plan.name}' of scenario '{scenario.name}'"
        if plan.status == "published":
            found.refusals.append(
                f"{what} is used by {use.describe()} of {where}. "
                "Publish a plan that does without it first."
            )
        else:
            drafts.append(use)
            taken = "taken off" if kind.name == "clinicians" else "removed from"
            found.consequences.append(
                f"It will be {taken} {use.describe()} of {where}; re-plan it before publishing."
            )
    members = []
    for scenario in db.session.scalars(sa.select(Scenario).order_by(Scenario.name)):
        if _in_fixed(kind, entity.id, scenario.fixed or {}):
            found.refusals.append(
                f"{what} is one of the fixed items of scenario '{scenario.name}' "
                "(items every plan must keep). Change the scenario first."
            )
        if entity in getattr(scenario, kind.name, ()):
            members.append(scenario)
    if members:
        names = ", ".join(f"'{s.name}'" for s in members)
        noun = "scenario" if len(members) == 1 else "scenarios"
        found.consequences.append(f"It will be taken out of the {noun} {names}.")
    found.removals.append(lambda: _remove(kind, entity, drafts, members))
    return found


def _remove(kind: Kind, entity, drafts: list[PlanUse], members: list[Scenario]) -> None:
    """Take the entity out of draft plans and scenarios, auditing each change."""
    for use in drafts:
        for session in use.sessions:
            if kind.name == "clinicians":
                session.clinicians.remove(entity)
            else:
                db.session.delete(session)
        for placement in use.placements:
            db.session.delete(placement)
        record(
            "remove_from_draft",
            "plan",
            use.plan.id,
            before={
                kind.singular: entity.id,
                "unit_weeks": len(use.placements),
                "sessions": len(use.sessions),
            },
        )
    for scenario in members:
        getattr(scenario, kind.name).remove(entity)
        record("remove_member", "scenario", scenario.id, before={kind.singular: entity.id})


def _plan_uses(kind: Kind, entity) -> list[PlanUse]:
    uses: dict[int, PlanUse] = {}

    def use(plan: Plan) -> PlanUse:
        return uses.setdefault(plan.id, PlanUse(plan))

    if kind.name in ("sites", "units"):
        column = Placement.site_id if kind.name == "sites" else Placement.unit_id
        for placement in db.session.scalars(sa.select(Placement).where(column == entity.id)):
            use(placement.plan).placements.append(placement)
    if kind.name == "sites":
        for entry in uses.values():
            entry.sessions = _sessions_at(entry.plan, entry.placements)
        return list(uses.values())
    sessions = sa.select(ClinicSession)
    if kind.name == "units":
        sessions = sessions.where(ClinicSession.unit_id == entity.id)
    elif kind.name == "services":
        sessions = sessions.where(ClinicSession.service_id == entity.id)
    elif kind.name == "clinicians":
        sessions = sessions.join(session_clinician).where(
            session_clinician.c.clinician_id == entity.id
        )
    else:
        return list(uses.values())
    for session in db.session.scalars(sessions.order_by(ClinicSession.id)):
        use(session.plan).sessions.append(session)
    return list(uses.values())


def _sessions_at(plan: Plan, placements: list[Placement]) -> list[ClinicSession]:
    """Sessions a plan holds at a site: those of units standing there that week."""
    start = plan.scenario.start
    there = {(p.unit_id, p.week) for p in placements}
    units = {unit for unit, _ in there}
    candidates = db.session.scalars(
        sa.select(ClinicSession).where(
            ClinicSession.plan_id == plan.id, ClinicSession.unit_id.in_(units)
        )
    )
    return [s for s in candidates if (s.unit_id, (s.date - start).days // DAYS_PER_WEEK) in there]


def _in_fixed(kind: Kind, entity_id: str, fixed: dict) -> bool:
    items = [*fixed.get("placements", []), *fixed.get("sessions", [])]
    if kind.name == "clinicians":
        return any(entity_id in item.get("clinicians", ()) for item in items)
    keys = _FIXED_KEYS.get(kind.name, ())
    return any(item.get(key) == entity_id for item in items for key in keys)


def guard(kind: Kind, entity_id: str, change: Callable[[], None]) -> list[str]:
    """Apply the change (unflushed), and say which published plans it newly breaks."""
    return new_violations(published_plans(kind, entity_id), change)


def published_plans(kind: Kind, entity_id: str) -> list[Plan]:
    """The published plans of scenarios that plan with the entity."""
    member = getattr(Scenario, kind.name)
    model = kind.table.model
    return list(
        db.session.scalars(
            sa.select(Plan)
            .join(Scenario)
            .where(Plan.status == "published", member.any(model.id == entity_id))
            .order_by(Plan.id)
        )
    )


def new_violations(plans: list[Plan], change: Callable[[], None]) -> list[str]:
    """Apply the change (unflushed), and return what each plan breaks now but did not before.

    Returns:
        Messages naming the plan and the broken rule; empty when every plan still holds.
    """
    before = {plan.id: _broken(plan) for plan in plans}
    change()
    db.session.flush()
    messages = []
    for plan in plans:
        for violation in _broken(plan) - before[plan.id]:
            messages.append(f"The published plan '{plan.name}' would break {violation}")
    return sorted(messages)


def _broken(plan: Plan) -> set[str]:
    return {str(v) for v in validate(scenario_instance(plan.scenario), plan_domain(plan))}
