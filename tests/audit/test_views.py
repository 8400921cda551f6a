"""The audit page: each role reads its own events, filtered by user and date; read-only."""

from datetime import date

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from audit.record import record
from extensions import db
from tests.data import INSTANCES

ADA, BABBAGE = ("9434765919", "Ada Lovelace"), ("9434765870", "Charles Babbage")


@pytest.fixture
def desk(runner):
    """Practices and services for referrals, from the small example instance."""
    runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])


def _referral(client, nhs_number: str, name: str) -> int:
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
    response = client.post("/booking/referrals/new", data=form, follow_redirects=True)
    assert response.status_code == 200
    return int(response.request.path.rsplit("/", 1)[1])


@pytest.fixture
def trail(client, login, desk):
    """Two referrals added by a clerk, and a plan published by the system: two kinds."""
    login("booking", "clerk")
    ids = [_referral(client, *ADA), _referral(client, *BABBAGE)]
    client.post("/logout")
    record("publish", "plan", 7, after={"status": "published"})
    db.session.commit()
    return ids


def _rows(html: str) -> int:
    return html.count('<tr class="nhsuk-table__row">') - 1  # less the header row


def test_ops_read_planning_events_only(client, login, trail):
    login("ops")
    html = client.get("/audit/").data.decode()
    assert "publish plan 7" in html and "create referral" not in html
    assert "view referral" not in html and "1 event" in html
    assert 'action="/booking/audit"' not in html  # no patient search for ops
    html = client.get("/audit/?patient=943 476 5919&user=clerk").data.decode()
    assert "0 events" in html  # the patient is ignored, and the clerk's events are not ops'


def test_booking_staff_read_patient_events_only(client, login, trail):
    login("booking")
    html = client.get("/audit/").data.decode()
    assert "publish plan" not in html
    assert f'create referral <a href="/booking/referrals/{trail[0]}">' in html
    assert "view referral" in html  # the clerk opened each referral after adding it
    assert 'method="post" action="/booking/audit"' in html


def test_admin_reads_every_event(client, login, trail):
    login("admin")
    html = client.get("/audit/").data.decode()
    assert "publish plan 7" in html and "create referral" in html and "create user" in html


def test_no_patient_detail_is_shown(client, login, trail):
    login("admin")
    html = client.get("/audit/").data.decode()
    for detail in (*ADA, *BABBAGE, "943 476 5919", "HP2 4AD", "1950-01-01"):
        assert detail not in html
    assert "date_of_birth, message_consent, name, nhs_number" in html  # the names kept


def test_filter_by_user_and_date(client, login, trail):
    login("booking")
    html = client.get("/audit/?user=clerk").data.decode()
    assert _rows(html) == 4 and "4 events" in html  # two referrals added, each viewed
    today = date.today().isoformat()
    assert "4 events" in client.get(f"/audit/?from={today}&to={today}").data.decode()
    assert "0 events" in client.get("/audit/?to=2000-01-01").data.decode()
    assert "0 events" in client.get("/audit/?user=nobody").data.decode()


def test_the_trail_cannot_be_changed_through_the_app(client, login, trail):
    login("admin")
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    for method in (client.post, client.put, client.delete):
        assert method("/audit/").status_code == 405
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == before


def test_the_public_cannot_read_it(client):
    assert client.get("/audit/").status_code == 302
