"""The OpenAPI document's schemas accept the resources the API really answers."""

import jsonschema_rs

from booking.openings import session_opening
from booking.service import book
from extensions import db
from fhir_api import directory, schedules
from fhir_api.appointments import appointment
from fhir_api.capability import capability_statement
from fhir_api.openapi import openapi_document
from inputs.models import Clinician, Service, Site
from tests.booking.conftest import NOW
from tests.fhir_api.conftest import sessions


def _validator(name: str):
    document = openapi_document("http://localhost/fhir")
    schema = {"$ref": f"#/components/schemas/{name}"} | {"components": document["components"]}
    return jsonschema_rs.validator_for(schema)


def test_the_schemas_accept_real_resources(desk, plan):
    session_id = sessions(plan)["orthopaedics 2027-01-04"]
    booking = book(desk.referral().id, session_id, now=NOW)
    opening = session_opening(session_id)
    answers = {
        "Appointment": appointment(booking, opening),
        "Slot": schedules.slot(opening, 1, "new"),
        "Schedule": schedules.schedule(opening, [("c1", "Dr One")]),
        "Location": directory.location(db.session.get(Site, opening.site_id)),
        "HealthcareService": directory.healthcare_service(
            db.session.get(Service, "orthopaedics"), {}
        ),
        "Practitioner": directory.practitioner(db.session.scalars(db.select(Clinician)).first()),
        "CapabilityStatement": capability_statement("http://localhost/fhir"),
    }
    for name, resource in answers.items():
        errors = [str(e) for e in _validator(name).iter_errors(resource)]
        assert errors == [], name


def test_the_schemas_refuse_what_is_not_the_resource():
    assert not _validator("Slot").is_valid({"resourceType": "Slot", "id": "1-1"})
    assert not _validator("OperationOutcome").is_valid({"resourceType": "OperationOutcome"})
