"""A clinic's register: each slot of one session in order, who holds it and how they stand.

The clinic works from it on the day (arrivals, attendances, outcomes) and prints it; the
desk finds the day's registers from the list of sessions.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from booking.models import Booking, SessionCancellation, SessionSlot
from booking.openings import Opening, load_openings, session_opening
from booking.pathway_summary import outcomes_said
from extensions import db
from plans.models import ClinicSession, Plan

SLOT_LABELS = {"new": "New", "follow_up": "Follow-up"}  # booking.models.SLOT_KINDS in words


def age_on(born: date, day: date) -> int:
    """Whole years from the birth date to the day."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class Row:
    """One slot of the session: its time and kind, and the booking holding it (if any)."""

    number: int
    time: datetime
    kind: str  # "new" | "follow_up"
    booking: Booking | None  # not cancelled
    age: int | None  # the patient's, on the clinic's day

    @property
    def kind_label(self) -> str:
        return SLOT_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class Register:
    """One session and its slots, in order."""

    opening: Opening
    rows: list[Row]
    outcomes: dict[int, str]  # booking id -> its outcome in words, for those that have one
    # The service's cancellations of its appointments (all of them, if the session was
    # cancelled): those patients are on the to-rebook list.
    cancelled: list[Booking]

    @property
    def booked(self) -> list[Row]:
        return [row for row in self.rows if row.booking is not None]

    @property
    def awaiting_outcome(self) -> list[Row]:
        """Rows of attended appointments whose outcome is still to be recorded."""
        return [
            row
            for row in self.booked
            if row.booking.status == "attended" and row.booking.outcome is None
        ]


def clinic_register(session_id: int) -> Register | None:
    """The register of a session (published or not), or None if there is no such session."""
    opening = session_opening(session_id)
    if opening is None:
        return None
    slots = db.session.scalars(
        sa.select(SessionSlot)
        .where(SessionSlot.session_id == session_id)
        .order_by(SessionSlot.number)
    )
    held = db.session.scalars(
        sa.select(Booking)
        .where(Booking.session_id == session_id, Booking.status != "cancelled")
        .options(selectinload(Booking.referral))
    )
    by_slot = {booking.slot_number: booking for booking in held}
    rows = []
    for slot in slots:
        booking = by_slot.get(slot.number)
        age = age_on(booking.referral.date_of_birth, opening.date) if booking else None
        rows.append(Row(slot.number, opening.slot_time(slot.number), slot.kind, booking, age))
    said = outcomes_said(row.booking.id for row in rows if row.booking and row.booking.outcome)
    cancelled = db.session.scalars(
        sa.select(Booking)
        .where(
            Booking.session_id == session_id,
            Booking.status == "cancelled",
            Booking.cancelled_by == "service",
        )
        .options(selectinload(Booking.referral))
        .order_by(Booking.slot_number, Booking.id)
    )
    return Register(opening, rows, said, list(cancelled))


def day_sessions(day: date) -> list[Opening]:
    """The sessions of published plans on a day, full or not, begun or not, cancelled by the
    service or not (`cancelled_sessions` says which)."""
    query = (
        sa.select(ClinicSession)
        .join(Plan, Plan.id == ClinicSession.plan_id)
        .where(Plan.status == "published", ClinicSession.date == day)
    )
    return load_openings(query, include_full=True)


def cancelled_sessions(session_ids: list[int]) -> dict[int, SessionCancellation]:
    """The service's cancellations of these sessions, by session id."""
    rows = db.session.scalars(
        sa.select(SessionCancellation).where(SessionCancellation.session_id.in_(session_ids))
    )
    return {row.session_id: row for row in rows}
