"""The audit page: who changed what, filtered by patient, user and date; read-only."""

from datetime import date

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from extensions import db
from tests.data import INSTANCES


@pytest.fixture
def desk(runner):
    """Practices and services for referrals, from the small example instance."""
    runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])


def _referral(client, nhs_number: str, name: str) -> None:
    form = {
        "nhs_number": nhs_number,
        "name": name,
        "date_of_birth": "1950-01-01",
        "postcode": "HP2 4AD",
        "practice": "E82102",
        "service": "orthopaedics",
        "priority": "routine",
        "referral_date": "2026-11-02",
    }
    assert client.post("/booking/referrals/new", data=form).status_code == 302


def test_ops_filter_the_trail_by_patient_user_and_date(client, login, desk):
    login("booking", "clerk")
    _referral(client, "9434765919", "Ada Lovelace")
    _referral(client, "9434765870", "Charles Babbage")
    client.post("/logout")
    login("ops")
    html = client.get("/audit/").data.decode()
    assert "Ada Lovelace" in html and "Charles Babbage" in html
    html = client.get("/audit/?patient=943 476 5919").data.decode()
    assert "Ada Lovelace" in html and "Charles Babbage" not in html
    html = client.get("/audit/?patient=babbage").data.decode()
    assert "Charles Babbage" in html and "Ada Lovelace" not in html
    html = client.get("/audit/?user=clerk").data.decode()
    assert "2 events" in html
    today = date.today().isoformat()
    assert "Ada Lovelace" in client.get(f"/audit/?from={today}&to={today}").data.decode()
    assert "0 events" in client.get("/audit/?to=2000-01-01").data.decode()


def test_the_trail_cannot_be_changed_through_the_app(client, login, desk):
    login("admin")
    _referral(client, "9434765919", "Ada Lovelace")
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    for method in (client.post, client.put, client.delete):
        assert method("/audit/").status_code == 405
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == before


def test_booking_staff_and_the_public_cannot_read_it(client, login):
    assert client.get("/audit/").status_code == 302
    login("booking")
    assert client.get("/audit/").status_code == 403
