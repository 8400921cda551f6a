"""Proposing an allocation for review and confirming it in one transaction."""

from datetime import date

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from booking.allocation_runs import confirm, discard, proposals, propose
from booking.models import AllocationRun, Booking
from booking.service import BookingRefused, book
from booking.waiting import Filters
from extensions import db
from tests.booking.conftest import NEAR_SITE, NOW

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)


def test_propose_books_nothing_until_confirmed(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    referrals = [desk.referral() for _ in range(14)] + [desk.referral(priority="urgent")]
    run = propose(Filters(service="orthopaedics"), NOW)
    assert len(run.proposals) == 12 and len(run.unplaced) == 3
    assert referrals[-1].id in {r for r, _ in run.proposals}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0
    assert {row.opening.session_id for row in proposals(run)} == {plan.sessions[0].id}
    confirmed = confirm(run.id, NOW)
    assert confirmed.report == {"booked": 12, "skipped": []}
    held = db.session.scalars(sa.select(Booking.slot_number).where(Booking.status == "booked"))
    assert sorted(held) == list(range(12))
    books = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "book")).all()
    assert len(books) == 12 and all(e.after["allocation_run"] == run.id for e in books)
    with pytest.raises(BookingRefused, match="not waiting for confirmation"):
        confirm(run.id, NOW)


def test_confirm_skips_what_changed_meanwhile_and_reports_it(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    session = plan.sessions[0]
    referrals = [desk.referral() for _ in range(3)]
    run = propose(Filters(), NOW)
    book(referrals[0].id, session.id, now=NOW)  # a clerk books one of them by hand
    for _ in range(10):  # and others fill the session up to one free slot
        book(desk.referral().id, session.id, now=NOW)
    report = confirm(run.id, NOW).report
    assert report["booked"] == 1
    assert sorted(reason for _, _, reason in report["skipped"]) == [
        "already booked meanwhile",
        "session filled meanwhile",
    ]
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Booking).where(Booking.session_id == session.id)
        )
        == 12
    )


def test_a_discarded_proposal_cannot_be_confirmed(desk):
    desk.plan([(NEAR_SITE, TUE, "AM", 0, "orthopaedics")])
    desk.referral()
    run = propose(Filters(), NOW)
    assert discard(run.id).status == "discarded"
    with pytest.raises(BookingRefused):
        confirm(run.id, NOW)
    assert db.session.get(AllocationRun, run.id).report is None
