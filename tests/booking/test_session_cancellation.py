"""A session cancelled by the service: its appointments cancelled and noted with the reason,
the clocks running, the session offered and booked no more, the patients told; and the
refusals (ended, cancelled already, unknown, stale, bad reason) that change nothing."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from booking.allocation_runs import confirm, propose
from booking.finder import find_slots
from booking.models import Booking, Referral, SessionCancellation
from booking.openings import bookable_openings
from booking.pathways import note
from booking.service import BookingRefused, book, cancel, record_attendance
from booking.session_cancellation import CancellationInvalid, cancel_session, session_state
from booking.waiting import Filters, waiting_list
from extensions import db
from pathways.models import PathwayEvent
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)
DURING = datetime(2027, 1, 11, 10, 0)  # Monday's morning session is under way (09:00-13:00)
AFTER = datetime(2027, 1, 11, 13, 0)  # and has just ended


@pytest.fixture
def monday(desk):
    """Monday morning near and Tuesday afternoon far, orthopaedics; Monday's session id."""
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "PM", 0, "orthopaedics")]
    )
    return plan.sessions[0].id


def _statuses(session_id: int) -> list[tuple[str, str | None]]:
    rows = db.session.execute(
        sa.select(Booking.status, Booking.cancelled_by)
        .where(Booking.session_id == session_id)
        .order_by(Booking.id)
    )
    return [tuple(row) for row in rows]


def test_every_appointment_to_come_is_cancelled_by_the_service(desk, monday, heard):
    booked, arriving, left = (book(desk.referral().id, monday, now=NOW) for _ in range(3))
    cancel(left.id, "patient", now=NOW)
    record_attendance(arriving.id, "arrived", now=DURING)
    heard.clear()
    done = cancel_session(monday, "unit_breakdown", "  generator   failed ", now=DURING)
    assert sorted(done.booking_ids) == [booked.id, arriving.id] and done.not_noted == []
    assert _statuses(monday) == [("cancelled", "service")] * 2 + [("cancelled", "patient")]
    row = db.session.get(SessionCancellation, monday)
    assert (row.reason, row.detail, row.bookings, row.actor) == (
        "unit_breakdown",
        "generator failed",
        2,
        "system",
    )
    assert row.said == "unit breakdown (generator failed)"
    assert heard == [("cancelled", done.booking_ids)]  # after the commit, for the messages
    audit = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "cancel"))
    trail = [(e.entity_id, e.before["status"], e.after["cancelled_by"]) for e in audit][1:]
    assert trail == [
        (str(booked.id), "booked", "service"),
        (str(arriving.id), "arrived", "service"),
    ]


def test_each_pathway_notes_the_reason_and_the_clock_keeps_running(desk, monday):
    referral = desk.referral(referral_date=date(2026, 10, 1))
    booking = book(referral.id, monday, now=NOW)
    breach_before = waiting_list(Filters(status="booked"), NOW)[0].clock.breach_date
    cancel_session(monday, "clinician_unavailable", now=NOW)
    [event] = db.session.scalars(
        sa.select(PathwayEvent).where(PathwayEvent.kind == "cancelled_by_service")
    )
    assert (event.booking_id, event.on, event.detail) == (
        booking.id,
        NOW.date(),
        {"reason": "clinician_unavailable", "session_id": monday},
    )
    assert referral.pathway.stopped is None and referral.pathway.ended is None
    [entry] = waiting_list(Filters(status="waiting"), NOW)  # back on the list, same clock
    assert entry.referral.id == referral.id and entry.clock.breach_date == breach_before


def test_a_cancelled_session_is_neither_offered_nor_bookable(desk, monday):
    referral = desk.referral()
    assert monday in {o.opening.session_id for o in find_slots(referral, NOW)}
    run = propose(Filters(), NOW)  # an allocation proposed before the cancellation
    cancel_session(monday, "site_unavailable", now=NOW)
    assert monday not in {o.session_id for o in bookable_openings(None, NOW)}
    assert monday not in {o.opening.session_id for o in find_slots(referral, NOW)}
    with pytest.raises(BookingRefused, match=r"cancelled by the service \(site unavailable\)"):
        book(referral.id, monday, now=NOW)
    skipped = confirm(run.id, NOW).report["skipped"]
    assert [(r, s, why) for r, s, why in skipped] == [
        (referral.id, monday, "session no longer bookable")
    ]
    assert _statuses(monday) == []


