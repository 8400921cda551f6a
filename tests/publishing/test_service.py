"""Publishing: slots opened, bookings carried to the new plan, booked sessions never dropped."""

from datetime import date

import pytest
import sqlalchemy as sa

from booking.carry import booked_sessions
from booking.models import Booking, SessionSlot
from booking.slots import free_slots
from extensions import db
from jobs.replanning import kept_items
from plans.editing import change_session, copy_plan
from publishing.service import PublishRefused, publish


def test_publishing_opens_one_slot_per_appointment(app, import_tiny_plan):
    plan = import_tiny_plan()
    publish(plan)
    session = plan.sessions[0]
    service = next(s for s in plan.scenario.services if s.id == session.service_id)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(SessionSlot))
    assert count == service.slots_per_session
    assert free_slots([session]) == {session.id: service.slots_per_session}


def test_republishing_carries_bookings_and_never_drops_a_booked_session(
    app, import_tiny_plan, referral_for
):
    plan = import_tiny_plan()
    publish(plan)
    session = plan.sessions[0]
    db.session.add(Booking(referral=referral_for(plan), session_id=session.id, slot_number=3))
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
