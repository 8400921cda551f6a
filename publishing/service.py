"""Publishing a plan: the one version patients and booking staff see.

Publishing locks the scenario, then the plan and the published plan it replaces (lowest id
first; see database/locking.py). A booking into the old plan holds that plan's lock shared, so
it either commits before the publish starts, and its booking is carried to the new plan, or
waits for the publish to end and is refused; two publishes, or a publish and an edit of the
plan, wait for each other.
"""

from datetime import UTC, datetime

import sqlalchemy as sa

from audit.record import record
from booking.carry import carry_bookings, missing_booked_sessions
from booking.slots import open_slots
from database.locking import lock_row, lock_rows, write_transaction
from extensions import db
from plans.bridge import plan_domain, scenario_instance
from plans.editing import refuse_if_stale
from plans.models import Plan, Scenario
from scheduler import validate


class PublishRefused(ValueError):
    """The plan cannot be published; the message says why."""


def _lock(plan_id: int, expected_version: int | None) -> tuple[Plan, Plan | None]:
    """Lock the plan's scenario, then the plan and the published one; return both."""
    scenario_id = db.session.scalar(sa.select(Plan.scenario_id).where(Plan.id == plan_id))
    if scenario_id is None:
        raise PublishRefused("That plan no longer exists.")
    lock_row(Scenario, scenario_id)  # publishes of one scenario queue here
    current_id = db.session.scalar(
        sa.select(Plan.id).where(Plan.scenario_id == scenario_id, Plan.status == "published")
    )
    ids = {plan_id} | ({current_id} if current_id is not None else set())
    plans = {row.id: row for row in lock_rows(Plan, Plan.id.in_(ids))}
    plan = plans[plan_id]
    refuse_if_stale(plan, expected_version, PublishRefused)
    if plan.status == "published":
        raise PublishRefused("This plan is already the published one.")
    return plan, plans.get(current_id)


def _check(plan: Plan, current: Plan | None) -> None:
    """Refuse a plan that breaks the rules or drops a session holding bookings."""
    violations = validate(scenario_instance(plan.scenario), plan_domain(plan))
    if violations:
        first = "; ".join(str(v) for v in violations[:3])
        raise PublishRefused(
            f"The plan breaks {len(violations)} rule(s), so it cannot be published: {first}"
        )
    missing = missing_booked_sessions(current, plan) if current is not None else []
    if missing:
        listed = "; ".join(
            f"{s.unit_id} {s.date} {s.period} room {s.room + 1} ({s.service_id})"
            for s in missing[:5]
        )
        raise PublishRefused(
            f"This plan drops {len(missing)} session(s) that hold bookings: {listed}. "
            "Re-plan from the published plan (booked sessions are kept), or rebook the "
            "patients first."
        )


def publish(plan: Plan, *, expected_version: int | None = None) -> Plan | None:
    """Publish the plan, returning the plan it replaces (now a draft again), if any.

    Args:
        plan: the draft to publish.
        expected_version: the plan's version the person saw; if it changed since, nothing is
            published and they are told.

    Raises:
        PublishRefused: the plan breaks a rule, drops booked sessions, is published already,
            changed meanwhile, or another change held it for too long.
    """
    plan_id = plan.id
    with write_transaction(PublishRefused):
        plan, current = _lock(plan_id, expected_version)
        _check(plan, current)
        open_slots(plan)
        if current is not None:
            carry_bookings(current, plan)
            current.status = "draft"
            db.session.flush()  # one published plan per scenario, as the database insists
            record("unpublish", "plan", current.id, before={"status": "published"})
        plan.status, plan.published_at = "published", datetime.now(UTC)
        record("publish", "plan", plan.id, after={"status": "published"})
        db.session.commit()
    return current
