"""Booking and cancelling through the API: for the client's own practice's patients only,
and nothing written when a booking is refused."""

from datetime import date

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from booking.identity import REGISTERED_ELSEWHERE
from booking.models import Booking, Referral
from booking.service import book
from extensions import db
from tests.booking.conftest import NOW
from tests.fhir_api.conftest import NHS_NUMBER, OTHER_PRACTICE, PRACTICE, booking_body, sessions

PATCH = "application/json-patch+json"
CANCEL = [{"op": "replace", "path": "/status", "value": "cancelled"}]


def _counts() -> tuple[int, int]:
    return (
        db.session.scalar(sa.select(sa.func.count()).select_from(Referral)),
        db.session.scalar(sa.select(sa.func.count()).select_from(Booking)),
    )


def _monday(plan) -> int:
    return sessions(plan)["orthopaedics 2027-01-04"]


def test_a_booking_makes_a_referral_for_the_practice_and_answers_201(api, plan):
    session = _monday(plan)
    response = api.post("/fhir/Appointment", booking_body(f"{session}-3"), api.token())
    assert response.status_code == 201
    appointment = response.json
    assert response.headers["Location"] == f"http://localhost/fhir/Appointment/{appointment['id']}"
    assert response.headers["ETag"] == 'W/"1"'
    assert appointment["status"] == "booked"
    assert appointment["slot"] == [{"reference": f"Slot/{session}-3"}]
    assert appointment["start"] == "2027-01-04T10:00:00+00:00"  # slot 3 of a 9:00-13:00 session
    booking = db.session.get(Booking, int(appointment["id"]))
    assert (booking.session_id, booking.slot_number, booking.status) == (session, 3, "booked")
    referral = booking.referral
    assert appointment["basedOn"] == [{"reference": f"ServiceRequest/{referral.id}"}]
    assert (referral.nhs_number, referral.practice_id, referral.service_id) == (
        NHS_NUMBER,
        PRACTICE,
        "orthopaedics",
    )
    assert (referral.name, referral.date_of_birth, referral.postcode) == (
        "Ada Lovelace",
        date(1960, 5, 17),
        "WD4 3AA",
    )
    assert referral.referral_date == NOW.date()


def test_the_booking_is_audited_under_the_client_with_ids_only(api, plan):
    api.post("/fhir/Appointment", booking_body(f"{_monday(plan)}-0"), api.token("Tring EMIS"))
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_type.in_(("referral", "booking")))
    ).all()
    assert {(e.action, e.entity_type, e.actor, e.user_id) for e in events} == {
        ("create", "referral", "api:Tring EMIS", None),
        ("book", "booking", "api:Tring EMIS", None),
    }
    assert NHS_NUMBER not in str([(e.before, e.after) for e in events])
    assert "Lovelace" not in str([(e.before, e.after) for e in events])


def test_based_on_books_the_practices_own_referral(api, plan):
    referral = api.desk.referral(nhs_number=NHS_NUMBER)
    body = booking_body(
        f"{_monday(plan)}-1", basedOn=[{"reference": f"ServiceRequest/{referral.id}"}]
    )
    del body["contained"]
    response = api.post("/fhir/Appointment", body, api.token())
    assert response.status_code == 201
    assert db.session.get(Booking, int(response.json["id"])).referral_id == referral.id
    assert _counts() == (1, 1)


def test_another_practices_referral_cannot_be_booked_and_is_not_revealed(api, plan):
    theirs = api.desk.referral(nhs_number=NHS_NUMBER, practice_id=OTHER_PRACTICE)
    body = booking_body(
        f"{_monday(plan)}-1", basedOn=[{"reference": f"ServiceRequest/{theirs.id}"}]
    )
    response = api.post("/fhir/Appointment", body, api.token())
    unknown = booking_body(f"{_monday(plan)}-1", basedOn=[{"reference": "ServiceRequest/999"}])
    answer = api.post("/fhir/Appointment", unknown, api.token())
    assert response.status_code == answer.status_code == 422
    issue = response.json["issue"][0]
    assert issue["expression"] == ["Appointment.basedOn[0].reference"]
    assert issue["diagnostics"].replace(str(theirs.id), "N") == answer.json["issue"][0][
        "diagnostics"
    ].replace("999", "N")
    assert _counts() == (1, 0)


