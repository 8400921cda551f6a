"""Book, cancel, rebook and record attendance: one transaction each, audited.

Capacity is the database's to guard: a booking must name one of its session's `session_slot`
rows, and a partial unique index lets a slot hold one live booking. The service picks the
lowest free slot inside a write transaction and, should another clerk's commit take it first
(the insert fails the index), rolls back and tries again; when the session has filled up the
clerk is told so, with fresh suggestions. On SQLite the transaction takes the write lock when
it begins (BEGIN IMMEDIATE), so concurrent clerks queue rather than fail.
"""

from datetime import datetime

import sqlalchemy as sa

from audit.record import record
from booking.clocks import local_now
from booking.finder import Offer, find_slots
from booking.models import CANCELLERS, LIVE_STATUSES, Booking, Referral, SessionSlot
from booking.openings import Opening, session_opening
from extensions import db
from plans.models import ClinicSession, Plan

MAX_ATTEMPTS = 5  # slots tried before telling the clerk that the session filled up meanwhile
SUGGESTIONS = 5
# Attendance moves forward only: a patient arrives, then is seen or leaves unseen.
NEXT_STATUSES = {
    "booked": ("arrived", "attended", "did_not_attend"),
    "arrived": ("attended", "did_not_attend"),
}


class BookingRefused(ValueError):
    """A booking change that cannot be made; the message says why, for the clerk."""


class SlotTaken(BookingRefused):
    """The chosen session has no free slot left; `suggestions` are fresh alternatives."""

    def __init__(self, message: str, suggestions: list[Offer]):
        super().__init__(message)
        self.suggestions = suggestions


def begin_write() -> None:
    """Start the write transaction now so that concurrent writers queue for the lock.

    SQLite's default transaction takes the write lock only at its first write, after this
    transaction has read which slots are free; BEGIN IMMEDIATE takes it at once. Other
    databases rely on the unique index alone (a lost race fails the insert and is retried).
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(sa.text("BEGIN IMMEDIATE"))


def snapshot(booking: Booking) -> dict:
    """The booking's values as the audit trail keeps them."""
    session = booking.session
    return {
        "referral_id": booking.referral_id,
        "session_id": booking.session_id,
        "slot_number": booking.slot_number,
        "date": session.date.isoformat() if session else None,
        "period": session.period if session else None,
        "service_id": session.service_id if session else None,
        "status": booking.status,
        "cancelled_by": booking.cancelled_by,
    }


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


def check_bookable(referral: Referral, session_id: int, now: datetime) -> Opening:
    """Return the session if the referral may be booked into it, else say why not."""
    opening = session_opening(session_id)
    if opening is None:
        raise BookingRefused("That session does not exist.")
    if db.session.get(Plan, opening.plan_id).status != "published":
        raise BookingRefused("That session is not in a published plan, so it cannot be booked.")
    if opening.service_id != referral.service_id:
        raise BookingRefused(
            f"That session runs {opening.service_name}; this referral is for {referral.service_id}."
        )
    if opening.start <= now:
        raise BookingRefused(
            f"That session began at {opening.start:%H:%M} on {opening.start:%-d %B %Y}; "
            "it can no longer be booked."
        )
    return opening


def _still_published(session_id: int) -> None:
    """Check again, under the write lock, that the session's plan is the published one."""
    status = db.session.scalar(
        sa.select(Plan.status)
        .join(ClinicSession, ClinicSession.plan_id == Plan.id)
        .where(ClinicSession.id == session_id)
    )
    if status != "published":
        raise BookingRefused("That session is not in a published plan, so it cannot be booked.")


def _referral(referral_id: int) -> Referral:
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        raise BookingRefused("That referral does not exist.")
    return referral


def _live(referral: Referral) -> Booking | None:
    return db.session.scalar(
        sa.select(Booking).where(
            Booking.referral_id == referral.id, Booking.status.in_(LIVE_STATUSES)
        )
    )


def _taken(referral_id: int, session_id: int, now: datetime, message: str) -> SlotTaken:
    db.session.rollback()
    referral = _referral(referral_id)
    return SlotTaken(message, find_slots(referral, now, limit=SUGGESTIONS, exclude=session_id))


def _take_slot(referral_id: int, session_id: int, now: datetime) -> Booking | None:
    """Insert the booking into the lowest free slot, in the open transaction.

    Returns the new booking, or None when the insert lost a race (the transaction is rolled
    back). Raises SlotTaken when the session has no free slot.
    """
    numbers = free_slot_numbers(session_id)
    if not numbers:
        raise _taken(referral_id, session_id, now, "That session is now full.")
    booking = Booking(referral_id=referral_id, session_id=session_id, slot_number=numbers[0])
    db.session.add(booking)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return None
    return booking


