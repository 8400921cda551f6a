"""The desk's offers recorded: what the page showed and the slot booked, in the booking's
own transaction; nothing when the post says nothing of what was shown."""

from datetime import date

import pytest
import sqlalchemy as sa

from booking import desk_offers
from booking.desk_offers import desk_offer
from booking.models import Booking
from booking.service import book, rebook
from choice.models import ChoiceOffer
from extensions import db
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)


@pytest.fixture
def sessions(desk) -> tuple[int, int, int]:
    """Orthopaedics near on Monday morning and afternoon, and far on Tuesday."""
    plan = desk.plan(
        [
            (NEAR_SITE, MON, "AM", 0, "orthopaedics"),
            (NEAR_SITE, MON, "PM", 0, "orthopaedics"),
            (FAR_SITE, TUE, "AM", 0, "orthopaedics", "op-1"),
        ]
    )
    by_start = sorted(plan.sessions, key=lambda s: (s.date, s.period))
    return tuple(s.id for s in by_start)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_desk_booking_records_what_was_shown_and_the_one_taken(desk, sessions):
    am, pm, far = sessions
    referral = desk.referral()
    booking = book(referral.id, far, now=NOW, also=desk_offer(referral, [am, pm, far], far))
    offer = db.session.scalar(sa.select(ChoiceOffer))
    assert (offer.channel, offer.outcome, offer.booking_id) == ("desk", "booked", booking.id)
    assert offer.practice_id == referral.practice_id
    assert [(o.session_id, o.site_id, o.taken) for o in offer.options] == [
        (am, NEAR_SITE, False),
        (pm, NEAR_SITE, False),
        (far, FAR_SITE, True),
    ]


def test_the_record_and_the_booking_are_written_together_or_not_at_all(desk, sessions, monkeypatch):
    am, pm, _ = sessions
    referral = desk.referral()

    def broken(*args, **kwargs):
        raise RuntimeError("the record could not be written")

    monkeypatch.setattr(desk_offers, "record_booked", broken)
    with pytest.raises(RuntimeError):
        book(referral.id, am, now=NOW, also=desk_offer(referral, [am, pm], am))
    db.session.rollback()
    assert (_count(Booking), _count(ChoiceOffer)) == (0, 0)


def test_a_post_that_says_nothing_of_what_was_shown_records_nothing(desk, sessions):
    am, *_ = sessions
    referral = desk.referral()
    assert desk_offer(referral, [], am) is None
    assert desk_offer(referral, [999_999], am) is None  # nothing real shown either


def test_a_slot_booked_but_not_among_those_shown_is_added_as_taken(desk, sessions):
    am, pm, far = sessions
    referral = desk.referral()
    book(referral.id, far, now=NOW, also=desk_offer(referral, [am, pm], far))
    offer = db.session.scalar(sa.select(ChoiceOffer))
    assert [(o.session_id, o.taken) for o in offer.options] == [
        (am, False),
        (pm, False),
        (far, True),
    ]


def test_a_move_records_the_choice_without_the_appointment_held(desk, sessions):
    am, pm, far = sessions
    referral = desk.referral()
    held = book(referral.id, am, now=NOW)
    moved = rebook(held.id, far, now=NOW, also=desk_offer(referral, [am, pm, far], far, holding=am))
    offer = db.session.scalar(sa.select(ChoiceOffer))
    assert offer.booking_id == moved.id and offer.taken.session_id == far
    assert [o.session_id for o in offer.options] == [pm, far]
