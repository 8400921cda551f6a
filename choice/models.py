"""Choices offered to patients: each offer, the appointments it showed, and what came of it.

A row is written when the offer ends: a choice booked, a shortlist printed for the patient
to book later, or none of them wanted. The options keep the site and date as they were
shown, so the record stands whatever later becomes of the sessions (a new plan, say).
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.constraints import one_of
from extensions import db

# booked: one of them was booked; shortlist: printed for the patient to ring or book later;
# declined: the patient wanted none of them.
OUTCOMES = ("booked", "shortlist", "declined")
OUTCOME_LABELS = {
    "booked": "Booked one",
    "shortlist": "Shortlist printed",
    "declined": "None wanted",
}
CHANNELS = ("practice", "desk", "api")  # where the offer was made
CHANNEL_LABELS = {
    "practice": "Offered at the GP practice",
    "desk": "Offered by the booking desk",
    "api": "Booked by a practice's system through the FHIR API (the one slot it chose)",
}


def _now() -> datetime:
    return datetime.now(UTC)


class ChoiceOffer(db.Model):
    """One offer of appointments to a patient, made for one referral."""

    __tablename__ = "choice_offer"
    __table_args__ = (
        sa.CheckConstraint(one_of("outcome", OUTCOMES), name="outcome_known"),
        sa.CheckConstraint(one_of("channel", CHANNELS), name="channel_known"),
        sa.CheckConstraint("outcome <> 'booked' OR booking_id IS NOT NULL", name="booked_names"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referral.id"), index=True)
    # The referral's practice, kept here so the report counts by practice from this table.
    practice_id: Mapped[str] = mapped_column(sa.ForeignKey("practice.id"), index=True)
    channel: Mapped[str] = mapped_column(sa.String(10))
    outcome: Mapped[str] = mapped_column(sa.String(10))
    booking_id: Mapped[int | None] = mapped_column(sa.ForeignKey("booking.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    actor: Mapped[str] = mapped_column(sa.String(64))
    made_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now, index=True)
    options: Mapped[list["ChoiceOption"]] = relationship(
        back_populates="offer", order_by="ChoiceOption.rank", cascade="all, delete-orphan"
    )

    @property
    def taken(self) -> "ChoiceOption | None":
        """The option booked, if one was."""
        return next((option for option in self.options if option.taken), None)


class ChoiceOption(db.Model):
    """One appointment an offer showed, in the order shown (rank 0 first)."""

    __tablename__ = "choice_option"
    __table_args__ = (
        sa.CheckConstraint("rank >= 0", name="rank_not_negative"),
        sa.CheckConstraint("distance_km IS NULL OR distance_km >= 0", name="distance_not_negative"),
    )

    offer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("choice_offer.id", ondelete="CASCADE"), primary_key=True
    )
    rank: Mapped[int] = mapped_column(primary_key=True)
    # The session as it was shown; no foreign key, so the record outlives a replaced plan.
    session_id: Mapped[int]
    site_id: Mapped[str] = mapped_column(sa.String(64))
    date: Mapped[date]
    starts_at: Mapped[datetime]  # the first free slot's time when shown, on the clinics' clock
    distance_km: Mapped[float | None]
    # distance_km was measured from the patient's practice: their postcode was not in the
    # area's list (booking.finder.patient_point).
    from_practice: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    taken: Mapped[bool] = mapped_column(default=False)
    offer: Mapped[ChoiceOffer] = relationship(back_populates="options")
