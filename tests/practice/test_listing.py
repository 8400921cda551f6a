"""A practice's list: its own referrals only, newest first, where each stands, by pages."""

from datetime import date, timedelta

from booking.service import book
from practice import listing
from practice.listing import practice_referrals
from tests.booking.conftest import NOW
from tests.practice.conftest import OTHER, OWN, three_sites_plan


def test_the_list_holds_the_practices_referrals_newest_first_with_their_state(desk):
    near_am, *_ = three_sites_plan(desk)
    booked = desk.referral(referral_date=date(2026, 10, 1))
    waiting = desk.referral(referral_date=date(2026, 11, 1))
    closed = desk.referral(referral_date=date(2026, 9, 1), closed_on=date(2026, 11, 2),
                           closed_reason="Returned to the referrer")  # fmt: skip
    desk.referral(practice_id=OTHER)
    book(booked.id, near_am.id, now=NOW)
    found = practice_referrals(OWN, NOW)
    assert [row.referral.id for row in found.rows] == [waiting.id, booked.id, closed.id]
    assert [row.status for row in found.rows] == ["Waiting", "Booked", "Closed"]
    assert found.rows[1].appointment.session_id == near_am.id
    assert found.rows[0].appointment is None
    assert (found.total, found.page, found.pages) == (3, 1, 1)


def test_a_long_list_comes_in_pages(desk, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_ROWS", 2)
    made = [desk.referral(referral_date=date(2026, 11, 1) - timedelta(days=n)) for n in range(5)]
    second = practice_referrals(OWN, NOW, page=2)
    assert [row.referral.id for row in second.rows] == [made[2].id, made[3].id]
    assert (second.total, second.pages) == (5, 3)
    assert practice_referrals(OWN, NOW, page=99).page == 3  # past the end: the last page
