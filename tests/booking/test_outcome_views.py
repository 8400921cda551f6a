"""Recording an outcome from the referral page, and the form shown again when it is wrong."""

import re
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from booking import outcome_views, register_views, service, views
from booking.models import Booking, Referral
from booking.outcome_views import typed_outcome
from booking.service import book, cancel, record_attendance
from extensions import db
from tests.booking.conftest import NEAR_SITE, NOW

MON = date(2027, 1, 11)
ON_THE_DAY = datetime(2027, 1, 11, 10, 0)  # the clinic's morning: attendances can be marked


@pytest.fixture(autouse=True)
def on_the_day(monkeypatch):
    """Pin the desk's clock to the clinic's morning."""
    for module in (views, service, outcome_views, register_views):
        monkeypatch.setattr(module, "local_now", lambda: ON_THE_DAY)


@pytest.fixture
def clinics(desk):
    """Orthopaedic clinics on MON and 6 weeks on; an MRI list and a day-case list later."""
    rows = [(NEAR_SITE, MON + timedelta(weeks=n), "AM", 0, "orthopaedics") for n in (0, 6)]
    rows += [(NEAR_SITE, MON + timedelta(days=14), "AM", 0, "mri", "rad-1")]
    rows += [(NEAR_SITE, MON + timedelta(days=49), "AM", 0, "daycase-orthopaedics", "th-1")]
    plan = desk.plan(rows)
    return {(s.service_id, (s.date - MON).days): s.id for s in plan.sessions}


@pytest.fixture
def attended(desk, clinics) -> Booking:
    """A patient who attended the first orthopaedic clinic."""
    booking = book(desk.referral(name="Ada Lovelace").id, clinics[("orthopaedics", 0)], now=NOW)
    return record_attendance(booking.id, "attended", now=ON_THE_DAY)


def _post(client, booking: Booking, **form):
    return client.post(
        f"/booking/bookings/{booking.id}/outcome", data={"version": booking.version} | form
    )


def _error(html: str, field_id: str) -> str:
    """The error message shown beside the field with this id ('' if none)."""
    found = re.search(rf'id="{field_id}-error">(.*?)</span>\s*(.*?)</span>', html, re.S)
    return found.group(2).strip() if found else ""


def test_the_form_reads_each_register_rows_fields_by_prefix():
    form = {"b7-outcome": "refer_on_diagnostic", "b7-service": "mri", "b8-outcome": "x"}
    assert typed_outcome(form, "b7-") == {
        "outcome": "refer_on_diagnostic",
        "weeks": "",
        "expiry": "",
        "service": "mri",
        "book_now": "",
    }
    # The referral page's list for the outcome chosen wins over the other onward list.
    page = {"outcome": "decision_to_treat", "service-decision_to_treat": "daycase-orthopaedics"}
    page["service-refer_on_diagnostic"] = "mri"
    assert typed_outcome(page)["service"] == "daycase-orthopaedics"


def test_the_outcome_form_is_offered_only_after_the_attendance(client, login, desk, clinics):
    booking = book(desk.referral().id, clinics[("orthopaedics", 0)], now=NOW)
    login("booking")
    page = client.get(f"/booking/referrals/{booking.referral_id}").data.decode()
    assert 'data-testid="outcome-form"' not in page
    version = record_attendance(booking.id, "attended", now=ON_THE_DAY).version
    page = client.get(f"/booking/referrals/{booking.referral_id}").data.decode()
    assert 'data-testid="outcome-form"' in page
    assert 'id="outcome-follow_up"' in page and 'id="service-refer_on_diagnostic"' in page
    assert "Free slots" not in page  # an attended step is not booked again
    assert f'<input type="hidden" name="version" value="{version}">' in page


