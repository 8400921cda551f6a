"""Appointment slots of published sessions: opening them, counting what is free."""

from collections.abc import Iterable

import sqlalchemy as sa

from booking.models import Booking, SessionSlot
from extensions import db
from inputs.models import Service
from plans.models import ClinicSession, Plan


def open_slots(plan: Plan) -> int:
    """Give every session of the plan its appointment slots (once); return how many were made."""
    sizes = {s.id: s.slots_per_session for s in db.session.scalars(sa.select(Service))}
    existing = set(
        db.session.scalars(
            sa.select(SessionSlot.session_id)
            .join(ClinicSession, ClinicSession.id == SessionSlot.session_id)
            .where(ClinicSession.plan_id == plan.id)
            .distinct()
        )
    )
    rows = [
        {"session_id": session.id, "number": number}
        for session in plan.sessions
        if session.id not in existing
        for number in range(sizes[session.service_id])
    ]
    if rows:
        db.session.execute(sa.insert(SessionSlot), rows)
    return len(rows)


def held_slots(session_ids: Iterable[int]) -> dict[int, int]:
    """Slots held by a booking (any not cancelled) per session, for sessions that have any."""
    ids = list(session_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Booking.session_id, sa.func.count())
        .where(Booking.session_id.in_(ids), Booking.status != "cancelled")
        .group_by(Booking.session_id)
    )
    return dict(rows.all())


def slot_counts(session_ids: Iterable[int]) -> dict[int, int]:
    """Appointment slots per session, for sessions that have any."""
    ids = list(session_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(SessionSlot.session_id, sa.func.count())
        .where(SessionSlot.session_id.in_(ids))
        .group_by(SessionSlot.session_id)
    )
    return dict(rows.all())


def free_slots(sessions: Iterable[ClinicSession]) -> dict[int, int]:
    """Free appointments per session: its slots less the bookings that hold one."""
    sessions = list(sessions)
    slots = slot_counts(s.id for s in sessions)
    taken = held_slots(s.id for s in sessions)
    return {s.id: slots.get(s.id, 0) - taken.get(s.id, 0) for s in sessions}


def free_slot_numbers(session_id: int) -> list[int]:
    """The slots of the session that no booking holds, lowest first."""
    held = sa.select(Booking.slot_number).where(
        Booking.session_id == session_id, Booking.status != "cancelled"
    )
    return list(
        db.session.scalars(
            sa.select(SessionSlot.number)
            .where(SessionSlot.session_id == session_id, SessionSlot.number.not_in(held))
            .order_by(SessionSlot.number)
        )
    )
