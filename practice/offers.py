"""What comes of an offer made with the patient: one booked, a shortlist printed, or none
wanted; each recorded (choice.record) with the appointments shown."""

from datetime import datetime

from booking.models import LIVE_STATUSES, Booking, Referral
from booking.service import BookingRefused, book
from choice.models import ChoiceOffer
from choice.record import Shown, record_booked, record_offer
from extensions import db
from pathways.models import STEP_LABELS


def why_not_offered(referral: Referral) -> str | None:
    """Why the referral cannot be offered appointments now (None when it can)."""
    if referral.closed_on is not None:
        closed = f"{referral.closed_on:%-d %B %Y}"
        return f"This referral was closed on {closed}: {referral.closed_reason}."
    for booking in referral.bookings:
        if booking.status == "attended":
            return f"This {STEP_LABELS[referral.kind].lower()} was attended; it waits no more."
        if booking.status in LIVE_STATUSES:
            return "The patient has an appointment already; the booking team can change it."
    return None


def book_choice(referral: Referral, shown: list[Shown], session_id: int, now: datetime) -> Booking:
    """Book the patient into the session they chose, recording the offer in the same
    transaction, and commit.

    Raises:
        BookingRefused: the session was not among those shown, or cannot be booked.
        SlotTaken: it filled up meanwhile (its `suggestions` are fresh slots).
    """
    if session_id not in [option.session_id for option in shown]:
        raise BookingRefused("Choose one of the appointments shown.")

    def record(booking: Booking) -> None:
        record_booked(referral, shown, booking, "practice")

    return book(referral.id, session_id, now=now, also=record)


def end_offer(referral: Referral, shown: list[Shown], outcome: str) -> ChoiceOffer:
    """Record an offer that booked nothing ("shortlist" or "declined"), and commit."""
    if outcome not in ("shortlist", "declined"):
        raise ValueError(f"an offer that booked nothing cannot end {outcome!r}")
    offer = record_offer(referral.id, referral.practice_id, shown, outcome)
    db.session.commit()
    return offer
