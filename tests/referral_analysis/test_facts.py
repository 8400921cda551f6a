"""The referrals analysed: the desk's GP referrals and the copies practices send, together."""

from datetime import date, datetime

from booking.models import Booking
from booking.service import book
from referral_analysis import facts
from referral_analysis.facts import Period
from tests.booking.conftest import NEAR_SITE
from tests.referral_analysis.conftest import add_copies

MON = date(2027, 1, 11)


def test_desk_referrals_and_copies_add_up_and_later_steps_do_not_count(desk):
    desk.referral(practice_id="E82100", service_id="mri", referral_date=date(2026, 3, 2))
    desk.referral(  # a follow-up is a later step of a pathway, not a GP referral
        practice_id="E82100", service_id="mri", referral_date=date(2026, 3, 3), kind="follow_up"
    )
    add_copies("E82100", "mri", date(2026, 3, 2), [2, 1])
    add_copies("E82101", "orthopaedics", date(2026, 5, 1), [1])
    whole = Period(date(2026, 1, 1), date(2026, 12, 31))
    assert facts.counts(whole) == {("E82100", "mri"): 4, ("E82101", "orthopaedics"): 1}
    assert facts.counts(Period(date(2026, 3, 3), date(2026, 4, 30))) == {("E82100", "mri"): 1}
    assert facts.data_range() == (date(2026, 3, 2), date(2026, 5, 1))


def test_nothing_held_has_no_range(desk):
    assert facts.data_range() is None
    assert facts.counts(Period(date(2026, 1, 1), date(2026, 12, 31))) == {}


def test_weeks_run_monday_to_sunday(desk):
    add_copies("E82100", "mri", date(2026, 3, 2), [1, 0, 0, 0, 0, 0, 2, 3])  # Mon..Sun, Mon
    desk.referral(practice_id="E82100", service_id="mri", referral_date=date(2026, 3, 16))
    assert facts.weekly(date(2026, 3, 2), 3) == {("E82100", "mri"): [3, 3, 1]}
    assert facts.weekly(date(2026, 3, 2), 3, service_id="orthopaedics") == {}
    assert facts.monday(date(2026, 3, 8)) == date(2026, 3, 2)


def test_outcomes_say_where_and_when_patients_were_first_seen(desk):
    add_copies(
        "E82102", "orthopaedics", date(2026, 10, 1), [2],
        seen_on=date(2026, 10, 29), seen_at="Watford General Hospital", missed=1,
    )  # fmt: skip
    add_copies("E82102", "orthopaedics", date(2026, 10, 2), [1])  # not seen yet
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    referral = desk.referral(referral_date=date(2026, 10, 5))
    booking = book(referral.id, plan.sessions[0].id, now=datetime(2026, 12, 1, 9))
    booking.status = "attended"
    other = desk.referral(referral_date=date(2026, 10, 6))
    missed = book(other.id, plan.sessions[0].id, now=datetime(2026, 12, 1, 9))
    missed.status = "did_not_attend"
    Booking.query.session.commit()

    found = facts.outcomes(Period(date(2026, 10, 1), date(2026, 10, 31)), "E82102")

    site_name = plan.scenario.sites and next(
        s.name for s in plan.scenario.sites if s.id == NEAR_SITE
    )
    assert found.places == {"Watford General Hospital": 2, site_name: 1}
    assert sorted(found.waits["orthopaedics"]) == [28, 28, (MON - date(2026, 10, 5)).days]
    assert (found.attended, found.missed) == (3, 3)
    assert found.dna_share == 0.5
    assert facts.outcomes(Period(date(2026, 10, 1), date(2026, 10, 31)), "E82100").dna_share is None
