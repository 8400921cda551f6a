"""Booking and cancelling through the API, for the client's own practice's patients only.

A client sees and changes the appointments of its practice's referrals; any other answers
as if it did not exist (404, or 422 for a referral named in a body), so nothing tells a
client which other patients the service has. Every refusal is made before anything is
written, or rolls back whole: a 409 or 422 leaves no referral and no booking behind.
"""

from datetime import datetime

import sqlalchemy as sa

from booking.identity import REGISTERED_ELSEWHERE
from booking.models import Booking, Referral
from booking.referrals import check_referral, open_referral
from booking.service import BookingRefused, SlotTaken, cancel
from booking.slot_booking import book_slot
from database.locking import BUSY
from extensions import db
from fhir_api.appointment_bodies import BookingRequest
from fhir_api.clients import Caller
from fhir_api.ids import slot_id
from fhir_api.outcomes import FhirError, Issue, refuse
from fhir_api.schedules import read_slot
from fhir_api.slot_checks import check_slot_kind, check_slot_times

SLOT_PATH = "Appointment.slot[0].reference"
BASED_ON_PATH = "Appointment.basedOn[0].reference"


def visible_booking(booking_id: int, caller: Caller) -> Booking | None:
    """The booking if it is of a referral of the caller's practice, else None."""
    return db.session.scalar(
        sa.select(Booking)
        .join(Referral, Referral.id == Booking.referral_id)
        .where(Booking.id == booking_id, Referral.practice_id == caller.practice_id)
    )


def _check_slot(request: BookingRequest, now: datetime) -> str:
    """The service of the slot asked for; refuse (422) a slot that cannot be booked at all,
    and (409) one that a booking holds."""
    name = f"Slot/{slot_id(request.session_id, request.slot_number)}"
    found = read_slot(request.session_id, request.slot_number, now)
    if found is None or found["status"] == "busy-unavailable":
        raise refuse(422, "not-found", f"{name} is no slot that can be booked.", SLOT_PATH)
    if found["status"] == "busy":
        raise refuse(409, "conflict", f"{name} is taken: search for free slots again.")
    check_slot_times({"start": request.start, "end": request.end}, found)
    return found["serviceType"][0]["coding"][0]["code"]


def _own_referral(request: BookingRequest, caller: Caller) -> Referral:
    referral = db.session.get(Referral, request.referral_id)
    if referral is None or referral.practice_id != caller.practice_id:
        raise refuse(
            422,
            "not-found",
            f"No referral ServiceRequest/{request.referral_id} is your practice's.",
            BASED_ON_PATH,
        )
    if referral.nhs_number != request.nhs_number:
        raise refuse(
            422,
            "value",
            "That referral is for a patient with another NHS number.",
            request.paths["nhs_number"],
        )
    return referral


def _new_referral(request: BookingRequest, caller: Caller, service_id: str, now: datetime):
    """The values of the referral to make, checked as a practice's referral is checked: an
    NHS number on record with another practice is refused at once, telling nothing of that
    record; one on the practice's record with another name or birth date is refused on that
    field's path."""
    raw = request.patient | {
        "nhs_number": request.nhs_number,
        "practice": caller.practice_id,
        "service": service_id,
        "priority": "routine",
        "referral_date": now.date().isoformat(),
        "notes": request.comment,
    }
    values, errors = check_referral(raw, now.date(), acting_for=caller.practice_id)
    if errors:
        raise FhirError(
            422,
            [
                Issue(
                    "business-rule" if message == REGISTERED_ELSEWHERE else "value",
                    message,
                    request.paths.get(field, "Appointment"),
                )
                for field, message in errors.items()
            ],
        )
    existing = open_referral(values["nhs_number"], service_id, caller.practice_id)
    if existing is not None:
        raise refuse(
            422,
            "duplicate",
            "This patient already waits for this service "
            f"(ServiceRequest/{existing.id}: book it with basedOn).",
            "Appointment.basedOn",
        )
    return values


def book(request: BookingRequest, caller: Caller, now: datetime) -> Booking:
    """Book the slot for the referral named, or for a new one of the caller's practice.

    Raises:
        FhirError: 409 when the slot is taken (or was taken meanwhile), 422 when the slot,
            referral or patient details cannot be booked, with the reason.
    """
    service_id = _check_slot(request, now)
    try:
        if request.referral_id is not None:
            referral = _own_referral(request, caller)
            check_slot_kind(request.session_id, request.slot_number, referral.kind, SLOT_PATH)
            return book_slot(
                request.session_id, request.slot_number, referral_id=referral.id, now=now
            )
        check_slot_kind(request.session_id, request.slot_number, "first", SLOT_PATH)
        values = _new_referral(request, caller, service_id, now)
        return book_slot(request.session_id, request.slot_number, new_referral=values, now=now)
    except SlotTaken as error:
        raise refuse(409, "conflict", f"{error} Search for free slots again.") from error
    except BookingRefused as error:
        raise _refusal(error) from error


def _refusal(error: BookingRefused) -> FhirError:
    if str(error) == BUSY:
        return refuse(409, "transient", str(error))
    return refuse(422, "business-rule", str(error))


def cancel_booking(
    booking_id: int, caller: Caller, expected_version: int | None, now: datetime, reason: str = ""
) -> Booking:
    """Cancel the practice's patient's appointment, at the patient's request (for the
    reason given, if one is).

    Raises:
        FhirError: 404 for another practice's or no booking; 412 when it changed since the
            version the client names (If-Match); 422 when it cannot be cancelled.
    """
    booking = visible_booking(booking_id, caller)
    if booking is None:
        raise refuse(404, "not-found", f"There is no Appointment/{booking_id}.")
    if expected_version is not None and booking.version != expected_version:
        raise refuse(
            412,
            "conflict",
            f"Appointment/{booking_id} is at version {booking.version}, not {expected_version}.",
        )
    try:
        return cancel(
            booking_id, "patient", expected_version=expected_version, now=now, reason=reason
        )
    except BookingRefused as error:
        raise _refusal(error) from error
