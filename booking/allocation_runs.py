"""Propose an automatic allocation for review, then confirm it in one transaction.

Confirming locks the run, then (database/locking.py's order) the plans of its sessions shared,
the sessions and the referrals: of two clerks confirming one run the second is refused, and a
proposal whose session filled, or whose plan was replaced, meanwhile is skipped and reported.
"""

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_login import current_user

from audit.record import record
from booking.allocation import Candidate, allocate
from booking.changes import said_when
from booking.clocks import step_breach_date, step_opens
from booking.events import announce
from booking.finder import patient_point, travel_km
from booking.models import LIVE_STATUSES, AllocationRun, Booking, Referral, SessionSlot
from booking.openings import Opening, bookable_openings, load_openings, not_cancelled
from booking.pathways import note
from booking.service import BookingRefused
from booking.slots import follow_up_counts, usable_kind
from booking.waiting import Filters, select_referrals, waiting_list
from database.locking import lock_row, lock_rows, write_transaction
from extensions import db
from inputs.models import Practice, Service
from plans.models import ClinicSession, Plan

SKIP_REASONS = {
    "booked": "already booked meanwhile",
    "gone": "session no longer bookable",
    "full": "session filled meanwhile",
}


def candidates(referrals: list[Referral]) -> list[Candidate]:
    """What allocation needs to know about each referral."""
    services = {s.id: s for s in db.session.scalars(sa.select(Service))}
    practices = {p.id: p for p in db.session.scalars(sa.select(Practice))}
    return [
        Candidate(
            referral_id=r.id,
            service_id=r.service_id,
            priority=r.priority,
            breach_date=step_breach_date(r, services[r.service_id].max_wait_weeks),
            point=patient_point(r.postcode, practices.get(r.practice_id)),
            max_travel_km=services[r.service_id].max_travel_km,
            step_kind=r.kind,
            opens=step_opens(r),
        )
        for r in referrals
    ]


def _user():
    try:
        return current_user if current_user and current_user.is_authenticated else None
    except RuntimeError:  # outside a request
        return None


def propose(filters: Filters, now: datetime) -> AllocationRun:
    """Allocate the waiting referrals the filters choose and keep the proposal for review."""
    started = time.perf_counter()
    filters = replace(filters, status="waiting")
    if filters.risk:
        referrals = [entry.referral for entry in waiting_list(filters, now)]
    else:
        referrals = select_referrals(filters, now.date())
    openings = bookable_openings({r.service_id for r in referrals}, now)
    placed = allocate(candidates(referrals), openings, now.date())
    user = _user()
    run = AllocationRun(
        user_id=user.id if user else None,
        actor=user.username if user else "system",
        filters={k: v for k, v in vars(filters).items() if v not in ("", None)},
        proposals=[[referral_id, session_id] for referral_id, session_id in placed.items()],
        unplaced=[r.id for r in referrals if r.id not in placed],
        seconds=round(time.perf_counter() - started, 3),
    )
    db.session.add(run)
    db.session.flush()
    record("propose", "allocation_run", run.id, after={"proposed": len(placed)})
    db.session.commit()
    return run


@dataclass(frozen=True)
class Proposal:
    """One proposed booking as the review page shows it."""

    referral: Referral
    opening: Opening
    distance_km: float | None
    in_time: bool


def proposals(run: AllocationRun) -> list[Proposal]:
    """The run's proposed bookings with patients and sessions, soonest first."""
    referrals = {r.id: r for r in _referrals([r for r, _ in run.proposals])}
    session_ids = [s for _, s in run.proposals]
    query = sa.select(ClinicSession).where(ClinicSession.id.in_(session_ids))
    openings = {o.session_id: o for o in load_openings(query, include_full=True)}
    people = {c.referral_id: c for c in candidates(list(referrals.values()))}
    rows = []
    for referral_id, session_id in run.proposals:
        candidate, opening = people[referral_id], openings[session_id]
        late = candidate.breach_date is not None and opening.date >= candidate.breach_date
        km = travel_km(candidate.point, opening)
        rows.append(Proposal(referrals[referral_id], opening, km, not late))
    return sorted(rows, key=lambda p: (p.opening.start, p.referral.name))


def _referrals(ids: list[int]) -> list[Referral]:
    return list(db.session.scalars(sa.select(Referral).where(Referral.id.in_(ids))))


def _free_numbers(session_ids: list[int]) -> dict[int, dict[str, list[int]]]:
    """The free slots of each session by kind, highest first (so pop() gives the lowest)."""
    held = set(
        tuple(row)
        for row in db.session.execute(
            sa.select(Booking.session_id, Booking.slot_number).where(
                Booking.session_id.in_(session_ids), Booking.status != "cancelled"
            )
        )
    )
    free = {session_id: {"new": [], "follow_up": []} for session_id in session_ids}
    slots = db.session.execute(
        sa.select(SessionSlot.session_id, SessionSlot.number, SessionSlot.kind)
        .where(SessionSlot.session_id.in_(session_ids))
        .order_by(SessionSlot.session_id, SessionSlot.number.desc())
    )
    for session_id, number, kind in slots:
        if (session_id, number) not in held:
            free[session_id][kind].append(number)
    return free


