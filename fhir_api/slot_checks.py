"""What a booking body asks of its slot, checked before booking so that each refusal names
the field: the slot's kind (a first appointment takes a ROUTINE slot, a follow-up a FOLLOWUP
one where the session keeps any: booking.slots.usable_kind, the desk's own rule), and the
`start` and `end` a GP Connect body may repeat, which must be the slot's own.

A Slot search finds both kinds, each marked by its appointmentType, since a practice's
system books its patients' follow-ups too (with basedOn the follow-up's referral); a client
booking new patients searches with appointment-type=ROUTINE.
"""

from datetime import datetime

from booking.clocks import CLINIC_ZONE
from booking.models import SessionSlot
from booking.slots import follow_up_counts, usable_kind
from extensions import db
from fhir_api.datatypes import APPOINTMENT_TYPES
from fhir_api.ids import slot_id
from fhir_api.outcomes import FhirError, Issue, refuse

WHO = {"new": "new patients (first appointments)", "follow_up": "follow-ups"}


def check_slot_kind(session_id: int, number: int, step_kind: str, path: str) -> None:
    """Refuse (422 naming `path`) a slot kept for another kind of appointment than the
    referral's step (`first`, `follow_up` ...).

    Raises:
        FhirError: 422, with the appointment-type to search by instead.
    """
    slot = db.session.get(SessionSlot, (session_id, number))
    if slot is None:  # no such slot: the booking refuses it on its own
        return
    keeps = follow_up_counts([session_id]).get(session_id, (0, 0))[0]
    wanted = usable_kind(step_kind, keeps)
    if wanted is None or slot.kind == wanted:
        return
    raise refuse(
        422,
        "business-rule",
        f"Slot/{slot_id(session_id, number)} is kept for {WHO[slot.kind]}; this booking "
        f"needs a slot for {WHO[wanted]}: search Slot with "
        f"appointment-type={APPOINTMENT_TYPES[wanted]}.",
        path,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CLINIC_ZONE)


def check_slot_times(asked: dict[str, datetime | None], slot: dict) -> None:
    """Refuse (422 naming Appointment.start or .end) a time the body gives that is not its
    slot's: a client that thinks it books 10:00 must not be booked at 10:20 unawares.

    Args:
        asked: the body's {"start": ..., "end": ...} (None where it gives none).
        slot: the Slot resource being booked.
    """
    issues = [
        Issue(
            "value",
            f"Appointment.{name} is {_aware(moment).isoformat()}, but the slot's {name} is "
            f"{slot[name]}: leave {name} out or send the slot's.",
            f"Appointment.{name}",
        )
        for name, moment in asked.items()
        if moment is not None and _aware(moment) != datetime.fromisoformat(slot[name])
    ]
    if issues:
        raise FhirError(422, issues)
