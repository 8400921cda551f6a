"""A pathway as the referral page shows it: clock, steps and events in words."""

from datetime import date, datetime, timedelta

import pytest

from booking.outcomes import record_outcome
from booking.pathway_summary import outcomes_said, summarise
from booking.service import book, record_attendance
from tests.booking.conftest import NEAR_SITE, NOW

MON = date(2027, 1, 11)
EVENING = datetime(2027, 1, 11, 18, 0)


@pytest.fixture
def clinics(desk):
    rows = [(NEAR_SITE, MON + timedelta(weeks=n), "AM", 0, "orthopaedics") for n in (0, 1, 6)]
    rows += [(NEAR_SITE, MON + timedelta(days=14), "AM", 0, "mri", "rad-1")]
    plan = desk.plan(rows)
    return {(s.service_id, (s.date - MON).days): s.id for s in plan.sessions}


def _attend(referral, session_id, now=NOW):
    booking = book(referral.id, session_id, now=now)
    return record_attendance(booking.id, "attended", now=EVENING)


def test_a_follow_up_pathway_in_words(desk, clinics):
    referral = desk.referral()  # received 1 October 2026
    first = _attend(referral, clinics[("orthopaedics", 0)])
    step = record_outcome(first.id, {"outcome": "follow_up", "weeks": "6"}).step
    summary = summarise(referral, MON)
    assert summary.state == "running"
    assert summary.weeks_waited == (MON - date(2026, 10, 1)).days // 7 == 14
    assert summary.clock.breach_date() == date(2027, 2, 5)
    assert [(s.referral.id, s.label, s.service, s.status) for s in summary.steps] == [
        (
            referral.id,
            "First appointment",
            "Orthopaedic clinic",
            "Attended on 11 January 2027: Follow-up in 6 weeks, due by 22 February 2027",
        ),
        (step.id, "Follow-up", "Orthopaedic clinic", "Waiting, due by 22 February 2027"),
    ]
    assert [(line.on, line.what, line.by) for line in summary.events] == [
        (date(2026, 10, 1), "Referral received", "system"),
        (NOW.date(), "Appointment booked", "system"),
        (MON, "Attended", "system"),
        (MON, "Follow-up in 6 weeks, due by 22 February 2027", "system"),
    ]
    assert all(line.at.tzinfo is not None for line in summary.events)  # on the staff's clock


def test_a_test_requested_has_its_own_wait(desk, clinics):
    referral = desk.referral()
    first = _attend(referral, clinics[("orthopaedics", 0)])
    record_outcome(first.id, {"outcome": "refer_on_diagnostic", "service": "mri"})
    summary = summarise(referral, MON + timedelta(weeks=7))
    [wait] = summary.clock.diagnostics
    assert (wait.requested, wait.done) == (MON, None)
    assert wait.over_six_weeks(summary.today)
    assert summary.steps[1].label == "Diagnostic test" and summary.steps[1].service == "MRI list"
    assert summary.events[-1].what == "Referred on for a diagnostic test: MRI list"


def test_a_discharge_stops_the_clock(desk, clinics):
    referral = desk.referral()
    first = _attend(referral, clinics[("orthopaedics", 0)])
    record_outcome(first.id, {"outcome": "discharged"})
    summary = summarise(referral, MON + timedelta(weeks=10))
    assert summary.state == "stopped"
    assert (summary.clock.stopped, summary.clock.stop_reason) == (MON, "discharged")
    assert summary.weeks_waited == 14  # to the stop, not to today
    assert outcomes_said([first.id]) == {first.id: "Discharged to the GP"}


def test_a_first_appointment_dna_returns_the_patient(desk, clinics):
    referral = desk.referral()
    booking = book(referral.id, clinics[("orthopaedics", 0)], now=NOW)
    record_attendance(booking.id, "did_not_attend", now=EVENING)
    summary = summarise(referral, MON)
    assert summary.state == "returned"
    [step] = summary.steps
    assert step.status.startswith("Closed on 11 January 2027: Did not attend the first")


def test_a_later_dna_waits_to_be_rebooked(desk, clinics):
    referral = desk.referral()
    first = _attend(referral, clinics[("orthopaedics", 0)])
    step = record_outcome(first.id, {"outcome": "follow_up", "weeks": "1"}).step
    missed = book(step.id, clinics[("orthopaedics", 7)], now=EVENING)
    summary = summarise(referral, MON)
    assert summary.steps[1].status == "Booked for 18 January 2027"
    record_attendance(missed.id, "did_not_attend", now=datetime(2027, 1, 18, 18))
    summary = summarise(referral, MON)
    assert summary.steps[1].status == (
        "Did not attend on 18 January 2027; waiting to be rebooked, due by 18 January 2027"
    )


def test_a_test_the_gp_asked_for_directly_has_no_rtt_clock(desk):
    direct = desk.referral(service_id="mri")
    clinic = desk.referral()
    assert summarise(direct, date(2026, 12, 1)).direct_access
    assert not summarise(clinic, date(2026, 12, 1)).direct_access
