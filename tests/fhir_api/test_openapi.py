"""The OpenAPI document: a valid OpenAPI 3.1 description that the API keeps to, checked by
schemathesis with data generated from the document itself (no 500, no answer outside what
the document says: status, media type, headers and schema)."""

from datetime import date, timedelta

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from booking.models import Booking, SessionSlot
from booking.openings import session_opening
from extensions import db
from fhir_api.appointments import appointment
from fhir_api.capability import RESOURCES
from fhir_api.openapi import openapi_document
from inputs.models import Clinician, Service, Site
from plans.models import ClinicSession
from tests.booking.conftest import nhs_number
from tests.fhir_api.conftest import NHS_NUMBER, booking_body, sessions

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 25  # per operation: enough to reach each refusal, quick enough for every run


def test_every_search_parameter_of_the_capability_statement_is_documented():
    document = openapi_document("http://localhost/fhir")
    for spec in RESOURCES:
        if not spec.params:
            continue
        parameters = document["paths"][f"/{spec.type}"]["get"]["parameters"]
        documented = {p["name"] for p in parameters if p["in"] == "query"}
        assert documented == {p.query_name for p in spec.params}, spec.type


def test_the_slot_search_documents_appointment_type_for_new_patients():
    document = openapi_document("http://localhost/fhir")
    slot = document["paths"]["/Slot"]["get"]["parameters"]
    kind = next(p for p in slot if p["name"] == "appointment-type")
    assert kind["schema"] == {"enum": ["FOLLOWUP", "ROUTINE"]}
    assert "new patients" in kind["description"]
    assert "appointment-type=ROUTINE" in document["info"]["description"]
    new = document["components"]["schemas"]["NewAppointment"]["properties"]
    assert "Not kept" in new["description"]["description"]
    assert "slot's start" in new["start"]["description"]


def test_every_search_takes_strict_handling_and_may_answer_400():
    document = openapi_document("http://localhost/fhir")
    for spec in RESOURCES:
        if not spec.params:
            continue
        search = document["paths"][f"/{spec.type}"]["get"]
        assert "Prefer" in {p["name"] for p in search["parameters"]}, spec.type
        assert "400" in search["responses"], spec.type


def test_the_served_document_is_the_one_tested(api):
    assert api.get("/fhir/openapi.json").json == openapi_document("http://localhost/fhir")


def test_the_document_loads_as_openapi():
    schema = schemathesis.openapi.from_dict(openapi_document("http://localhost/fhir"))
    operations = {f"{op.ok().method.upper()} {op.ok().path}" for op in schema.get_all_operations()}
    assert "POST /Appointment" in operations and "PATCH /Appointment/{resource_id}" in operations
    assert "PUT /Appointment/{resource_id}" in operations


@pytest.fixture
def bearer(api, plan) -> dict:
    """A book-scoped token of a practice that has booked one appointment already."""
    token = api.token()
    tuesday = sessions(plan)["orthopaedics 2027-01-05"]
    assert api.post("/fhir/Appointment", booking_body(f"{tuesday}-0"), token).status_code == 201
    return {"Authorization": f"Bearer {token}"}


# Made from the document the app serves (schemathesis's lazy fixture loading does not run
# under this pytest); each case is sent to the test's own app.
schema = schemathesis.openapi.from_dict(openapi_document("http://localhost/fhir"))

# Data drawn from the document alone rarely names a real slot or a two-week range, so half
# of the cases are steered to the test's data: real ids, ranges that can match, and bodies
# that can book. The other half stay as the document alone makes them.
PLAN_DAYS = st.dates(date(2027, 1, 1), date(2027, 1, 12))
WINDOWS = st.builds(
    lambda day, days: [f"ge{day}", f"le{day + timedelta(days=days)}"], PLAN_DAYS, st.integers(0, 16)
)
CANCEL = [{"op": "replace", "path": "/status", "value": "cancelled"}]


def _ids(path: str) -> list[str]:
    """Ids that exist in the test's data, for a read of `path`."""
    kind = path.split("/")[1]
    if kind == "Slot":
        rows = db.session.execute(sa.select(SessionSlot.session_id, SessionSlot.number))
        return [f"{session}-{number}" for session, number in rows]
    model = {
        "Location": Site,
        "HealthcareService": Service,
        "Practitioner": Clinician,
        "Schedule": ClinicSession,
        "Appointment": Booking,
    }[kind]
    return [str(key) for key in db.session.scalars(sa.select(model.id))]


def _cancelled_appointments() -> list[dict]:
    """Each appointment of the test's data as read, with its status set to cancelled: a
    body that can cancel it by PUT."""
    bookings = db.session.scalars(sa.select(Booking).order_by(Booking.id))
    return [
        appointment(b, session_opening(b.session_id)) | {"status": "cancelled"} for b in bookings
    ]


def _half(real: st.SearchStrategy, generated) -> st.SearchStrategy:
    return st.one_of(st.just(generated), real)


@schema.hook
def flatmap_query(context, query):
    if context.operation.path == "/Appointment" and context.operation.method.upper() == "GET":
        patients = st.sampled_from([NHS_NUMBER, f"https://fhir.nhs.uk/Id/nhs-number|{NHS_NUMBER}"])
        return _half(patients.map(lambda key: (query or {}) | {"patient:identifier": key}), query)
    name = {"/Slot": "start", "/Schedule": "date"}.get(context.operation.path)
    if name is None:
        return st.just(query)
    return _half(WINDOWS.map(lambda window: (query or {}) | {name: window}), query)


@schema.hook
def flatmap_path_parameters(context, parameters):
    if not parameters or "resource_id" not in parameters:
        return st.just(parameters)
    ids = st.sampled_from(_ids(context.operation.path))
    return _half(ids.map(lambda key: parameters | {"resource_id": key}), parameters)


@schema.hook
def flatmap_body(context, body):
    if context.operation.path == "/Appointment" and context.operation.method.upper() == "GET":
        slots = st.sampled_from(_ids("/Slot/"))
        patients = st.integers(1, 10_000).map(nhs_number) | st.from_regex(r"\A\d{10}\Z")
        return _half(st.builds(booking_body, slots, patients), body)
    if context.operation.method.upper() == "PATCH":
        return _half(st.just(CANCEL), body)
    if context.operation.method.upper() == "PUT":
        return _half(st.sampled_from(_cancelled_appointments()), body)
    return st.just(body)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_keeps_to_its_openapi_document(case, api, bearer):
    case.call_and_validate(app=api.client.application, headers=bearer, checks=CHECKS)
