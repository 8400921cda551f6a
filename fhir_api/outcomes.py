"""OperationOutcome answers: every refusal of the API says what was wrong, and where."""

import json
from dataclasses import dataclass, field

from flask import Response

FHIR_JSON = "application/fhir+json"


@dataclass(frozen=True)
class Issue:
    """One problem: its FHIR issue type, the words for a person, and the FHIRPath of what
    it is about (a field of the body, or a search parameter's name)."""

    code: str
    diagnostics: str
    expression: str | None = None


@dataclass
class FhirError(Exception):
    """A refusal with its HTTP status and issues, answered as an OperationOutcome."""

    status: int
    issues: list[Issue]
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return "; ".join(issue.diagnostics for issue in self.issues)


def refuse(status: int, code: str, diagnostics: str, expression: str | None = None, **headers):
    """A FhirError of one issue."""
    return FhirError(status, [Issue(code, diagnostics, expression)], headers)


def outcome(issues: list[Issue], severity: str = "error") -> dict:
    """The OperationOutcome of the issues."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {"severity": severity, "code": issue.code, "diagnostics": issue.diagnostics}
            | ({"expression": [issue.expression]} if issue.expression else {})
            for issue in issues
        ],
    }


def fhir_response(resource: dict, status: int = 200, headers: dict | None = None) -> Response:
    """A resource as FHIR JSON."""
    body = json.dumps(resource, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, headers=headers or {}, mimetype=FHIR_JSON)


def error_response(error: FhirError) -> Response:
    return fhir_response(outcome(error.issues), error.status, error.headers)
