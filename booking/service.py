"""Book, cancel, rebook and record attendance: one transaction each, audited, and noted on
the referral's pathway (booking/pathways.py), which may refuse it.

Capacity is the database's to guard: a slot holds one live booking (a partial unique index).
Each change is one write transaction (database/locking.py) that locks the session's plan
against publishing (shared), the session, the referral and the booking, in that order, and
reads them afresh: the lowest free slot is really free, a booking racing a publish is carried
or refused, and of two clerks changing one appointment the second hears what the first did.
"""

from collections.abc import Callable
from datetime import datetime
from functools import partial

import sqlalchemy as sa

from audit.record import record
from booking.changes import changed, snapshot
from booking.clocks import local_now
from booking.events import announce
from booking.finder import Offer, find_slots
from booking.models import CANCELLERS, LIVE_STATUSES, Booking, Referral, SessionCancellation
from booking.openings import Opening, session_opening
from booking.pathways import attended, did_not_attend, note
from booking.slots import free_slot_numbers
from database.locking import lock_row, write_transaction
from extensions import db
from pathways.models import STEP_LABELS
from pathways.rtt import ClockError
from plans.models import ClinicSession, Plan

MAX_ATTEMPTS = 5  # slots tried before telling the clerk that the session filled up meanwhile
SUGGESTIONS = 5
# Attendance moves forward only: a patient arrives, then is seen or leaves unseen.
NEXT_STATUSES = {
    "booked": ("arrived", "attended", "did_not_attend"),
    "arrived": ("attended", "did_not_attend"),
}
# What an attendance notes on the pathway (a DNA may return or discharge the patient).
ON_THE_PATHWAY = {"attended": attended, "did_not_attend": did_not_attend}
NOT_PUBLISHED = "That session is not in a published plan, so it cannot be booked."
REPUBLISHED = "A new plan was published meanwhile, without that session; nothing was booked."
JUST_TAKEN = "That slot has just been taken by another booking."


class BookingRefused(ValueError):
    """A booking change that cannot be made; the message says why, for the clerk."""


class SlotTaken(BookingRefused):
    """The chosen session has no free slot left; `suggestions` are fresh alternatives."""

    def __init__(self, message: str, suggestions: list[Offer]):
        super().__init__(message)
        self.suggestions = suggestions


def check_bookable(referral: Referral, session_id: int, now: datetime) -> Opening:
    """Return the session if the referral may be booked into it, else say why not."""
    if referral.closed_on is not None:
        raise BookingRefused(
            f"This referral was closed on {referral.closed_on:%-d %B %Y} "
            f"({referral.closed_reason}); it cannot be booked."
        )
    seen = next((b for b in referral.bookings if b.status == "attended"), None)
    if seen is not None:
        raise BookingRefused(
            f"This {STEP_LABELS[referral.kind].lower()} was attended on "
            f"{seen.session.date:%-d %B %Y}; record its outcome (a follow-up, say) instead "
            "of booking it again."
        )
    opening = session_opening(session_id)
    if opening is None:
        raise BookingRefused("That session does not exist.")
    if db.session.get(Plan, opening.plan_id).status != "published":
        raise BookingRefused(NOT_PUBLISHED)
    _refuse_if_cancelled(session_id)
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


def _refuse_if_cancelled(session_id: int) -> None:
    cancelled = db.session.get(SessionCancellation, session_id)
    if cancelled is not None:
        raise BookingRefused(
            f"That session was cancelled by the service ({cancelled.said}); it cannot be booked."
        )


def _hold_session(session_id: int) -> None:
    """Lock the session's plan against publishing (shared), then the session for one booking:
    a booking racing a publish commits first (and is carried) or waits and is refused, and
    one racing the session's cancellation commits first (and is cancelled) or is refused."""
    plan_id = db.session.scalar(
        sa.select(ClinicSession.plan_id).where(ClinicSession.id == session_id)
    )
    plan = lock_row(Plan, plan_id, shared=True) if plan_id is not None else None
    if plan is None or plan.status != "published":
        raise BookingRefused(REPUBLISHED)
    lock_row(ClinicSession, session_id)
    _refuse_if_cancelled(session_id)


