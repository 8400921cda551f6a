"""Booking one named slot, for a referral on the list or one made in the same transaction.

The desk books a session and takes its lowest free slot; a system that offered the patient
one appointment time (the FHIR API's Slot) books that slot or nothing. It takes the same
locks as booking.service.book, so the two race fairly, and a booking refused leaves no
referral behind.
"""

from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa

from audit.record import record
from booking.changes import snapshot
from booking.clocks import local_now
from booking.events import announce
from booking.models import Booking, Referral, SessionSlot
from booking.referrals import audit_values
from booking.service import (
    JUST_TAKEN,
    BookingRefused,
    SlotTaken,
    _hold_session,
    _note,
    _referral,
    _refuse_if_live,
    _with_retries,
    check_bookable,
)
from booking.shown import shown_slot
from booking.slots import follow_up_counts, usable_kind
from choice.record import record_booked
from extensions import db

KIND_WORDS = {"new": "first appointments", "follow_up": "follow-ups"}


def _check_slot(session_id: int, number: int, step_kind: str) -> None:
    """Refuse a slot the session lacks or keeps for another kind of step; raise SlotTaken
    if a booking holds it."""
    slot = db.session.get(SessionSlot, (session_id, number))
    if slot is None:
        raise BookingRefused("That session has no such slot.")
    keeps = follow_up_counts([session_id]).get(session_id, (0, 0))[0]
    kind = usable_kind(step_kind, keeps)
    if kind is not None and slot.kind != kind:
        raise BookingRefused(f"That slot is kept for {KIND_WORDS[slot.kind]}.")
    held = sa.select(Booking.id).where(
        Booking.session_id == session_id,
        Booking.slot_number == number,
        Booking.status != "cancelled",
    )
    if db.session.scalar(held) is not None:
        raise SlotTaken(JUST_TAKEN, [])


def book_slot(
    session_id: int,
    slot_number: int,
    *,
    referral_id: int | None = None,
    new_referral: Mapping | None = None,
    now: datetime | None = None,
) -> Booking:
    """Book slot `slot_number` of the session, and commit.

    Args:
        referral_id: the referral on the list to book; or
        new_referral: the values of a Referral (checked already, as parse_referral checks
            them) to add and book in one transaction.

    Raises:
        BookingRefused: as booking.service.book refuses, or the slot is not the session's
            or is kept for another kind of step.
        SlotTaken: a booking holds the slot, or took it while this one waited.
    """
    if (referral_id is None) == (new_referral is None):
        raise ValueError("name a referral or give a new one, not both")
    now = now or local_now()
    values = dict(new_referral or {})
    step = _referral(referral_id) if referral_id is not None else Referral(**values)
    check_bookable(step, session_id, now)  # before waiting for any lock (a new one is unsaved)

    def attempt() -> Booking:
        _hold_session(session_id)
        if referral_id is None:
            referral = Referral(**values)
            db.session.add(referral)
            db.session.flush()
            record("create", "referral", referral.id, after=audit_values(referral))
        else:
            referral = _referral(referral_id, lock=True)
            _refuse_if_live(referral)
        _check_slot(session_id, slot_number, referral.kind)
        booking = Booking(referral_id=referral.id, session_id=session_id, slot_number=slot_number)
        db.session.add(booking)
        db.session.flush()
        _note(referral, "booked", now.date(), booking)
        record("book", "booking", booking.id, after=snapshot(booking))
        # The practice's system chose this one slot: the record of choice says so.
        record_booked(referral, shown_slot(referral, session_id, slot_number), booking, "api")
        return booking

    booking = _with_retries(
        referral_id, session_id, now, attempt, lost=lambda: SlotTaken(JUST_TAKEN, [])
    )
    announce("booked", [booking.id])
    return booking
