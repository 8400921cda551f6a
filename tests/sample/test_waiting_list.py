"""The sample's waiting list: most wait, some booked by allocation, a few near breach or to
rebook; the patients made up and sent nothing; the same list each time."""

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from booking.models import Booking, Referral
from booking.nhs_number import normalise_nhs_number
from booking.rebooking import to_rebook
from booking.waiting import Filters, waiting_list
from extensions import db
from messages.models import Message
from sample.waiting_list import ALLOCATED, NEAR_BREACH
from tests.sample.conftest import NOW


def _rows(query) -> list:
    return list(db.session.scalars(query))


def fingerprint() -> tuple[list[tuple], list[tuple]]:
    """Every referral and booking as plain values, to compare two databases."""
    referrals = _rows(sa.select(Referral).order_by(Referral.id))
    bookings = _rows(sa.select(Booking).order_by(Booking.id))
    return (
        [(r.nhs_number, r.service_id, r.kind, r.referral_date, r.due_date) for r in referrals],
        [(b.referral.nhs_number, b.session.date, b.status, b.outcome) for b in bookings],
    )


def test_most_wait_some_are_booked_and_a_few_are_near_breach_or_to_rebook(built_desk):
    summary = built_desk()
    waiting = waiting_list(Filters(status="waiting"), NOW)
    assert summary.referrals > 3000 and len(waiting) > 500  # 600 asked for, and follow-ups
    booked = waiting_list(Filters(status="booked"), NOW)
    assert summary.to_come + summary.to_mark == len(booked) and summary.to_come > 300
    to_come = [e for e in booked if e.booking.session.date > NOW.date()]
    assert {e.referral.service_id for e in to_come if e.referral.kind == "first"} == set(
        ALLOCATED
    )  # today's allocation; the other first appointments booked were held already
    near = [e for e in waiting if 15 <= e.clock.weeks_waited < 18 and e.referral.kind == "first"]
    assert len(near) == sum(NEAR_BREACH.values())
    assert {e.referral.service_id for e in near} == set(NEAR_BREACH)
    assert {item.reason for item in to_rebook(NOW)} == {"Cancelled by the service"}
    assert {e.referral.kind for e in waiting} == {"first", "follow_up"}
    assert {e.referral.kind for e in to_come} == {"first", "follow_up", "diagnostic", "day_case"}


def test_patients_are_made_up_and_sent_nothing(app, sample_desk, few_seen):
    app.config["NOTIFY_STAND_IN"] = True  # messages on, as under `make run`
    sample_desk(most=200)
    firsts = _rows(sa.select(Referral).where(Referral.kind == "first"))
    numbers = [r.nhs_number for r in firsts]
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith("999") and normalise_nhs_number(n) == n for n in numbers)
    mobiles = [r.mobile for r in firsts if r.mobile]
    assert mobiles and all(m.startswith("+447700900") for m in mobiles)
    emails = [r.email for r in firsts if r.email]
    assert emails and all(e.endswith(("@example.com", "@example.org")) for e in emails)
    assert set(_rows(sa.select(AuditEvent.actor))) == {"system"}
    assert not _rows(sa.select(Message.id))  # no confirmations for the sample's history


def test_without_a_published_plan_the_patients_wait(sample_desk):
    summary = sample_desk(publish_plan=False, most=100)
    assert 90 <= summary.referrals <= 120 and summary.to_come == summary.attended == 0
    assert not _rows(sa.select(Booking))
    assert len(waiting_list(Filters(status="waiting"), NOW)) == summary.referrals


@pytest.mark.slow  # about 13 s: the desk built twice
def test_one_seed_gives_the_same_desk(sample_desk, second_app):
    sample_desk(most=300)
    first = fingerprint()
    with second_app.app_context():
        sample_desk(most=300)
        again = fingerprint()
    referrals, bookings = first
    assert len(referrals) > 250 and {status for _, _, status, _ in bookings} > {"attended"}
    assert again == first
