"""Appointments: a booking as a FHIR Appointment, and the bodies that book and cancel one.

A booking body has GP Connect's shape: `status` booked, one `slot` reference, and one
participant whose actor identifies the patient by NHS number. It names the referral it books
in `basedOn` (`ServiceRequest/<referral id>`); without one, a referral is made for the
client's practice, which needs the patient's name, date of birth and postcode: from a
`contained` Patient (`name`, `birthDate`, `address[0].postalCode`), the name else from the
patient participant's `display`. `comment` becomes the referral's notes.
"""

from dataclasses import dataclass, field

from fhir.resources.R4B.appointment import Appointment
from pydantic import ValidationError

from booking.models import Booking
from booking.nhs_number import NhsNumberError, normalise_nhs_number
from booking.openings import Opening
from fhir_api.datatypes import NHS_NUMBER_SYSTEM, instant, reference, service_type, stored_instant
from fhir_api.ids import number_id, parse_slot_id, reference_id, slot_id
from fhir_api.outcomes import FhirError, Issue

STATUSES = {
    "booked": "booked",
    "arrived": "arrived",
    "attended": "fulfilled",
    "did_not_attend": "noshow",
    "cancelled": "cancelled",
}
CANCELLED_BY = {"patient": "Cancelled by the patient", "service": "Cancelled by the service"}
MAX_ISSUES = 20  # a body wrong everywhere is told its first twenty problems
# pydantic's error types, as FHIR issue types
ISSUE_TYPES = {
    "missing": "required",
    "model_field_validation.missing": "required",
    "extra_forbidden": "structure",
}


@dataclass(frozen=True)
class BookingRequest:
    """What a valid booking body asks for. `paths` gives the FHIRPath of the body's field
    behind each referral field, for the desk's checks to name."""

    session_id: int
    slot_number: int
    nhs_number: str
    referral_id: int | None
    patient: dict[str, str] = field(default_factory=dict)  # name, date_of_birth, postcode
    comment: str = ""
    paths: dict[str, str] = field(default_factory=dict)


def appointment(booking: Booking, opening: Opening) -> dict:
    """A booking as an Appointment: when and where, the slot, the referral, the patient's
    NHS number and no other detail of theirs."""
    resource = {
        "resourceType": "Appointment",
        "id": str(booking.id),
        "meta": {
            "versionId": str(booking.version),
            "lastUpdated": stored_instant(booking.updated_at),
        },
        "status": STATUSES[booking.status],
        "serviceType": service_type(opening.service_id, opening.service_name),
        "start": instant(opening.slot_time(booking.slot_number)),
        "end": instant(opening.slot_time(booking.slot_number + 1)),
        "slot": [{"reference": f"Slot/{slot_id(booking.session_id, booking.slot_number)}"}],
        "created": stored_instant(booking.created_at),
        "basedOn": [{"reference": f"ServiceRequest/{booking.referral_id}"}],
        "participant": [
            {
                "actor": {
                    "identifier": {
                        "system": NHS_NUMBER_SYSTEM,
                        "value": booking.referral.nhs_number,
                    }
                },
                "required": "required",
                "status": "accepted",
            },
            {
                "actor": reference("HealthcareService", opening.service_id, opening.service_name),
                "status": "accepted",
            },
        ],
    }
    if opening.site_id:
        resource["participant"].append(
            {
                "actor": reference("Location", opening.site_id, opening.site_name),
                "status": "accepted",
            }
        )
    if booking.status == "cancelled":
        resource["cancelationReason"] = {
            "text": CANCELLED_BY.get(booking.cancelled_by or "", "Cancelled")
        }
    return resource


def _path(loc: tuple) -> str:
    """FHIRPath of a pydantic error location: ("participant", 0, "status") ->
    Appointment.participant[0].status."""
    text = "Appointment"
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _model_issues(body: dict) -> list[Issue]:
    try:
        Appointment.model_validate(body)
    except ValidationError as error:
        return [
            Issue(ISSUE_TYPES.get(e["type"], "value"), e["msg"], _path(e["loc"]))
            for e in error.errors()[:MAX_ISSUES]
        ]
    return []


def parse_booking(body: object) -> BookingRequest:
    """Check a booking body; return what it asks for.

    Raises:
        FhirError: 422 with an issue for each field that is wrong, by its FHIRPath.
    """
    if not isinstance(body, dict):
        raise FhirError(422, [Issue("structure", "The body must be an Appointment resource.")])
    if body.get("resourceType") != "Appointment":
        raise FhirError(
            422,
            [Issue("invalid", "The body must be an Appointment resource.", "resourceType")],
        )
    if issues := _model_issues(body):
        raise FhirError(422, issues)
    issues = []
    if body["status"] != "booked":
        issues.append(Issue("value", "Book with status booked.", "Appointment.status"))
    slot = _slot(body, issues)
    nhs_number, at = _nhs_number(body, issues)
    referral_id = _referral(body, issues)
    patient, paths = ({}, {}) if referral_id else _patient(body, nhs_number, issues)
    if issues:
        raise FhirError(422, issues)
    return BookingRequest(
        session_id=slot[0],
        slot_number=slot[1],
        nhs_number=nhs_number,
        referral_id=referral_id,
        patient=patient,
        comment=body.get("comment", ""),
        paths={"nhs_number": at, "notes": "Appointment.comment"} | paths,
    )


