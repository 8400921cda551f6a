"""A slot kept for follow-ups is refused for a new patient (and a new-patient slot for a
follow-up), with the slot named and the search that finds the right kind."""

import pytest

from booking.models import SessionSlot
from extensions import db
from tests.fhir_api.conftest import NHS_NUMBER, booking_body, sessions

SLOT_PATH = ["Appointment.slot[0].reference"]


@pytest.fixture
def monday(api, plan) -> int:
    """Monday's orthopaedics session, its last slot kept for follow-ups."""
    session = sessions(plan)["orthopaedics 2027-01-04"]
    db.session.get(SessionSlot, (session, 11)).kind = "follow_up"
    db.session.commit()
    return session


def test_a_new_patient_in_a_follow_up_slot_is_422_naming_the_slot(api, monday):
    response = api.post("/fhir/Appointment", booking_body(f"{monday}-11"), api.token())
    assert response.status_code == 422
    issue = response.json["issue"][0]
    assert issue["expression"] == SLOT_PATH
    assert "appointment-type=ROUTINE" in issue["diagnostics"]


def test_a_follow_up_takes_a_follow_up_slot_and_not_a_new_one(api, monday):
    follow_up = api.desk.referral(nhs_number=NHS_NUMBER, kind="follow_up")
    body = booking_body(f"{monday}-3", basedOn=[{"reference": f"ServiceRequest/{follow_up.id}"}])
    refused = api.post("/fhir/Appointment", body, api.token())
    assert refused.status_code == 422
    assert refused.json["issue"][0]["expression"] == SLOT_PATH
    assert "appointment-type=FOLLOWUP" in refused.json["issue"][0]["diagnostics"]
    body["slot"] = [{"reference": f"Slot/{monday}-11"}]
    assert api.post("/fhir/Appointment", body, api.token()).status_code == 201


def test_a_new_patient_in_a_routine_slot_is_booked(api, monday):
    response = api.post("/fhir/Appointment", booking_body(f"{monday}-10"), api.token())
    assert response.status_code == 201


def test_start_and_end_must_be_the_slots_own_when_given(api, monday):
    token = api.token()
    wrong = booking_body(
        f"{monday}-3", start="2027-01-04T10:20:00+00:00", end="2027-01-04T10:40:00Z"
    )
    response = api.post("/fhir/Appointment", wrong, token)
    assert response.status_code == 422
    issues = response.json["issue"]
    assert [i["expression"] for i in issues] == [["Appointment.start"], ["Appointment.end"]]
    assert "2027-01-04T10:00:00+00:00" in issues[0]["diagnostics"]  # the slot's own start
    right = booking_body(f"{monday}-3", start="2027-01-04T10:00:00Z", end="2027-01-04T10:20:00Z")
    assert api.post("/fhir/Appointment", right, token).status_code == 201
