"""The lists that call for action: patients to rebook, and the breach report and its audited
export."""

from datetime import date

import pytest

from booking import report_views
from booking.models import Booking
from booking.service import book, cancel
from booking.session_cancellation import cancel_session
from extensions import db
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW, accesses

MON = date(2027, 1, 11)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Pin the reports' clock (read through local_now) to the tests' NOW."""
    monkeypatch.setattr(report_views, "local_now", lambda: NOW)


def test_the_breach_report_export_is_audited(client, login, desk):
    desk.referral(referral_date=date(2026, 1, 5))  # waited 47 weeks: breached
    login("booking", "clerk")
    response = client.get("/booking/breaches.csv")
    assert response.mimetype == "text/csv" and "Patient 1" in response.data.decode()
    stamp = NOW.date().isoformat()
    assert accesses() == [("clerk", "export", "breach_report", stamp, {"rows": 1})]


def test_a_patient_the_service_cancelled_is_on_the_rebook_list(client, login, desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    referral = desk.referral(name="Grace Hopper")
    cancel(book(referral.id, plan.sessions[0].id, now=NOW).id, "service", now=NOW)
    login("booking")
    assert "Grace Hopper" in client.get("/booking/to-rebook").data.decode()
    login("ops", "planner")
    assert client.get("/booking/to-rebook").status_code == 403


def test_the_rebook_list_offers_replacement_slots_booked_in_one_click(client, login, desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, MON, "PM", 0, "orthopaedics")]
    )
    off, spare = (s.id for s in plan.sessions)
    referral = desk.referral(name="Grace Hopper", referral_date=date(2026, 11, 1))
    book(referral.id, off, now=NOW)
    cancel_session(off, "clinician_unavailable", now=NOW)
    login("booking")
    page = client.get("/booking/to-rebook").data.decode()
    assert "Session cancelled by the service: clinician unavailable" in page
    assert "8 Mar 2027" in page and "97 days left" in page
    form = page[page.index(f'action="/booking/referrals/{referral.id}/book"') :]
    assert f'name="session_id" value="{spare}">Book this' in form
    assert f'value="{off}"' not in form  # the cancelled session is not offered
    response = client.post(f"/booking/referrals/{referral.id}/book", data={"session_id": spare})
    assert response.status_code == 302
    assert [(b.session_id, b.status) for b in referral.bookings] == [
        (off, "cancelled"),
        (spare, "booked"),
    ]
    assert "Nobody needs rebooking." in client.get("/booking/to-rebook").data.decode()


def test_a_booking_in_a_withdrawn_session_is_moved_from_the_list(client, login, desk):
    withdrawn = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    booking = book(desk.referral().id, withdrawn.sessions[0].id, now=NOW)
    withdrawn.status = "draft"
    db.session.commit()
    spare = desk.plan([(FAR_SITE, MON, "PM", 0, "orthopaedics")], name="Next").sessions[0].id
    login("booking")
    page = client.get("/booking/to-rebook").data.decode()
    form = page[page.index(f'action="/booking/bookings/{booking.id}/rebook"') :]
    assert 'name="cancelled_by" value="service"' in form
    assert f'name="version" value="{booking.version}"' in form
    data = {"session_id": spare, "cancelled_by": "service", "version": booking.version}
    client.post(f"/booking/bookings/{booking.id}/rebook", data=data)
    assert db.session.get(Booking, booking.id).cancelled_by == "service"
    assert "Nobody needs rebooking." in client.get("/booking/to-rebook").data.decode()
