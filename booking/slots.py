"""Appointment slots of published sessions: opening them, counting what is free."""

from collections.abc import Iterable

import sqlalchemy as sa

from booking.models import Booking, SessionSlot
from extensions import db
from inputs.models import Service
from plans.models import ClinicSession, Plan


def slot_kind(number: int, size: int, follow_ups: int) -> str:
    """The kind of slot `number` of a session of `size` slots keeping its last `follow_ups`
    for follow-up patients (the service's clinic template)."""
    return "follow_up" if number >= size - follow_ups else "new"


def open_slots(plan: Plan) -> int:
    """Give every session of the plan its appointment slots (once), new ones first and then
    those its service's template keeps for follow-ups; return how many were made."""
    services = {s.id: s for s in db.session.scalars(sa.select(Service))}
    sizes = {i: (s.slots_per_session, s.follow_up_slots) for i, s in services.items()}
    existing = set(
        db.session.scalars(
            sa.select(SessionSlot.session_id)
            .join(ClinicSession, ClinicSession.id == SessionSlot.session_id)
            .where(ClinicSession.plan_id == plan.id)
            .distinct()
        )
    )
    rows = [
        {"session_id": session.id, "number": number, "kind": slot_kind(number, *size)}
        for session in plan.sessions
        if session.id not in existing
        for size in [sizes[session.service_id]]
        for number in range(size[0])
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


def follow_up_counts(session_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(follow-up slots, of them held by a booking) per session that keeps any."""
    ids = list(session_ids)
    if not ids:
        return {}
    slots = db.session.execute(
        sa.select(SessionSlot.session_id, sa.func.count())
        .where(SessionSlot.session_id.in_(ids), SessionSlot.kind == "follow_up")
        .group_by(SessionSlot.session_id)
    )
    held = db.session.execute(
        sa.select(Booking.session_id, sa.func.count())
        .join(
            SessionSlot,
            (SessionSlot.session_id == Booking.session_id)
            & (SessionSlot.number == Booking.slot_number),
        )
        .where(
            Booking.session_id.in_(ids),
            Booking.status != "cancelled",
            SessionSlot.kind == "follow_up",
        )
        .group_by(Booking.session_id)
    )
    taken = dict(held.all())
    return {session: (count, taken.get(session, 0)) for session, count in slots.all()}


def free_slots(sessions: Iterable[ClinicSession]) -> dict[int, int]:
    """Free appointments per session: its slots less the bookings that hold one."""
    sessions = list(sessions)
    slots = slot_counts(s.id for s in sessions)
    taken = held_slots(s.id for s in sessions)
    return {s.id: slots.get(s.id, 0) - taken.get(s.id, 0) for s in sessions}


def usable_kind(step_kind: str, follow_up_slots: int) -> str | None:
    """The kind of slot a step of this kind takes in a session keeping `follow_up_slots`:
    follow-ups take follow-up slots, everyone else new ones; None (any slot) for a
    follow-up in a session that keeps none."""
    if step_kind == "follow_up":
        return "follow_up" if follow_up_slots else None
    return "new"


def free_slot_numbers(session_id: int, step_kind: str = "first") -> list[int]:
    """The slots of the session that no booking holds and a step of this kind may take,
    lowest first."""
    held = sa.select(Booking.slot_number).where(
        Booking.session_id == session_id, Booking.status != "cancelled"
    )
    keeps = follow_up_counts([session_id]).get(session_id, (0, 0))[0]
    query = sa.select(SessionSlot.number).where(
        SessionSlot.session_id == session_id, SessionSlot.number.not_in(held)
    )
    if (kind := usable_kind(step_kind, keeps)) is not None:
        query = query.where(SessionSlot.kind == kind)
    return list(db.session.scalars(query.order_by(SessionSlot.number)))
