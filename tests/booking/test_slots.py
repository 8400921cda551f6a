"""Appointment slots: opened once per session, and counted free as bookings come and go."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from booking.models import SessionSlot
from booking.openings import bookable_openings
from booking.outcomes import record_outcome
from booking.service import SlotTaken, book, cancel, record_attendance
from booking.slots import free_slots, held_slots, open_slots
from extensions import db
from inputs.models import Service
from tests.booking.conftest import NEAR_SITE, NOW

MON = date(2027, 1, 11)
ORTHOPAEDIC_SLOTS = 12  # slots_per_session of the example's orthopaedic clinic


def _slot_rows() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(SessionSlot))


def test_each_session_gets_its_services_slots_once(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, MON, "PM", 0, "orthopaedics")],
        published=False,
    )
    assert _slot_rows() == 0
    assert open_slots(plan) == 2 * ORTHOPAEDIC_SLOTS
    assert _slot_rows() == 2 * ORTHOPAEDIC_SLOTS
    assert open_slots(plan) == 0  # again: nothing more
    assert _slot_rows() == 2 * ORTHOPAEDIC_SLOTS


def test_free_slots_count_down_with_bookings_and_up_with_a_cancel(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, MON, "PM", 0, "orthopaedics")]
    )
    morning, afternoon = plan.sessions
    first = book(desk.referral().id, morning.id, now=NOW)
    book(desk.referral().id, morning.id, now=NOW)
    assert held_slots([morning.id, afternoon.id]) == {morning.id: 2}
    assert free_slots(plan.sessions) == {
        morning.id: ORTHOPAEDIC_SLOTS - 2,
        afternoon.id: ORTHOPAEDIC_SLOTS,
    }
    cancel(first.id, "patient", now=NOW)
    assert held_slots([morning.id]) == {morning.id: 1}
    assert free_slots([morning])[morning.id] == ORTHOPAEDIC_SLOTS - 1


def test_no_sessions_hold_nothing(desk):
    assert held_slots([]) == {}
    assert free_slots([]) == {}


def test_a_session_without_slots_has_none_free(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")], published=False)
    assert free_slots(plan.sessions) == {plan.sessions[0].id: 0}


def _follow_up_step(desk, session_id: int):
    """A patient seen at the session and asked back: the follow-up step of their pathway."""
    referral = desk.referral()
    seen = book(referral.id, session_id, now=NOW)
    record_attendance(seen.id, "attended", now=datetime(2027, 1, 11, 18, 0))
    return record_outcome(seen.id, {"outcome": "follow_up", "weeks": "1"}).step


def test_a_template_keeps_the_last_slots_for_follow_ups_and_each_kind_books_its_own(desk):
    db.session.get(Service, "orthopaedics").follow_up_slots = 2
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, MON, "PM", 1, "orthopaedics")]
    )
    clinic, later = (s.id for s in plan.sessions)
    kinds = db.session.scalars(
        sa.select(SessionSlot.kind).where(SessionSlot.session_id == later).order_by("number")
    )
    assert list(kinds) == ["new"] * (ORTHOPAEDIC_SLOTS - 2) + ["follow_up"] * 2
    steps = [_follow_up_step(desk, clinic) for _ in range(3)]
    assert [book(s.id, later, now=NOW).slot_number for s in steps[:2]] == [10, 11]
    with pytest.raises(SlotTaken, match="no follow-up slot free"):
        book(steps[2].id, later, now=NOW)
    assert book(desk.referral().id, later, now=NOW).slot_number == 0  # new slots are still free
    [opening] = [o for o in bookable_openings(["orthopaedics"], NOW) if o.session_id == later]
    assert (opening.free_for("follow_up"), opening.free_for("first")) == (0, ORTHOPAEDIC_SLOTS - 3)


def test_without_follow_up_slots_a_follow_up_takes_any_slot(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, MON, "PM", 1, "orthopaedics")]
    )
    clinic, later = (s.id for s in plan.sessions)
    assert book(_follow_up_step(desk, clinic).id, later, now=NOW).slot_number == 0
