"""OperationOutcome answers."""

from fhir_api.outcomes import FhirError, Issue, error_response, outcome, refuse
from tests.fhir_api.conftest import assert_valid


def test_an_outcome_names_each_issue_and_where_it_is():
    found = outcome([Issue("value", "Wrong.", "Appointment.status"), Issue("required", "Missing.")])
    assert_valid(found)
    assert found["issue"] == [
        {
            "severity": "error",
            "code": "value",
            "diagnostics": "Wrong.",
            "expression": ["Appointment.status"],
        },
        {"severity": "error", "code": "required", "diagnostics": "Missing."},
    ]


def test_a_refusal_answers_with_its_status_and_headers(app):
    error = refuse(401, "login", "Send a token.", **{"WWW-Authenticate": "Bearer"})
    assert isinstance(error, FhirError) and str(error) == "Send a token."
    response = error_response(error)
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
    assert response.mimetype == "application/fhir+json"
    assert response.json["issue"][0]["code"] == "login"
