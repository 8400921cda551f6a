"""The OpenAPI 3.1 document of the API, served at /fhir/openapi.json.

Its search parameters come from capability.RESOURCES, as the CapabilityStatement's do; the
schemas say what the API answers (the FHIR R4 resources, as far as this API fills them).
"""

from fhir_api.appointments import FHIR_STATUSES
from fhir_api.capability import RESOURCES, Param, ResourceSpec
from fhir_api.datatypes import APPOINTMENT_TYPES
from fhir_api.ids import FHIR_ID
from fhir_api.openapi_description import DESCRIPTION
from fhir_api.openapi_schemas import SCHEMAS, STRING, json_object
from fhir_api.search import MAX_COUNT

FHIR_JSON = "application/fhir+json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _answer(description: str, schema: str, media: str = FHIR_JSON, **headers) -> dict:
    found = {"description": description, "content": {media: {"schema": _ref(schema)}}}
    if headers:
        found["headers"] = {
            name: {"description": text, "required": True, "schema": STRING}
            for name, text in headers.items()
        }
    return found


_OUTCOMES = {
    "400": "The body is not well-formed JSON, a header is unreadable, or (with Prefer: "
    "handling=strict) a search parameter is unknown.",
    "401": "No bearer token, or one that is not valid or has expired.",
    "403": "The token's scope does not allow it (booking needs book).",
    "404": "No such resource, or one of another practice's patients.",
    "406": "Accept or _format asks for no JSON: the API answers FHIR JSON only.",
    "409": "The slot has just been taken, or another change held the record.",
    "412": "The appointment changed since the version If-Match names.",
    "413": "The body is too large.",
    "415": "The body is not of the media type the operation takes.",
    "422": "The request is understood but wrong: the OperationOutcome names the field.",
    "429": "Too many calls: wait and try again.",
}


HEADERS = {
    "401": {"WWW-Authenticate": 'Bearer realm="fhir".'},
    "429": {"Retry-After": "Seconds to wait before calling again."},
}


def _responses(success: dict, *codes: str) -> dict:
    found = dict(success)
    for code in ("401", "406", "429", *codes):
        headers = HEADERS.get(code, {})
        found[code] = _answer(_OUTCOMES[code], "OperationOutcome", **headers)
    return found


ENUMS = {
    ("Slot", "status"): ["free"],
    ("Slot", "appointment-type"): sorted(APPOINTMENT_TYPES.values()),
    ("Appointment", "status"): sorted(FHIR_STATUSES),
}


def _parameter(resource_type: str, param: Param) -> dict:
    if param.type == "number":
        schema = {"type": "integer", "minimum": 0 if param.name == "_offset" else 1}
        if param.name == "_count":
            schema["maximum"] = MAX_COUNT
    elif param.type == "date":
        schema = {"type": "array", "minItems": 1, "maxItems": 2, "items": STRING}
    elif (resource_type, param.name) in ENUMS:
        schema = {"enum": ENUMS[resource_type, param.name]}
    else:
        schema = STRING
    found = {"name": param.query_name, "in": "query", "description": param.documentation}
    return found | {"required": param.required, "schema": schema, "style": "form", "explode": True}


_ID_PARAMETER = {
    "name": "resource_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": FHIR_ID.pattern},
}

_PREFER = {
    "name": "Prefer",
    "in": "header",
    "required": False,
    "description": "handling=strict: refuse (400) a search parameter the API does not know, "
    "rather than ignore it.",
    "schema": STRING,
}
_IF_MATCH = {"name": "If-Match", "in": "header", "required": False, "schema": STRING}
_CHANGE_REFUSALS = ("400", "403", "404", "409", "412", "413", "415", "422")


def _search(spec: ResourceSpec, security: list) -> dict:
    return {
        "summary": f"Search {spec.type}",
        "description": spec.documentation,
        "security": security,
        "parameters": [*(_parameter(spec.type, p) for p in spec.params), _PREFER],
        "responses": _responses(
            {"200": _answer("What matched.", f"{spec.type}Bundle")}, "400", "422"
        ),
    }


