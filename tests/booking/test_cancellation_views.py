"""The page that cancels a session for the service: booking staff only, a reason required,
CSRF-protected, a stale page refused, and a cancelled or ended session shown as such."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from booking import cancellation_views, report_views, session_cancellation
from booking.models import Booking, SessionCancellation
from booking.service import book
from extensions import db
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Pin the desk's clock (read through local_now) to the tests' NOW."""
    for module in (cancellation_views, session_cancellation, report_views):
        monkeypatch.setattr(module, "local_now", lambda: NOW)


@pytest.fixture
def monday(desk):
    """Monday's session, holding two appointments, and a free Tuesday session."""
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "PM", 0, "orthopaedics")]
    )
    session_id = plan.sessions[0].id
    for name in ("Grace Hopper", "Alan Turing"):
        book(desk.referral(name=name).id, session_id, now=NOW)
    return session_id


def _url(session_id: int) -> str:
    return f"/booking/sessions/{session_id}/cancel"


def _live(session_id: int) -> int:
    query = sa.select(sa.func.count()).select_from(Booking)
    return db.session.scalar(
        query.where(Booking.session_id == session_id, Booking.status == "booked")
    )


def test_the_page_shows_the_session_and_what_cancelling_does(client, login, monday):
    login("booking")
    page = client.get(_url(monday)).data.decode()
    assert "Cancel the session" in page and "Mon 11 Jan 2027, 09:00–13:00" in page
    assert 'name="bookings" value="2"' in page
    assert "Its 2 appointments are cancelled by the service" in page
    assert "Unit breakdown" in page and "Clinician unavailable" in page


def test_only_booking_staff_reach_it_and_an_unknown_session_is_not_found(client, login, monday):
    assert client.get(_url(monday)).status_code == 302  # to the sign-in page
    login("ops", "planner")
    assert client.get(_url(monday)).status_code == 403
    assert client.post(_url(monday), data={"reason": "other", "detail": "x"}).status_code == 403
    login("booking", "clerk")
    assert client.get(_url(monday + 99)).status_code == 404
    assert db.session.get(SessionCancellation, monday) is None


def test_confirming_cancels_and_shows_the_patients_to_rebook(client, login, monday):
    login("booking", "clerk")
    form = {"reason": "unit_breakdown", "detail": "", "bookings": "2"}
    response = client.post(_url(monday), data=form)
    assert response.status_code == 302
    assert response.headers["Location"] == "/booking/to-rebook"
    assert _live(monday) == 0
    assert db.session.get(SessionCancellation, monday).actor == "clerk"
    page = client.get("/booking/to-rebook").data.decode()
    assert "Cancelled the session and its 2 appointment(s)." in page
    assert page.count("Session cancelled by the service: unit breakdown") == 2
    again = client.get(_url(monday)).data.decode()
    assert "cancelled at" in again and "by clerk (unit breakdown)" in again
    assert 'name="reason"' not in again  # no second cancellation offered


def test_a_missing_reason_is_asked_for_and_nothing_is_cancelled(client, login, monday):
    login("booking")
    response = client.post(_url(monday), data={"reason": "other", "detail": " ", "bookings": "2"})
    assert response.status_code == 400
    page = response.data.decode()
    assert "There is a problem" in page and "Say why the session is cancelled." in page
    assert _live(monday) == 2 and db.session.get(SessionCancellation, monday) is None


def test_a_stale_page_is_refused_and_nothing_is_cancelled(client, login, desk, monday):
    login("booking")
    page_showed = {"reason": "unit_breakdown", "bookings": "2"}
    book(desk.referral().id, monday, now=NOW)  # booked while the clerk's page was open
    response = client.post(_url(monday), data=page_showed, follow_redirects=True)
    assert "now holds 3 appointment(s), not 2 as your page showed" in response.data.decode()
    assert _live(monday) == 3 and db.session.get(SessionCancellation, monday) is None


def test_a_post_without_the_csrf_token_is_refused(app, client, login, monday):
    login("booking")
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(_url(monday), data={"reason": "unit_breakdown", "bookings": "2"})
    assert response.status_code == 400
    assert _live(monday) == 2 and db.session.get(SessionCancellation, monday) is None


def test_an_ended_session_says_it_cannot_be_cancelled(client, login, monday, monkeypatch):
    later = datetime(2027, 1, 11, 14, 0)
    for module in (cancellation_views, session_cancellation):
        monkeypatch.setattr(module, "local_now", lambda: later)
    login("booking")
    page = client.get(_url(monday)).data.decode()
    assert "a past session cannot be cancelled" in page and 'name="reason"' not in page
    response = client.post(_url(monday), data={"reason": "unit_breakdown", "bookings": "2"})
    assert response.status_code == 302 and _live(monday) == 2
