"""Keep bookings, and sessions' cancellations, when a new version of the plan is published.

Publishing holds the old plan's lock, so no booking can be added to it meanwhile; the bookings
moved here are locked and read afresh, so a cancel or an arrival that commits first is seen.
"""

import sqlalchemy as sa

from booking.models import LIVE_STATUSES, Booking, SessionCancellation
from database.locking import lock_rows
from extensions import db
from plans.models import ClinicSession, Plan


def _key(session: ClinicSession) -> tuple:
    return (session.unit_id, session.date, session.period, session.room, session.service_id)


def booked_sessions(plan: Plan) -> list[ClinicSession]:
    """Sessions of the plan that hold a booking still to come."""
    return list(
        db.session.scalars(
            sa.select(ClinicSession)
            .where(ClinicSession.plan_id == plan.id)
            .where(
                ClinicSession.id.in_(
                    sa.select(Booking.session_id).where(Booking.status.in_(LIVE_STATUSES))
                )
            )
            .order_by(ClinicSession.date, ClinicSession.unit_id)
        )
    )


def missing_booked_sessions(old: Plan, new: Plan) -> list[ClinicSession]:
    """Booked sessions of the old plan that the new plan does not run."""
    keys = {_key(session) for session in new.sessions}
    return [session for session in booked_sessions(old) if _key(session) not in keys]


def carry_bookings(old: Plan, new: Plan) -> int:
    """Move the old plan's bookings still to come onto the same sessions of the new plan, and
    cancel there the sessions the service cancelled (a broken unit is no better for a new
    plan); return how many bookings moved."""
    target = {_key(session): session for session in new.sessions}
    _carry_cancellations(old, target)
    moved = 0
    for session in booked_sessions(old):
        new_session = target[_key(session)]
        for booking in lock_rows(
            Booking, Booking.session_id == session.id, Booking.status.in_(LIVE_STATUSES)
        ):
            booking.session_id = new_session.id
            moved += 1
    return moved


def _carry_cancellations(old: Plan, target: dict[tuple, ClinicSession]) -> None:
    """Cancel the new plan's sessions that match cancelled sessions of the old plan."""
    cancelled = db.session.execute(
        sa.select(SessionCancellation, ClinicSession)
        .join(ClinicSession, ClinicSession.id == SessionCancellation.session_id)
        .where(ClinicSession.plan_id == old.id)
    )
    for was, session in cancelled:
        same = target.get(_key(session))
        if same is not None and db.session.get(SessionCancellation, same.id) is None:
            db.session.add(
                SessionCancellation(
                    session_id=same.id,
                    reason=was.reason,
                    detail=was.detail,
                    bookings=0,  # its appointments were cancelled on the old plan's session
                    user_id=was.user_id,
                    actor=was.actor,
                    at=was.at,
                )
            )
