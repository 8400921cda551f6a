"""The OpenAPI 3.1 document of the API, served at /fhir/openapi.json.

Its search parameters come from capability.RESOURCES, as the CapabilityStatement's do; the
schemas say what the API answers (the FHIR R4 resources, as far as this API fills them).
"""

from fhir_api.capability import RESOURCES, Param, ResourceSpec
from fhir_api.datatypes import APPOINTMENT_TYPES, NHS_NUMBER_SYSTEM
from fhir_api.ids import FHIR_ID
from fhir_api.openapi_schemas import SCHEMAS, STRING, json_object
from fhir_api.search import MAX_COUNT, MAX_RANGE_DAYS
from fhir_api.tokens import TOKEN_SECONDS

FHIR_JSON = "application/fhir+json"
DESCRIPTION = f"""\
Free appointment slots of the Dacorum mobile clinics, and booking them, for the NHS systems
around the service: FHIR R4 resources in the shapes of GP Connect Appointment Management and
the NHS Booking and Referral Standard. Every resource answered validates against the R4B
models of the `fhir.resources` package.

**Access.** `/metadata`, `/openapi.json` and `/` are public. Everything else takes a bearer
token from `POST /token` (OAuth 2.0 client credentials: `grant_type=client_credentials`,
`client_id`, `client_secret`, optional `scope` of `read` or `book`), good for
{TOKEN_SECONDS // 60} minutes. Without a valid token a call gets 401 with
`WWW-Authenticate`; a `read` token cannot book or cancel (403). An API client acts for one
GP practice: it sees and books only the appointments of its practice's referrals, and any
other answers 404 (422 when a body names another practice's referral), so nothing tells a
client which other patients the service has. Calls are rate limited per client (429), and
every call is kept in the audit trail under the client's name, with no patient detail but
ids (reads of the directory and slots are written in batches, within a second).

**Schedules and slots.** Each clinic session of the published plan is a `Schedule` (one
service at one site, a morning or an afternoon, with its clinicians); each of its
appointment times is a `Slot` whose id, `<session id>-<appointment number>`, stays the same
while the plan is published. `GET /Slot` finds free slots whose start falls in a range given
as `start=ge<date>&start=le<date>`, at most {MAX_RANGE_DAYS} days apart
(`start=ge2027-01-04&start=le2027-01-18`); a range missing a bound or wider is refused with
422 and an OperationOutcome naming `start`.

**Booking.** `POST /Appointment` with `status` `booked`, one `slot` reference
(`Slot/<id>`), and one `participant` whose `actor.identifier` has system
`{NHS_NUMBER_SYSTEM}` and the patient's NHS number (its check digit is checked). With
`basedOn` `[{{"reference": "ServiceRequest/<referral number>"}}]` it books that referral of
your practice. Without `basedOn` a referral is made for your practice, checked as the booking
desk checks one, from a `contained` Patient: `name` (`text`, or `given` and `family`; else the
participant's `display`), `birthDate` and `address[0].postalCode`; `comment` becomes its
notes. A patient who already waits for the service is refused (422, naming the referral to
book with `basedOn` when it is your practice's). The answer is 201 with the Appointment and
its `Location`. A slot that was taken (even a moment before) is 409; a body that is not JSON
is 400; one that is not a valid Appointment, names no bookable slot, or has an NHS number
that fails its check digit is 422, with an OperationOutcome whose `expression` names the
field. Nothing is written when a booking is refused.

**Search parameters.** A search ignores a parameter it does not know, as FHIR servers do,
and its Bundle's `self` link lists only the parameters it used. Send
`Prefer: handling=strict` to be refused instead: 400 with an OperationOutcome naming each
unknown parameter.

**Your appointments.** `GET /Appointment` searches your practice's appointments (never
another practice's): by patient, `patient:identifier={NHS_NUMBER_SYSTEM}|<NHS number>` (or
the number alone); by `slot` (`Slot/<id>`); by `status` (FHIR's: booked, arrived, fulfilled,
noshow, cancelled); and by whole days of their start, `date` or GP Connect's `start`
(`start=ge2027-01-04&start=le2027-01-18`; either bound may be left out; a time of day is
refused with 422). The searchset is soonest first and paged with `_count` and `_offset`.

**Cancelling.** `PATCH /Appointment/<id>` with a JSON Patch
(`application/json-patch+json`) `[{{"op": "replace", "path": "/status", "value":
"cancelled"}}]`, or `PUT /Appointment/<id>` with the whole Appointment as read and its
`status` set to `cancelled`, recorded as cancelled by the patient. Cancelling is the only
change: a PUT that changes any other field is refused with 422 naming it (`meta` and
`cancelationReason` aside), and one whose `id` is not the URL's with 400. Send
`If-Match: W/"<version>"` (the ETag of the last read) to refuse the change (412) if the
appointment changed meanwhile.
"""


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
    "409": "The slot has just been taken, or another change held the record.",
    "412": "The appointment changed since the version If-Match names.",
    "413": "The body is too large.",
    "415": "The body is not of the media type the operation takes.",
    "422": "The request is understood but wrong: the OperationOutcome names the field.",
    "429": "Too many calls: wait and try again.",
}


def _responses(success: dict, *codes: str) -> dict:
    found = dict(success)
    for code in ("401", "429", *codes):
        headers = {"WWW-Authenticate": 'Bearer realm="fhir".'} if code == "401" else {}
        found[code] = _answer(_OUTCOMES[code], "OperationOutcome", **headers)
    return found


ENUMS = {
    ("Slot", "status"): ["free"],
    ("Slot", "appointment-type"): sorted(APPOINTMENT_TYPES.values()),
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
                    "429": _answer(_OUTCOMES["429"], "OperationOutcome"),
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
