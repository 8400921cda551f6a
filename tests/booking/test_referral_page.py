"""The referral page: the step it shows, the pathway it is on, and the pathway's events."""

import re
from datetime import date, datetime, timedelta

import pytest

from booking import service, views
from booking.outcomes import record_outcome
from booking.service import book, record_attendance
from tests.booking.conftest import NEAR_SITE, NOW

MON = date(2027, 1, 11)
ON_THE_DAY = datetime(2027, 1, 11, 10, 0)


@pytest.fixture(autouse=True)
def on_the_day(monkeypatch):
    for module in (views, service):
        monkeypatch.setattr(module, "local_now", lambda: ON_THE_DAY)


@pytest.fixture
def sessions(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON + timedelta(weeks=n), "AM", 0, "orthopaedics") for n in (0, 6)]
    )
    return [s.id for s in plan.sessions]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_follow_up_step_shows_its_kind_due_date_and_pathway(client, login, desk, sessions):
    referral = desk.referral()
    first = book(referral.id, sessions[0], now=NOW)
    record_attendance(first.id, "attended", now=ON_THE_DAY)
    step = record_outcome(first.id, {"outcome": "follow_up", "weeks": "6"}).step
    login("booking", "clerk")
    text = _text(client.get(f"/booking/referrals/{step.id}").data.decode())
    assert "Orthopaedic clinic: follow-up" in text
    assert "Step Follow-up" in text and "Due by 22 February 2027" in text
    assert "The follow-up is due by 22 February 2027" in text
    assert "Referral-to-treatment clock: Running" in text
    assert "Started 1 October 2026 (referral received) Weeks waited 14 today" in text
    assert "18-week breach date 5 February 2027" in text
    assert "Follow-up Orthopaedic clinic Waiting, due by 22 February 2027 This page" in text
    assert "First appointment Orthopaedic clinic Attended on 11 January 2027" in text
    assert "11 Jan 2027 Follow-up in 6 weeks, due by 22 February 2027 system" in text
    assert "Free slots" in text  # the follow-up is offered its slots


def test_a_closed_step_says_why_and_offers_no_slots(client, login, desk, sessions):
    referral = desk.referral()
    booking = book(referral.id, sessions[0], now=NOW)
    record_attendance(booking.id, "did_not_attend", now=ON_THE_DAY)
    login("booking")
    html = client.get(f"/booking/referrals/{referral.id}").data.decode()
    text = _text(html)
    assert "Closed on 11 January 2027: Did not attend the first appointment: returned" in text
    assert "Referral-to-treatment clock: Returned to the referrer" in text
    assert "Free slots" not in text and "app-slots" not in html


def test_a_stopped_clock_gives_its_reason_and_the_patient_initiated_expiry(
    client, login, desk, sessions
):
    referral = desk.referral()
    booking = book(referral.id, sessions[0], now=NOW)
    record_attendance(booking.id, "attended", now=ON_THE_DAY)
    record_outcome(booking.id, {"outcome": "patient_initiated", "expiry": "2027-07-11"})
    login("booking")
    text = _text(client.get(f"/booking/referrals/{referral.id}").data.decode())
    assert "Referral-to-treatment clock: Stopped" in text
    assert "Stopped 11 January 2027: patient-initiated follow-up" in text
    assert "Patient-initiated follow-up until 11 July 2027" in text
    assert "Weeks waited 14 to the stop" in text


def test_a_direct_access_test_says_it_has_no_rtt_clock(client, login, desk):
    direct = desk.referral(service_id="mri")
    login("booking")
    page = client.get(f"/booking/referrals/{direct.id}").text
    assert 'data-testid="direct-access"' in page and 'data-testid="pathway-clock"' not in page
    clinic = desk.referral()
    assert 'data-testid="pathway-clock"' in client.get(f"/booking/referrals/{clinic.id}").text


def test_a_postcode_not_in_the_area_is_said_plainly_on_the_desks_page(
    client, login, desk, sessions
):
    away, home = desk.referral(postcode="TR1 1AA"), desk.referral(service_id="ophthalmology")
    login("booking", "clerk")
    html = client.get(f"/booking/referrals/{away.id}").data.decode()
    assert 'data-testid="postcode-not-found"' in html
    assert "then nearest to the patient&#39;s GP practice." in html
    assert "postcode-not-found" not in client.get(f"/booking/referrals/{home.id}").data.decode()
