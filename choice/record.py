"""Record an offer of appointments to a patient, in the caller's transaction."""

from dataclasses import dataclass
from datetime import date, datetime

from audit.record import record, who
from choice.models import OUTCOMES, ChoiceOffer, ChoiceOption
from extensions import db


@dataclass(frozen=True)
class Shown:
    """One appointment as it was shown to the patient."""

    session_id: int
    site_id: str
    date: date
    starts_at: datetime
    distance_km: float | None
    # The patient's postcode is not in the area's list: distance_km is from their practice.
    from_practice: bool = False


def record_offer(
    referral_id: int,
    practice_id: str,
    shown: list[Shown],
    outcome: str,
    *,
    channel: str = "practice",
    booking_id: int | None = None,
    taken_session_id: int | None = None,
) -> ChoiceOffer:
    """Add the offer and its options, audited, to the open transaction; the caller commits.

    Args:
        referral_id: the referral the appointments were offered for.
        practice_id: the referral's practice.
        shown: the appointments offered, in the order shown.
        outcome: one of choice.models.OUTCOMES.
        channel: where the offer was made: "practice", "desk" or "api".
        booking_id: the booking made, when the outcome is "booked".
        taken_session_id: the session of the option booked.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"{outcome!r} is not an outcome of an offer")
    user_id, actor = who()
    offer = ChoiceOffer(
        referral_id=referral_id,
        practice_id=practice_id,
        channel=channel,
        outcome=outcome,
        booking_id=booking_id,
        user_id=user_id,
        actor=actor,
    )
    offer.options = [
        ChoiceOption(
            rank=rank,
            session_id=option.session_id,
            site_id=option.site_id,
            date=option.date,
            starts_at=option.starts_at,
            distance_km=option.distance_km,
            from_practice=option.from_practice,
            taken=option.session_id == taken_session_id,
        )
        for rank, option in enumerate(shown)
    ]
    db.session.add(offer)
    db.session.flush()
    details = {"referral_id": referral_id, "status": outcome, "rows": len(shown)}
    if booking_id is not None:
        details |= {"booking_id": booking_id, "session_id": taken_session_id}
    record("offer", "choice_offer", offer.id, after=details)
    return offer


def record_booked(referral, shown: list[Shown], booking, channel: str) -> ChoiceOffer:
    """`record_offer` for an offer that ended in `booking` (one of `shown`), made through
    `channel` ("practice", "desk" or "api")."""
    return record_offer(
        referral.id,
        referral.practice_id,
        shown,
        "booked",
        channel=channel,
        booking_id=booking.id,
        taken_session_id=booking.session_id,
    )
