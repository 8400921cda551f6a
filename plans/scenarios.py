"""Creating, editing and copying scenarios, without breaking the published plan."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from blinker import Namespace

from audit.record import record
from extensions import db
from inputs.models import Clinician, Practice, Service, Site, Unit
from plans.bridge import locked_items, plan_domain, scenario_instance, store_plan
from plans.calendar import bank_holidays
from plans.models import Plan, Scenario
from scheduler import validate

# Sent with the copy made by `copy_scenario`, before it commits: features that keep something
# per scenario (business: the price book) copy it too, in the same transaction.
scenario_copied = Namespace().signal("scenario-copied")


class ScenarioRefused(ValueError):
    """The change cannot be made; the message says why."""


@dataclass(frozen=True)
class ScenarioValues:
    id: str
    name: str
    start: date
    weeks: int
    weekdays: list[str]
    closed_dates: list[date] | None  # None: fill in England's bank holidays
    unit_ids: list[str]
    site_ids: list[str]
    service_ids: list[str]


def _members(model, ids: list[str]) -> list:
    return list(db.session.scalars(sa.select(model).where(model.id.in_(ids)).order_by(model.id)))


def _apply(scenario: Scenario, values: ScenarioValues) -> None:
    closed = values.closed_dates
    if closed is None:
        closed = bank_holidays(values.start, values.weeks)
    scenario.name = values.name
    scenario.start, scenario.weeks = values.start, values.weeks
    scenario.weekdays = list(values.weekdays)
    scenario.closed_dates = sorted({day.isoformat() for day in closed})
    scenario.units = _members(Unit, values.unit_ids)
    scenario.sites = _members(Site, values.site_ids)
    scenario.services = _members(Service, values.service_ids)


def create_scenario(values: ScenarioValues) -> Scenario:
    """Add a scenario planning with every practice and clinician."""
    if db.session.get(Scenario, values.id) is not None:
        raise ScenarioRefused(f"A scenario with id '{values.id}' exists already.")
    scenario = Scenario(id=values.id, periods=["AM", "PM"], extras={}, fixed={})
    _apply(scenario, values)
    scenario.practices = _members(Practice, list(db.session.scalars(sa.select(Practice.id))))
    scenario.clinicians = _members(Clinician, list(db.session.scalars(sa.select(Clinician.id))))
    db.session.add(scenario)
    record("create", "scenario", values.id, after={"name": values.name})
    db.session.commit()
    return scenario


def update_scenario(scenario: Scenario, values: ScenarioValues) -> None:
    """Change a scenario; refused if its published plan would then break a rule."""
    _apply(scenario, values)
    db.session.flush()
    published = db.session.scalar(
        sa.select(Plan).where(Plan.scenario_id == scenario.id, Plan.status == "published")
    )
    if published is not None:
        violations = validate(scenario_instance(scenario), plan_domain(published))
        if violations:
            db.session.rollback()
            raise ScenarioRefused(
                f"The published plan “{published.name}” relies on what you changed "
                f"({violations[0]}). Publish a new plan first, or copy the scenario for a what-if."
            )
    record("update", "scenario", scenario.id, after={"name": values.name})
    db.session.commit()


def copy_scenario(scenario: Scenario, *, with_published_plan: bool = False) -> Scenario:
    """Copy a scenario for a what-if; the copy's id is free and readable.

    Its plans stay behind, but with `with_published_plan` the published one comes along as
    the copy's draft: the baseline a what-if of prices or demand is compared against.
    """
    number = 1
    while db.session.get(Scenario, f"{scenario.id}-copy-{number}") is not None:
        number += 1
    copy = Scenario(
        id=f"{scenario.id}-copy-{number}",
        name=f"{scenario.name} (copy {number})",
        start=scenario.start,
        weeks=scenario.weeks,
        weekdays=list(scenario.weekdays),
        periods=list(scenario.periods),
        closed_dates=list(scenario.closed_dates),
        session_times=scenario.session_times,
        extras=dict(scenario.extras or {}),
        fixed=dict(scenario.fixed or {}),
        units=list(scenario.units),
        sites=list(scenario.sites),
        services=list(scenario.services),
        practices=list(scenario.practices),
        clinicians=list(scenario.clinicians),
    )
    db.session.add(copy)
    record("copy", "scenario", copy.id, before={"from": scenario.id})
    published = next((p for p in scenario.plans if p.status == "published"), None)
    if with_published_plan and published is not None:
        draft = store_plan(
            copy,
            plan_domain(published),
            name=f"{published.name} (as published in {scenario.name})",
            kpis=published.kpis,
            locked=locked_items(published),
        )
        draft.service_weights = published.service_weights
        db.session.flush()
        record("copy", "plan", draft.id, before={"from": published.id})
    scenario_copied.send(scenario, copy=copy)
    db.session.commit()
    return copy
