"""Publishing a plan: the one version patients and booking staff see."""

from datetime import UTC, datetime

import sqlalchemy as sa

from audit.record import record
from booking.carry import carry_bookings, missing_booked_sessions
from booking.slots import open_slots
from extensions import db
from plans.bridge import plan_domain, scenario_instance
from plans.models import Plan
from scheduler import validate


class PublishRefused(ValueError):
    """The plan cannot be published; the message says why."""


def publish(plan: Plan) -> Plan | None:
    """Publish the plan, returning the plan it replaces (now a draft again), if any."""
    if plan.status == "published":
        raise PublishRefused("This plan is already the published one.")
    violations = validate(scenario_instance(plan.scenario), plan_domain(plan))
    if violations:
        first = "; ".join(str(v) for v in violations[:3])
        raise PublishRefused(
            f"The plan breaks {len(violations)} rule(s), so it cannot be published: {first}"
        )
    current = db.session.scalar(
        sa.select(Plan).where(Plan.scenario_id == plan.scenario_id, Plan.status == "published")
    )
    if current is not None:
        missing = missing_booked_sessions(current, plan)
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
