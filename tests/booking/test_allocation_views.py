"""The allocation pages: propose for review, confirm, and a confirmation from a page opened
before another clerk discarded the proposal refused."""

import re
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from booking import allocation_views, service
from booking.allocation_runs import discard, propose
from booking.models import AllocationRun, Booking
from booking.waiting import Filters
from extensions import db
from tests.booking.conftest import NEAR_SITE

MON = date(2027, 1, 11)
ON_THE_DAY = datetime(2027, 1, 11, 9, 5)  # the appointment's morning


@pytest.fixture
def on_the_day(monkeypatch):
    """Pin the desk's clock to the morning of the appointment."""
    for module in (allocation_views, service):
        monkeypatch.setattr(module, "local_now", lambda: ON_THE_DAY)


def _versions(html: str) -> set[int]:
    return {int(v) for v in re.findall(r'name="version" value="(\d+)"', html)}


def test_allocation_pages_propose_review_and_confirm(client, login, desk):
    desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    referral = desk.referral(name="Alan Turing")
    login("booking")
    response = client.post("/booking/allocation/", data={"service": "orthopaedics"})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).data.decode()
    assert "Alan Turing" in html and "Confirm and book all" in html
    run = db.session.scalar(sa.select(AllocationRun))
    response = client.post(f"/booking/allocation/{run.id}/confirm", follow_redirects=True)
    assert "Booked 1 appointment(s)." in response.data.decode()
    assert db.session.scalar(sa.select(Booking)).referral_id == referral.id


def test_confirming_an_allocation_discarded_meanwhile_is_refused(client, login, desk, on_the_day):
    desk.plan([(NEAR_SITE, MON, "PM", 0, "orthopaedics")])
    desk.referral()
    run = propose(Filters(service="orthopaedics"), ON_THE_DAY)
    login("booking")
    [seen] = _versions(client.get(f"/booking/allocation/{run.id}").data.decode())
    discard(run.id)  # another clerk, meanwhile
    response = client.post(
        f"/booking/allocation/{run.id}/confirm", data={"version": seen}, follow_redirects=True
    )
    html = response.data.decode()
    assert "not waiting for confirmation: it was discarded while you had the page open" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0
    assert db.session.get(AllocationRun, run.id).status == "discarded"


def test_discarding_a_proposal_books_nothing_and_returns_to_the_start(client, login, desk):
    desk.plan([(NEAR_SITE, MON, "PM", 0, "orthopaedics")])
    desk.referral()
    run = propose(Filters(service="orthopaedics"), ON_THE_DAY)
    login("booking")
    response = client.post(f"/booking/allocation/{run.id}/discard")
    assert response.headers["Location"] == "/booking/allocation/"
    assert db.session.get(AllocationRun, run.id).status == "discarded"
    assert "Set the proposal aside" in client.get("/booking/allocation/").data.decode()
    assert client.get("/booking/allocation/999").status_code == 404
