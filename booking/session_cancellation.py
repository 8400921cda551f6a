"""Call off a whole session (a unit broke down, the clinician is ill) in one action.

One write transaction locks the session's plan (shared, so no publish moves it meanwhile),
the session (so no booking slips in) and its appointments, in database/locking.py's order;
records why, when and by whom in the session's SessionCancellation row (never changed; the
desk's audit trail holds patients' records only); and cancels every appointment still to
come as the service's doing, auditing each and noting it on the patient's pathway with the
reason. The clocks keep running: the patients wait on the to-rebook list (booking/waiting.py)
with replacement slots offered, and the cancelled session is offered and booked no more
(booking/openings.py, booking/service.py). Messages to the patients follow the commit.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from audit.record import record, who
from booking.changes import said_when, snapshot
from booking.clocks import local_now
from booking.events import announce
from booking.models import LIVE_STATUSES, SESSION_CANCEL_REASONS, Booking, SessionCancellation
from booking.openings import Opening, session_opening
from booking.pathways import note
from booking.service import BookingRefused
from database.locking import lock_row, lock_rows, write_transaction
from extensions import db
from pathways.rtt import ClockError
from plans.models import ClinicSession, Plan

MAX_DETAIL = 200  # characters of the desk's own words, as the column holds
REASON_LABELS = {code: label.capitalize() for code, label in SESSION_CANCEL_REASONS.items()}


class CancellationInvalid(ValueError):
    """The reason given cannot be used; `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Cancelled:
    """What a session's cancellation did."""

    cancellation: SessionCancellation
    booking_ids: list[int]  # the appointments it cancelled
    not_noted: list[int]  # of those, the ones whose pathway had ended and took no event


@dataclass(frozen=True)
class SessionState:
    """A session as the cancel page shows it."""

    opening: Opening
    published: bool
    bookings: int  # appointments still to come (booked or arrived)
    cancellation: SessionCancellation | None

    def refusal(self, now: datetime) -> str | None:
        """Why the session cannot be cancelled now, or None when it can."""
        if self.cancellation is not None:
            return already_cancelled(self.cancellation)
        if not self.published:
            return "That session is not in the published plan, so it has nothing to cancel."
        if self.opening.end <= now:
            end = self.opening.end
            return (
                f"That session ended at {end:%H:%M} on {end:%-d %B %Y}: a past session cannot "
                "be cancelled. Record who attended instead."
            )
        return None


def already_cancelled(cancellation: SessionCancellation) -> str:
    """Say when, by whom and why the session was cancelled."""
    return (
        f"That session was cancelled {said_when(cancellation.at)} by {cancellation.actor} "
        f"({cancellation.said}); nothing was changed."
    )


def parse_reason(reason: str, detail: str) -> tuple[str, str]:
    """Check the reason chosen and the desk's words; return them tidied.

    Raises:
        CancellationInvalid: no known reason, "other" without words, or words too long.
    """
    detail = " ".join((detail or "").split())
    errors = {}
    if reason not in SESSION_CANCEL_REASONS:
        errors["reason"] = "Choose why the session is cancelled."
    elif reason == "other" and not detail:
        errors["detail"] = "Say why the session is cancelled."
    if len(detail) > MAX_DETAIL:
        errors["detail"] = f"Say why in {MAX_DETAIL} characters or fewer."
    if errors:
        raise CancellationInvalid(errors)
    return reason, detail


def _live_count(session_id: int) -> int:
    live = (Booking.session_id == session_id, Booking.status.in_(LIVE_STATUSES))
    return db.session.scalar(sa.select(sa.func.count()).select_from(Booking).where(*live))


def session_state(session_id: int) -> SessionState | None:
    """The session, its appointments to come and any cancellation; None if there is none."""
    opening = session_opening(session_id)
    if opening is None:
        return None
    return SessionState(
        opening=opening,
        published=db.session.get(Plan, opening.plan_id).status == "published",
        bookings=_live_count(session_id),
        cancellation=db.session.get(SessionCancellation, session_id),
    )


def _hold(session_id: int) -> SessionState:
    """Lock the session's plan (shared) and the session, and read its state afresh."""
    plan_id = db.session.scalar(
        sa.select(ClinicSession.plan_id).where(ClinicSession.id == session_id)
    )
    if plan_id is None:
        raise BookingRefused("That session does not exist.")
    lock_row(Plan, plan_id, shared=True)
    lock_row(ClinicSession, session_id)
    return session_state(session_id)


def _note(booking: Booking, on, detail: dict) -> bool:
    """Note the cancellation on the booking's pathway; False if the pathway had ended and
    could take no event (the appointment is cancelled all the same: the session is off)."""
    try:
        with db.session.begin_nested():
            note(booking.referral, "cancelled_by_service", on, booking=booking, detail=detail)
    except ClockError:
        return False
    return True


def cancel_session(
    session_id: int,
    reason: str,
    detail: str = "",
    *,
    expected_bookings: int | None = None,
    now: datetime | None = None,
) -> Cancelled:
    """Cancel the session and every appointment it holds as the service's doing, and commit.

    Args:
        session_id: the session to call off.
        reason: one of SESSION_CANCEL_REASONS.
        detail: the desk's own words (needed for "other").
        expected_bookings: how many appointments the clerk's page said the session held;
            if that changed meanwhile, nothing is cancelled and they are told.
        now: the desk's clock.

    Raises:
        CancellationInvalid: the reason is missing or unclear.
        BookingRefused: no such session; it was cancelled already (saying when and by
            whom), is not in the published plan, has ended, or changed since the page.
    """
    now = now or local_now()
    reason, detail = parse_reason(reason, detail)
    with write_transaction(BookingRefused):
        state = _hold(session_id)
        if (refusal := state.refusal(now)) is not None:
            raise BookingRefused(refusal)
        bookings = lock_rows(
            Booking, Booking.session_id == session_id, Booking.status.in_(LIVE_STATUSES)
        )
        if expected_bookings is not None and len(bookings) != expected_bookings:
            raise BookingRefused(
                f"That session now holds {len(bookings)} appointment(s), not "
                f"{expected_bookings} as your page showed; nothing was cancelled. "
                "Check the page and confirm again."
            )
        user_id, actor = who()
        cancellation = SessionCancellation(
            session_id=session_id,
            reason=reason,
            detail=detail,
            bookings=len(bookings),
            user_id=user_id,
            actor=actor,
        )
        db.session.add(cancellation)
        not_noted = []
        for booking in bookings:
            before = snapshot(booking)
            booking.status, booking.cancelled_by = "cancelled", "service"
            db.session.flush()  # before the pathway's savepoint: a refused note leaves it
            if not _note(booking, now.date(), {"reason": reason, "session_id": session_id}):
                not_noted.append(booking.id)
            record("cancel", "booking", booking.id, before=before, after=snapshot(booking))
        db.session.commit()
    ids = [booking.id for booking in bookings]
    announce("cancelled", ids)
    return Cancelled(cancellation, ids, not_noted)
