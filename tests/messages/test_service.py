"""Messages after booking changes: each kind sent to the stand-in with its template and
fields, nothing recorded without Notify, the desk's retry, and a failing listener never
blocking the booking."""

import pytest

from booking.models import Booking
from booking.service import book, cancel, rebook
from booking.session_cancellation import cancel_session
from extensions import db
from messages import service
from tests.booking.conftest import NOW
from tests.messages.conftest import MOBILE, TEMPLATE_IDS, deliver, stored

FIELDS = {"service", "date", "time", "place", "address"}


def test_each_kind_reaches_notify_with_its_template_and_fields(stand_in, desk, sessions):
    near, far = sessions
    referral = desk.referral(mobile=MOBILE, email="ada@example.org", message_consent=True)
    first = book(referral.id, near.id, now=NOW)
    deliver()
    moved = rebook(first.id, far.id, now=NOW)
    deliver()
    cancel(moved.id, "patient", now=NOW)
    deliver()
    sent = stored(status="sent")
    assert [(m.kind, m.channel) for m in sent] == [
        ("confirmation", "sms"),
        ("confirmation", "email"),
        ("change", "sms"),
        ("change", "email"),
        ("cancellation", "sms"),
        ("cancellation", "email"),
    ]
    received = stand_in.outbox.received
    assert [n["template"]["id"] for n in received] == [
        TEMPLATE_IDS[m.kind, m.channel] for m in sent
    ]
    assert all(set(n["personalisation"]) == FIELDS for n in received)
    assert received[0]["phone_number"] == MOBILE and received[1]["email_address"] == (
        "ada@example.org"
    )
    assert received[0]["personalisation"]["time"] == "09:00"
    assert received[0]["personalisation"]["date"] == "Monday 11 January 2027"
    assert received[2]["personalisation"]["date"] == "Tuesday 12 January 2027"
    assert all(m.notify_id == n["id"] for m, n in zip(sent, received, strict=True))
    assert "Ada" not in str(received) and referral.nhs_number not in str(received)


def test_nothing_is_recorded_when_notify_is_not_set_up(app, desk, sessions):
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    book(referral.id, sessions[0].id, now=NOW)
    assert stored() == []


def test_notify_refusing_fails_the_message_and_the_booking_stands(stand_in, app, desk, sessions):
    app.config["NOTIFY_TEMPLATE_IDS"] = {"sms_confirmation": "6b0e7c1e-0000-4000-8000-000000000000"}
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    booking = book(referral.id, sessions[0].id, now=NOW)
    assert deliver() == [None]  # a 400 is not tried again by itself
    [failed] = stored(channel="sms")
    assert failed.status == "failed" and failed.attempts == 1
    assert failed.reason.startswith("Notify answered 400: ")
    assert db.session.get(Booking, booking.id).status == "booked"
    # The template id is put right; the desk tries again, and it goes.
    app.config["NOTIFY_TEMPLATE_IDS"] = {"sms_confirmation": TEMPLATE_IDS["confirmation", "sms"]}
    failed.template_id = TEMPLATE_IDS["confirmation", "sms"]
    db.session.commit()
    service.retry(failed.id)
    deliver()
    assert (failed.status, failed.attempts) == ("sent", 2)
    with pytest.raises(ValueError, match="Only a message that failed"):
        service.retry(failed.id)


def test_a_failing_listener_never_blocks_the_booking(stand_in, desk, sessions, monkeypatch):
    def broken(*args):
        raise RuntimeError("database gone")

    monkeypatch.setattr(service, "record_change", broken)
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    booking = book(referral.id, sessions[0].id, now=NOW)
    assert db.session.get(Booking, booking.id).status == "booked"
    assert stored() == []


def test_each_patient_of_a_session_the_service_cancelled_is_told(stand_in, desk, sessions):
    near, _ = sessions
    told = desk.referral(mobile=MOBILE, message_consent=True)
    letters_only = desk.referral()
    for referral in (told, letters_only):
        book(referral.id, near.id, now=NOW)
    deliver()
    cancel_session(near.id, "unit_breakdown", now=NOW)
    deliver()
    cancelled = stored(kind="cancellation")
    assert {(m.referral_id, m.channel, m.status) for m in cancelled} == {
        (told.id, "sms", "sent"),
        (told.id, "email", "not_sent"),
        (letters_only.id, "sms", "not_sent"),
        (letters_only.id, "email", "not_sent"),
    }
    [received] = [
        n
        for n in stand_in.outbox.received
        if n["template"]["id"] == TEMPLATE_IDS["cancellation", "sms"]
    ]
    assert received["phone_number"] == MOBILE
    assert received["personalisation"]["date"] == "Monday 11 January 2027"
