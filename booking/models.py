"""Referrals, the appointment slots of published sessions, and bookings.

A session's capacity lives in the database: it has one `session_slot` row per appointment, and
a booking must name one of them; a partial unique index lets each slot hold one live booking.
Two clerks taking the last slot at once cannot both succeed, whatever the Python does.
Referrals, bookings and allocation runs carry a `version` that every update raises: a change
decided on an older version is refused (see database/locking.py).
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from audit.record import who
from database.constraints import one_of
from extensions import db
from pathways.models import STEP_KINDS, Pathway, PathwayEvent
from pathways.rtt import OUTCOMES
from plans.models import ClinicSession

PRIORITIES = ("urgent", "routine")
BOOKING_STATUSES = ("booked", "arrived", "attended", "did_not_attend", "cancelled")
LIVE_STATUSES = ("booked", "arrived")  # the patient still holds the slot and is waiting
CANCELLERS = ("patient", "service")
RUN_STATUSES = ("proposed", "confirmed", "discarded")  # of an allocation run
SLOT_KINDS = ("new", "follow_up")  # a session's slots for first appointments or follow-ups
BOOKING_OUTCOMES = ("treated", *OUTCOMES)  # what was decided at an attendance
# Why the service called a session off, as the desk and the to-rebook list say it.
SESSION_CANCEL_REASONS = {
    "unit_breakdown": "unit breakdown",
    "clinician_unavailable": "clinician unavailable",
    "site_unavailable": "site unavailable",
    "other": "other",
}


def _now() -> datetime:
    return datetime.now(UTC)


class Referral(db.Model):
    """A step of a pathway on the waiting list: a GP referral (the first step), or a
    follow-up, diagnostic test or day case that a clinic outcome asked for."""

    __tablename__ = "referral"
    __table_args__ = (
        sa.CheckConstraint(one_of("priority", PRIORITIES), name="priority_known"),
        sa.CheckConstraint(one_of("kind", STEP_KINDS), name="kind_known"),
        sa.CheckConstraint("length(nhs_number) = 10", name="nhs_number_length"),
        sa.CheckConstraint("date_of_birth <= referral_date", name="born_before_referral"),
        # booking/contact.py's one form of a UK mobile number: +447 and nine digits.
        sa.CheckConstraint(
            "mobile IS NULL OR (length(mobile) = 13 AND mobile LIKE '+447%')", name="mobile_e164"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nhs_number: Mapped[str] = mapped_column(sa.String(10), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    date_of_birth: Mapped[date]
    postcode: Mapped[str] = mapped_column(sa.String(10))
    practice_id: Mapped[str] = mapped_column(sa.ForeignKey("practice.id"), index=True)
    service_id: Mapped[str] = mapped_column(sa.ForeignKey("service.id"), index=True)
    priority: Mapped[str] = mapped_column(sa.String(10), default="routine")
    referral_date: Mapped[date] = mapped_column(index=True)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # Where messages about appointments go, if the patient agreed (see booking/contact.py).
    mobile: Mapped[str | None] = mapped_column(sa.String(13))
    email: Mapped[str | None] = mapped_column(sa.String(320))
    message_consent: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)
    # The pathway this step is on (made with the first step: see _start_pathways below).
    pathway_id: Mapped[int] = mapped_column(sa.ForeignKey("pathway.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(12), default="first", server_default="first")
    due_date: Mapped[date | None]  # a follow-up is due by this day
    # The step ended without an attendance (discharged, returned to the referrer).
    closed_on: Mapped[date | None] = mapped_column(index=True)
    closed_reason: Mapped[str | None] = mapped_column(sa.String(200))
    version: Mapped[int] = mapped_column(server_default="1")
    pathway: Mapped[Pathway] = relationship()
    bookings: Mapped[list["Booking"]] = relationship(
        back_populates="referral", order_by="Booking.id"
    )
    __mapper_args__ = {"version_id_col": version}


class SessionSlot(db.Model):
    """Appointment number `number` of a bookable session (0 .. slots_per_session - 1)."""

    __tablename__ = "session_slot"
    __table_args__ = (
        sa.CheckConstraint("number >= 0", name="number_not_negative"),
        sa.CheckConstraint(one_of("kind", SLOT_KINDS), name="kind_known"),
    )

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clinic_session.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(12), default="new", server_default="new")
    session: Mapped[ClinicSession] = relationship()


class Booking(db.Model):
    """An appointment: a referral in one slot of a session, through its life cycle."""

    __tablename__ = "booking"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["session_id", "slot_number"], ["session_slot.session_id", "session_slot.number"]
        ),
        sa.CheckConstraint(one_of("status", BOOKING_STATUSES), name="status_known"),
        sa.CheckConstraint(one_of("cancelled_by", CANCELLERS, nullable=True), name="canceller"),
        sa.CheckConstraint(
            one_of("outcome", BOOKING_OUTCOMES, nullable=True), name="outcome_known"
        ),
        # One live booking per slot: the database's guarantee against double booking.
        sa.Index(
            "uq_booking_slot_taken",
            "session_id",
            "slot_number",
            unique=True,
            sqlite_where=sa.text("status != 'cancelled'"),
            postgresql_where=sa.text("status != 'cancelled'"),
        ),
        # A referral holds at most one appointment that is still to come.
        sa.Index(
            "uq_booking_one_live_per_referral",
            "referral_id",
            unique=True,
            sqlite_where=sa.text(one_of("status", LIVE_STATUSES)),
            postgresql_where=sa.text(one_of("status", LIVE_STATUSES)),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referral.id"), index=True)
    session_id: Mapped[int] = mapped_column(index=True)
    slot_number: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(16), default="booked")
    cancelled_by: Mapped[str | None] = mapped_column(sa.String(10))
    # What was decided at the attendance (its details are on the pathway's event).
    outcome: Mapped[str | None] = mapped_column(sa.String(24))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=_now, onupdate=_now
    )
    version: Mapped[int] = mapped_column(server_default="1")
    referral: Mapped[Referral] = relationship(back_populates="bookings")
    session: Mapped[ClinicSession] = relationship(
        primaryjoin="Booking.session_id == ClinicSession.id", foreign_keys=[session_id]
    )
    __mapper_args__ = {"version_id_col": version}


class SessionCancellation(db.Model):
    """A session the service called off (a unit broke down, the clinician is ill): it takes
    no more bookings, and the appointments it held were cancelled by the service.

    Kept beside the planner's session row rather than on it: the plan says where the units
    go; whether a session still runs is the desk's to say. Never changed once made.
    """

    __tablename__ = "session_cancellation"
    __table_args__ = (
        sa.CheckConstraint(one_of("reason", SESSION_CANCEL_REASONS), name="reason_known"),
        sa.CheckConstraint("reason != 'other' OR length(detail) > 0", name="other_explained"),
        sa.CheckConstraint("bookings >= 0", name="bookings_not_negative"),
    )

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clinic_session.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(sa.String(24))
    detail: Mapped[str] = mapped_column(sa.String(200), default="")  # the desk's own words
    bookings: Mapped[int] = mapped_column(default=0)  # appointments it cancelled
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    actor: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)

    @property
    def said(self) -> str:
        """The reason in words: "unit breakdown", "unit breakdown (generator)", or for
        "other" the desk's own words."""
        label = SESSION_CANCEL_REASONS[self.reason]
        if not self.detail:
            return label
        return self.detail if self.reason == "other" else f"{label} ({self.detail})"