def test_a_session_without_appointments_is_cancelled_and_nobody_is_told(desk, monday, heard):
    done = cancel_session(monday, "other", "Road closed by flooding", now=NOW)
    assert done.booking_ids == [] and heard == []
    assert session_state(monday).cancellation.said == "Road closed by flooding"


def test_an_appointment_on_an_ended_pathway_is_cancelled_all_the_same(desk, monday):
    ended, running = desk.referral(), desk.referral()
    first, second = book(ended.id, monday, now=NOW), book(running.id, monday, now=NOW)
    note(ended, "attended", NOW.date())  # seen elsewhere and discharged: the pathway ended
    note(ended, "discharged", NOW.date())
    db.session.commit()
    done = cancel_session(monday, "unit_breakdown", now=NOW)
    assert done.not_noted == [first.id] and sorted(done.booking_ids) == [first.id, second.id]
    db.session.expire_all()
    assert _statuses(monday) == [("cancelled", "service")] * 2
    noted = db.session.scalars(
        sa.select(PathwayEvent.booking_id).where(PathwayEvent.kind == "cancelled_by_service")
    )
    assert list(noted) == [second.id]
    assert [e.kind for e in db.session.get(Referral, ended.id).pathway.events][-1] == "discharged"


@pytest.mark.parametrize(
    ("reason", "detail", "errors"),
    [
        ("", "", {"reason": "Choose why the session is cancelled."}),
        ("broken", "", {"reason": "Choose why the session is cancelled."}),
        ("other", "   ", {"detail": "Say why the session is cancelled."}),
        ("unit_breakdown", "x" * 201, {"detail": "Say why in 200 characters or fewer."}),
    ],
)
def test_a_missing_or_unclear_reason_changes_nothing(desk, monday, reason, detail, errors):
    book(desk.referral().id, monday, now=NOW)
    with pytest.raises(CancellationInvalid) as raised:
        cancel_session(monday, reason, detail, now=NOW)
    assert raised.value.errors == errors
    assert _statuses(monday) == [("booked", None)]
    assert db.session.get(SessionCancellation, monday) is None


def test_a_session_cancelled_already_says_when_by_whom_and_why(desk, monday):
    cancel_session(monday, "unit_breakdown", now=NOW)
    with pytest.raises(BookingRefused) as raised:
        cancel_session(monday, "clinician_unavailable", now=NOW)
    said = str(raised.value)
    assert said.startswith("That session was cancelled at ") and said.endswith(
        " by system (unit breakdown); nothing was changed."
    )
    assert db.session.get(SessionCancellation, monday).reason == "unit_breakdown"


@pytest.mark.parametrize(
    ("case", "refusal"),
    [
        ("ended", "ended at 13:00 on 11 January 2027: a past session cannot be cancelled"),
        ("unknown", "That session does not exist."),
        ("unpublished", "not in the published plan"),
        ("stale", "now holds 1 appointment(s), not 0 as your page showed; nothing was"),
    ],
)
def test_refusals_say_why_and_change_nothing(desk, case, refusal):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")], published=case != "unpublished")
    session_id = plan.sessions[0].id
    if case != "unpublished":
        book(desk.referral().id, session_id, now=NOW)
    now = AFTER if case == "ended" else NOW
    with pytest.raises(BookingRefused, match=refusal.replace("(", r"\(").replace(")", r"\)")):
        cancel_session(
            session_id + 99 if case == "unknown" else session_id,
            "unit_breakdown",
            expected_bookings=0 if case == "stale" else None,
            now=now,
        )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionCancellation)) == 0
    assert all(status == "booked" for status, _ in _statuses(session_id))


def test_the_state_says_what_the_cancel_page_shows(desk, monday):
    book(desk.referral().id, monday, now=NOW)
    state = session_state(monday)
    assert (state.bookings, state.published, state.cancellation) == (1, True, None)
    assert state.refusal(NOW) is None and "a past session" in state.refusal(AFTER)
    assert session_state(monday + 99) is None
