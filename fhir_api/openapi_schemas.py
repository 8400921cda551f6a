"""The schemas of the OpenAPI document: what the API answers and takes, as JSON Schema
(the FHIR R4 resources as far as this API fills them)."""

from fhir_api.capability import RESOURCES


def json_object(required: list[str], **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


STRING = {"type": "string"}
_INSTANT = {"type": "string", "format": "date-time"}
_REFERENCE = json_object(["reference"], reference=STRING, display=STRING)
_ARRAY_OF_OBJECTS = {"type": "array", "minItems": 1, "items": {"type": "object"}}


def _resource(resource_type: str, required: list[str], **properties) -> dict:
    return json_object(
        ["resourceType", *required], resourceType={"const": resource_type}, **properties
    )


SCHEMAS = {
    "OperationOutcome": _resource(
        "OperationOutcome",
        ["issue"],
        issue={
            "type": "array",
            "minItems": 1,
            "items": json_object(
                ["severity", "code"],
                severity={"enum": ["fatal", "error", "warning", "information"]},
                code=STRING,
                diagnostics=STRING,
                expression={"type": "array", "items": STRING},
            ),
        },
    ),
    "CapabilityStatement": _resource(
        "CapabilityStatement", ["status", "kind", "fhirVersion", "format", "rest"]
    ),
    "HealthcareService": _resource("HealthcareService", ["id", "name"], id=STRING, name=STRING),
    "Location": _resource("Location", ["id", "name"], id=STRING, name=STRING),
    "Practitioner": _resource("Practitioner", ["id", "name"], id=STRING, name=_ARRAY_OF_OBJECTS),
    "Schedule": _resource(
        "Schedule",
        ["id", "actor", "planningHorizon"],
        id=STRING,
        actor={"type": "array", "minItems": 1, "items": _REFERENCE},
        planningHorizon=json_object(["start", "end"], start=_INSTANT, end=_INSTANT),
    ),
    "Slot": _resource(
        "Slot",
        ["id", "schedule", "status", "start", "end"],
        id=STRING,
        schedule=_REFERENCE,
        status={"enum": ["free", "busy", "busy-unavailable"]},
        start=_INSTANT,
        end=_INSTANT,
    ),
    "Appointment": _resource(
        "Appointment",
        ["id", "status", "start", "end", "slot", "participant", "basedOn"],
        id=STRING,
        status={"enum": ["booked", "arrived", "fulfilled", "noshow", "cancelled"]},
        start=_INSTANT,
        end=_INSTANT,
        slot={"type": "array", "minItems": 1, "maxItems": 1, "items": _REFERENCE},
        basedOn={"type": "array", "items": _REFERENCE},
        participant=_ARRAY_OF_OBJECTS,
    ),
    "NewAppointment": _resource(
        "Appointment",
        ["status", "slot", "participant"],
        status={"const": "booked"},
        slot={"type": "array", "minItems": 1, "maxItems": 1, "items": _REFERENCE},
        participant={
            "type": "array",
            "minItems": 1,
            "items": json_object(
                ["actor", "status"],
                actor={"type": "object"},
                status={"const": "accepted"},
            ),
        },
        basedOn={"type": "array", "maxItems": 1, "items": _REFERENCE},
        contained={"type": "array", "items": {"type": "object"}},
        comment=STRING
        | {"description": "Kept as the new referral's notes; with basedOn, not kept."},
        start=_INSTANT
        | {"description": "Optional: if given, the slot's start, else 422 naming it."},
        end=_INSTANT | {"description": "Optional: if given, the slot's end, else 422 naming it."},
        description=STRING | {"description": "Not kept: a booking has no place for it."},
    ),
    "Cancellation": {
        "type": "array",
        "minItems": 1,
        "items": json_object(["op", "path", "value"], op={"enum": ["replace", "add"]}, path=STRING),
    },
    "Token": json_object(
        ["access_token", "token_type", "expires_in"],
        access_token=STRING,
        token_type={"const": "bearer"},
        expires_in={"type": "integer"},
        scope=STRING,
    ),
    "OAuthError": json_object(["error"], error=STRING, error_description=STRING),
}
for _spec in RESOURCES:
    SCHEMAS[f"{_spec.type}Bundle"] = _resource(
        "Bundle",
        ["type", "total"],
        type={"const": "searchset"},
        total={"type": "integer", "minimum": 0},
        entry={
            "type": "array",
            "items": json_object(
                ["fullUrl", "resource"],
                fullUrl=STRING,
                resource={"$ref": f"#/components/schemas/{_spec.type}"},
            ),
        },
    )
