"""The bodies that change an appointment, checked: a JSON Patch of its status (PATCH), or
the whole Appointment sent back with its status cancelled (PUT).

Cancelling, at the patient's request, is the one change a practice's system can make: the
time, place and patient of an appointment are the booking desk's to change. So a PUT must
send back the Appointment as it was read with only `status` changed, to `cancelled`; a
`cancelationReason` may come with it (its words are kept, and the appointment is recorded as
cancelled by the patient), and `meta` is the server's. Every other field that differs is
named in the refusal.
"""

from fhir.resources.R4B.appointment import Appointment

from fhir_api.appointment_bodies import MAX_ISSUES, appointment_model
from fhir_api.cancellation_reasons import reason_text
from fhir_api.outcomes import FhirError, Issue

# Fields a PUT may leave out or change without changing the appointment: `id` is checked
# against the URL and `status` on its own.
NOT_COMPARED = frozenset({"resourceType", "id", "meta", "status", "cancelationReason"})


def parse_cancellation(body: object) -> str:
    """Check a JSON Patch that cancels an appointment: it replaces /status with "cancelled"
    (and may set /cancelationReason); return the reason's words ("" if none).

    Raises:
        FhirError: 422 naming what the patch may not do.
    """
    usage = (
        'Cancel with [{"op": "replace", "path": "/status", "value": "cancelled"}]; '
        "nothing else of an appointment can be changed here."
    )
    if not isinstance(body, list) or not body:
        raise FhirError(422, [Issue("structure", f"The body must be a JSON Patch. {usage}")])
    cancels, reason = False, ""
    for index, operation in enumerate(body):
        at = f"/{index}"
        if not isinstance(operation, dict) or operation.get("op") not in ("replace", "add"):
            raise FhirError(422, [Issue("not-supported", usage, at)])
        path, value = operation.get("path"), operation.get("value")
        if path == "/status" and value == "cancelled":
            cancels = True
        elif path == "/cancelationReason":
            reason = reason_text(value, f"{at}/value")
        else:
            raise FhirError(422, [Issue("not-supported", usage, at)])
    if not cancels:
        raise FhirError(422, [Issue("not-supported", usage)])
    return reason


def _fields(appointment: Appointment) -> dict:
    """The appointment's fields as FHIR JSON, written one way (an instant in Z or +00:00
    is the same instant)."""
    return appointment.model_dump(mode="json", by_alias=True, exclude_none=True)


def parse_replacement(body: object, resource_id: str, current: dict) -> str:
    """Check a whole Appointment sent (PUT) to replace `current`, the appointment as the API
    answers it now: the same, but for its status, which is cancelled; return the words of
    its cancelationReason ("" if none).

    Raises:
        FhirError: 400 when the body's id is not the URL's (or missing); 422 when the body
            is no valid Appointment, its status is not cancelled, or it changes anything
            else, with an issue naming each field.
    """
    if not isinstance(body, dict) or body.get("resourceType") != "Appointment":
        raise FhirError(
            422, [Issue("invalid", "The body must be an Appointment resource.", "resourceType")]
        )
    if body.get("id") != resource_id:
        raise FhirError(
            400,
            [
                Issue(
                    "invalid",
                    f"The body's id must be the one in the URL, {resource_id}.",
                    "Appointment.id",
                )
            ],
        )
    sent, held = _fields(appointment_model(body)), _fields(Appointment.model_validate(current))
    issues = []
    if sent.get("status") != "cancelled":
        issues.append(
            Issue(
                "not-supported",
                "Only cancelling can be sent: set status to cancelled and leave the rest as read.",
                "Appointment.status",
            )
        )
    for name in sorted((set(sent) | set(held)) - NOT_COMPARED):
        if sent.get(name) != held.get(name):
            issues.append(
                Issue(
                    "not-supported",
                    f"{name} cannot be changed here, only the status (to cancelled): send "
                    f"{name} as the appointment was read.",
                    f"Appointment.{name}",
                )
            )
    if issues:
        raise FhirError(422, issues[:MAX_ISSUES])
    return reason_text(sent.get("cancelationReason"), "Appointment.cancelationReason")