def _with_retries(referral_id: int, session_id: int, now: datetime, attempt) -> Booking:
    """Run one booking transaction, again when it lost a race, and commit it."""
    for _ in range(MAX_ATTEMPTS):
        begin_write()
        try:
            booking = attempt()
            if booking is not None:
                db.session.commit()
                return booking
        except sa.exc.IntegrityError:  # another commit took the slot first: try again
            db.session.rollback()
        except BookingRefused:
            db.session.rollback()
            raise
        except sa.exc.OperationalError as error:  # the lock wait ran out
            db.session.rollback()
            raise BookingRefused("The booking desk is busy; try again in a moment.") from error
    raise _taken(referral_id, session_id, now, "That slot has just been taken by another booking.")


def book(referral_id: int, session_id: int, *, now: datetime | None = None) -> Booking:
    """Book the referral into a free slot of the session, and commit.

    Raises:
        BookingRefused: no such referral or session; the referral has an appointment to
            come; the session is unpublished, of another service, or has begun.
        SlotTaken: the session is full, or filled while this transaction tried.
    """
    now = now or local_now()
    check_bookable(_referral(referral_id), session_id, now)  # before taking the write lock

    def attempt() -> Booking | None:
        referral = _referral(referral_id)
        if (live := _live(referral)) is not None:
            raise BookingRefused(
                f"This patient already has an appointment on {live.session.date:%-d %B %Y}; "
                "change it instead of booking another."
            )
        _still_published(session_id)
        booking = _take_slot(referral_id, session_id, now)
        if booking is not None:
            record("book", "booking", booking.id, after=snapshot(booking))
        return booking

    return _with_retries(referral_id, session_id, now, attempt)


def rebook(
    booking_id: int, session_id: int, *, cancelled_by: str = "patient", now: datetime | None = None
) -> Booking:
    """Move a booking to a slot of another session: the new slot is taken and the old one
    released in one transaction, so the patient never holds both or neither."""
    now = now or local_now()
    if cancelled_by not in CANCELLERS:
        raise BookingRefused("Say who asked for the change: the patient or the service.")
    old = db.session.get(Booking, booking_id)
    if old is None:
        raise BookingRefused("That booking does not exist.")
    referral_id = old.referral_id
    check_bookable(old.referral, session_id, now)  # before taking the write lock

    def attempt() -> Booking | None:
        current = db.session.get(Booking, booking_id)
        if current.status != "booked":
            raise BookingRefused(
                f"Only a booked appointment can be changed, not one {_said(current)}."
            )
        if current.session_id == session_id:
            raise BookingRefused("The patient is already booked into that session.")
        _still_published(session_id)
        before = snapshot(current)
        current.status, current.cancelled_by = "cancelled", cancelled_by
        db.session.flush()  # release the referral's live booking before taking the new slot
        booking = _take_slot(referral_id, session_id, now)
        if booking is not None:
            record("cancel", "booking", current.id, before=before, after=snapshot(current))
            record("rebook", "booking", booking.id, before=before, after=snapshot(booking))
        return booking

    return _with_retries(referral_id, session_id, now, attempt)


def _said(booking: Booking) -> str:
    return booking.status.replace("_", " ")


def cancel(booking_id: int, cancelled_by: str, *, now: datetime | None = None) -> Booking:
    """Cancel a booked appointment, freeing its slot, and commit."""
    now = now or local_now()
    if cancelled_by not in CANCELLERS:
        raise BookingRefused("Say who cancelled: the patient or the service.")
    begin_write()
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        db.session.rollback()
        raise BookingRefused("That booking does not exist.")
    if booking.status != "booked":
        db.session.rollback()
        raise BookingRefused(
            f"Only a booked appointment can be cancelled, not one {_said(booking)}."
        )
    opening = session_opening(booking.session_id)
    if opening is not None and opening.end <= now:
        db.session.rollback()
        raise BookingRefused("That appointment has passed: record whether the patient attended.")
    before = snapshot(booking)
    booking.status, booking.cancelled_by = "cancelled", cancelled_by
    record("cancel", "booking", booking.id, before=before, after=snapshot(booking))
    db.session.commit()
    return booking


def record_attendance(booking_id: int, status: str, *, now: datetime | None = None) -> Booking:
    """Record that the patient arrived, attended or did not attend, and commit."""
    now = now or local_now()
    begin_write()
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        db.session.rollback()
        raise BookingRefused("That booking does not exist.")
    if status not in NEXT_STATUSES.get(booking.status, ()):
        db.session.rollback()
        raise BookingRefused(
            f"An appointment {_said(booking)} cannot be marked {status.replace('_', ' ')}."
        )
    if booking.session.date > now.date():
        db.session.rollback()
        raise BookingRefused("Attendance can be recorded from the day of the appointment.")
    before = snapshot(booking)
    booking.status = status
    record("attendance", "booking", booking.id, before=before, after=snapshot(booking))
    db.session.commit()
    return booking
