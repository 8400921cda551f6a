"""A practice sees only its own patients: every other practice, referral, booking or
shortlist answers 404, as if it did not exist; other roles are refused the practice pages,
and a practice account every page but its own and its account's."""

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from booking.models import Booking
from booking.service import book
from choice.models import ChoiceOffer
from extensions import db
from practice.scope import may_act_for
from tests.booking.conftest import NOW
from tests.practice.conftest import OTHER, OWN, three_sites_plan


def test_only_its_own_accounts_and_administrators_act_for_a_practice():
    assert may_act_for(SimpleNamespace(role="practice", practice_id=OWN), OWN)
    assert not may_act_for(SimpleNamespace(role="practice", practice_id=OWN), OTHER)
    assert may_act_for(SimpleNamespace(role="admin", practice_id=None), OTHER)
    assert not may_act_for(SimpleNamespace(role="booking", practice_id=None), OWN)


@pytest.fixture
def elsewhere(desk):
    """A patient of another practice, booked, with a shortlist printed for them once."""
    near_am, _, middle, _ = three_sites_plan(desk)
    theirs = desk.referral(name="Someone Elsewhere", practice_id=OTHER)
    mine = desk.referral(name="Our Patient")
    for referral in (theirs, mine):
        offer = ChoiceOffer(referral_id=referral.id, practice_id=referral.practice_id,
                            channel="practice", outcome="shortlist", actor="someone")  # fmt: skip
        db.session.add(offer)
    db.session.commit()
    book(theirs.id, near_am.id, now=NOW)
    offers = {o.referral_id: o.id for o in db.session.scalars(sa.select(ChoiceOffer))}
    return SimpleNamespace(
        theirs=theirs, mine=mine, offers=offers, sessions=(near_am.id, middle.id)
    )


def test_another_practices_patient_answers_404_everywhere(client, practice_login, elsewhere):
    practice_login()
    theirs, offer = elsewhere.theirs.id, elsewhere.offers[elsewhere.theirs.id]
    for url in (
        f"/practice/{OTHER}/",
        f"/practice/{OTHER}/referrals/new",
        f"/practice/{OTHER}/referrals/{theirs}",
        f"/practice/{OWN}/referrals/{theirs}",
        f"/practice/{OWN}/referrals/{theirs}/choices",
        f"/practice/{OTHER}/referrals/{theirs}/choices",
        f"/practice/{OWN}/referrals/{theirs}/shortlists/{offer}",
        f"/practice/{OTHER}/referrals/{theirs}/shortlists/{offer}",
        f"/practice/{OWN}/referrals/{elsewhere.mine.id}/shortlists/{offer}",  # not its offer
        "/practice/NOPE/",
        f"/practice/{OWN}/referrals/999999",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Someone Elsewhere" not in response.data, url
    assert client.get(f"/practice/{OWN}/referrals/{elsewhere.mine.id}").status_code == 200


def test_nothing_is_booked_or_recorded_for_another_practices_patient(
    client, desk, practice_login, elsewhere
):
    other = desk.referral(name="Another Elsewhere", practice_id=OTHER)
    practice_login()
    before = db.session.scalar(sa.select(sa.func.count()).select_from(ChoiceOffer))
    for action in ({"book": elsewhere.sessions[1]}, {"action": "shortlist"}):
        for practice in (OWN, OTHER):
            response = client.post(
                f"/practice/{practice}/referrals/{other.id}/choices",
                data={"offered": list(elsewhere.sessions)} | action,
            )
            assert response.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ChoiceOffer)) == before
    assert db.session.scalar(sa.select(Booking).where(Booking.referral_id == other.id)) is None


def test_a_practice_account_reaches_only_its_own_pages(client, desk, practice_login):
    practice_login()
    for url in (
        "/booking/",
        "/booking/reports/rtt",
        "/booking/reports/choice",
        "/ops/",
        "/ops/referrals/",
        "/admin/users",
        "/audit/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.get("/staff").status_code == 200
    assert client.get("/account/password").status_code == 200
    assert client.get(f"/practice/{OWN}/").status_code == 200