def test_a_patient_already_waiting_is_pointed_to_the_referral(api, plan):
    mine = api.desk.referral(nhs_number=NHS_NUMBER, name="Ada Lovelace")
    response = api.post("/fhir/Appointment", booking_body(f"{_monday(plan)}-1"), api.token())
    assert response.status_code == 422
    assert f"ServiceRequest/{mine.id}" in response.json["issue"][0]["diagnostics"]
    assert _counts() == (1, 0)


def test_an_nhs_number_on_record_for_another_person_is_422_naming_the_field(api, plan):
    api.desk.referral(nhs_number=NHS_NUMBER, name="Grace Hopper", service_id="ophthalmology")
    response = api.post("/fhir/Appointment", booking_body(f"{_monday(plan)}-1"), api.token())
    assert response.status_code == 422
    [issue] = response.json["issue"]
    assert issue["expression"] == ["Appointment.contained[0].name"]
    assert issue["diagnostics"] == (
        "This NHS number is already recorded with a different name; "
        "check the number and the patient's details."
    )
    body = booking_body(f"{_monday(plan)}-1")
    body["contained"][0] |= {"name": [{"text": "HOPPER, Grace"}], "birthDate": "1960-05-18"}
    [issue] = api.post("/fhir/Appointment", body, api.token()).json["issue"]
    assert issue["expression"] == ["Appointment.contained[0].birthDate"]
    assert _counts() == (1, 0)


@pytest.mark.parametrize(
    ("name", "service"),
    [
        ("Ada Lovelace", "ophthalmology"),  # their patient, typed right: no booking
        ("Grace Hopper", "ophthalmology"),  # typed wrong: nothing about the name
        ("Ada Lovelace", "orthopaedics"),  # waiting there already: nothing about it
    ],
)
def test_another_practices_patient_cannot_be_booked_or_probed(api, plan, name, service):
    api.desk.referral(
        nhs_number=NHS_NUMBER, name=name, service_id=service, practice_id=OTHER_PRACTICE
    )
    response = api.post("/fhir/Appointment", booking_body(f"{_monday(plan)}-1"), api.token())
    assert response.status_code == 422
    [issue] = response.json["issue"]
    assert (issue["code"], issue["expression"]) == (
        "business-rule",
        ["Appointment.participant[0].actor.identifier.value"],
    )
    assert issue["diagnostics"] == REGISTERED_ELSEWHERE
    assert _counts() == (1, 0)


def test_a_taken_slot_is_409_and_writes_nothing(api, plan):
    session = _monday(plan)
    book(api.desk.referral().id, session, now=NOW)  # the desk takes slot 0
    response = api.post("/fhir/Appointment", booking_body(f"{session}-0"), api.token())
    assert response.status_code == 409
    assert response.json["issue"][0]["code"] == "conflict"
    assert _counts() == (1, 1)


def test_bad_bodies_are_refused_naming_the_field_and_write_nothing(api, plan):
    session, token = _monday(plan), api.token()
    cases = {
        "Appointment.slot[0].reference": booking_body("999-0"),
        "Appointment.participant[0].actor.identifier.value": booking_body(
            f"{session}-0", nhs_number="9434765918"
        ),
        "Appointment.contained[0].birthDate": booking_body(f"{session}-0")
        | {"contained": [{"resourceType": "Patient", "birthDate": "2999-01-01"}]},
        "Appointment.status": booking_body(f"{session}-0", status="proposed"),
        "resourceType": {"resourceType": "Patient"},
        "Appointment.participant[0].status": booking_body(f"{session}-0")
        | {"participant": [{"actor": {"display": "x"}}]},
    }
    for field, body in cases.items():
        response = api.post("/fhir/Appointment", body, token)
        assert response.status_code == 422, (field, response.json)
        assert response.json["resourceType"] == "OperationOutcome"
        expressions = [e for issue in response.json["issue"] for e in issue.get("expression", [])]
        assert field in expressions, (field, response.json)
    assert _counts() == (0, 0)


def test_a_wrong_check_digit_is_named_as_such(api, plan):
    body = booking_body(f"{_monday(plan)}-0", nhs_number="9434765918")
    issue = api.post("/fhir/Appointment", body, api.token()).json["issue"][0]
    assert "check digit" in issue["diagnostics"]


def test_malformed_json_is_400_and_other_media_types_415(api, plan):
    token = api.token()
    response = api.call(
        "POST", "/fhir/Appointment", token, data=b"{not json", content_type="application/fhir+json"
    )
    assert response.status_code == 400
    assert response.json["issue"][0]["code"] == "structure"
    response = api.call("POST", "/fhir/Appointment", token, data=b"{}", content_type="text/plain")
    assert response.status_code == 415
    assert _counts() == (0, 0)


