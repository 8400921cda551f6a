"""The database's own guarantees for bookings, and what publishing does with them."""

from datetime import date

import pytest
import sqlalchemy as sa

from booking.carry import booked_sessions
from booking.models import Booking, Referral, SessionSlot
from booking.slots import free_slots
from extensions import db
from jobs.replanning import kept_items
from plans.editing import change_session, copy_plan
from publishing.service import PublishRefused, publish
from tests.plans.test_views import _plan


def _referral(plan, nhs_number="9434765919") -> Referral:
    session = plan.sessions[0]
    referral = Referral(
        nhs_number=nhs_number,
        name="Test Patient",
        date_of_birth=date(1950, 1, 1),
        postcode="HP1 1AA",
        practice_id=plan.scenario.practices[0].id,
        service_id=session.service_id,
        referral_date=date(2026, 12, 1),
    )
    db.session.add(referral)
    db.session.commit()
    return referral


def test_publishing_opens_one_slot_per_appointment(runner, tmp_path):
    plan = _plan(runner, tmp_path)
    publish(plan)
    session = plan.sessions[0]
    service = next(s for s in plan.scenario.services if s.id == session.service_id)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(SessionSlot))
    assert count == service.slots_per_session
    assert free_slots([session]) == {session.id: service.slots_per_session}


def test_a_slot_holds_one_booking_and_cancelling_frees_it(runner, tmp_path):
    plan = _plan(runner, tmp_path)
    publish(plan)
    session = plan.sessions[0]
    first, second = _referral(plan), _referral(plan, "9434765870")
    db.session.add(Booking(referral=first, session_id=session.id, slot_number=0))
    db.session.commit()
    db.session.add(Booking(referral=second, session_id=session.id, slot_number=0))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Booking(referral=second, session_id=session.id, slot_number=999))
    with pytest.raises(sa.exc.IntegrityError):  # no such slot: the session is full at its size
        db.session.commit()
    db.session.rollback()
    booking = db.session.scalar(sa.select(Booking))
    booking.status, booking.cancelled_by = "cancelled", "patient"
    db.session.commit()
    db.session.add(Booking(referral=second, session_id=session.id, slot_number=0))
    db.session.commit()
    assert (
        free_slots([session])[session.id]
        == len(db.session.scalars(sa.select(SessionSlot)).all()) - 1
    )


def test_a_referral_holds_one_appointment_to_come(runner, tmp_path):
    plan = _plan(runner, tmp_path)
    publish(plan)
    session = plan.sessions[0]
    referral = _referral(plan)
    db.session.add(Booking(referral=referral, session_id=session.id, slot_number=0))
    db.session.commit()
    db.session.add(Booking(referral=referral, session_id=session.id, slot_number=1))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_republishing_carries_bookings_and_never_drops_a_booked_session(runner, tmp_path):
    plan = _plan(runner, tmp_path)
    publish(plan)
    session = plan.sessions[0]
    db.session.add(Booking(referral=_referral(plan), session_id=session.id, slot_number=3))
    db.session.commit()
    assert booked_sessions(plan) == [session]
    assert len(kept_items(plan, date(2000, 1, 1)).sessions) == 1
    dropped = copy_plan(plan, "Without the booked session")
    change_session(dropped, dropped.sessions[0], None)
    with pytest.raises(PublishRefused, match="drops 1 session"):
        publish(dropped)
    kept = copy_plan(plan, "Same sessions")
    publish(kept)
    booking = db.session.scalar(sa.select(Booking))
    assert booking.session_id == kept.sessions[0].id and booking.slot_number == 3
    assert plan.status == "draft"
