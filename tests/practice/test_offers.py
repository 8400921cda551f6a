"""What comes of an offer: a booking and its record made together or not at all, a
shortlist or none wanted recorded, and who may be offered appointments."""

from datetime import date

import pytest
import sqlalchemy as sa

from booking.models import Booking
from booking.service import BookingRefused, book
from choice.models import ChoiceOffer
from extensions import db
from practice import offers
from practice.choices import choices_for
from practice.offers import book_choice, end_offer, why_not_offered
from tests.booking.conftest import NOW
from tests.practice.conftest import three_sites_plan


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_booked_choice_is_recorded_in_the_bookings_transaction(desk, monkeypatch):
    three_sites_plan(desk)
    referral = desk.referral()
    shown = [c.shown() for c in choices_for(referral, NOW).choices]

    def broken(*args, **kwargs):
        raise RuntimeError("the record could not be written")

    monkeypatch.setattr(offers, "record_booked", broken)
    with pytest.raises(RuntimeError):
        book_choice(referral, shown, shown[1].session_id, NOW)
    db.session.rollback()
    assert (_count(Booking), _count(ChoiceOffer)) == (0, 0)  # neither without the other
    monkeypatch.undo()
    booking = book_choice(referral, shown, shown[1].session_id, NOW)
    offer = db.session.scalar(sa.select(ChoiceOffer))
    assert (offer.booking_id, offer.taken.session_id) == (booking.id, shown[1].session_id)


def test_only_a_choice_shown_may_be_booked(desk):
    _, near_pm, *_ = three_sites_plan(desk)
    referral = desk.referral()
    shown = [c.shown() for c in choices_for(referral, NOW).choices]
    with pytest.raises(BookingRefused, match="Choose one of the appointments shown"):
        book_choice(referral, shown, near_pm.id, NOW)


def test_an_offer_that_booked_nothing_is_recorded_as_such(desk):
    three_sites_plan(desk)
    referral = desk.referral()
    shown = [c.shown() for c in choices_for(referral, NOW).choices]
    offer = end_offer(referral, shown, "declined")
    assert (offer.outcome, offer.taken, len(offer.options)) == ("declined", None, 3)
    with pytest.raises(ValueError):
        end_offer(referral, shown, "booked")


def test_who_may_be_offered_appointments(desk):
    near_am, *_ = three_sites_plan(desk)
    waiting, booked, closed = desk.referral(), desk.referral(), desk.referral()
    book(booked.id, near_am.id, now=NOW)
    closed.closed_on, closed.closed_reason = date(2026, 11, 20), "Returned to the referrer"
    db.session.commit()
    assert why_not_offered(waiting) is None
    assert "has an appointment already" in why_not_offered(booked)
    assert "closed on 20 November 2026" in why_not_offered(closed)
