"""The lists that call for action: patients to rebook, and the breach report and its audited
export."""

from datetime import date

import pytest

from booking import report_views
from booking.service import book, cancel
from tests.booking.conftest import NEAR_SITE, NOW, accesses

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
