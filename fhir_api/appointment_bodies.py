"""The body that books an appointment, checked field by field.

A booking body has GP Connect's shape: `status` booked, one `slot` reference, and one
participant whose actor identifies the patient by NHS number. It names the referral it books
in `basedOn` (`ServiceRequest/<referral id>`); without one, a referral is made for the
client's practice, which needs the patient's name, date of birth and postcode: from a
`contained` Patient (`name`, `birthDate`, `address[0].postalCode`), the name else from the
patient participant's `display`. `comment` becomes the new referral's notes (with `basedOn`
the referral's notes stay the desk's). `start` and `end` may repeat the slot's times and are
refused if they differ; `description` and the Appointment's other fields have no place in a
booking and are not kept (the OpenAPI document says so).
"""

from dataclasses import dataclass, field
from datetime import datetime

from fhir.resources.R4B.appointment import Appointment
from pydantic import ValidationError

from booking.nhs_number import NhsNumberError, normalise_nhs_number
from fhir_api.datatypes import NHS_NUMBER_SYSTEM
from fhir_api.ids import number_id, parse_slot_id, reference_id
from fhir_api.outcomes import FhirError, Issue

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
    start: datetime | None = None  # as the body gives them, to be the slot's own
    end: datetime | None = None


def _path(loc: tuple) -> str:
    """FHIRPath of a pydantic error location: ("participant", 0, "status") ->
    Appointment.participant[0].status."""
    text = "Appointment"
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def appointment_model(body: dict) -> Appointment:
    """The body as the R4B model, or 422 naming each field the model refuses."""
    try:
        return Appointment.model_validate(body)
    except ValidationError as error:
        issues = [
            Issue(ISSUE_TYPES.get(e["type"], "value"), e["msg"], _path(e["loc"]))
            for e in error.errors()[:MAX_ISSUES]
        ]
        raise FhirError(422, issues) from None


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
    appointment = appointment_model(body)
    issues = []
    if appointment.status != "booked":
        issues.append(Issue("value", "Book with status booked.", "Appointment.status"))
    slot = _slot(appointment, issues)
    nhs_number, at, display = _nhs_number(appointment, issues)
    referral_id = _referral(appointment, issues)
    patient, paths = {}, {}
    if referral_id is None and "Appointment.basedOn" not in {i.expression for i in issues}:
        patient, paths = _patient(appointment, nhs_number, display, issues)
    if issues:
        raise FhirError(422, issues)
    return BookingRequest(
        session_id=slot[0],
        slot_number=slot[1],
        nhs_number=nhs_number,
        referral_id=referral_id,
        patient=patient,
        comment=appointment.comment or "",
        start=appointment.start,
        end=appointment.end,
        paths={"nhs_number": at, "notes": "Appointment.comment"} | paths,
    )


def _slot(appointment: Appointment, issues: list[Issue]) -> tuple[int, int]:
    slots = appointment.slot or []
    if len(slots) != 1:
        issues.append(Issue("required", "Name exactly one slot to book.", "Appointment.slot"))
        return 0, 0
    found = parse_slot_id(reference_id(slots[0].reference, "Slot") or "")
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


def _nhs_number(appointment: Appointment, issues: list[Issue]) -> tuple[str, str, str]:
    """The patient's NHS number, the FHIRPath it came from, and the participant's display."""
    found = [
        (index, participant.actor)
        for index, participant in enumerate(appointment.participant or [])
        if participant.actor is not None
        and participant.actor.identifier is not None
        and participant.actor.identifier.system == NHS_NUMBER_SYSTEM
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
        return "", "Appointment.participant", ""
    index, actor = found[0]
    path = f"Appointment.participant[{index}].actor.identifier.value"
    display = (actor.display or "").strip()
    try:
        return normalise_nhs_number(actor.identifier.value or ""), path, display
    except NhsNumberError as error:
        issues.append(Issue("value", str(error), path))
        return "", path, display


def _referral(appointment: Appointment, issues: list[Issue]) -> int | None:
    based_on = appointment.basedOn or []
    if not based_on:
        return None
    text = reference_id(based_on[0].reference, "ServiceRequest") if len(based_on) == 1 else None
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


def _patient(
    appointment: Appointment, nhs_number: str, display: str, issues: list[Issue]
) -> tuple[dict, dict]:
    """The new referral's patient details from the contained Patient (the name else from the
    participant's display), with the FHIRPath of each."""
    contained = [
        (index, resource)
        for index, resource in enumerate(appointment.contained or [])
        if resource.get_resource_type() == "Patient"
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
    numbers = {i.value for i in patient.identifier or [] if i.system == NHS_NUMBER_SYSTEM}
    if nhs_number and numbers and numbers != {nhs_number}:
        issues.append(
            Issue(
                "value",
                "The contained Patient's NHS number differs from the participant's.",
                f"{at}.identifier",
            )
        )
    address = (patient.address or [None])[0]
    details = {
        "name": _name(patient) or display,
        "date_of_birth": str(patient.birthDate or ""),
        "postcode": (address.postalCode if address else None) or "",
    }
    paths = {
        "name": f"{at}.name",
        "date_of_birth": f"{at}.birthDate",
        "postcode": f"{at}.address[0].postalCode",
    }
    return details, paths


def _name(patient) -> str:
    name = (patient.name or [None])[0]
    if name is None:
        return ""
    if name.text:
        return name.text.strip()
    return " ".join([*(name.given or []), name.family or ""]).strip()
