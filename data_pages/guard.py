"""Which rules a published plan would newly break if an entity changed.

An edit (a site that stops hosting theatres, a clinician's new leave) can make a published
plan break the planner's hard rules. The edit is checked against every published plan whose
scenario includes the entity, before and after, so the person can be told and asked.
"""

from collections.abc import Callable

import sqlalchemy as sa

from data_pages.entities import Kind
from extensions import db
from plans.bridge import plan_domain, scenario_instance
from plans.models import Plan, Scenario
from scheduler.rules.validate import validate


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