class AllocationRun(db.Model):
    """Bookings that automatic allocation proposed for the waiting list, kept for review.

    `proposals` holds [referral_id, session_id] pairs; confirming books them in one
    transaction and `report` says which were skipped because things changed meanwhile.
    """

    __tablename__ = "allocation_run"
    __table_args__ = (sa.CheckConstraint(one_of("status", RUN_STATUSES), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    actor: Mapped[str] = mapped_column(sa.String(64))
    filters: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    proposals: Mapped[list] = mapped_column(sa.JSON, default=list)
    unplaced: Mapped[list] = mapped_column(sa.JSON, default=list)  # referral ids
    seconds: Mapped[float] = mapped_column(default=0.0)  # time taken to propose
    status: Mapped[str] = mapped_column(sa.String(12), default="proposed")
    confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    report: Mapped[dict | None] = mapped_column(sa.JSON)
    version: Mapped[int] = mapped_column(server_default="1")
    __mapper_args__ = {"version_id_col": version}


@event.listens_for(Session, "before_flush")
def _start_pathways(session: Session, _context, _instances) -> None:
    """Start a pathway for each new first step that has none: the referral was received,
    and its RTT clock starts, on the referral date."""
    for referral in [o for o in session.new if isinstance(o, Referral)]:
        if referral.pathway_id is None and referral.pathway is None:
            user_id, actor = who()
            pathway = Pathway(started=referral.referral_date)
            pathway.events.append(
                PathwayEvent(
                    kind="referred", on=referral.referral_date, user_id=user_id, actor=actor
                )
            )
            referral.pathway = pathway
            session.add(pathway)
