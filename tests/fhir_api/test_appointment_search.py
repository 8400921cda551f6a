"""Searching appointments: the client's own practice's only, by patient, slot, status and
day, soonest first, paged and audited."""

from datetime import date

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from audit.models import AuditEvent
from extensions import db
from fhir_api.appointment_search import AppointmentFilter, appointment_search
from fhir_api.outcomes import FhirError
from tests.booking.conftest import nhs_number
from tests.fhir_api.conftest import NHS_NUMBER, OTHER_PRACTICE, booking_body, sessions

SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
OTHER_PATIENT = nhs_number(1)
THEIR_PATIENT = nhs_number(2)  # another practice's patient


@pytest.fixture
def booked(api, plan) -> dict[str, dict]:
    """The practice's patient on Monday and another of its patients on Tuesday; another
    practice's patient, for ophthalmology on Wednesday, booked by that practice (a client
    cannot book a patient on record with another practice)."""
    ids, mine, theirs = sessions(plan), api.token(), api.token("elsewhere", OTHER_PRACTICE)
    made = {}
    for name, slot, patient, token in (
        ("monday", f"{ids['orthopaedics 2027-01-04']}-2", NHS_NUMBER, mine),
        ("tuesday", f"{ids['orthopaedics 2027-01-05']}-0", OTHER_PATIENT, mine),
        ("wednesday", f"{ids['ophthalmology 2027-01-06']}-0", THEIR_PATIENT, theirs),
    ):
        response = api.post("/fhir/Appointment", booking_body(slot, patient), token)
        assert response.status_code == 201, response.json
        made[name] = response.json
    return made


def _found(api, query: str, token: str | None = None) -> dict:
    response = api.get(f"/fhir/Appointment?{query}", token or api.token())
    assert response.status_code == 200, response.json
    return response.json


def _ids(found: dict) -> list[str]:
    return [entry["resource"]["id"] for entry in found.get("entry", [])]


def test_a_patient_is_found_by_nhs_number_in_the_practice_only(api, booked):
    for query in (f"patient:identifier={SYSTEM}|{NHS_NUMBER}", f"patient:identifier={NHS_NUMBER}"):
        found = _found(api, query)
        assert _ids(found) == [booked["monday"]["id"]] and found["total"] == 1
        assert found["entry"][0]["resource"] == booked["monday"]
        assert found["entry"][0]["fullUrl"].endswith(f"/fhir/Appointment/{booked['monday']['id']}")
    elsewhere = api.token("elsewhere")
    theirs = _found(api, f"patient:identifier={THEIR_PATIENT}", elsewhere)
    assert _ids(theirs) == [booked["wednesday"]["id"]]
    assert _found(api, f"patient:identifier={THEIR_PATIENT}")["total"] == 0
    assert _found(api, f"patient:identifier={NHS_NUMBER}", elsewhere)["total"] == 0
    nobody = _found(api, f"patient:identifier=https://other.example|{NHS_NUMBER}")
    assert nobody["total"] == 0 and "entry" not in nobody


def test_every_appointment_of_the_practice_soonest_first(api, booked):
    found = _found(api, "")
    assert _ids(found) == [booked["monday"]["id"], booked["tuesday"]["id"]]
    reader = api.token("reader", scope="read")
    assert _found(api, "", reader)["total"] == 2


def test_by_slot_status_and_day(api, booked):
    monday = booked["monday"]
    slot = monday["slot"][0]["reference"]
    assert _ids(_found(api, f"slot={slot}")) == [monday["id"]]
    assert _ids(_found(api, f"slot={slot.removeprefix('Slot/')}")) == [monday["id"]]
    assert _found(api, "slot=Slot/nothing")["total"] == 0
    assert _found(api, "status=booked")["total"] == 2
    assert _found(api, "status=cancelled,noshow")["total"] == 0
    assert _found(api, "status=pending")["total"] == 0  # a FHIR status no booking has
    assert _ids(_found(api, "date=ge2027-01-05")) == [booked["tuesday"]["id"]]
    assert _ids(_found(api, "start=le2027-01-04")) == [monday["id"]]
    assert _ids(_found(api, "date=2027-01-05")) == [booked["tuesday"]["id"]]
    assert _found(api, "start=ge2027-01-04&start=lt2027-01-05&status=booked")["total"] == 1
    assert _found(api, "date=ge2027-01-06&start=le2027-01-05")["total"] == 0
    both = f"patient:identifier={NHS_NUMBER}&date=ge2027-01-05"
    assert _found(api, both)["total"] == 0


