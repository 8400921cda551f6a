"""The FHIR API's routes: thin, each reading its request, calling one function and answering
a resource, a searchset Bundle or an OperationOutcome."""

import json

from flask import Blueprint, current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from audit.record import record_access
from booking.clocks import local_now
from extensions import db, limiter
from fhir_api import directory, schedules
from fhir_api.access import (
    TOKEN_RATE_LIMIT,
    caller,
    forget_caller,
    rate_key,
    rate_limit,
    retry_after_seconds,
    token_required,
)
from fhir_api.answers import (
    appointment_answer,
    base_url,
    booking_appointment,
    found_resource,
    page_of,
    search_parameters,
    searchset,
)
from fhir_api.appointment_bodies import parse_booking
from fhir_api.appointment_changes import parse_cancellation, parse_replacement
from fhir_api.appointment_search import appointment_search, find_appointments
from fhir_api.bookings import book, cancel_booking, visible_booking
from fhir_api.capability import capability_statement
from fhir_api.formats import JSON_TYPES, refuse_other_formats
from fhir_api.ids import number_id, parse_slot_id
from fhir_api.openapi import openapi_document
from fhir_api.outcomes import FhirError, error_response, fhir_response, refuse
from fhir_api.parameters import schedule_search, slot_search
from fhir_api.refusals import note_refusal
from fhir_api.search import MAX_RANGE_DAYS, page
from fhir_api.slot_pages import slot_page
from fhir_api.token_views import token, token_throttled
from fhir_api.tokens import TOKEN_SECONDS

bp = Blueprint("fhir", __name__, url_prefix="/fhir")
limiter.limit(rate_limit, key_func=rate_key)(bp)  # per client, or per address without a token
bp.teardown_request(forget_caller)
bp.before_request(refuse_other_formats)
bp.add_url_rule("/token", view_func=limiter.limit(TOKEN_RATE_LIMIT)(token), methods=["POST"])

DIRECTORY = {
    "HealthcareService": lambda args: directory.healthcare_services(args, local_now()),
    "Location": directory.locations,
    "Practitioner": directory.practitioners,
}
PATCH_TYPE = "application/json-patch+json"
# The issue type of each HTTP error the API answers without a view of its own.
HTTP_ISSUES = {
    400: "invalid",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    413: "too-long",
    415: "not-supported",
    429: "throttled",
}


def _refused(status: int, code: str) -> None:
    """A refused call writes nothing but its refusal, which the audit trail keeps."""
    db.session.rollback()
    if status < 500:
        note_refusal(status, code)


@bp.errorhandler(FhirError)
def fhir_error(error: FhirError):
    _refused(error.status, error.issues[0].code)
    return error_response(error)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    status = error.code or 500
    if status == 429 and request.endpoint == "fhir.token":
        _refused(status, "slow_down")
        return token_throttled(retry_after_seconds())
    found = refuse(status, HTTP_ISSUES.get(error.code, "exception"), error.description)
    _refused(status, found.issues[0].code)
    response = error_response(found)
    headers = dict(error.get_headers())
    if status == 429:
        headers["Retry-After"] = str(retry_after_seconds())
    for name in ("Allow", "Retry-After"):
        if name in headers:
            response.headers[name] = headers[name]
    return response


@bp.get("/")
def index():
    return render_template(
        "fhir/index.html",
        base=base_url(),
        token_minutes=TOKEN_SECONDS // 60,
        max_days=MAX_RANGE_DAYS,
    )


@bp.get("/metadata")
def metadata():
    return fhir_response(capability_statement(base_url()))


@bp.get("/openapi.json")
def openapi():
    return current_app.response_class(
        json.dumps(openapi_document(base_url()), indent=1), mimetype="application/json"
    )


def _directory_search(resource_type: str):
    @token_required()
    def search():
        args = search_parameters(resource_type)
        return searchset(DIRECTORY[resource_type](args), args, resource_type)

    return search


def _directory_read(resource_type: str):
    @token_required()
    def read(resource_id: str):
        found = directory.read(resource_type, resource_id, local_now())
        return found_resource(found, resource_type, resource_id)

    return read


for _type in DIRECTORY:
    bp.add_url_rule(f"/{_type}", f"{_type.lower()}_search", _directory_search(_type))
    bp.add_url_rule(f"/{_type}/<resource_id>", f"{_type.lower()}_read", _directory_read(_type))


