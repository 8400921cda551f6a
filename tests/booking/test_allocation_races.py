"""Two clerks confirming or discarding one allocation run, on SQLite and on PostgreSQL."""

from datetime import date

import sqlalchemy as sa

from booking.allocation_runs import confirm, discard, propose
from booking.models import AllocationRun, Booking
from booking.service import BookingRefused, book
from booking.waiting import Filters
from extensions import db
from tests.booking.conftest import NEAR_SITE, NOW
from tests.database.races import at_once

pytest_plugins = ["tests.database.race_fixtures"]  # race_app, race_desk

MON = date(2027, 1, 11)
PATIENTS = 5


def _run(race_desk) -> tuple[int, int, int]:
    """A proposed run for PATIENTS referrals; its id and version, and the session's id."""
    plan = race_desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    for _ in range(PATIENTS):
        race_desk.referral()
    run = propose(Filters(service="orthopaedics"), NOW)
    return run.id, run.version, plan.sessions[0].id


def _live() -> int:
    query = sa.select(sa.func.count()).select_from(Booking).where(Booking.status == "booked")
    return db.session.scalar(query)


def test_confirming_one_run_twice_at_once_books_it_once(race_app, race_desk):
    run_id, seen, _ = _run(race_desk)

    def confirming():
        return confirm(run_id, NOW, expected_version=seen).report["booked"]

    outcomes = at_once(race_app, [confirming, confirming])
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    [booked] = [value for kind, value in outcomes if kind == "ok"]
    [refusal] = [value for kind, value in outcomes if kind == "refused"]
    assert booked == PATIENTS and _live() == PATIENTS
    assert isinstance(refusal, BookingRefused)
    assert "not waiting for confirmation: it was confirmed at" in str(refusal)
    assert f"booking {PATIENTS} appointment(s)" in str(refusal)


def test_a_confirm_racing_a_discard_has_one_winner(race_app, race_desk):
    run_id, seen, _ = _run(race_desk)
    outcomes = at_once(
        race_app,
        [
            lambda: confirm(run_id, NOW, expected_version=seen).status,
            lambda: discard(run_id, expected_version=seen).status,
        ],
    )
    [winner] = [value for kind, value in outcomes if kind == "ok"]
    [refusal] = [value for kind, value in outcomes if kind == "refused"]
    assert f"it was {winner}" in str(refusal)
    assert _live() == (PATIENTS if winner == "confirmed" else 0)


def test_a_confirm_racing_a_hand_booking_of_one_patient_books_them_once(race_app, race_desk):
    run_id, _, session_id = _run(race_desk)
    [referral_id, _] = db.session.get(AllocationRun, run_id).proposals[0]
    outcomes = at_once(
        race_app,
        [
            lambda: confirm(run_id, NOW).report,
            lambda: book(referral_id, session_id, now=NOW).id,
        ],
    )
    (confirmed, report), (booked, by_hand) = outcomes
    assert confirmed == "ok"
    held = db.session.scalars(
        sa.select(Booking.id).where(Booking.referral_id == referral_id, Booking.status == "booked")
    ).all()
    assert len(held) == 1  # never two appointments for one patient
    if booked == "ok":
        assert [referral_id, session_id, "already booked meanwhile"] in report["skipped"]
    else:
        assert "already has an appointment" in str(by_hand)
