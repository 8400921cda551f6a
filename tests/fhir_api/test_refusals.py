"""Refused and probing calls leave a trace: each 4xx in the audit trail (client, route,
status, code; never the query or body), and a failed token request in the security log."""

import json
from pathlib import Path

import sqlalchemy as sa

from audit.models import AuditEvent
from extensions import db
from tests.fhir_api.conftest import NHS_NUMBER, OTHER_PRACTICE, booking_body, sessions


def _refusals() -> list[dict]:
    query = sa.select(AuditEvent).where(AuditEvent.action == "refused").order_by(AuditEvent.id)
    return [{"actor": e.actor, "client": e.entity_id} | e.after for e in db.session.scalars(query)]


def _security(app, event: str) -> list[dict]:
    path = Path(app.config["SECURITY_LOG_PATH"])
    lines = path.read_text().splitlines() if path.exists() else []
    return [entry for entry in map(json.loads, lines) if entry["event"] == event]


def test_a_read_of_another_practices_appointment_is_kept(api, plan):
    slot = f"{sessions(plan)['orthopaedics 2027-01-04']}-2"
    booked = api.post("/fhir/Appointment", booking_body(slot), api.token()).json
    api.secrets.clear()
    prober = api.token("elsewhere", practice=OTHER_PRACTICE)
    assert api.get(f"/fhir/Appointment/{booked['id']}", prober).status_code == 404
    client_id = api.secrets["elsewhere"][0]
    assert _refusals() == [
        {
            "actor": "api:elsewhere",
            "client": client_id,
            "method": "GET",
            "route": "/fhir/Appointment/<resource_id>",
            "status": 404,
            "code": "not-found",
            "id": booked["id"],
        }
    ]


def test_a_422_keeps_the_route_and_code_but_no_patient_detail(api, plan):
    token = api.token()
    url = f"/fhir/Appointment?patient:identifier={NHS_NUMBER[:9]}0&status=bogus"
    assert api.get(url, token).status_code == 422
    body = booking_body("1-1", nhs_number="9434765918")  # a wrong check digit
    assert api.post("/fhir/Appointment", body, token).status_code == 422
    found = _refusals()
    assert [(r["method"], r["route"], r["status"]) for r in found] == [
        ("GET", "/fhir/Appointment", 422),
        ("POST", "/fhir/Appointment", 422),
    ]
    assert NHS_NUMBER[:9] not in json.dumps(found)


def test_calls_without_a_valid_token_are_kept_as_anonymous(api, plan):
    api.get("/fhir/Slot")
    api.get("/fhir/Patient/9434765919", "forged")
    found = _refusals()
    assert [(r["actor"], r["client"], r["status"], r["code"]) for r in found] == [
        ("api:anonymous", "-", 401, "login"),
        ("api:anonymous", "-", 401, "expired"),
    ]
    assert found[1]["route"] == "/fhir/<path:unknown>"  # not the path typed, with its number


def test_failed_token_requests_go_to_the_security_log(api, app, plan):
    client_id, _ = api.credentials("surgery")
    for form_id in (client_id, "my-secret-typed-here"):
        form = {"grant_type": "client_credentials", "client_id": form_id, "client_secret": "no"}
        assert api.client.post("/fhir/token", data=form).status_code == 401
    known, unknown = _security(app, "api_token_refused")
    assert (known["reason"], known["client_id"]) == ("bad_secret", client_id)
    assert unknown["reason"] == "unknown_client" and "client_id" not in unknown
    assert "my-secret-typed-here" not in json.dumps(unknown) and unknown["username_hash"]
    assert [(r["route"], r["code"]) for r in _refusals()] == [("/fhir/token", "invalid_client")] * 2


def test_a_successful_call_leaves_no_refusal(api, plan):
    assert api.get("/fhir/Location", api.token()).status_code == 200
    assert _refusals() == []
