"""A message to a patient about one appointment, by text message or email, and its fate.

A booking gets at most one message of each kind on each channel (a unique index), so deciding
twice (a reminder run repeated, a listener called again) sends nothing twice. A message that
could not be sent stays, with the reason, for the booking desk to see and retry.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.models import Booking, Referral
from database.constraints import one_of
from extensions import db

KINDS = ("confirmation", "change", "cancellation", "reminder")
CHANNELS = ("sms", "email")
# queued: waiting for (another) attempt; sent: Notify accepted it; failed: Notify refused it or
# every attempt failed, the desk may retry; not_sent: it must not go (no consent, no number).
STATUSES = ("queued", "sent", "failed", "not_sent")


def _now() -> datetime:
    return datetime.now(UTC)


class Message(db.Model):
    """One text message or email about a booking, from decision to Notify's answer."""

    __tablename__ = "patient_message"
    __table_args__ = (
        sa.CheckConstraint(one_of("kind", KINDS), name="kind_known"),
        sa.CheckConstraint(one_of("channel", CHANNELS), name="channel_known"),
        sa.CheckConstraint(one_of("status", STATUSES), name="status_known"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.UniqueConstraint("booking_id", "kind", "channel"),  # once per booking
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referral.id"), index=True)
    booking_id: Mapped[int] = mapped_column(sa.ForeignKey("booking.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    channel: Mapped[str] = mapped_column(sa.String(8))
    template_id: Mapped[str] = mapped_column(sa.String(36), default="")
    # The template's fields: the appointment's service, date, time and place (no patient's
    # name or NHS number: a text message shows on a locked phone's screen).
    personalisation: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(10), default="queued", index=True)
    reason: Mapped[str] = mapped_column(sa.Text, default="")  # why not sent, or the last error
    attempts: Mapped[int] = mapped_column(default=0)
    notify_id: Mapped[str | None] = mapped_column(sa.String(36))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)
    # When a queued message is next tried; while an attempt runs, when it is given up as lost.
    next_attempt_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    referral: Mapped[Referral] = relationship()
    booking: Mapped[Booking] = relationship()