def _referral(referral_id: int, *, lock: bool = False) -> Referral:
    referral = lock_row(Referral, referral_id) if lock else db.session.get(Referral, referral_id)
    if referral is None:
        raise BookingRefused("That referral does not exist.")
    return referral


def _live(referral: Referral) -> Booking | None:
    live = (Booking.referral_id == referral.id, Booking.status.in_(LIVE_STATUSES))
    return db.session.scalar(sa.select(Booking).where(*live))


def _refuse_if_live(referral: Referral) -> None:
    if (live := _live(referral)) is not None:
        raise BookingRefused(
            f"This patient already has an appointment on {live.session.date:%-d %B %Y}; "
            "change it instead of booking another."
        )


def locked_booking(booking_id: int, expected_version: int | None) -> Booking:
    """Lock the booking; refuse, saying what happened, if it changed since the clerk saw
    `expected_version` of it (the version their page showed)."""
    booking = lock_row(Booking, booking_id)
    if booking is None:
        raise BookingRefused("That booking does not exist.")
    if expected_version is not None and booking.version != expected_version:
        raise BookingRefused(
            f"This appointment {changed(booking)} while you had the page open; nothing was changed."
        )
    return booking


def _taken(referral_id: int, session_id: int, now: datetime, message: str) -> SlotTaken:
    db.session.rollback()
    referral = _referral(referral_id)
    return SlotTaken(message, find_slots(referral, now, limit=SUGGESTIONS, exclude=session_id))


def _take_slot(referral_id: int, session_id: int, now: datetime) -> Booking:
    """Insert the booking into the lowest free slot its step may take (a follow-up's
    among the follow-up slots), in the open transaction; raise SlotTaken if there is none,
    or IntegrityError if another booking took it first."""
    referral = db.session.get(Referral, referral_id)
    numbers = free_slot_numbers(session_id, referral.kind)
    if not numbers:
        full = "has no follow-up slot free" if referral.kind == "follow_up" else "is now full"
        raise _taken(referral_id, session_id, now, f"That session {full}.")
    booking = Booking(referral_id=referral_id, session_id=session_id, slot_number=numbers[0])
    db.session.add(booking)
    db.session.flush()
    _note(referral, "booked", now.date(), booking)
    return booking


def _note(referral: Referral, kind: str, on, booking: Booking, detail: dict | None = None) -> None:
    """Note the change on the pathway, refusing it if the pathway cannot take it."""
    noted = ON_THE_PATHWAY.get(kind) or partial(note, kind=kind, detail=detail)
    try:
        noted(referral, booking=booking, on=on)
    except ClockError as error:
        raise BookingRefused(f"The pathway cannot take this: {error.reason}.") from error


def _with_retries(
    referral_id: int | None, session_id: int, now: datetime, attempt, *, lost=None
) -> Booking:
    """Run one booking transaction, again when it lost a race, and commit it; after
    MAX_ATTEMPTS races lost raise `lost()` (by default SlotTaken with the referral's
    alternatives)."""
    for _ in range(MAX_ATTEMPTS):
        try:
            with write_transaction(BookingRefused):
                booking = attempt()
                db.session.commit()
                return booking
        except sa.exc.IntegrityError:  # another commit took the slot first: try again
            continue
    if lost is not None:
        raise lost()
    raise _taken(referral_id, session_id, now, JUST_TAKEN)


def book(
    referral_id: int,
    session_id: int,
    *,
    now: datetime | None = None,
    also: Callable[[Booking], None] | None = None,
) -> Booking:
    """Book the referral into a free slot of the session, and commit.

    Args:
        also: adds more to the booking's transaction, given the new booking (the record of
            the choice the patient made, say), so that both are written or neither.

    Raises:
        BookingRefused: no such referral or session; the referral has an appointment to
            come; the session is unpublished, of another service, or has begun.
        SlotTaken: the session is full, or filled while this transaction tried.
    """
    now = now or local_now()
    check_bookable(_referral(referral_id), session_id, now)  # before waiting for any lock

    def attempt() -> Booking:
        _hold_session(session_id)
        _refuse_if_live(_referral(referral_id, lock=True))
        booking = _take_slot(referral_id, session_id, now)
        record("book", "booking", booking.id, after=snapshot(booking))
        if also is not None:
            also(booking)
        return booking

    booking = _with_retries(referral_id, session_id, now, attempt)
    announce("booked", [booking.id])
    return booking


