"""A clinic's register: its slots in order with their kinds, and who holds each."""

from datetime import date, datetime, time

import pytest
import sqlalchemy as sa

from booking.models import SessionSlot
from booking.outcomes import record_outcome
from booking.register import age_on, clinic_register, day_sessions
from booking.service import book, cancel, record_attendance
from extensions import db
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW

MON = date(2027, 1, 11)
EVENING = datetime(2027, 1, 11, 18, 0)


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(1960, 5, 17), date(2027, 5, 16), 66),
        (date(1960, 5, 17), date(2027, 5, 17), 67),
        (date(2000, 2, 29), date(2027, 2, 28), 26),
        (date(2000, 2, 29), date(2027, 3, 1), 27),
    ],
)
def test_age_on_a_day(born, day, age):
    assert age_on(born, day) == age


def keep_for_follow_ups(session_id: int, count: int) -> None:
    """Make the session's last `count` slots follow-up slots, as a clinic template would."""
    numbers = db.session.scalars(
        sa.select(SessionSlot.number)
        .where(SessionSlot.session_id == session_id)
        .order_by(SessionSlot.number.desc())
        .limit(count)
    )
    db.session.execute(
        sa.update(SessionSlot)
        .where(SessionSlot.session_id == session_id, SessionSlot.number.in_(list(numbers)))
        .values(kind="follow_up")
    )
    db.session.commit()


def test_the_register_lists_every_slot_in_order_with_its_kind(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    session_id = plan.sessions[0].id
    keep_for_follow_ups(session_id, 2)
    ada = book(desk.referral(name="Ada", date_of_birth=date(1950, 1, 20)).id, session_id, now=NOW)
    gone = book(desk.referral().id, session_id, now=NOW)
    cancel(gone.id, "patient", now=NOW)
    register = clinic_register(session_id)
    assert [row.number for row in register.rows] == list(range(12))
    assert [row.time.time() for row in register.rows[:3]] == [time(9), time(9, 20), time(9, 40)]
    assert [row.kind_label for row in register.rows] == ["New"] * 10 + ["Follow-up"] * 2
    assert register.rows[0].booking.id == ada.id and register.rows[0].age == 76
    assert register.rows[1].booking is None  # the cancelled booking's slot is free again
    assert [row.booking.id for row in register.booked] == [ada.id]
    assert register.opening.site_name == "Chipperfield Sports Club"


def test_only_attended_appointments_without_an_outcome_await_one(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    session_id = plan.sessions[0].id
    ids = [book(desk.referral().id, session_id, now=NOW).id for _ in range(3)]
    for booking_id in ids[:2]:
        record_attendance(booking_id, "attended", now=EVENING)
    record_outcome(ids[0], {"outcome": "discharged"})
    register = clinic_register(session_id)
    assert [row.booking.id for row in register.awaiting_outcome] == [ids[1]]
    assert register.outcomes == {ids[0]: "Discharged to the GP"}


def test_an_unknown_session_has_no_register(desk):
    assert clinic_register(999) is None


def test_the_days_sessions_are_those_of_published_plans(desk):
    desk.plan(
        [
            (NEAR_SITE, MON, "PM", 0, "orthopaedics"),
            (FAR_SITE, MON, "AM", 1, "orthopaedics", "op-1"),
        ]
    )
    desk.plan([(NEAR_SITE, MON, "AM", 2, "orthopaedics")], published=False, name="Draft")
    found = day_sessions(MON)
    assert [(o.site_id, o.period) for o in found] == [(FAR_SITE, "AM"), (NEAR_SITE, "PM")]
    assert day_sessions(date(2027, 1, 12)) == []
