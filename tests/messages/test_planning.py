"""Which messages are recorded: only with consent and an address, and a queued message the
queue lost is found again."""

import pytest

from booking.service import book
from messages import planning
from tests.booking.conftest import NOW
from tests.messages.conftest import MOBILE, deliver, later, stored


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
    assert {m.channel: (m.status, m.reason) for m in stored()} == {
        channel: ("not_sent", reason) for channel, reason in reasons.items()
    }
    assert stand_in.outbox.received == []


def test_a_message_the_queue_lost_is_sent_by_the_periodic_run(stand_in, desk, sessions):
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    book(referral.id, sessions[0].id, now=NOW)
    [message] = stored(channel="sms")
    assert planning.lost(later(1)) == []
    assert planning.lost(later(planning.LOST_AFTER_MINUTES + 1)) == [message.id]
