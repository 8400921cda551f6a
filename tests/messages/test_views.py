"""Messages on the pages: failures shown on the referral page with a retry, the stand-in's
list in development, and the public pages' wording the same as what is sent."""

import re
from datetime import date
from html import unescape

import pytest
import sqlalchemy as sa
from flask import render_template

from booking import views
from booking.models import Booking
from extensions import db
from messages.models import Message
from messages.wording import EXAMPLE, template
from tests.booking.conftest import NEAR_SITE, NOW
from tests.messages.conftest import TEMPLATE_IDS, deliver

MON = date(2027, 1, 11)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(views, "local_now", lambda: NOW)


def test_a_refused_message_is_shown_on_the_referral_page_and_retried(
    client, login, app, stand_in, desk
):
    [session] = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")]).sessions
    referral = desk.referral(mobile="+447700900123", message_consent=True)
    app.config["NOTIFY_TEMPLATE_IDS"] = {"sms_confirmation": "6b0e7c1e-0000-4000-8000-000000000000"}
    login("booking")
    response = client.post(
        f"/booking/referrals/{referral.id}/book", data={"session_id": session.id}
    )
    assert response.status_code == 302
    deliver()
    assert db.session.scalar(sa.select(Booking.status)) == "booked"  # the booking stands
    page = client.get(f"/booking/referrals/{referral.id}").data.decode()
    assert "Failed" in page and "Notify answered 400: Template not found" in page
    assert "Not sent" in page and "No email address." in page
    [failed] = db.session.scalars(sa.select(Message).where(Message.status == "failed")).all()
    failed.template_id = TEMPLATE_IDS["confirmation", "sms"]
    db.session.commit()
    response = client.post(f"/booking/messages/{failed.id}/retry")
    assert response.status_code == 302 and response.headers["Location"].endswith("#messages")
    deliver()
    page = client.get(f"/booking/referrals/{referral.id}").data.decode()
    assert "Sent" in page and "at attempt 2" in page
    assert len(stand_in.outbox.received) == 1


def test_retry_is_for_booking_staff(client, login, stand_in, desk):
    login("ops")
    assert client.post("/booking/messages/1/retry").status_code == 403


def test_the_stand_in_page_is_for_development_only(client, login, app, stand_in, desk):
    [session] = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")]).sessions
    referral = desk.referral(mobile="+447700900123", message_consent=True)
    login("booking")
    assert client.get("/booking/messages/stand-in").status_code == 404
    app.config["NOTIFY_STAND_IN"] = True
    client.post(f"/booking/referrals/{referral.id}/book", data={"session_id": session.id})
    deliver()
    page = unescape(client.get("/booking/messages/stand-in").data.decode())
    assert "+447700900123" in page
    assert "Dacorum Mobile Clinics: Your " in page
    assert "appointment on Monday 11 January 2027 at 09:00 at Chipperfield" in page


def test_the_public_pages_show_the_messages_word_for_word(app):
    app.config["NOTIFY_REMINDER_DAYS"] = 3
    with app.test_request_context("/"):
        html = unescape(render_template("clinics/_how_to_book.html"))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "a reminder 3 days before it" in text
    for kind in ("confirmation", "change", "cancellation", "reminder"):
        assert template(kind, "sms").render(EXAMPLE)[1] in text
