"""Clinic outcomes and the pathway's clock across clinic, diagnostics and day case."""

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from booking.breaches import breaches
from booking.finder import find_slots
from booking.models import Booking, Referral
from booking.outcomes import OutcomeInvalid, record_outcome
from booking.pathways import close_waiting_steps
from booking.rebooking import to_rebook
from booking.service import BookingRefused, book, cancel, record_attendance
from booking.waiting import Filters, waiting_list
from extensions import db
from pathways.models import PathwayEvent
from tests.booking.conftest import NEAR_SITE, NOW

MON = date(2027, 1, 11)


def day(n: int) -> date:
    return MON + timedelta(days=n)


def at(d: date) -> datetime:
    return datetime.combine(d, datetime.min.time()).replace(hour=18)


def attend(referral: Referral, session_id: int, now=NOW) -> Booking:
    booking = book(referral.id, session_id, now=now)
    record_attendance(booking.id, "attended", now=at(booking.session.date))
    return booking


def events(referral: Referral) -> list[tuple[str, int]]:
    """The pathway's events as (kind, day) in the order they happened."""
    query = sa.select(PathwayEvent).where(PathwayEvent.pathway_id == referral.pathway_id)
    rows = db.session.scalars(query.order_by(PathwayEvent.on, PathwayEvent.id))
    return [(e.kind, (e.on - MON).days) for e in rows]


@pytest.fixture
def clinics(desk):
    """Orthopaedic clinics 0, 7, 28 and 42 days on; MRI on day 14; a day case on day 49."""
    rows = [(NEAR_SITE, day(n), "AM", 0, "orthopaedics") for n in (0, 7, 28, 42)]
    rows += [(NEAR_SITE, day(14), "AM", 0, "mri", "rad-1")]
    rows += [(NEAR_SITE, day(49), "AM", 0, "daycase-orthopaedics", "th-1")]
    plan = desk.plan(rows)
    return {(s.service_id, (s.date - MON).days): s.id for s in plan.sessions}


def test_one_clock_runs_from_the_referral_across_clinic_mri_and_day_case(desk, clinics):
    referral = desk.referral()  # received 1 October 2026
    first = attend(referral, clinics[("orthopaedics", 0)])
    mri = record_outcome(first.id, {"outcome": "refer_on_diagnostic", "service": "mri"}).step
    assert (mri.kind, mri.pathway_id, mri.referral_date) == ("diagnostic", referral.pathway_id, MON)
    scan = attend(mri, clinics[("mri", 14)], now=at(day(0)))
    back = record_outcome(scan.id, {"outcome": "follow_up", "weeks": "4"}).step
    assert (back.kind, back.due_date) == ("follow_up", day(42))
    review = attend(back, clinics[("orthopaedics", 28)], now=at(day(14)))
    listed = record_outcome(
        review.id, {"outcome": "decision_to_treat", "service": "daycase-orthopaedics"}
    ).step
    assert listed.kind == "day_case" and referral.pathway.running
    # The day case waits on the pathway's clock, from the GP's referral, not from the listing.
    [entry] = waiting_list(Filters(service="daycase-orthopaedics"), at(day(28)))
    assert entry.clock.referral_date == date(2026, 10, 1)
    assert entry.clock.breach_date == date(2026, 10, 1) + timedelta(weeks=18, days=1)
    operation = attend(listed, clinics[("daycase-orthopaedics", 49)], now=at(day(28)))
    record_outcome(operation.id, {"outcome": "treated"})
    pathway = referral.pathway
    assert (pathway.stopped, pathway.stop_reason) == (day(49), "first definitive treatment")
    assert [kind for kind, _ in events(referral)] == [
        "referred",
        "booked",
        "attended",
        "refer_on_diagnostic",
        "booked",
        "attended",
        "diagnostic_done",
        "follow_up",
        "booked",
        "attended",
        "decision_to_treat",
        "booked",
        "attended",
        "treated",
    ]


def test_events_are_kept_with_who_and_when(desk, clinics):
    referral = desk.referral()
    first = attend(referral, clinics[("orthopaedics", 0)])
    record_outcome(first.id, {"outcome": "discharged"})
    rows = list(db.session.scalars(sa.select(PathwayEvent)))
    assert all(e.actor == "system" and e.at is not None for e in rows)
    assert rows[-1].kind == "discharged" and rows[-1].booking_id == first.id


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [
        ({"outcome": "discharged"}, "discharged"),
        ({"outcome": "not_treating"}, "decision not to treat"),
        ({"outcome": "active_monitoring"}, "active monitoring"),
        ({"outcome": "patient_initiated", "expiry": "2027-07-11"}, "patient-initiated follow-up"),
    ],
)
def test_stopping_outcomes_stop_the_clock_on_the_clinic_day(desk, clinics, outcome, reason):
    referral = desk.referral()
    first = attend(referral, clinics[("orthopaedics", 0)])
    record_outcome(first.id, outcome)
    assert (referral.pathway.stopped, referral.pathway.stop_reason) == (MON, reason)
    assert first.outcome == outcome["outcome"]
    if outcome["outcome"] == "patient_initiated":
        assert referral.pathway.pifu_until == date(2027, 7, 11)


def test_a_follow_up_dna_is_rebooked_once_then_the_patient_is_discharged(desk, clinics):
    referral = desk.referral()
    first = attend(referral, clinics[("orthopaedics", 0)])
    step = record_outcome(first.id, {"outcome": "follow_up", "weeks": "1"}).step
    missed = book(step.id, clinics[("orthopaedics", 7)], now=NOW)
    record_attendance(missed.id, "did_not_attend", now=at(day(7)))
    assert step.closed_on is None and referral.pathway.running  # rebooked by the policy
    missed_again = book(step.id, clinics[("orthopaedics", 28)], now=at(day(7)))
    record_attendance(missed_again.id, "did_not_attend", now=at(day(28)))
    pathway = referral.pathway
    assert (pathway.stopped, pathway.stop_reason, pathway.later_dnas) == (
        day(28),
        "discharged",
        2,
    )
    assert step.closed_reason == "Discharged to the GP after 2 missed appointments"
    with pytest.raises(BookingRefused, match="Discharged to the GP after 2"):
        book(step.id, clinics[("orthopaedics", 42)], now=at(day(28)))