def _bookable(session_ids: list[int], now: datetime) -> set[int]:
    query = (
        sa.select(ClinicSession)
        .join(Plan, Plan.id == ClinicSession.plan_id)
        .where(ClinicSession.id.in_(session_ids), Plan.status == "published", not_cancelled())
    )
    return {o.session_id for o in load_openings(query, now, include_full=True)}


def _locked_run(run_id: int, expected_version: int | None) -> AllocationRun:
    """Lock the run; refuse, saying what happened, unless it still waits for confirmation as
    the clerk saw it (`expected_version`, the version their page showed)."""
    run = lock_row(AllocationRun, run_id)
    if run is None:
        raise BookingRefused("That allocation does not exist.")
    if run.status == "proposed" and expected_version in (None, run.version):
        return run
    what = f"was {run.status}"
    if run.status == "confirmed":
        booked = run.report["booked"]
        what += f" {said_when(run.confirmed_at)}, booking {booked} appointment(s)"
    raise BookingRefused(
        f"That allocation is not waiting for confirmation: it {what} while you had the page "
        "open, so nothing was booked this time."
    )


def _hold(run: AllocationRun) -> list[int]:
    """Lock the plans of the run's sessions (shared), the sessions and the referrals."""
    session_ids = sorted({s for _, s in run.proposals})
    plan_ids = sa.select(ClinicSession.plan_id).where(ClinicSession.id.in_(session_ids))
    lock_rows(Plan, Plan.id.in_(plan_ids), shared=True)
    lock_rows(ClinicSession, ClinicSession.id.in_(session_ids))
    lock_rows(Referral, Referral.id.in_([r for r, _ in run.proposals]))
    return session_ids


def confirm(run_id: int, now: datetime, *, expected_version: int | None = None) -> AllocationRun:
    """Book the run's proposals in one transaction, skipping what changed meanwhile.

    Raises:
        BookingRefused: no such run, or it was confirmed or discarded already (or since the
            clerk saw `expected_version` of it).
    """
    with write_transaction(BookingRefused):
        run = _locked_run(run_id, expected_version)
        booked = _book(run, _hold(run), now)
        db.session.commit()
    announce("booked", booked)
    return run


def _book(run: AllocationRun, session_ids: list[int], now: datetime) -> list[int]:
    """Book what still can be of the run's proposals and mark the run confirmed; return the
    new bookings' ids."""
    free, bookable = _free_numbers(session_ids), _bookable(session_ids, now)
    keeps = follow_up_counts(session_ids)
    kinds = dict(
        db.session.execute(
            sa.select(Referral.id, Referral.kind).where(
                Referral.id.in_([r for r, _ in run.proposals])
            )
        ).all()
    )
    live = set(
        db.session.scalars(
            sa.select(Booking.referral_id).where(
                Booking.referral_id.in_([r for r, _ in run.proposals]),
                Booking.status.in_(LIVE_STATUSES),
            )
        )
    )
    booked, skipped = [], []
    for referral_id, session_id in run.proposals:
        kept = keeps.get(session_id, (0, 0))[0]
        numbers = free[session_id][usable_kind(kinds[referral_id], kept) or "new"]
        reason = (
            "booked"
            if referral_id in live
            else "gone"
            if session_id not in bookable
            else "full"
            if not numbers
            else None
        )
        if reason is None:
            reason = _insert(run, referral_id, session_id, numbers.pop(), booked, now)
        if reason:
            skipped.append([referral_id, session_id, SKIP_REASONS[reason]])
    run.status, run.confirmed_at = "confirmed", datetime.now(UTC)
    run.report = {"booked": len(booked), "skipped": skipped}
    after = {"booked": len(booked), "skipped": len(skipped)}
    record("confirm", "allocation_run", run.id, after=after)
    return booked


def _insert(
    run: AllocationRun,
    referral_id: int,
    session_id: int,
    number: int,
    booked: list[int],
    now: datetime,
) -> str | None:
    """Book one proposal under a savepoint, adding its id to `booked`; return why not if the
    database refused it."""
    booking = Booking(referral_id=referral_id, session_id=session_id, slot_number=number)
    try:
        with db.session.begin_nested():
            db.session.add(booking)
    except sa.exc.IntegrityError:
        return "full"
    after = {
        "referral_id": referral_id,
        "session_id": session_id,
        "slot_number": number,
        "status": "booked",
        "allocation_run": run.id,
    }
    record("book", "booking", booking.id, after=after)
    note(booking.referral, "booked", now.date(), booking=booking)
    booked.append(booking.id)
    return None


def discard(run_id: int, *, expected_version: int | None = None) -> AllocationRun:
    """Set a proposal aside without booking anything."""
    with write_transaction(BookingRefused):
        run = _locked_run(run_id, expected_version)
        run.status = "discarded"
        record("discard", "allocation_run", run.id, before={"status": "proposed"})
        db.session.commit()
    return run