@bp.get("/Schedule")
@token_required()
def schedule_search_view():
    args = search_parameters("Schedule")
    window, wanted = schedule_search(args)
    found = schedules.schedules(window, wanted)
    return searchset(page_of(found, args), args, "Schedule", total=len(found))


@bp.get("/Schedule/<resource_id>")
@token_required()
def schedule_read(resource_id: str):
    session_id = number_id(resource_id)
    found = schedules.read_schedule(session_id) if session_id else None
    return found_resource(found, "Schedule", resource_id)


@bp.get("/Slot")
@token_required()
def slot_search_view():
    args = search_parameters("Slot")
    window, wanted = slot_search(args)
    count, offset = page(args)
    found = slot_page(window, wanted, local_now(), offset, count)
    resources = [free.resource() for free in found.slots]
    return searchset(resources, args, "Slot", total=found.total)


@bp.get("/Slot/<resource_id>")
@token_required()
def slot_read(resource_id: str):
    found = parse_slot_id(resource_id)
    slot = schedules.read_slot(*found, local_now()) if found else None
    return found_resource(slot, "Slot", resource_id)


def _body(types: tuple[str, ...]):
    """The request's JSON body, if it is of one of the media types."""
    if request.mimetype not in types:
        raise refuse(415, "not-supported", f"Send the body as {' or '.join(types)}.")
    try:
        return json.loads(request.get_data(cache=False))
    except (UnicodeDecodeError, ValueError):
        raise refuse(400, "structure", "The body is not well-formed JSON.") from None


@bp.post("/Appointment")
@token_required("book")
def appointment_create():
    request_ = parse_booking(_body(JSON_TYPES))
    booking = book(request_, caller(), local_now())
    location = url_for("fhir.appointment_read", resource_id=booking.id, _external=True)
    return appointment_answer(booking, 201, Location=location)


@bp.get("/Appointment")
@token_required()
def appointment_search_view():
    args = search_parameters("Appointment")
    wanted = appointment_search(args)
    count, offset = page(args)
    total, resources = find_appointments(wanted, caller(), offset, count)
    record_access("search", "booking", "appointment-search", what="FHIR Appointment", matches=total)
    return searchset(resources, args, None, total=total)


def _visible(resource_id: str):
    booking_id = number_id(resource_id)
    booking = visible_booking(booking_id, caller()) if booking_id else None
    if booking is None:
        raise refuse(404, "not-found", f"There is no Appointment/{resource_id}.")
    return booking


@bp.get("/Appointment/<resource_id>")
@token_required()
def appointment_read(resource_id: str):
    booking = _visible(resource_id)
    record_access("view", "booking", booking.id, what="FHIR Appointment")
    return appointment_answer(booking)


def _if_match() -> int | None:
    """The version an If-Match header names (W/"3"), if one is sent."""
    text = request.headers.get("If-Match")
    if text is None:
        return None
    version = number_id(text.strip().removeprefix("W/").strip('"'))
    if version is None:
        raise refuse(400, "invalid", 'If-Match names a version, as W/"3".')
    return version


@bp.patch("/Appointment/<resource_id>")
@token_required("book")
def appointment_patch(resource_id: str):
    booking = _visible(resource_id)
    reason = parse_cancellation(_body((PATCH_TYPE,)))
    booking = cancel_booking(booking.id, caller(), _if_match(), local_now(), reason)
    return appointment_answer(booking)


@bp.put("/Appointment/<resource_id>")
@token_required("book")
def appointment_put(resource_id: str):
    """Cancel by sending the whole Appointment back with its status cancelled."""
    booking = _visible(resource_id)
    reason = parse_replacement(_body(JSON_TYPES), resource_id, booking_appointment(booking))
    booking = cancel_booking(booking.id, caller(), _if_match(), local_now(), reason)
    return appointment_answer(booking)


@bp.route("/<path:unknown>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(unknown: str):
    """Any other path: 405 where the path is the API's but the method is not, else (for
    a client with a token) 404."""
    adapter = current_app.url_map.bind("")
    allowed = set()
    for method in ("GET", "POST", "PUT", "PATCH"):
        try:
            endpoint, _ = adapter.match(request.path, method=method)
        except HTTPException:
            continue
        if endpoint != "fhir.unknown":
            allowed.add(method)
    if allowed:
        raise MethodNotAllowed(sorted(allowed))
    return token_required()(_not_found)()


def _not_found():
    raise NotFound(f"The API has no {request.path}: see {base_url()}/metadata.")
