"""What plans, scenarios and demand rely on an entity, and taking it out of them.

Published plans are never changed here: an entity they use cannot be deleted. Draft plans,
scenario memberships and demand rows give way, once the person has confirmed it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from audit.record import record
from booking.models import Referral
from data_pages.entities import Kind
from extensions import db
from inputs.models import Clinician, Demand, Service
from plans.models import ClinicSession, Placement, Plan, Scenario, session_clinician

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
            parts.append(_count(len(self.placements), "unit-week"))
        if self.sessions:
            parts.append(_count(len(self.sessions), "session"))
        return " and ".join(parts)


@dataclass
class Usage:
    """Why an entity cannot be deleted, and what deleting it would also remove."""

    refusals: list[str] = field(default_factory=list)
    consequences: list[str] = field(default_factory=list)
    drafts: list[PlanUse] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    demand: list[Demand] = field(default_factory=list)


def usage(kind: Kind, entity) -> Usage:
    """Find every plan, scenario and demand row that relies on the entity."""
    found = Usage()
    what = f"{kind.singular.capitalize()} {entity.id}"
    for use in _plan_uses(kind, entity):
        plan, scenario = use.plan, use.plan.scenario
        where = f"the {plan.status} plan '{plan.name}' of scenario '{scenario.name}'"
        if plan.status == "published":
            found.refusals.append(
                f"{what} is used by {use.describe()} of {where}. "
                "Publish a plan that does without it first."
            )
        else:
            found.drafts.append(use)
            taken = "taken off" if kind.name == "clinicians" else "removed from"
            found.consequences.append(
                f"It will be {taken} {use.describe()} of {where}; re-plan it before publishing."
            )
    for scenario in db.session.scalars(sa.select(Scenario).order_by(Scenario.name)):
        if _in_fixed(kind, entity.id, scenario.fixed or {}):
            found.refusals.append(
                f"{what} is one of the fixed items of scenario '{scenario.name}' "
                "(items every plan must keep). Change the scenario first."
            )
        if entity in getattr(scenario, kind.name, ()):
            found.scenarios.append(scenario)
    if found.scenarios:
        names = ", ".join(f"'{s.name}'" for s in found.scenarios)
        noun = "scenario" if len(found.scenarios) == 1 else "scenarios"
        found.consequences.append(f"It will be taken out of the {noun} {names}.")
    if kind.name in ("practices", "services"):
        found.refusals.extend(_referrals(kind, entity.id, what))
        column = Demand.practice_id if kind.name == "practices" else Demand.service_id
        found.demand = list(db.session.scalars(sa.select(Demand).where(column == entity.id)))
        if found.demand:
            found.consequences.append(
                f"Its {_count(len(found.demand), 'demand row')} (referrals per week) "
                "will be deleted too."
            )
    if kind.name == "services":
        found.consequences.extend(_orphaned_skills(entity))
    return found


def remove_uses(kind: Kind, entity, found: Usage) -> None:
    """Take the entity out of draft plans, scenarios and demand, auditing each change."""
    for use in found.drafts:
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
    for scenario in found.scenarios:
        getattr(scenario, kind.name).remove(entity)
        record("remove_member", "scenario", scenario.id, before={kind.singular: entity.id})
    for row in found.demand:
        key = f"{row.practice_id}/{row.service_id}"
        record("delete", "demand", key, before={"per_week": row.per_week, "source": row.source})
        db.session.delete(row)


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


def _referrals(kind: Kind, entity_id: str, what: str) -> list[str]:
    column = Referral.practice_id if kind.name == "practices" else Referral.service_id
    number = db.session.scalar(sa.select(sa.func.count()).where(column == entity_id))
    if not number:
        return []
    return [
        f"{what} is named by {_count(number, 'referral')} (the waiting list and its history). "
        "Referrals are kept for the record, so it must stay."
    ]


def _in_fixed(kind: Kind, entity_id: str, fixed: dict) -> bool:
    items = [*fixed.get("placements", []), *fixed.get("sessions", [])]
    if kind.name == "clinicians":
        return any(entity_id in item.get("clinicians", ()) for item in items)
    keys = _FIXED_KEYS.get(kind.name, ())
    return any(item.get(key) == entity_id for item in items for key in keys)


def _orphaned_skills(service: Service) -> list[str]:
    """Skills only this service needs, which clinicians hold: an import would then refuse."""
    others = db.session.scalars(sa.select(Service).where(Service.id != service.id))
    needed = {skill for other in others for skill in other.staff}
    holders = defaultdict(list)
    for clinician in db.session.scalars(sa.select(Clinician).order_by(Clinician.id)):
        for skill in set(clinician.skills) - needed:
            if skill in service.staff:
                holders[skill].append(clinician.id)
    return [
        f"No other service needs the skill '{skill}', which clinicians {', '.join(ids)} "
        "hold; change their skills, or a spreadsheet import of them will be refused."
        for skill, ids in sorted(holders.items())
    ]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
