"""What each message says: a signed text message, an email with a subject, and every field
filled in the example patients are shown."""

import pytest

from messages.models import CHANNELS, KINDS
from messages.wording import EXAMPLE, SIGNATURE, example, template


def test_a_text_message_opens_with_the_signature_and_has_no_subject():
    sms = template("confirmation", "sms")
    assert sms.subject is None and sms.body.startswith(f"{SIGNATURE}: Your ((service)) ")
    assert sms.fields == {"service", "date", "time", "place", "address"}


def test_an_email_has_a_subject_and_signs_off_at_the_end():
    email = template("reminder", "email")
    assert email.subject == "Reminder: your ((service)) appointment on ((date))"
    assert email.body.endswith(f"\n\n{SIGNATURE}")
    subject, body = email.render(EXAMPLE)
    assert subject == "Reminder: your Orthopaedics appointment on Monday 11 January 2027"
    assert "((" not in body and "Chipperfield Sports Club" in body


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_of_every_template_is_filled_in_the_example(kind):
    for channel in CHANNELS:
        assert template(kind, channel).fields <= set(EXAMPLE)
    assert "((" not in example(kind) and example(kind).startswith(SIGNATURE)


def test_a_cancellation_does_not_give_the_address():
    assert "address" not in template("cancellation", "sms").fields
    assert "stay on the waiting list" in example("cancellation")