def _paths() -> dict:
    read, book = [{"oauth": ["read"]}], [{"oauth": ["book"]}]
    paths = {
        "/metadata": {
            "get": {
                "summary": "The CapabilityStatement (no token needed)",
                "security": [],
                "responses": {"200": _answer("What the server offers.", "CapabilityStatement")},
            }
        },
        "/token": {
            "post": {
                "summary": "A bearer token for a client's id and secret (client credentials)",
                "security": [],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": json_object(
                                ["grant_type", "client_id", "client_secret"],
                                grant_type={"const": "client_credentials"},
                                client_id=STRING,
                                client_secret=STRING,
                                scope={"enum": ["read", "book", "read book"]},
                            )
                        }
                    },
                },
                "responses": {
                    "200": _answer("The token.", "Token", "application/json"),
                    "400": _answer(
                        "A field is missing or wrong.", "OAuthError", "application/json"
                    ),
                    "401": _answer(
                        "No such client, or a wrong secret.", "OAuthError", "application/json"
                    ),
                    "429": _answer(
                        "Too many token requests from this address: error slow_down.",
                        "OAuthError",
                        "application/json",
                        **HEADERS["429"],
                    ),
                },
            }
        },
    }
    for spec in RESOURCES:
        one = {
            "get": {
                "summary": f"Read a {spec.type}",
                "security": read,
                "parameters": [_ID_PARAMETER],
                "responses": _responses({"200": _answer("Found.", spec.type)}, "404"),
            }
        }
        if "search-type" in spec.interactions:
            paths[f"/{spec.type}"] = {"get": _search(spec, read)}
        if spec.type == "Appointment":
            paths.setdefault("/Appointment", {}).update(
                {
                    "post": {
                        "summary": "Book a free slot",
                        "security": book,
                        "requestBody": {
                            "required": True,
                            "content": {
                                media: {"schema": _ref("NewAppointment")}
                                for media in (FHIR_JSON, "application/json")
                            },
                        },
                        "responses": _responses(
                            {
                                "201": _answer(
                                    "Booked.",
                                    "Appointment",
                                    Location="The new appointment.",
                                    ETag="Its version, for If-Match.",
                                )
                            },
                            "400",
                            "403",
                            "409",
                            "413",
                            "415",
                            "422",
                        ),
                    }
                }
            )
            one["patch"] = {
                "summary": "Cancel an appointment",
                "security": book,
                "parameters": [_ID_PARAMETER, _IF_MATCH],
                "requestBody": {
                    "required": True,
                    "content": {"application/json-patch+json": {"schema": _ref("Cancellation")}},
                },
                "responses": _responses(
                    {"200": _answer("Cancelled.", "Appointment")}, *_CHANGE_REFUSALS
                ),
            }
            one["put"] = {
                "summary": "Cancel an appointment by sending it back with status cancelled",
                "description": (
                    "The whole Appointment as read, with `status` cancelled and nothing else "
                    "changed (`meta` and `cancelationReason` aside): any other difference is "
                    "422 naming the field, and an `id` other than the URL's is 400."
                ),
                "security": book,
                "parameters": [_ID_PARAMETER, _IF_MATCH],
                "requestBody": {
                    "required": True,
                    "content": {
                        media: {"schema": _ref("Appointment")}
                        for media in (FHIR_JSON, "application/json")
                    },
                },
                "responses": _responses(
                    {"200": _answer("Cancelled.", "Appointment")}, *_CHANGE_REFUSALS
                ),
            }
        paths[f"/{spec.type}/{{resource_id}}"] = one
    return paths


SCOPES = {
    "read": "The directory, free slots and your patients' appointments.",
    "book": "Reading, and booking and cancelling appointments.",
}


def openapi_document(base_url: str) -> dict:
    """The OpenAPI document of the API served at base_url (…/fhir)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Dacorum Mobile Clinics FHIR API",
            "version": "1.0.0",
            "description": DESCRIPTION,
        },
        "servers": [{"url": base_url}],
        "paths": _paths(),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "oauth": {
                    "type": "oauth2",
                    "flows": {
                        "clientCredentials": {
                            "tokenUrl": f"{base_url}/token",
                            "scopes": SCOPES,
                        }
                    },
                }
            },
        },
    }