def rebook(
    booking_id: int,
    session_id: int,
    *,
    cancelled_by: str = "patient",
    expected_version: int | None = None,
    now: datetime | None = None,
    also: Callable[[Booking], None] | None = None,
) -> Booking:
    """Move a booking to a slot of another session: the new slot is taken and the old one
    released in one transaction, so the patient never holds both or neither.

    Args:
        also: adds more to the transaction, given the new booking (as for `book`).
    """
    now = now or local_now()
    if cancelled_by not in CANCELLERS:
        raise BookingRefused("Say who asked for the change: the patient or the service.")
    old = db.session.get(Booking, booking_id)
    if old is None:
        raise BookingRefused("That booking does not exist.")
    referral_id = old.referral_id
    check_bookable(old.referral, session_id, now)  # before waiting for any lock

    def attempt() -> Booking:
        _hold_session(session_id)
        _referral(referral_id, lock=True)
        current = locked_booking(booking_id, expected_version)
        if current.status != "booked":
            raise BookingRefused(
                f"Only a booked appointment can be changed; this one {changed(current)}."
            )
        if current.session_id == session_id:
            raise BookingRefused("The patient is already booked into that session.")
        before = snapshot(current)
        current.status, current.cancelled_by = "cancelled", cancelled_by
        db.session.flush()  # release the referral's live booking before taking the new slot
        _note(current.referral, f"cancelled_by_{cancelled_by}", now.date(), current)
        booking = _take_slot(referral_id, session_id, now)
        record("cancel", "booking", current.id, before=before, after=snapshot(current))
        record("rebook", "booking", booking.id, before=before, after=snapshot(booking))
        if also is not None:
            also(booking)
        return booking

    booking = _with_retries(referral_id, session_id, now, attempt)
    announce("moved", [booking.id])
    return booking


def cancel(
    booking_id: int,
    cancelled_by: str,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
    reason: str = "",
) -> Booking:
    """Cancel a booked appointment, freeing its slot, and commit; a reason given is kept
    on the pathway's cancellation event."""
    now = now or local_now()
    if cancelled_by not in CANCELLERS:
        raise BookingRefused("Say who cancelled: the patient or the service.")
    with write_transaction(BookingRefused):
        booking = locked_booking(booking_id, expected_version)
        if booking.status != "booked":
            raise BookingRefused(
                f"Only a booked appointment can be cancelled; this one {changed(booking)}."
            )
        opening = session_opening(booking.session_id)
        if opening is not None and opening.end <= now:
            raise BookingRefused(
                "That appointment has passed: record whether the patient attended."
            )
        before = snapshot(booking)
        booking.status, booking.cancelled_by = "cancelled", cancelled_by
        detail = {"reason": reason} if reason else None
        _note(booking.referral, f"cancelled_by_{cancelled_by}", now.date(), booking, detail)
        record("cancel", "booking", booking.id, before=before, after=snapshot(booking))
        db.session.commit()
    announce("cancelled", [booking.id])
    return booking


def record_attendance(
    booking_id: int,
    status: str,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Booking:
    """Record that the patient arrived, attended or did not attend, and commit."""
    now = now or local_now()
    with write_transaction(BookingRefused):
        booking = locked_booking(booking_id, expected_version)
        if status not in NEXT_STATUSES.get(booking.status, ()):
            said, wanted = booking.status.replace("_", " "), status.replace("_", " ")
            raise BookingRefused(
                f"An appointment {said} cannot be marked {wanted}: it {changed(booking)}."
            )
        if booking.session.date > now.date():
            raise BookingRefused("Attendance can be recorded from the day of the appointment.")
        before = snapshot(booking)
        booking.status = status
        if status in ON_THE_PATHWAY:
            _note(booking.referral, status, booking.session.date, booking)
        record("attendance", "booking", booking.id, before=before, after=snapshot(booking))
        db.session.commit()
    return booking
