"""Bookings carried onto a new version of a plan: which sessions hold them, which are missing."""

from datetime import date

from booking.carry import booked_sessions, carry_bookings, missing_booked_sessions
from booking.models import Booking, SessionCancellation
from booking.service import book, cancel
from booking.session_cancellation import cancel_session
from booking.slots import open_slots
from extensions import db
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)
MONDAY = (NEAR_SITE, MON, "AM", 0, "orthopaedics")
TUESDAY = (FAR_SITE, TUE, "PM", 0, "orthopaedics")


def test_booked_sessions_are_those_with_a_booking_still_held(desk):
    plan = desk.plan([MONDAY, TUESDAY])
    monday, tuesday = plan.sessions
    book(desk.referral().id, monday.id, now=NOW)
    cancel(book(desk.referral().id, tuesday.id, now=NOW).id, "patient", now=NOW)
    assert booked_sessions(plan) == [monday]


def test_a_new_version_without_a_booked_session_misses_it(desk):
    old = desk.plan([MONDAY, TUESDAY])
    book(desk.referral().id, old.sessions[1].id, now=NOW)
    same = desk.plan([MONDAY, TUESDAY], published=False, name="Same")
    without_tuesday = desk.plan([MONDAY], published=False, name="Without Tuesday")
    assert missing_booked_sessions(old, same) == []
    assert missing_booked_sessions(old, without_tuesday) == [old.sessions[1]]


def test_bookings_move_to_the_same_session_of_the_new_version(desk):
    old = desk.plan([MONDAY, TUESDAY])
    kept = [book(desk.referral().id, old.sessions[0].id, now=NOW) for _ in range(2)]
    gone = book(desk.referral().id, old.sessions[1].id, now=NOW)
    cancel(gone.id, "service", now=NOW)
    new = desk.plan([TUESDAY, MONDAY], published=False, name="New")
    open_slots(new)  # as publishing does first
    assert carry_bookings(old, new) == 2
    db.session.commit()
    db.session.expire_all()
    new_monday = next(s for s in new.sessions if s.date == MON)
    assert {db.session.get(Booking, b.id).session_id for b in kept} == {new_monday.id}
    assert db.session.get(Booking, gone.id).session_id == old.sessions[1].id  # cancelled: stays


def test_a_cancelled_session_stays_cancelled_in_the_new_version(desk):
    old = desk.plan([MONDAY, TUESDAY])
    cancel_session(old.sessions[0].id, "unit_breakdown", "generator", now=NOW)
    new = desk.plan([TUESDAY, MONDAY], published=False, name="New")
    open_slots(new)
    carry_bookings(old, new)
    db.session.commit()
    new_monday, new_tuesday = sorted(new.sessions, key=lambda s: s.date)
    carried = db.session.get(SessionCancellation, new_monday.id)
    assert (carried.reason, carried.detail, carried.actor) == (
        "unit_breakdown",
        "generator",
        "system",
    )
    assert db.session.get(SessionCancellation, new_tuesday.id) is None
