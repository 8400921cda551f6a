"""The bodies that book and cancel: what they ask for, and every refusal by its field."""

import pytest

from fhir_api.appointment_bodies import parse_booking
from fhir_api.outcomes import FhirError
from tests.fhir_api.conftest import NHS_NUMBER, booking_body


def _expressions(body) -> list[str]:
    with pytest.raises(FhirError) as caught:
        parse_booking(body)
    assert caught.value.status == 422
    return [issue.expression for issue in caught.value.issues]


def test_a_new_patients_booking():
    asked = parse_booking(booking_body("12-3", comment="Wheelchair user"))
    assert (asked.session_id, asked.slot_number, asked.nhs_number) == (12, 3, NHS_NUMBER)
    assert asked.referral_id is None
    assert asked.patient == {
        "name": "Ada Lovelace",
        "date_of_birth": "1960-05-17",
        "postcode": "WD4 3AA",
    }
    assert asked.comment == "Wheelchair user"
    assert asked.paths["postcode"] == "Appointment.contained[0].address[0].postalCode"


def test_a_referrals_booking_needs_no_patient():
    body = booking_body("12-3", basedOn=[{"reference": "ServiceRequest/7"}])
    del body["contained"]
    asked = parse_booking(body)
    assert asked.referral_id == 7 and asked.patient == {}


def test_the_name_may_come_from_the_participants_display():
    body = booking_body("1-0")
    del body["contained"][0]["name"]
    body["participant"][0]["actor"]["display"] = "Grace Hopper"
    assert parse_booking(body).patient["name"] == "Grace Hopper"


def test_the_nhs_number_is_checked_and_spaces_allowed():
    assert parse_booking(booking_body("1-0", "943 476 5919")).nhs_number == NHS_NUMBER
    path = "Appointment.participant[0].actor.identifier.value"
    assert _expressions(booking_body("1-0", "9434765918")) == [path]
    assert _expressions(booking_body("1-0", "")) == [path]


@pytest.mark.parametrize(
    ("change", "expression"),
    [
        ({"status": "pending"}, "Appointment.status"),
        ({"slot": []}, "Appointment.slot"),
        ({"slot": [{"reference": "Slot/1-0"}, {"reference": "Slot/1-1"}]}, "Appointment.slot"),
        ({"slot": [{"reference": "Schedule/1"}]}, "Appointment.slot[0].reference"),
        ({"basedOn": [{"reference": "Patient/1"}]}, "Appointment.basedOn"),
        ({"contained": []}, "Appointment.contained"),
        (
            {"participant": [{"actor": {"display": "x"}, "status": "accepted"}]},
            "Appointment.participant",
        ),
        ({"start": "tomorrow"}, "Appointment.start"),
        ({"colour": "blue"}, "Appointment.colour"),
    ],
)
def test_each_wrong_field_is_named(change, expression):
    assert expression in _expressions(booking_body("1-0") | change)


def test_the_contained_patients_number_must_be_the_participants():
    body = booking_body("1-0")
    body["contained"][0]["identifier"] = [
        {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "4010232137"}
    ]
    assert _expressions(body) == ["Appointment.contained[0].identifier"]


@pytest.mark.parametrize("body", [None, [], "Appointment", {"resourceType": "Slot"}, {}])
def test_anything_but_an_appointment_is_refused(body):
    with pytest.raises(FhirError) as caught:
        parse_booking(body)
    assert caught.value.status == 422
