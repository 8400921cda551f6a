"""Clerks booking the last slots at once: the database lets exactly as many through as fit."""

import threading
from collections import Counter

import sqlalchemy as sa

from app import create_app
from booking import service
from booking.models import Booking
from booking.service import SlotTaken, book
from extensions import db
from plans.publishing import publish
from tests.booking.conftest import NOW
from tests.plans.test_views import _plan

ATTEMPTS = 20  # the benchmark makes 50 (bench/booking_concurrency.py)
FREE = 10
SLOTS = 12  # the tiny plan's orthopaedics session


def _attempt(app, referral_id: int, session_id: int, start: threading.Barrier, outcomes: list):
    with app.app_context():
        start.wait()
        try:
            booking = book(referral_id, session_id, now=NOW)
            outcomes.append(("booked", booking.slot_number))
        except SlotTaken as refused:
            outcomes.append(("refused", str(refused)))
        finally:
            db.session.remove()


def _race(app, desk, runner, tmp_path) -> tuple[list, list[int]]:
    """ATTEMPTS clerks at once try to book a session with FREE slots left; return what each
    was told and the slot numbers held afterwards."""
    plan = _plan(runner, tmp_path)  # the real path: an imported plan, published
    publish(plan)
    session = plan.sessions[0]
    for _ in range(SLOTS - FREE):
        book(desk.referral().id, session.id, now=NOW)
    referrals = [desk.referral().id for _ in range(ATTEMPTS)]
    session_id = session.id
    db.session.remove()
    # Each clerk has a connection of their own that waits for SQLite's write lock.
    clerks = create_app(
        app.config
        | {"SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30}, "pool_size": ATTEMPTS}}
    )
    start, outcomes = threading.Barrier(ATTEMPTS), []
    threads = [
        threading.Thread(target=_attempt, args=(clerks, r, session_id, start, outcomes))
        for r in referrals
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with clerks.app_context():
        db.engine.dispose()
    held = db.session.scalars(
        sa.select(Booking.slot_number).where(
            Booking.session_id == session_id, Booking.status != "cancelled"
        )
    )
    return outcomes, sorted(held)


def test_concurrent_clerks_never_overbook(app, desk, runner, tmp_path):
    outcomes, held = _race(app, desk, runner, tmp_path)
    assert Counter(kind for kind, _ in outcomes) == {"booked": FREE, "refused": ATTEMPTS - FREE}
    assert {message for kind, message in outcomes if kind == "refused"} == {
        "That session is now full."
    }
    assert held == list(range(SLOTS))  # every slot held once, none twice


def test_the_unique_index_alone_stops_double_booking(app, desk, runner, tmp_path, monkeypatch):
    # Without the early write lock, clerks read the same free slot and race to insert it:
    # the database refuses the losers, who retry or are told the slot has just been taken.
    monkeypatch.setattr(service, "begin_write", lambda: None)
    outcomes, held = _race(app, desk, runner, tmp_path)
    booked = [slot for kind, slot in outcomes if kind == "booked"]
    assert len(outcomes) == ATTEMPTS and len(booked) <= FREE
    assert len(held) == len(set(held)) == SLOTS - FREE + len(booked)
    assert set(booked) <= set(range(SLOTS - FREE, SLOTS))
