"""The stand-in answers GOV.UK Notify's official client as Notify does: it checks the token
and the fields, and refuses with Notify's error body."""

import pytest
from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import HTTPError

from tests.messages.conftest import API_KEY, TEMPLATE_IDS

PERSONALISATION = {
    "service": "Orthopaedics",
    "date": "Monday 11 January 2027",
    "time": "09:00",
    "place": "Chipperfield Sports Club",
    "address": "Chipperfield",
}


def _client(stand_in, key: str = API_KEY) -> NotificationsAPIClient:
    return NotificationsAPIClient(key, base_url=stand_in.url)


def test_a_text_message_is_answered_as_notify_does_and_kept(stand_in):
    answer = _client(stand_in).send_sms_notification(
        phone_number="07700 900123",
        template_id=TEMPLATE_IDS["reminder", "sms"],
        personalisation=PERSONALISATION,
        reference="message-1",
    )
    assert set(answer) == {"id", "reference", "content", "uri", "template"}
    assert answer["reference"] == "message-1"
    assert answer["content"]["body"].startswith("Dacorum Mobile Clinics: Reminder: your Ortho")
    assert "from_number" in answer["content"]
    [kept] = _client(stand_in).get_all_notifications()["notifications"]
    assert kept["id"] == answer["id"] and kept["phone_number"] == "07700 900123"
    assert _client(stand_in).get_notification_by_id(answer["id"])["body"] == kept["body"]


def test_an_email_has_its_subject(stand_in):
    answer = _client(stand_in).send_email_notification(
        email_address="ada@example.org",
        template_id=TEMPLATE_IDS["cancellation", "email"],
        personalisation=PERSONALISATION,
    )
    assert answer["content"]["subject"] == "Your Orthopaedics appointment is cancelled"


def test_a_token_signed_with_another_secret_is_refused(stand_in):
    service_id = API_KEY[-73:-37]
    forged = f"forged-{service_id}-00000000-0000-4000-8000-000000000000"
    with pytest.raises(HTTPError) as refused:
        _client(stand_in, forged).get_all_notifications()
    assert refused.value.status_code == 403
    assert refused.value.message[0]["error"] == "AuthError"


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"personalisation": {"service": "x"}}, "Missing personalisation: address, date, place"),
        ({"phone_number": "01442 123456"}, "phone_number Not a UK mobile number"),
        ({"template_id": "6b0e7c1e-0000-4000-8000-000000000000"}, "Template not found"),
        ({"template_id": TEMPLATE_IDS["reminder", "email"]}, "not suitable for sms"),
    ],
)
def test_bad_requests_get_notifys_400_body(stand_in, fields, says):
    request = {
        "phone_number": "07700 900123",
        "template_id": TEMPLATE_IDS["reminder", "sms"],
        "personalisation": PERSONALISATION,
    } | fields
    with pytest.raises(HTTPError) as refused:
        _client(stand_in).send_sms_notification(**request)
    assert refused.value.status_code == 400
    assert says in refused.value.message[0]["message"]
    assert _client(stand_in).get_all_notifications()["notifications"] == []


def test_an_outage_answers_500_then_recovers(stand_in):
    stand_in.outbox.outage(1)
    with pytest.raises(HTTPError) as refused:
        _client(stand_in).get_all_notifications()
    assert refused.value.status_code == 500
    assert _client(stand_in).get_all_notifications()["notifications"] == []
