"""Changing an appointment: only cancelling it, by a JSON Patch of its status or by sending
the whole Appointment back with its status cancelled; for the practice's own patients, with
a book token, audited, and nothing written when the change is refused."""

import copy

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from booking.models import Booking
from extensions import db
from fhir_api.appointment_changes import parse_cancellation, parse_replacement
from fhir_api.outcomes import FhirError
from tests.fhir_api.conftest import OTHER_PRACTICE, booking_body, sessions

READ = {
    "resourceType": "Appointment",
    "id": "7",
    "meta": {"versionId": "1", "lastUpdated": "2026-12-01T09:00:00+00:00"},
    "status": "booked",
    "start": "2027-01-04T09:00:00+00:00",
    "end": "2027-01-04T09:20:00+00:00",
    "slot": [{"reference": "Slot/3-0"}],
    "basedOn": [{"reference": "ServiceRequest/5"}],
    "participant": [
        {
            "actor": {
                "identifier": {
                    "system": "https://fhir.nhs.uk/Id/nhs-number",
                    "value": "9434765919",
                }
            },
            "status": "accepted",
        }
    ],
}


def _cancelled(**changes) -> dict:
    return copy.deepcopy(READ) | {"status": "cancelled"} | changes


def _refusal(body, resource_id: str = "7") -> FhirError:
    with pytest.raises(FhirError) as caught:
        parse_replacement(body, resource_id, READ)
    return caught.value


def test_a_patch_may_only_cancel():
    assert parse_cancellation([{"op": "replace", "path": "/status", "value": "cancelled"}]) == ""
    reason = parse_cancellation(
        [
            {"op": "add", "path": "/cancelationReason", "value": {"text": "Moved away"}},
            {"op": "replace", "path": "/status", "value": "cancelled"},
        ]
    )
    assert reason == "Moved away"
    for patch in (
        [],
        {},
        [{"op": "replace", "path": "/status", "value": "booked"}],
        [{"op": "remove", "path": "/status"}],
        [{"op": "add", "path": "/cancelationReason", "value": {"text": "x"}}],
        [{"op": "replace", "path": "/start", "value": "2027-01-05T09:00:00Z"}],
    ):
        with pytest.raises(FhirError):
            parse_cancellation(patch)


def test_the_appointment_as_read_with_its_status_cancelled_may_be_put():
    parse_replacement(_cancelled(), "7", READ)
    reason = {"cancelationReason": {"text": "Moved away"}, "meta": {"versionId": "9"}}
    assert parse_replacement(_cancelled(**reason), "7", READ) == "Moved away"
    coded = {"cancelationReason": {"coding": [{"code": "pat", "display": "Patient"}]}}
    assert parse_replacement(_cancelled(**coded), "7", READ) == "Patient"
    parse_replacement(_cancelled(start="2027-01-04T09:00:00Z"), "7", READ)  # the same instant


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"start": "2027-01-05T09:00:00+00:00"}, ["Appointment.start"]),
        ({"slot": [{"reference": "Slot/3-1"}]}, ["Appointment.slot"]),
        ({"comment": "Please move it"}, ["Appointment.comment"]),
        ({"participant": []}, ["Appointment.participant"]),
        ({"end": None, "basedOn": None}, ["Appointment.basedOn", "Appointment.end"]),
        ({"status": "booked"}, ["Appointment.status"]),
        (
            {"status": "noshow", "start": "2027-01-05T09:00:00Z"},
            ["Appointment.status", "Appointment.start"],
        ),
    ],
)
def test_any_other_change_is_422_naming_each_field(changes, named):
    body = {k: v for k, v in _cancelled(**changes).items() if v is not None}
    refusal = _refusal(body)
    assert refusal.status == 422
    assert [issue.expression for issue in refusal.issues] == named


def test_a_reason_that_is_no_concept_or_too_long_is_422_naming_it():
    for value, code in (("Moved away", "structure"), ({"text": "x" * 501}, "too-long")):
        patch = [
            {"op": "replace", "path": "/status", "value": "cancelled"},
            {"op": "add", "path": "/cancelationReason", "value": value},
        ]
        with pytest.raises(FhirError) as caught:
            parse_cancellation(patch)
        assert (caught.value.issues[0].code, caught.value.issues[0].expression) == (
            code,
            "/1/value",
        )


