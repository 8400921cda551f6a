"""The sample desk's past: clinics held with every kind of outcome, each step dated on the
day it was done, and no past at all for a tour still to come."""

from datetime import timedelta

import sqlalchemy as sa

from booking.models import LIVE_STATUSES, Booking, Referral
from booking.pathways import RETURNED
from extensions import db
from pathways.models import Pathway, PathwayEvent
from sample.history import DNAS, SEEN
from sample.loading import default_start
from tests.sample.conftest import NOW

TODAY = NOW.date()


def _rows(query) -> list:
    return list(db.session.scalars(query))


def test_clinics_held_end_in_every_kind_of_outcome(sample_desk):
    summary = sample_desk()
    held = _rows(sa.select(Booking).where(Booking.status.in_(("attended", "did_not_attend"))))
    assert SEEN - 8 <= len(held) <= SEEN and summary.attended == len(held) - DNAS
    assert {
        "follow_up",
        "discharged",
        "patient_initiated",
        "refer_on_diagnostic",
        "decision_to_treat",
    } <= {b.outcome for b in held}
    assert all(b.outcome is None for b in held if b.status == "did_not_attend")
    returned = _rows(sa.select(Referral).where(Referral.closed_reason == RETURNED))
    assert len(returned) == DNAS  # first-appointment DNAs go back to the GP
    steps = {r.kind: r for r in _rows(sa.select(Referral).where(Referral.kind != "first"))}
    assert steps["diagnostic"].service_id == "mri"
    assert steps["day_case"].service_id in (
        "orthopaedic-day-case",
        "cataract-list",
        "general-surgery-day-case",
    )
    assert _rows(sa.select(Pathway.pifu_until).where(Pathway.pifu_until > TODAY))


def test_a_follow_up_is_overdue_and_others_are_booked_before_they_are_due(sample_desk):
    sample_desk()
    follow_ups = _rows(sa.select(Referral).where(Referral.kind == "follow_up"))
    live = {
        b.referral_id: b for b in _rows(sa.select(Booking).where(Booking.status.in_(LIVE_STATUSES)))
    }
    overdue = [r for r in follow_ups if r.due_date < TODAY and r.id not in live]
    assert overdue
    booked = [live[r.id] for r in follow_ups if r.id in live]
    assert booked and all(b.session.date <= b.referral.due_date for b in booked)


def test_nothing_is_dated_after_the_day_it_was_done(sample_desk):
    sample_desk()
    assert max(_rows(sa.select(PathwayEvent.on))) <= TODAY
    bookings = _rows(sa.select(Booking))
    assert all(
        b.session.date <= TODAY for b in bookings if b.status not in LIVE_STATUSES + ("cancelled",)
    )
    for booking in bookings:
        booked_on = db.session.scalar(
            sa.select(PathwayEvent.on).where(
                PathwayEvent.booking_id == booking.id, PathwayEvent.kind == "booked"
            )
        )
        assert booking.referral.referral_date <= booked_on <= TODAY
        assert booked_on <= booking.session.date  # booked before the clinic, never after
        if booked_on < TODAY:  # booked in the past: with a week's notice at least
            assert booking.session.date - booked_on >= timedelta(days=7)


def test_a_tour_still_to_come_has_no_past(sample_desk):
    summary = sample_desk(default_start(TODAY) + timedelta(weeks=7))  # the Monday after NOW
    assert summary.to_come > 50 and summary.attended == 0
    statuses = set(_rows(sa.select(Booking.status)))
    assert statuses <= {"booked", "cancelled"}
    assert not _rows(sa.select(Referral).where(Referral.kind != "first"))