def _slot(body: dict, issues: list[Issue]) -> tuple[int, int]:
    slots = body.get("slot") or []
    if len(slots) != 1:
        issues.append(Issue("required", "Name exactly one slot to book.", "Appointment.slot"))
        return 0, 0
    found = parse_slot_id(reference_id(slots[0].get("reference"), "Slot") or "")
    if found is None:
        issues.append(
            Issue(
                "value",
                "The slot reference must be Slot/<id>, an id that a Slot search gave.",
                "Appointment.slot[0].reference",
            )
        )
        return 0, 0
    return found


def _nhs_number(body: dict, issues: list[Issue]) -> tuple[str, str]:
    """The patient's NHS number, and the FHIRPath it came from."""
    found = [
        (index, participant["actor"]["identifier"])
        for index, participant in enumerate(body["participant"])
        if (participant.get("actor") or {}).get("identifier", {}).get("system") == NHS_NUMBER_SYSTEM
    ]
    if len(found) != 1:
        issues.append(
            Issue(
                "required",
                "Name the patient as exactly one participant whose actor has an identifier "
                f"of system {NHS_NUMBER_SYSTEM}.",
                "Appointment.participant",
            )
        )
        return "", "Appointment.participant"
    index, identifier = found[0]
    path = f"Appointment.participant[{index}].actor.identifier.value"
    try:
        return normalise_nhs_number(identifier.get("value", "")), path
    except NhsNumberError as error:
        issues.append(Issue("value", str(error), path))
        return "", path


def _referral(body: dict, issues: list[Issue]) -> int | None:
    based_on = body.get("basedOn") or []
    if not based_on:
        return None
    text = (
        reference_id(based_on[0].get("reference"), "ServiceRequest") if len(based_on) == 1 else None
    )
    referral_id = number_id(text or "")
    if referral_id is None:
        issues.append(
            Issue(
                "value",
                "basedOn names one referral, as ServiceRequest/<referral number>.",
                "Appointment.basedOn",
            )
        )
    return referral_id


def _patient(body: dict, nhs_number: str, issues: list[Issue]) -> tuple[dict, dict]:
    """The new referral's patient details from the contained Patient (and the participant's
    display), with the FHIRPath of each."""
    contained = [
        (index, resource)
        for index, resource in enumerate(body.get("contained") or [])
        if resource.get("resourceType") == "Patient"
    ]
    if len(contained) != 1:
        issues.append(
            Issue(
                "required",
                "Without basedOn a referral is made for your practice: contain one Patient "
                "with the patient's name, birthDate and address postalCode.",
                "Appointment.contained",
            )
        )
        return {}, {}
    index, patient = contained[0]
    at = f"Appointment.contained[{index}]"
    numbers = {
        i.get("value")
        for i in patient.get("identifier") or []
        if i.get("system") == NHS_NUMBER_SYSTEM
    }
    if nhs_number and numbers and numbers != {nhs_number}:
        issues.append(
            Issue(
                "value",
                "The contained Patient's NHS number differs from the participant's.",
                f"{at}.identifier",
            )
        )
    addresses = patient.get("address") or [{}]
    details = {
        "name": _name(patient) or _display(body),
        "date_of_birth": patient.get("birthDate", ""),
        "postcode": addresses[0].get("postalCode", ""),
    }
    paths = {
        "name": f"{at}.name",
        "date_of_birth": f"{at}.birthDate",
        "postcode": f"{at}.address[0].postalCode",
    }
    return details, paths


def _name(patient: dict) -> str:
    names = patient.get("name") or [{}]
    first = names[0]
    if first.get("text"):
        return first["text"].strip()
    return " ".join([*first.get("given", []), first.get("family", "")]).strip()


def _display(body: dict) -> str:
    for participant in body["participant"]:
        actor = participant.get("actor") or {}
        if actor.get("identifier", {}).get("system") == NHS_NUMBER_SYSTEM:
            return (actor.get("display") or "").strip()
    return ""


def parse_cancellation(body: object) -> None:
    """Check a JSON Patch that cancels an appointment: it replaces /status with "cancelled"
    (and may set /cancelationReason, which is kept only as "by the patient").

    Raises:
        FhirError: 422 naming what the patch may not do.
    """
    usage = (
        'Cancel with [{"op": "replace", "path": "/status", "value": "cancelled"}]; '
        "nothing else of an appointment can be changed here."
    )
    if not isinstance(body, list) or not body:
        raise FhirError(422, [Issue("structure", f"The body must be a JSON Patch. {usage}")])
    cancels = False
    for index, operation in enumerate(body):
        at = f"/{index}"
        if not isinstance(operation, dict) or operation.get("op") not in ("replace", "add"):
            raise FhirError(422, [Issue("not-supported", usage, at)])
        path, value = operation.get("path"), operation.get("value")
        if path == "/status" and value == "cancelled":
            cancels = True
        elif path != "/cancelationReason" or not isinstance(value, dict):
            raise FhirError(422, [Issue("not-supported", usage, at)])
    if not cancels:
        raise FhirError(422, [Issue("not-supported", usage)])
