"""A session's cancellation racing another clerk, on SQLite and on PostgreSQL
(tests/database/races.py): two cancellations end in one and a refusal saying who; a booking
made at the same moment lands first and is cancelled with the session, or is refused."""

from datetime import date

import sqlalchemy as sa

from booking import session_cancellation
from booking.models import LIVE_STATUSES, Booking, SessionCancellation
from booking.service import BookingRefused, book
from booking.session_cancellation import cancel_session
from extensions import db
from tests.booking.conftest import NEAR_SITE, NOW
from tests.database.races import Paused, at_once, in_thread

pytest_plugins = ["tests.database.race_fixtures"]  # race_app, race_desk

MON = date(2027, 1, 11)


def _session_with_bookings(race_desk, count: int) -> int:
    session_id = race_desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")]).sessions[0].id
    for _ in range(count):
        book(race_desk.referral().id, session_id, now=NOW)
    return session_id


def _live(session_id: int) -> int:
    live = (Booking.session_id == session_id, Booking.status.in_(LIVE_STATUSES))
    return db.session.scalar(sa.select(sa.func.count()).select_from(Booking).where(*live))


def _cancel(session_id: int, reason: str):
    """A clerk whose page showed the session's three appointments cancels it."""
    return lambda: len(cancel_session(session_id, reason, expected_bookings=3, now=NOW).booking_ids)


def test_two_clerks_cancelling_one_session_make_one_cancellation(race_app, race_desk):
    session_id = _session_with_bookings(race_desk, 3)
    outcomes = at_once(
        race_app, [_cancel(session_id, "unit_breakdown"), _cancel(session_id, "site_unavailable")]
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    [cancelled] = [count for kind, count in outcomes if kind == "ok"]
    [refusal] = [error for kind, error in outcomes if kind == "refused"]
    assert cancelled == 3 and isinstance(refusal, BookingRefused)
    assert str(refusal).startswith("That session was cancelled at ")
    assert "by system" in str(refusal) and str(refusal).endswith("nothing was changed.")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionCancellation)) == 1
    assert db.session.get(SessionCancellation, session_id).bookings == 3
    assert _live(session_id) == 0


def test_a_booking_waits_for_a_cancellation_under_way_and_is_refused(
    race_app, race_desk, monkeypatch
):
    session_id = _session_with_bookings(race_desk, 1)
    waiting = race_desk.referral().id
    paused = Paused(
        session_cancellation.record, when=lambda action, kind, *a, **k: kind == "booking"
    )
    monkeypatch.setattr(session_cancellation, "record", paused)
    canceller, cancelled = in_thread(
        race_app, lambda: cancel_session(session_id, "unit_breakdown", now=NOW).booking_ids
    )
    assert paused.inside.wait(timeout=10)  # the cancellation holds the session's lock
    booker, booked = in_thread(race_app, lambda: book(waiting, session_id, now=NOW).id)
    booker.join(timeout=0.5)
    assert booker.is_alive()  # waiting for the lock, not slipping into the session
    paused.release.set()
    canceller.join(timeout=10)
    booker.join(timeout=10)
    assert [kind for kind, _ in cancelled] == ["ok"] and len(cancelled[0][1]) == 1
    [(kind, error)] = booked
    assert kind == "refused" and "cancelled by the service (unit breakdown)" in str(error)
    db.session.expire_all()
    assert _live(session_id) == 0


def test_a_booking_and_a_cancellation_at_once_leave_nobody_in_the_session(race_app, race_desk):
    session_id = _session_with_bookings(race_desk, 2)
    referral_id = race_desk.referral().id
    outcomes = at_once(
        race_app,
        [
            lambda: cancel_session(session_id, "unit_breakdown", now=NOW).booking_ids,
            lambda: book(referral_id, session_id, now=NOW).id,
        ],
    )
    (cancel_kind, cancelled), (book_kind, booked) = outcomes
    assert cancel_kind == "ok"
    if book_kind == "ok":  # the booking came first and went with the session
        assert booked in cancelled and len(cancelled) == 3
    else:
        assert "cancelled by the service" in str(booked) and len(cancelled) == 2
    db.session.expire_all()
    assert _live(session_id) == 0
