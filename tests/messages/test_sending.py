"""Each attempt at a message: not sent when the booking moved or consent was withdrawn, an
outage tried again later and then given up."""

from booking.service import book, rebook
from extensions import db
from messages import planning
from messages.sending import MAX_ATTEMPTS, RETRY_DELAYS_S
from tests.booking.conftest import NOW
from tests.messages.conftest import MOBILE, deliver, later, stored


def test_a_confirmation_not_yet_gone_when_the_booking_moved_is_not_sent(stand_in, desk, sessions):
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    first = book(referral.id, sessions[0].id, now=NOW)
    rebook(first.id, sessions[1].id, now=NOW)
    deliver()
    assert [(m.kind, m.status, m.reason) for m in stored(channel="sms")] == [
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
    assert [(m.status, m.reason) for m in stored(channel="sms")] == [
        ("not_sent", planning.NO_CONSENT)
    ]
    assert stand_in.outbox.received == []


def test_an_outage_is_tried_again_later_then_given_up(stand_in, desk, sessions):
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    book(referral.id, sessions[0].id, now=NOW)
    stand_in.outbox.outage(1)
    assert deliver() == [RETRY_DELAYS_S[0]]
    [message] = stored(channel="sms")
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
    [gave_up] = stored(referral_id=other.id, channel="sms")
    assert (gave_up.status, gave_up.attempts) == ("failed", MAX_ATTEMPTS)
    assert gave_up.reason == "Notify answered 500: Internal server error"
