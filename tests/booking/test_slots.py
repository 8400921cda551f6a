"""Appointment slots: opened once per session, and counted free as bookings come and go."""

from datetime import date

import sqlalchemy as sa

from booking.models import SessionSlot
from booking.service import book, cancel
from booking.slots import free_slots, held_slots, open_slots
from extensions import db
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