def test_the_body_must_be_this_appointment():
    assert _refusal(_cancelled(id="8")).status == 400
    missing = {k: v for k, v in _cancelled().items() if k != "id"}
    assert _refusal(missing).issues[0].expression == "Appointment.id"
    assert _refusal(_cancelled(), resource_id="8").status == 400
    assert _refusal([_cancelled()]).status == 422
    assert _refusal(_cancelled(resourceType="Slot")).status == 422
    assert _refusal(_cancelled(start="not a time")).issues[0].expression == "Appointment.start"


def _booked(api, plan, token: str) -> dict:
    monday = sessions(plan)["orthopaedics 2027-01-04"]
    response = api.post("/fhir/Appointment", booking_body(f"{monday}-0"), token)
    assert response.status_code == 201
    return response.json


def _put(api, resource: dict, token: str | None, at: str | None = None, **kwargs):
    """PUT the resource to its own URL, or to Appointment/`at`."""
    kwargs.setdefault("content_type", "application/fhir+json")
    url = f"/fhir/Appointment/{at or resource['id']}"
    return api.call("PUT", url, token, json=resource, **kwargs)


def _cancels() -> list[tuple[str, str]]:
    query = sa.select(AuditEvent).where(
        AuditEvent.action == "cancel", AuditEvent.entity_type == "booking"
    )
    return [(e.actor, e.entity_id) for e in db.session.scalars(query)]


def test_putting_it_back_cancelled_cancels_it_and_is_audited(api, plan):
    token = api.token()
    read = _booked(api, plan, token)
    response = _put(api, read | {"status": "cancelled"}, token, headers={"If-Match": 'W/"1"'})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "cancelled"
    assert response.json["cancelationReason"] == {"text": "Cancelled by the patient"}
    assert response.headers["ETag"] == 'W/"2"'
    booking = db.session.get(Booking, int(read["id"]))
    assert (booking.status, booking.cancelled_by) == ("cancelled", "patient")
    assert _cancels() == [("api:surgery", read["id"])]
    again = _put(api, response.json, token)
    assert again.status_code == 422 and again.json["issue"][0]["code"] == "business-rule"


def test_the_reason_given_is_kept_and_read_back_but_not_audited(api, plan):
    token = api.token()
    read = _booked(api, plan, token)
    reason = {"text": "Moving to Leeds"}
    response = _put(api, read | {"status": "cancelled", "cancelationReason": reason}, token)
    assert response.json["cancelationReason"] == reason
    assert api.get(f"/fhir/Appointment/{read['id']}", token).json["cancelationReason"] == reason
    found = api.get("/fhir/Appointment?status=cancelled", token).json["entry"]
    assert found[0]["resource"]["cancelationReason"] == reason
    trail = [(e.before, e.after) for e in db.session.scalars(sa.select(AuditEvent))]
    assert "Leeds" not in str(trail)


def test_a_refused_put_writes_nothing(api, plan):
    token = api.token()
    read = _booked(api, plan, token)
    moved = read | {"status": "cancelled", "start": "2027-01-05T09:00:00+00:00"}
    refused = _put(api, moved, token)
    assert refused.status_code == 422
    assert refused.json["issue"][0]["expression"] == ["Appointment.start"]
    mismatched = _put(api, read | {"id": "999", "status": "cancelled"}, token, at=read["id"])
    assert mismatched.status_code == 400
    assert mismatched.json["issue"][0]["expression"] == ["Appointment.id"]
    plain = _put(api, read | {"status": "cancelled"}, token, content_type="text/plain")
    assert plain.status_code == 415
    url = f"/fhir/Appointment/{read['id']}"
    broken = api.call("PUT", url, token, data="{", content_type="application/fhir+json")
    assert broken.status_code == 400
    stale = _put(api, read | {"status": "cancelled"}, token, headers={"If-Match": 'W/"5"'})
    assert stale.status_code == 412
    assert db.session.get(Booking, int(read["id"])).status == "booked"
    assert _cancels() == []


def test_only_the_practice_may_put_with_a_book_token(api, plan):
    read = _booked(api, plan, api.token())
    cancelled = read | {"status": "cancelled"}
    assert _put(api, cancelled, None).status_code == 401
    assert _put(api, cancelled, api.token("reader", scope="read")).status_code == 403
    elsewhere = _put(api, cancelled, api.token("elsewhere", practice=OTHER_PRACTICE))
    assert elsewhere.status_code == 404
    assert _put(api, cancelled | {"id": "999"}, api.token()).status_code == 404
    assert db.session.get(Booking, int(read["id"])).status == "booked"
    assert _cancels() == []
