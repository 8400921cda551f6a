"""The database's own guarantees for bookings: one booking a slot, one appointment to come."""

import pytest
import sqlalchemy as sa

from booking.models import Booking, SessionSlot
from booking.slots import free_slots
from extensions import db
from publishing.service import publish


def test_a_slot_holds_one_booking_and_cancelling_frees_it(app, import_tiny_plan, referral_for):
    plan = import_tiny_plan()
    publish(plan)
    session = plan.sessions[0]
    first, second = referral_for(plan), referral_for(plan, "9434765870")
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


def test_a_referral_holds_one_appointment_to_come(app, import_tiny_plan, referral_for):
    plan = import_tiny_plan()
    publish(plan)
    session = plan.sessions[0]
    referral = referral_for(plan)
    db.session.add(Booking(referral=referral, session_id=session.id, slot_number=0))
    db.session.commit()
    db.session.add(Booking(referral=referral, session_id=session.id, slot_number=1))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
