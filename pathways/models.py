"""Pathways: one GP referral's journey across clinic, diagnostics and day case, and its events.

Each step of a pathway is a `booking.models.Referral` row: the GP's referral is the first
step; a follow-up, a diagnostic request or a place on a day-case list made at a clinic
outcome is a further step on the same pathway, waiting and booked as the first one is.
The pathway keeps the RTT clock (pathways/rtt.py) that runs across all of them, worked out
from its events, which are kept with who recorded them and when, and never changed.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.constraints import one_of
from extensions import db
from pathways.rtt import KINDS

# What a step of a pathway waits for.
STEP_KINDS = ("first", "follow_up", "diagnostic", "day_case")
STEP_LABELS = {
    "first": "First appointment",
    "follow_up": "Follow-up",
    "diagnostic": "Diagnostic test",
    "day_case": "Day case",
}


def _now() -> datetime:
    return datetime.now(UTC)


class Pathway(db.Model):
    """A patient's pathway from one GP referral; its RTT clock as its events leave it."""

    __tablename__ = "pathway"

    id: Mapped[int] = mapped_column(primary_key=True)
    started: Mapped[date] = mapped_column(index=True)  # the referral was received
    stopped: Mapped[date | None] = mapped_column(index=True)  # the RTT clock stopped
    stop_reason: Mapped[str | None] = mapped_column(sa.String(40))
    nullified: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    ended: Mapped[date | None]  # discharged or returned to the referrer: nothing more to do
    later_dnas: Mapped[int] = mapped_column(default=0, server_default="0")
    # Patient-initiated follow-up: the patient may ask for an appointment until this day.
    pifu_until: Mapped[date | None]
    events: Mapped[list["PathwayEvent"]] = relationship(
        back_populates="pathway",
        order_by="(PathwayEvent.on, PathwayEvent.id)",
        cascade="all, delete-orphan",
    )

    @property
    def running(self) -> bool:
        return self.stopped is None and not self.nullified


class PathwayEvent(db.Model):
    """One thing that happened on a pathway, on a day, recorded by someone at a moment."""

    __tablename__ = "pathway_event"
    __table_args__ = (sa.CheckConstraint(one_of("kind", KINDS), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pathway_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pathway.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(24))
    on: Mapped[date]
    referral_id: Mapped[int | None] = mapped_column(sa.ForeignKey("referral.id"))
    booking_id: Mapped[int | None] = mapped_column(sa.ForeignKey("booking.id"))
    detail: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # e.g. {"weeks": 6}
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    actor: Mapped[str] = mapped_column(sa.String(64), default="system")
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)
    pathway: Mapped[Pathway] = relationship(back_populates="events")


class PathwayEventImmutableError(RuntimeError):
    """Raised when code tries to change a pathway's recorded event."""


@event.listens_for(PathwayEvent, "before_update")
def _refuse_update(_mapper, _connection, target: PathwayEvent) -> None:
    raise PathwayEventImmutableError(f"pathway event {target.id} is kept as recorded")
