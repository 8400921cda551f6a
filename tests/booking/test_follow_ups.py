"""The partial-booking list of follow-ups, and follow-ups per first attendance against a cap."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest

from booking.follow_ups import (
    follow_up_csv,
    follow_up_ratios,
    months_before,
    partial_booking_list,
)
from booking.outcomes import record_outcome
from booking.service import book, record_attendance
from extensions import db
from inputs.models import Service
from tests.booking.conftest import NEAR_SITE, NOW, TODAY

MON = date(2027, 1, 11)


def attend(referral, session_id: int, day: date, now=NOW):
    booking = book(referral.id, session_id, now=now)
    record_attendance(booking.id, "attended", now=datetime.combine(day, datetime.max.time()))
    return booking


def follow_up(desk, due: date, **overrides):
    """A follow-up step due on `due`, on a pathway of its own."""
    first = desk.referral()
    return desk.referral(kind="follow_up", due_date=due, pathway=first.pathway, **overrides)


def test_overdue_follow_ups_come_first_then_those_due_soon(desk):
    soon = follow_up(desk, TODAY + timedelta(days=14), name="Due in a fortnight")
    follow_up(desk, TODAY + timedelta(days=15), name="Due later")
    late = follow_up(desk, TODAY - timedelta(days=3), name="Three days late")
    later = follow_up(desk, TODAY - timedelta(days=30), name="A month late")
    follow_up(desk, TODAY - timedelta(days=9), closed_on=TODAY, name="Discharged")
    listed = partial_booking_list(TODAY)
    assert [(i.referral.id, i.days_overdue) for i in listed.overdue] == [
        (later.id, 30),
        (late.id, 3),
    ]
    assert [(i.referral.id, i.days_overdue) for i in listed.due_soon] == [(soon.id, -14)]
    assert listed.later == 1


def test_a_booked_follow_up_leaves_the_list(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    step = follow_up(desk, TODAY - timedelta(days=1))
    assert len(partial_booking_list(TODAY).overdue) == 1
    book(step.id, plan.sessions[0].id, now=NOW)
    assert partial_booking_list(TODAY).items == []


def test_the_list_filters_by_service_and_locality(desk):
    follow_up(desk, TODAY, service_id="ophthalmology", practice_id="E82103")  # Redbourn
    assert len(partial_booking_list(TODAY, service="ophthalmology").items) == 1
    assert partial_booking_list(TODAY, service="orthopaedics").items == []
    assert partial_booking_list(TODAY, locality="Chipperfield").items == []
    assert len(partial_booking_list(TODAY, locality="Redbourn").items) == 1


def test_the_worklist_csv(desk):
    follow_up(desk, TODAY - timedelta(days=5), name="=cmd()")
    text = follow_up_csv(partial_booking_list(TODAY).items)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["nhs_number", "name", "service", "locality", "due_date", "days_overdue"]
    assert rows[1][1:] == ["'=cmd()", "Orthopaedic clinic", "Chipperfield", "2026-11-26", "5"]


@pytest.fixture
def attended(desk):
    """Two first attendances at orthopaedic clinics and one follow-up attendance."""
    plan = desk.plan(
        [(NEAR_SITE, MON + timedelta(days=n), "AM", 0, "orthopaedics") for n in (0, 7)]
    )
    first, second = (s.id for s in plan.sessions)
    visit = attend(desk.referral(), first, MON)
    attend(desk.referral(), first, MON)
    step = record_outcome(visit.id, {"outcome": "follow_up", "weeks": "1"}).step
    attend(step, second, MON + timedelta(days=7), now=datetime.combine(MON, datetime.max.time()))
    return desk


@pytest.mark.parametrize(("cap", "over"), [(None, None), (0.4, True), (0.5, False)])
def test_follow_ups_per_first_attendance_against_the_cap(attended, cap, over):
    service = db.session.get(Service, "orthopaedics")  # held, so the session keeps this one
    service.follow_up_cap = cap
    [row] = follow_up_ratios(MON - timedelta(days=365), MON + timedelta(days=7))
    assert (row.service_id, row.firsts, row.follow_ups, row.ratio) == ("orthopaedics", 2, 1, 0.5)
    assert (row.cap, row.over_cap) == (cap, over)


def test_services_that_plan_no_follow_ups_and_saw_none_are_left_out(attended):
    db.session.get(Service, "ophthalmology").follow_up_ratio = 2.37  # planned, none seen yet
    rows = follow_up_ratios(MON - timedelta(days=365), MON + timedelta(days=7))
    assert [(r.service_id, r.firsts, r.follow_ups) for r in rows] == [
        ("ophthalmology", 0, 0),
        ("orthopaedics", 2, 1),
    ]
    [eyes] = follow_up_ratios(MON - timedelta(days=365), MON, "ophthalmology")
    assert eyes.ratio is None  # no first attendance yet


def test_attendances_outside_the_period_do_not_count(attended):
    [row] = follow_up_ratios(MON + timedelta(days=1), MON + timedelta(days=7))
    assert (row.firsts, row.follow_ups, row.ratio) == (0, 1, None)
    assert follow_up_ratios(MON - timedelta(days=30), MON - timedelta(days=1)) == []


def test_twelve_months_before_is_the_same_day_a_year_earlier():
    assert months_before(date(2027, 1, 11), 12) == date(2026, 1, 11)
    assert months_before(date(2027, 3, 31), 1) == date(2027, 2, 28)
    assert months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)