def test_a_read_token_cannot_book(api, plan):
    token = api.token("reader", scope="read")
    response = api.post("/fhir/Appointment", booking_body(f"{_monday(plan)}-0"), token)
    assert response.status_code == 403
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
    assert _counts() == (0, 0)


def test_appointments_are_read_by_their_practice_only(api, plan):
    created = api.post("/fhir/Appointment", booking_body(f"{_monday(plan)}-0"), api.token()).json
    url = f"/fhir/Appointment/{created['id']}"
    mine = api.get(url, api.token("reader", scope="read"))
    assert mine.status_code == 200 and mine.json == created
    theirs = api.get(url, api.token("elsewhere", practice=OTHER_PRACTICE))
    nothing = api.get("/fhir/Appointment/999", api.token())
    assert theirs.status_code == nothing.status_code == 404
    assert theirs.json["issue"][0]["code"] == "not-found"
    views = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.action == "view", AuditEvent.entity_type == "booking"
        )
    ).all()
    assert [(e.actor, e.entity_id) for e in views] == [("api:reader", created["id"])]


def test_cancelling_by_json_patch(api, plan):
    token = api.token()
    created = api.post("/fhir/Appointment", booking_body(f"{_monday(plan)}-0"), token).json
    url = f"/fhir/Appointment/{created['id']}"
    response = api.call("PATCH", url, token, json=CANCEL, content_type=PATCH)
    assert response.status_code == 200
    assert response.json["status"] == "cancelled"
    assert response.json["cancelationReason"] == {"text": "Cancelled by the patient"}
    booking = db.session.get(Booking, int(created["id"]))
    assert (booking.status, booking.cancelled_by) == ("cancelled", "patient")
    again = api.call("PATCH", url, token, json=CANCEL, content_type=PATCH)
    assert again.status_code == 422 and again.json["issue"][0]["code"] == "business-rule"
    # The slot is free again.
    slot = api.get(f"/fhir/Slot/{created['slot'][0]['reference'].split('/')[1]}", token)
    assert slot.json["status"] == "free"


def test_a_patch_keeps_the_reason_given(api, plan):
    token = api.token()
    created = api.post("/fhir/Appointment", booking_body(f"{_monday(plan)}-1"), token).json
    url = f"/fhir/Appointment/{created['id']}"
    reason = {"op": "add", "path": "/cancelationReason", "value": {"text": "Feeling better"}}
    response = api.call("PATCH", url, token, json=[*CANCEL, reason], content_type=PATCH)
    assert response.json["cancelationReason"] == {"text": "Feeling better"}
    assert api.get(url, token).json["cancelationReason"] == {"text": "Feeling better"}


def test_cancelling_an_older_version_is_412(api, plan):
    token = api.token()
    created = api.post("/fhir/Appointment", booking_body(f"{_monday(plan)}-0"), token).json
    url = f"/fhir/Appointment/{created['id']}"
    stale = {"If-Match": 'W/"7"'}
    response = api.call("PATCH", url, token, json=CANCEL, content_type=PATCH, headers=stale)
    assert response.status_code == 412
    current = {"If-Match": 'W/"1"'}
    response = api.call("PATCH", url, token, json=CANCEL, content_type=PATCH, headers=current)
    assert response.status_code == 200


def test_only_cancelling_is_patched_and_by_the_practice(api, plan):
    token = api.token()
    created = api.post("/fhir/Appointment", booking_body(f"{_monday(plan)}-0"), token).json
    url = f"/fhir/Appointment/{created['id']}"
    moved = [{"op": "replace", "path": "/start", "value": "2027-01-05T09:00:00Z"}]
    assert api.call("PATCH", url, token, json=moved, content_type=PATCH).status_code == 422
    assert api.call("PATCH", url, token, json=CANCEL).status_code == 415
    other = api.token("elsewhere", practice=OTHER_PRACTICE)
    assert api.call("PATCH", url, other, json=CANCEL, content_type=PATCH).status_code == 404
    reader = api.token("reader", scope="read")
    assert api.call("PATCH", url, reader, json=CANCEL, content_type=PATCH).status_code == 403
    assert db.session.get(Booking, int(created["id"])).status == "booked"