def test_a_follow_up_booked_now_opens_the_new_steps_page(client, login, attended):
    login("booking")
    response = _post(client, attended, outcome="follow_up", weeks="6", book_now="yes")
    step = db.session.scalar(sa.select(Referral).where(Referral.kind == "follow_up"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/booking/referrals/{step.id}"
    html = client.get(response.headers["Location"]).data.decode()
    assert "Recorded: follow-up in 6 weeks, due by 22 February 2027." in html
    assert "Choose the follow-up&#39;s slot below." in html
    assert "The follow-up is due by <strong>22 February 2027</strong>" in html
    assert re.search(r'data-session="\d+"', html)  # its slots are offered
    assert "Mon 22 Feb 2027, 09:00–13:00" in html
    db.session.expire_all()
    assert db.session.get(Booking, attended.id).outcome == "follow_up"


def test_a_follow_up_left_on_the_list_goes_back_to_the_page(client, login, attended):
    login("booking")
    response = _post(client, attended, outcome="follow_up", weeks="6")
    assert response.headers["Location"] == f"/booking/referrals/{attended.referral_id}"
    html = client.get(response.headers["Location"]).data.decode()
    assert "Recorded: follow-up in 6 weeks, due by 22 February 2027." in html
    assert "Choose the follow-up" not in html
    assert "Outcome: <strong>Follow-up in 6 weeks, due by 22 February 2027</strong>" in html


def test_a_referral_on_for_a_test_adds_the_step(client, login, attended):
    login("booking")
    response = _post(
        client, attended, outcome="refer_on_diagnostic", **{"service-refer_on_diagnostic": "mri"}
    )
    assert response.headers["Location"] == f"/booking/referrals/{attended.referral_id}"
    step = db.session.scalar(sa.select(Referral).where(Referral.kind == "diagnostic"))
    assert step.service_id == "mri"
    html = client.get(response.headers["Location"]).data.decode()
    assert "Recorded: refer on for a diagnostic test. The new step waits on the waiting" in html


@pytest.mark.parametrize(
    ("form", "field_id", "says", "kept"),
    [
        ({}, "outcome", "Choose an outcome.", None),
        ({"outcome": "follow_up", "weeks": "six"}, "weeks", "whole number", 'value="six"'),
        ({"outcome": "follow_up", "weeks": "0"}, "weeks", "due after the clinic", 'value="0"'),
        (
            {"outcome": "patient_initiated", "expiry": "2027-01-04"},
            "expiry",
            "The expiry date must be after the clinic (11 January 2027).",
            'value="2027-01-04"',
        ),
        (
            {"outcome": "refer_on_diagnostic"},
            "service-refer_on_diagnostic",
            "Choose the diagnostic test to refer the patient to.",
            None,
        ),
        (
            {"outcome": "decision_to_treat", "service-decision_to_treat": "mri"},
            "service-decision_to_treat",
            "Choose the day-case list to refer the patient to.",
            None,
        ),
    ],
)
def test_a_wrong_outcome_is_shown_again_with_the_field_named(
    client, login, attended, form, field_id, says, kept
):
    login("booking")
    response = _post(client, attended, **form)
    html = response.data.decode()
    assert response.status_code == 400
    assert says in _error(html, field_id)
    assert "The outcome was not recorded" in html
    if form.get("outcome"):  # the choice is kept, and what it asked for shown
        assert f'value="{form["outcome"]}" checked' in html
        assert f'id="conditional-outcome-{form["outcome"]}">' in html  # not hidden
    if kept:
        assert kept in html
    db.session.expire_all()
    assert db.session.get(Booking, attended.id).outcome is None


def test_an_outcome_on_a_cancelled_booking_is_refused(client, login, desk, clinics):
    booking = book(desk.referral().id, clinics[("orthopaedics", 42)], now=NOW)
    cancel(booking.id, "patient", now=NOW)
    login("booking")
    response = _post(client, db.session.get(Booking, booking.id), outcome="discharged")
    html = response.data.decode()
    assert response.status_code == 400
    assert "An outcome is recorded for an attended appointment; this one is cancelled." in html
    assert 'data-testid="outcome-form"' not in html


def test_an_outcome_from_a_page_opened_before_another_clerks_is_refused(client, login, attended):
    login("booking")
    seen = attended.version
    assert _post(client, attended, outcome="discharged").status_code == 302  # another clerk
    response = client.post(
        f"/booking/bookings/{attended.id}/outcome",
        data={"version": seen, "outcome": "follow_up", "weeks": "6"},
    )
    html = response.data.decode()
    assert response.status_code == 400
    assert "while you had the page open; nothing was changed." in html
    db.session.expire_all()
    assert db.session.get(Booking, attended.id).outcome == "discharged"
    assert db.session.scalar(sa.select(Referral).where(Referral.kind == "follow_up")) is None


def test_other_roles_cannot_record_an_outcome(client, login, attended):
    login("ops")
    assert _post(client, attended, outcome="discharged").status_code == 403
    db.session.expire_all()
    assert db.session.get(Booking, attended.id).outcome is None
