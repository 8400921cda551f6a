"""Appointments: a booking as a FHIR Appointment, answered with no patient detail but the
NHS number."""

from booking.models import Booking
from booking.openings import Opening
from fhir_api.datatypes import NHS_NUMBER_SYSTEM, instant, reference, service_type, stored_instant
from fhir_api.ids import slot_id

STATUSES = {
    "booked": "booked",
    "arrived": "arrived",
    "attended": "fulfilled",
    "did_not_attend": "noshow",
    "cancelled": "cancelled",
}
# FHIR R4's AppointmentStatus codes: a search by one no booking has finds nothing; a search
# by any other code is refused.
FHIR_STATUSES = frozenset(
    {*STATUSES.values(), "proposed", "pending", "entered-in-error", "checked-in", "waitlist"}
)
CANCELLED_BY = {"patient": "Cancelled by the patient", "service": "Cancelled by the service"}


def appointment(booking: Booking, opening: Opening, reasons: dict[int, str] | None = None) -> dict:
    """A booking as an Appointment: when and where, the slot, the referral, the patient's
    NHS number and no other detail of theirs; a cancelled one with the reason given for it
    (`reasons`: by booking id, see cancellation_reasons), else who cancelled it."""
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
        given = (reasons or {}).get(booking.id)
        resource["cancelationReason"] = {
            "text": given or CANCELLED_BY.get(booking.cancelled_by or "", "Cancelled")
        }
    return resource
