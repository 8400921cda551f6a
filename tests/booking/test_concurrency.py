"""Clerks acting at the same moment, on SQLite and on PostgreSQL (tests/database/races.py).

The database lets exactly as many bookings through as there are slots; of two clerks changing
one appointment, one wins and the other is told what happened, never a silent overwrite.
"""

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from booking import service
from booking.models import Booking
from booking.openings import session_opening
from booking.service import BookingRefused, SlotTaken, book, cancel, record_attendance
from database import locking
from extensions import db
from publishing.service import publish
from tests.booking.conftest import NOW
from tests.database.races import Paused, at_once, in_thread

pytest_plugins = ["tests.database.race_fixtures"]  # race_app, race_desk

ATTEMPTS = 50  # clerks booking at once
FREE = 10  # slots left when they start
SLOTS = 12  # the tiny plan's orthopaedics session


def _published_session(import_tiny_plan):
    """The session of the tiny plan, imported and published the real way."""
    plan = import_tiny_plan()
    publish(plan)
    return plan.sessions[0]


def _slot(referral_id: int, session_id: int):
    return lambda: book(referral_id, session_id, now=NOW).slot_number


def _held(session_id: int) -> list[int]:
    return sorted(
        db.session.scalars(
            sa.select(Booking.slot_number).where(
                Booking.session_id == session_id, Booking.status != "cancelled"
            )
        )
    )


def test_fifty_clerks_on_ten_free_slots_make_ten_bookings(race_app, race_desk, import_tiny_plan):
    session_id = _published_session(import_tiny_plan).id
    for _ in range(SLOTS - FREE):
        book(race_desk.referral().id, session_id, now=NOW)
    referrals = [race_desk.referral().id for _ in range(ATTEMPTS)]
    outcomes = at_once(race_app, [_slot(r, session_id) for r in referrals])
    assert Counter(kind for kind, _ in outcomes) == {"ok": FREE, "refused": ATTEMPTS - FREE}
    refusals = [error for kind, error in outcomes if kind == "refused"]
    assert all(type(error) is SlotTaken for error in refusals), refusals
    assert {str(error) for error in refusals} == {"That session is now full."}
    assert _held(session_id) == list(range(SLOTS))  # every slot held once, none twice


def test_the_unique_index_alone_stops_double_booking(app, desk, import_tiny_plan, monkeypatch):
    # Without SQLite's early write lock, clerks read the same free slot and race to insert it:
    # the database refuses the losers, who retry or are told the slot has just been taken.
    session_id = _published_session(import_tiny_plan).id
    for _ in range(SLOTS - FREE):
        book(desk.referral().id, session_id, now=NOW)
    referrals = [desk.referral().id for _ in range(20)]
    monkeypatch.setattr(locking, "begin_write", lambda: db.session.expire_all())
    outcomes = at_once(app, [_slot(r, session_id) for r in referrals])
    booked = [slot for kind, slot in outcomes if kind == "ok"]
    assert all(isinstance(e, BookingRefused) for kind, e in outcomes if kind == "refused")
    assert 0 < len(booked) <= FREE and len(set(booked)) == len(booked)
    held = _held(session_id)
    assert len(held) == len(set(held)) == SLOTS - FREE + len(booked)


def _on_the_day(race_desk, import_tiny_plan):
    """A booking, its version, and a moment on its day when it can be cancelled or marked."""
    session_id = _published_session(import_tiny_plan).id
    booking = book(race_desk.referral().id, session_id, now=NOW)
    return booking.id, booking.version, session_opening(session_id).start + timedelta(minutes=5)


def _cancel_and_arrival(booking_id: int, seen: int, now):
    """Two clerks on one page: one cancels the appointment, the other marks it arrived."""
    return [
        lambda: cancel(booking_id, "patient", expected_version=seen, now=now).status,
        lambda: record_attendance(booking_id, "arrived", expected_version=seen, now=now).status,
    ]


def test_cancel_racing_arrived_has_one_winner_and_one_clear_refusal(
    race_app, race_desk, import_tiny_plan
):
    for _ in range(3):
        booking_id, seen, now = _on_the_day(race_desk, import_tiny_plan)
        outcomes = at_once(race_app, _cancel_and_arrival(booking_id, seen, now))
        assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
        [winner] = [status for kind, status in outcomes if kind == "ok"]
        [refusal] = [error for kind, error in outcomes if kind == "refused"]
        said = "was cancelled at" if winner == "cancelled" else "was marked arrived at"
        assert isinstance(refusal, BookingRefused) and said in str(refusal)
        assert "while you had the page open; nothing was changed" in str(refusal)
        db.session.expire_all()
        assert db.session.get(Booking, booking_id).status == winner
        db.session.get(Booking, booking_id).status = "cancelled"  # free the slot for the next
        db.session.commit()


def test_a_cancel_waits_for_an_arrival_under_way_and_is_refused_naming_it(
    race_app, race_desk, import_tiny_plan, monkeypatch
):
    booking_id, _, now = _on_the_day(race_desk, import_tiny_plan)
    paused = Paused(service.record, when=lambda action, *a, **k: action == "attendance")
    monkeypatch.setattr(service, "record", paused)

    def stale_cancel():
        page = db.session.get(Booking, booking_id)  # the page's copy, read before the arrival
        assert page.status == "booked"
        return cancel(booking_id, "service", now=now).status

    def arrival():
        return record_attendance(booking_id, "arrived", now=now).status

    arriving, arrived = in_thread(race_app, arrival)
    assert paused.inside.wait(timeout=10)  # the arrival holds the booking's lock
    canceller, cancelled = in_thread(race_app, stale_cancel)
    canceller.join(timeout=0.5)
    assert canceller.is_alive()  # waiting for the lock, not writing over the arrival
    paused.release.set()
    arriving.join(timeout=10)
    canceller.join(timeout=10)
    assert arrived == [("ok", "arrived")]
    [(kind, error)] = cancelled
    assert kind == "refused" and "Only a booked appointment can be cancelled" in str(error)
    assert "was marked arrived at" in str(error)
    db.session.expire_all()
    assert db.session.get(Booking, booking_id).status == "arrived"