def test_a_cancelled_appointment_is_found_by_its_status(api, booked):
    token = api.token()
    url = f"/fhir/Appointment/{booked['tuesday']['id']}"
    cancel = [{"op": "replace", "path": "/status", "value": "cancelled"}]
    patched = api.call("PATCH", url, token, json=cancel, content_type="application/json-patch+json")
    assert patched.status_code == 200
    assert _ids(_found(api, "status=cancelled", token)) == [booked["tuesday"]["id"]]


def test_pages_of_appointments(api, booked):
    first = _found(api, "_count=1")
    assert first["total"] == 2 and _ids(first) == [booked["monday"]["id"]]
    following = next(link["url"] for link in first["link"] if link["relation"] == "next")
    second = api.get(following.removeprefix("http://localhost"), api.token()).json
    assert _ids(second) == [booked["tuesday"]["id"]]
    assert [link["relation"] for link in second["link"]] == ["self"]


def test_wrong_values_are_422_naming_the_parameter(api, booked):
    token = api.token()
    for query, name in (
        ("patient:identifier=9434765918", "patient:identifier"),
        (f"patient:identifier={SYSTEM}|123", "patient:identifier"),
        ("date=ge2027-01-04T10:00:00Z", "date"),
        ("start=ge2027-01-10&start=le2027-01-04", "start"),
        ("date=soon", "date"),
        ("_count=0", "_count"),
    ):
        response = api.get(f"/fhir/Appointment?{query}", token)
        assert response.status_code == 422, query
        assert response.json["issue"][0]["expression"] == [name], query
    assert api.get("/fhir/Appointment").status_code == 401


def test_searches_are_audited_with_counts_only(api, booked):
    _found(api, f"patient:identifier={NHS_NUMBER}", api.token("Tring EMIS"))
    query = sa.select(AuditEvent).where(
        AuditEvent.action == "search", AuditEvent.entity_type == "booking"
    )
    events = db.session.scalars(query).all()
    assert [(e.actor, e.entity_id, e.after) for e in events] == [
        ("api:Tring EMIS", "appointment-search", {"what": "FHIR Appointment", "matches": 1})
    ]
    assert NHS_NUMBER not in str(events[0].after)


def test_the_parameters_read_into_a_filter():
    args = MultiDict(
        [
            ("patient:identifier", f"{SYSTEM}|943 476 5919,{OTHER_PATIENT}"),
            ("slot", "Slot/3-4"),
            ("status", "noshow"),
            ("date", "ge2027-01-04"),
            ("start", "lt2027-01-09"),
        ]
    )
    assert appointment_search(args) == AppointmentFilter(
        nhs_numbers=frozenset({NHS_NUMBER, OTHER_PATIENT}),
        slots=frozenset({(3, 4)}),
        statuses=frozenset({"did_not_attend"}),
        first_day=date(2027, 1, 4),
        last_day=date(2027, 1, 8),
    )
    assert appointment_search(MultiDict()) == AppointmentFilter()
    with pytest.raises(FhirError):
        appointment_search(MultiDict([("date", "ge2027-01-04T09:30:00")]))


def test_a_status_that_is_no_appointment_status_is_refused_by_name(api, booked):
    for codes in ("bogus", "booked,free"):
        response = api.get(f"/fhir/Appointment?status={codes}", api.token())
        assert response.status_code == 422, codes
        issue = response.json["issue"][0]
        assert (issue["code"], issue["expression"]) == ("code-invalid", ["status"])
