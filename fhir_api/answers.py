"""The API's answers: a searchset Bundle whose links name the parameters it used, a resource
read (or 404), an appointment with its version as ETag."""

from flask import request, url_for

from booking.openings import session_opening
from fhir_api.access import note_read
from fhir_api.appointments import appointment
from fhir_api.cancellation_reasons import cancel_reasons
from fhir_api.handling import search_args
from fhir_api.outcomes import fhir_response, refuse
from fhir_api.search import bundle, page


def base_url() -> str:
    return url_for("fhir.metadata", _external=True).removesuffix("/metadata")


def search_parameters(resource_type: str):
    """The search parameters of the request that the search uses (see handling)."""
    return search_args(resource_type, request.args, request.headers.get("Prefer"))


def searchset(resources: list[dict], args, what: str | None, *, total: int | None = None):
    """A searchset of the resources on a page, its links naming the parameters used (`args`);
    `total`, when given, is how many the whole search found, and the Bundle links the next
    page if there is one. A search of `what` (the directory, slots) is noted in the client's
    read trail; a search of patients' records (what None) is audited by its view."""
    next_url = None
    asked = args.to_dict(flat=False)  # every value of a repeated parameter (start=ge, le)
    if total is None:
        total = len(resources)
    else:
        count, offset = page(args)
        if offset + count < total:
            after = {"_offset": [offset + count], "_count": [count]}
            next_url = url_for(request.endpoint, _external=True, **(asked | after))
    base = base_url()
    entries = [(f"{base}/{r['resourceType']}/{r['id']}", r) for r in resources]
    if what is not None:
        note_read("search", what, rows=total)
    self_url = url_for(request.endpoint, _external=True, **asked)
    return fhir_response(bundle(entries, self_url, total=total, next_url=next_url))


def page_of(found: list, args) -> list:
    """The page of what a search found that the request asks for."""
    count, offset = page(args)
    return found[offset : offset + count]


def found_resource(resource: dict | None, what: str, resource_id: str):
    if resource is None:
        raise refuse(404, "not-found", f"There is no {what}/{resource_id}.")
    note_read("view", f"{what}/{resource_id}"[:40])
    return fhir_response(resource)


def booking_appointment(booking) -> dict:
    """The booking as the API answers it: an Appointment, with the reason it was cancelled
    for when one was given."""
    reasons = cancel_reasons([booking.id]) if booking.status == "cancelled" else {}
    return appointment(booking, session_opening(booking.session_id), reasons)


def appointment_answer(booking, status: int = 200, **headers):
    headers["ETag"] = f'W/"{booking.version}"'
    return fhir_response(booking_appointment(booking), status, headers)
