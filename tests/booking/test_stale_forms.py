"""A clerk acting on a page opened before another clerk's change is refused and told what
changed: the forms carry the version of the appointment the page showed (an allocation's, in
test_allocation_views.py)."""

import re
from datetime import date, datetime

import pytest

from booking import service, views
from booking.models import Booking
from booking.service import book, record_attendance
from extensions import db
from tests.booking.conftest import NEAR_SITE, NOW

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)
ON_THE_DAY = datetime(2027, 1, 11, 9, 5)  # the appointment's morning: it can be marked


@pytest.fixture(autouse=True)
def on_the_day(monkeypatch):
    """Pin the desk's clock to the morning of the appointment."""
    for module in (views, service):
        monkeypatch.setattr(module, "local_now", lambda: ON_THE_DAY)


def _versions(html: str) -> set[int]:
    return {int(v) for v in re.findall(r'name="version" value="(\d+)"', html)}


def test_every_appointment_form_carries_the_version_it_showed(client, login, desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, TUE, "AM", 0, "orthopaedics")]
    )
    booking = book(desk.referral().id, plan.sessions[0].id, now=NOW)
    login("booking")
    html = client.get(f"/booking/referrals/{booking.referral_id}").data.decode()
    # The contact details form carries the referral's version; the others the booking's.
    contact = re.search(r'<details class="nhsuk-details" id="contact".*?</details>', html, re.S)
    assert _versions(contact.group(0)) == {booking.referral.version}
    html = html.replace(contact.group(0), "")
    assert html.count('name="version"') == 3  # attendance, cancel, move
    assert _versions(html) == {booking.version}


def test_a_cancel_from_a_page_opened_before_the_arrival_is_refused(client, login, desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    booking = book(desk.referral().id, plan.sessions[0].id, now=NOW)
    login("booking")
    page = client.get(f"/booking/referrals/{booking.referral_id}").data.decode()
    [seen] = _versions(page)
    record_attendance(booking.id, "arrived", now=ON_THE_DAY)  # another clerk, meanwhile
    response = client.post(
        f"/booking/bookings/{booking.id}/cancel",
        data={"cancelled_by": "patient", "version": seen},
        follow_redirects=True,
    )
    html = response.data.decode()
    assert "This appointment was marked arrived at" in html
    assert "while you had the page open; nothing was changed." in html
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == "arrived"


def test_a_fresh_page_lets_the_clerk_act(client, login, desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    booking = book(desk.referral().id, plan.sessions[0].id, now=NOW)
    login("booking")
    [seen] = _versions(client.get(f"/booking/referrals/{booking.referral_id}").data.decode())
    client.post(
        f"/booking/bookings/{booking.id}/attendance", data={"status": "arrived", "version": seen}
    )
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == "arrived"