def test_the_dna_policy_is_a_setting(app, desk, clinics):
    app.config["DNA_REBOOKINGS"] = 0
    referral = desk.referral()
    first = attend(referral, clinics[("orthopaedics", 0)])
    step = record_outcome(first.id, {"outcome": "follow_up", "weeks": "1"}).step
    missed = book(step.id, clinics[("orthopaedics", 7)], now=NOW)
    record_attendance(missed.id, "did_not_attend", now=at(day(7)))
    assert referral.pathway.stop_reason == "discharged" and step.closed_on == day(7)


@pytest.mark.parametrize("by", ["patient", "service"])
def test_cancellations_are_told_apart_and_leave_the_clock_running(desk, clinics, by):
    referral = desk.referral()
    booking = book(referral.id, clinics[("orthopaedics", 0)], now=NOW)
    cancel(booking.id, by, now=NOW)
    assert events(referral)[-1] == (f"cancelled_by_{by}", (NOW.date() - MON).days)
    assert referral.pathway.running


@pytest.mark.parametrize(
    ("form", "field", "says"),
    [
        ({"outcome": "vanished"}, "outcome", "Choose an outcome"),
        ({"outcome": "follow_up", "weeks": "0"}, "weeks", "due after the clinic"),
        ({"outcome": "follow_up", "weeks": "six"}, "weeks", "whole number"),
        ({"outcome": "patient_initiated", "expiry": "2027-01-11"}, "expiry", "after the clinic"),
        ({"outcome": "patient_initiated"}, "expiry", "Give the date"),
        ({"outcome": "refer_on_diagnostic", "service": "orthopaedics"}, "service", "diagnostic"),
        ({"outcome": "decision_to_treat", "service": "mri"}, "service", "day-case list"),
    ],
)
def test_bad_outcome_forms_name_the_field(desk, clinics, form, field, says):
    first = attend(desk.referral(), clinics[("orthopaedics", 0)])
    with pytest.raises(OutcomeInvalid) as refused:
        record_outcome(first.id, form)
    assert says in refused.value.errors[field]
    assert first.outcome is None


def test_impossible_transitions_are_refused(desk, clinics):
    referral = desk.referral()
    booking = book(referral.id, clinics[("orthopaedics", 0)], now=NOW)
    with pytest.raises(OutcomeInvalid, match="this one is booked"):
        record_outcome(booking.id, {"outcome": "discharged"})
    cancel(booking.id, "patient", now=NOW)
    with pytest.raises(OutcomeInvalid, match="this one is cancelled"):
        record_outcome(booking.id, {"outcome": "discharged"})
    first = attend(referral, clinics[("orthopaedics", 7)])
    record_outcome(first.id, {"outcome": "treated"})
    with pytest.raises(OutcomeInvalid, match="recorded already: Treated"):
        record_outcome(first.id, {"outcome": "discharged"})


def test_a_step_once_attended_is_not_booked_again(desk, clinics):
    referral = desk.referral()
    attend(referral, clinics[("orthopaedics", 0)])
    with pytest.raises(BookingRefused, match="first appointment was attended on 11 January 2027"):
        book(referral.id, clinics[("orthopaedics", 7)], now=at(day(0)))


def test_a_patient_discharged_after_a_cancelled_follow_up_is_not_left_to_rebook(desk, clinics):
    referral = desk.referral()
    first = attend(referral, clinics[("orthopaedics", 0)])
    step = record_outcome(first.id, {"outcome": "follow_up", "weeks": "1"}).step
    missed = book(step.id, clinics[("orthopaedics", 7)], now=NOW)
    cancel(missed.id, "service", now=NOW)
    assert [r.entry.referral.id for r in to_rebook(NOW)] == [step.id]
    close_waiting_steps(referral.pathway_id, NOW.date(), "Discharged by letter")
    assert to_rebook(NOW) == []


def test_a_follow_up_is_offered_slots_from_two_weeks_before_it_is_due(desk, clinics):
    first = attend(desk.referral(), clinics[("orthopaedics", 0)])
    step = record_outcome(first.id, {"outcome": "follow_up", "weeks": "6"}).step  # due day 42
    offered = [o.opening.date for o in find_slots(step, at(day(0)), limit=None)]
    assert offered == [day(28), day(42)]  # not the clinic a week on
    [entry] = waiting_list(Filters(service="orthopaedics"), at(day(0)))
    assert entry.earliest.date == day(28)


def test_a_late_follow_up_is_overdue_not_a_breach_and_seen_or_closed_steps_wait_no_more(
    desk, clinics
):
    referral = desk.referral()
    first = attend(referral, clinics[("orthopaedics", 0)])
    step = record_outcome(first.id, {"outcome": "follow_up", "weeks": "1"}).step  # due day 7
    late = at(day(9))
    risks = {e.referral.id: e.risk for e in waiting_list(Filters(status="all"), late)}
    assert risks == {referral.id: "seen", step.id: "overdue"}
    assert breaches(late) == []  # the breach report is of waiting-time standards
    close_waiting_steps(referral.pathway_id, day(9), "Discharged by letter")
    [entry] = [e for e in waiting_list(Filters(status="all"), late) if e.referral.id == step.id]
    assert entry.risk == "closed"
