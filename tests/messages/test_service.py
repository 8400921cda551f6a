"""Messages after booking changes: each kind sent to the stand-in with its template and
fields, only with consent and an address, and failures kept, retried and never blocking."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from booking.models import Booking
from booking.service import book, cancel, rebook
from extensions import db
from messages import planning, service
from messages.models import Message
from messages.sending import MAX_ATTEMPTS, RETRY_DELAYS_S
from messages.tasks import remind_and_recover
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW
from tests.messages.conftest import TEMPLATE_IDS, deliver, later

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)
MOBILE = "+447700900123"
FIELDS = {"service", "date", "time", "place", "address"}


@pytest.fixture
def sessions(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "PM", 0, "orthopaedics")]
    )
    return plan.sessions


def _messages(**where) -> list[Message]:
    query = sa.select(Message).filter_by(**where).order_by(Message.id)
    return list(db.session.scalars(query))


def test_each_kind_reaches_notify_with_its_template_and_fields(stand_in, desk, sessions):
    near, far = sessions
    referral = desk.referral(mobile=MOBILE, email="ada@example.org", message_consent=True)
    first = book(referral.id, near.id, now=NOW)
    deliver()
    moved = rebook(first.id, far.id, now=NOW)
    deliver()
    cancel(moved.id, "patient", now=NOW)
    deliver()
    sent = _messages(status="sent")
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


@pytest.mark.parametrize(
    ("contact", "reasons"),
    [
        (
            {"mobile": MOBILE, "email": "ada@example.org"},
            {"sms": planning.NO_CONSENT, "email": planning.NO_CONSENT},
        ),
        (
            {"message_consent": True},
            {"sms": "No UK mobile number.", "email": "No email address."},
        ),
    ],
)
def test_no_message_without_consent_and_an_address(stand_in, desk, sessions, contact, reasons):
    referral = desk.referral(**contact)
    book(referral.id, sessions[0].id, now=NOW)
    deliver()
    assert {m.channel: (m.status, m.reason) for m in _messages()} == {
        channel: ("not_sent", reason) for channel, reason in reasons.items()
    }
    assert stand_in.outbox.received == []


def test_a_confirmation_not_yet_gone_when_the_booking_moved_is_not_sent(stand_in, desk, sessions):
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    first = book(referral.id, sessions[0].id, now=NOW)
    rebook(first.id, sessions[1].id, now=NOW)
    deliver()
    assert [(m.kind, m.status, m.reason) for m in _messages(channel="sms")] == [
        (
            "confirmation",
            "not_sent",
            "The appointment was cancelled or moved before the message went.",
        ),
        ("change", "sent", ""),
    ]


def test_consent_withdrawn_before_the_attempt_stops_the_message(stand_in, desk, sessions):
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    book(referral.id, sessions[0].id, now=NOW)
    referral.message_consent = False
    db.session.commit()
    deliver()
    assert [(m.status, m.reason) for m in _messages(channel="sms")] == [
        ("not_sent", planning.NO_CONSENT)
    ]
    assert stand_in.outbox.received == []


def test_nothing_is_recorded_when_notify_is_not_set_up(app, desk, sessions):
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    book(referral.id, sessions[0].id, now=NOW)
    assert _messages() == []


def test_notify_refusing_fails_the_message_and_the_booking_stands(stand_in, app, desk, sessions):
    app.config["NOTIFY_TEMPLATE_IDS"] = {"sms_confirmation": "6b0e7c1e-0000-4000-8000-000000000000"}
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    booking = book(referral.id, sessions[0].id, now=NOW)
    assert deliver() == [None]  # a 400 is not tried again by itself
    [failed] = _messages(channel="sms")
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


def test_an_outage_is_tried_again_later_then_given_up(stand_in, desk, sessions):
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    book(referral.id, sessions[0].id, now=NOW)
    stand_in.outbox.outage(1)
    assert deliver() == [RETRY_DELAYS_S[0]]
    [message] = _messages(channel="sms")
    assert message.status == "queued" and "Attempt 1 failed (Notify answered 500" in message.reason
    assert deliver() == [None]  # not due yet: nothing is tried
    assert message.attempts == 1
    deliver(now=later(2))
    assert (message.status, message.attempts, message.reason) == ("sent", 2, "")
    # A longer outage: every attempt fails, and the message is kept as failed.
    other = desk.referral(mobile=MOBILE, message_consent=True)
    book(other.id, sessions[1].id, now=NOW)
    stand_in.outbox.outage(MAX_ATTEMPTS)
    for minutes in (0, 2, 10, 60):
        deliver(now=later(minutes))
    [gave_up] = _messages(referral_id=other.id, channel="sms")
    assert (gave_up.status, gave_up.attempts) == ("failed", MAX_ATTEMPTS)
    assert gave_up.reason == "Notify answered 500: Internal server error"


def test_a_failing_listener_never_blocks_the_booking(stand_in, desk, sessions, monkeypatch):
    def broken(*args):
        raise RuntimeError("database gone")

    monkeypatch.setattr(service, "record_change", broken)
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    booking = book(referral.id, sessions[0].id, now=NOW)
    assert db.session.get(Booking, booking.id).status == "booked"
    assert _messages() == []


def test_a_message_the_queue_lost_is_sent_by_the_periodic_run(stand_in, desk, sessions):
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    book(referral.id, sessions[0].id, now=NOW)
    [message] = _messages(channel="sms")
    assert planning.lost(later(1)) == []
    assert planning.lost(later(planning.LOST_AFTER_MINUTES + 1)) == [message.id]


def test_reminders_go_once_days_before_and_not_right_after_booking(
    stand_in, app, desk, sessions, monkeypatch
):
    near, far = sessions
    early = desk.referral(mobile=MOBILE, message_consent=True)
    book(early.id, near.id, now=NOW)
    late = desk.referral(mobile=MOBILE, message_consent=True)
    late_booking = book(late.id, far.id, now=NOW)
    # The second was booked within the reminder window: its confirmation is reminder enough.
    late_booking.created_at = datetime(2027, 1, 10, 12, 0)
    db.session.commit()
    deliver()
    assert planning.reminders_due(datetime(2027, 1, 8, 9, 0), 2) == []  # 3 days before
    two_days_before = datetime(2027, 1, 9, 9, 0)
    monkeypatch.setattr("messages.tasks.local_now", lambda: two_days_before)
    monkeypatch.setattr("messages.tasks.enqueue", lambda ids: None)
    remind_and_recover()
    remind_and_recover()  # a second run finds nothing new
    deliver()
    reminders = _messages(kind="reminder")
    assert [(m.referral_id, m.channel, m.status) for m in reminders] == [
        (early.id, "sms", "sent"),
        (early.id, "email", "not_sent"),
    ]
    assert stand_in.outbox.received[-1]["template"]["id"] == TEMPLATE_IDS["reminder", "sms"]
