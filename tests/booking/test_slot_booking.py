"""Booking one named slot, for a referral on the list or a new one made with it."""

from datetime import date

import pytest
import sqlalchemy as sa

from booking.models import Booking, Referral, SessionSlot
from booking.openings import session_opening
from booking.service import BookingRefused, SlotTaken, book
from booking.slot_booking import book_slot
from choice.models import ChoiceOffer
from extensions import db
from tests.booking.conftest import NEAR_SITE, NOW, nhs_number


@pytest.fixture
def session_id(desk) -> int:
    plan = desk.plan([(NEAR_SITE, date(2027, 1, 4), "AM", 0, "orthopaedics")])
    return plan.sessions[0].id


def _new(serial: int) -> dict:
    return dict(
        nhs_number=nhs_number(serial),
        name="New Patient",
        date_of_birth=date(1970, 1, 1),
        postcode="WD4 3AA",
        practice_id="E82102",
        service_id="orthopaedics",
        priority="routine",
        referral_date=date(2026, 11, 30),
    )


def booking_start(session_id: int, number: int):
    return session_opening(session_id).slot_time(number)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_named_slot_is_booked_for_a_referral(desk, session_id):
    referral = desk.referral()
    booking = book_slot(session_id, 7, referral_id=referral.id, now=NOW)
    assert (booking.referral_id, booking.slot_number, booking.status) == (referral.id, 7, "booked")


def test_a_new_referral_is_made_and_booked_together(desk, session_id):
    booking = book_slot(session_id, 2, new_referral=_new(900), now=NOW)
    referral = db.session.get(Referral, booking.referral_id)
    assert referral.nhs_number == nhs_number(900) and referral.pathway is not None


def test_a_taken_slot_leaves_no_new_referral_behind(desk, session_id):
    book_slot(session_id, 0, referral_id=desk.referral().id, now=NOW)
    with pytest.raises(SlotTaken):
        book_slot(session_id, 0, new_referral=_new(901), now=NOW)
    assert (_count(Referral), _count(Booking)) == (1, 1)


def test_the_desk_and_a_named_slot_never_share_a_slot(desk, session_id):
    book(desk.referral().id, session_id, now=NOW)  # the desk takes the lowest, slot 0
    with pytest.raises(SlotTaken):
        book_slot(session_id, 0, referral_id=desk.referral().id, now=NOW)
    assert book(desk.referral().id, session_id, now=NOW).slot_number == 1


def test_a_slot_the_session_lacks_or_keeps_for_follow_ups_is_refused(desk, session_id):
    with pytest.raises(BookingRefused, match="no such slot"):
        book_slot(session_id, 99, referral_id=desk.referral().id, now=NOW)
    db.session.get(SessionSlot, (session_id, 11)).kind = "follow_up"
    db.session.commit()
    with pytest.raises(BookingRefused, match="kept for follow-ups"):
        book_slot(session_id, 11, new_referral=_new(902), now=NOW)
    assert _count(Referral) == 1 and _count(Booking) == 0


def test_a_patient_with_an_appointment_to_come_is_refused(desk, session_id):
    referral = desk.referral()
    book_slot(session_id, 0, referral_id=referral.id, now=NOW)
    with pytest.raises(BookingRefused, match="already has an appointment"):
        book_slot(session_id, 1, referral_id=referral.id, now=NOW)


def test_one_referral_or_the_other(desk, session_id):
    with pytest.raises(ValueError):
        book_slot(session_id, 0, now=NOW)
    with pytest.raises(ValueError):
        book_slot(session_id, 0, referral_id=1, new_referral=_new(903), now=NOW)


def test_a_named_slot_booked_is_recorded_as_the_api_channels_one_choice(desk, session_id):
    booking = book_slot(session_id, 3, referral_id=desk.referral().id, now=NOW)
    offer = db.session.scalar(sa.select(ChoiceOffer))
    assert (offer.channel, offer.outcome, offer.booking_id) == ("api", "booked", booking.id)
    assert [(o.session_id, o.taken) for o in offer.options] == [(session_id, True)]
    # Slot 3 of a 9:00-13:00 session of 12 slots, not the first free one (slot 0, 9:00).
    assert offer.options[0].starts_at == booking_start(session_id, 3)
    assert offer.options[0].starts_at.strftime("%H:%M") == "10:00"
