"""Booking, cancelling, rebooking and attendance through the booking service."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from booking import service
from booking.models import Booking
from booking.pathways import RETURNED
from booking.service import BookingRefused, SlotTaken, book, cancel, rebook, record_attendance
from booking.slots import free_slots
from extensions import db
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_book_takes_the_lowest_free_slot_and_is_audited(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    session = plan.sessions[0]
    first, second = desk.referral(), desk.referral()
    assert book(first.id, session.id, now=NOW).slot_number == 0
    booking = book(second.id, session.id, now=NOW)
    assert (booking.slot_number, booking.status) == (1, "booked")
    assert free_slots([session]) == {session.id: 10}
    [event, _] = _events("book")
    assert event.entity_type == "booking" and event.before is None
    assert event.after["referral_id"] == first.id and event.after["date"] == "2027-01-11"


def test_a_referral_cannot_hold_two_appointments(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, MON, "PM", 0, "orthopaedics")]
    )
    referral = desk.referral()
    book(referral.id, plan.sessions[0].id, now=NOW)
    with pytest.raises(BookingRefused, match="already has an appointment"):
        book(referral.id, plan.sessions[1].id, now=NOW)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("unpublished", "not in a published plan"),
        ("past", "can no longer be booked"),
        ("service", "runs Ophthalmology"),
    ],
)
def test_unbookable_sessions_are_refused_with_the_reason(desk, change, reason):
    service_id = "ophthalmology" if change == "service" else "orthopaedics"
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, service_id)], published=change != "unpublished")
    now = datetime(2027, 1, 11, 9, 30) if change == "past" else NOW
    with pytest.raises(BookingRefused, match=reason):
        book(desk.referral().id, plan.sessions[0].id, now=now)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0


def test_a_full_session_is_refused_with_fresh_suggestions(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "AM", 0, "orthopaedics")]
    )
    full = plan.sessions[0]
    for _ in range(12):
        book(desk.referral().id, full.id, now=NOW)
    with pytest.raises(SlotTaken, match="now full") as refused:
        book(desk.referral().id, full.id, now=NOW)
    assert [offer.opening.session_id for offer in refused.value.suggestions] == [
        plan.sessions[1].id
    ]


def test_a_lost_race_tries_the_next_slot(desk, monkeypatch):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    session = plan.sessions[0]
    book(desk.referral().id, session.id, now=NOW)
    real = service.free_slot_numbers
    stale = iter([[0, 1]])  # as read before another clerk's commit took slot 0

    monkeypatch.setattr(
        service, "free_slot_numbers", lambda sid, kind: next(stale, None) or real(sid, kind)
    )
    booking = book(desk.referral().id, session.id, now=NOW)
    assert booking.slot_number == 1


def test_losing_every_race_says_the_slot_was_just_taken(desk, monkeypatch):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, TUE, "AM", 0, "orthopaedics")]
    )
    session = plan.sessions[0]
    book(desk.referral().id, session.id, now=NOW)
    monkeypatch.setattr(service, "free_slot_numbers", lambda sid, kind: [0])  # always stale
    with pytest.raises(SlotTaken, match="just been taken") as refused:
        book(desk.referral().id, session.id, now=NOW)
    assert refused.value.suggestions[0].opening.session_id == plan.sessions[1].id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 1


def test_cancel_frees_the_slot_and_says_who_cancelled(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    session = plan.sessions[0]
    booking = book(desk.referral().id, session.id, now=NOW)
    cancel(booking.id, "patient", now=NOW)
    assert (booking.status, booking.cancelled_by) == ("cancelled", "patient")
    assert free_slots([session]) == {session.id: 12}
    [event] = _events("cancel")
    assert event.before["status"] == "booked" and event.after["cancelled_by"] == "patient"
    with pytest.raises(BookingRefused, match="Only a booked appointment"):
        cancel(booking.id, "patient", now=NOW)


def test_rebook_moves_the_patient_in_one_step(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "PM", 0, "orthopaedics")]
    )
    first, second = plan.sessions
    old = book(desk.referral().id, first.id, now=NOW)
    new = rebook(old.id, second.id, cancelled_by="patient", now=NOW)
    db.session.refresh(old)
    assert (old.status, old.cancelled_by) == ("cancelled", "patient")
    assert (new.session_id, new.status, new.referral_id) == (second.id, "booked", old.referral_id)
    assert free_slots([first, second]) == {first.id: 12, second.id: 11}
    [event] = _events("rebook")
    assert event.before["session_id"] == first.id and event.after["session_id"] == second.id


def test_a_refused_rebook_keeps_the_old_appointment(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "PM", 0, "orthopaedics")]
    )
    first, second = plan.sessions
    for _ in range(12):
        book(desk.referral().id, second.id, now=NOW)
    old = book(desk.referral().id, first.id, now=NOW)
    with pytest.raises(SlotTaken):
        rebook(old.id, second.id, now=NOW)
    db.session.expire_all()
    assert db.session.get(Booking, old.id).status == "booked"
    assert free_slots([first]) == {first.id: 11}


def test_attendance_moves_forward_from_the_day(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    booking = book(desk.referral().id, plan.sessions[0].id, now=NOW)
    with pytest.raises(BookingRefused, match="from the day of the appointment"):
        record_attendance(booking.id, "attended", now=NOW)
    on_the_day = datetime(2027, 1, 11, 9, 5)
    record_attendance(booking.id, "arrived", now=on_the_day)
    with pytest.raises(BookingRefused, match="cannot be cancelled|Only a booked"):
        cancel(booking.id, "patient", now=on_the_day)
    record_attendance(booking.id, "attended", now=on_the_day)
    with pytest.raises(BookingRefused, match="attended cannot be marked did not attend"):
        record_attendance(booking.id, "did_not_attend", now=on_the_day)
    assert [e.after["status"] for e in _events("attendance")] == ["arrived", "attended"]


def test_a_first_appointment_dna_returns_the_patient_to_the_referrer(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, TUE, "AM", 0, "orthopaedics")]
    )
    referral = desk.referral()
    booking = book(referral.id, plan.sessions[0].id, now=NOW)
    record_attendance(booking.id, "did_not_attend", now=datetime(2027, 1, 11, 13, 0))
    assert referral.closed_reason == RETURNED
    assert referral.pathway.nullified and referral.pathway.ended == MON
    with pytest.raises(BookingRefused, match="returned to the referrer"):
        book(referral.id, plan.sessions[1].id, now=datetime(2027, 1, 11, 13, 0))


def test_a_past_appointment_cannot_be_cancelled(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    booking = book(desk.referral().id, plan.sessions[0].id, now=NOW)
    with pytest.raises(BookingRefused, match="has passed"):
        cancel(booking.id, "service", now=datetime(2027, 1, 11, 14, 0))


def test_what_is_added_to_a_booking_is_written_with_it_or_not_at_all(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    referral = desk.referral()
    added = []

    def refuse(booking):
        raise BookingRefused("the record of the choice could not be kept")

    with pytest.raises(BookingRefused, match="could not be kept"):
        book(referral.id, plan.sessions[0].id, now=NOW, also=refuse)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0
    booking = book(referral.id, plan.sessions[0].id, now=NOW, also=added.append)
    assert added == [booking]
