"""An offer recorded: its options in the order shown, the one taken, who made it; audited
without the patient's details."""

from dataclasses import replace
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from choice.models import ChoiceOffer, ChoiceOption
from choice.record import Shown, record_offer
from extensions import db

SHOWN = [
    Shown(7, "chipperfield-sports-club", date(2027, 1, 11), datetime(2027, 1, 11, 9, 20), 2.0),
    Shown(9, "redbourn-civic-centre", date(2027, 1, 19), datetime(2027, 1, 19, 9, 0), 12.6),
]


def test_an_offer_keeps_what_was_shown_in_order_and_is_audited(desk):
    referral = desk.referral()
    offer = record_offer(referral.id, referral.practice_id, SHOWN, "shortlist")
    db.session.commit()
    stored = db.session.get(ChoiceOffer, offer.id)
    assert (stored.outcome, stored.channel, stored.actor, stored.user_id) == (
        "shortlist",
        "practice",
        "system",
        None,
    )
    assert [(o.rank, o.session_id, o.site_id, o.distance_km) for o in stored.options] == [
        (0, 7, "chipperfield-sports-club", 2.0),
        (1, 9, "redbourn-civic-centre", 12.6),
    ]
    assert stored.taken is None
    assert [o.from_practice for o in stored.options] == [False, False]
    from_practice = [replace(SHOWN[0], from_practice=True)]  # the postcode was not found
    moved = record_offer(referral.id, referral.practice_id, from_practice, "declined")
    db.session.commit()
    assert [o.from_practice for o in db.session.get(ChoiceOffer, moved.id).options] == [True]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.entity_type == "choice_offer"))
    assert (event.action, event.entity_id) == ("offer", str(offer.id))
    assert event.after["status"] == "shortlist" and event.after["rows"] == 2


def test_an_unknown_outcome_is_refused(desk):
    referral = desk.referral()
    with pytest.raises(ValueError):
        record_offer(referral.id, referral.practice_id, SHOWN, "maybe")


def test_the_database_refuses_a_booked_offer_without_its_booking(desk):
    referral = desk.referral()
    db.session.add(ChoiceOffer(referral_id=referral.id, practice_id=referral.practice_id,
                               channel="practice", outcome="booked", actor="x"))  # fmt: skip
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_an_offers_options_go_with_it(desk):
    referral = desk.referral()
    offer = record_offer(referral.id, referral.practice_id, SHOWN, "declined")
    db.session.commit()
    db.session.delete(offer)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ChoiceOption)) == 0
