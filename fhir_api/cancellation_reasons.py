"""The reason a client gives for cancelling (Appointment.cancelationReason), kept and read back.

A booking keeps who cancelled it; the reason's words are kept on the pathway's cancellation
event (its `detail`), where the desk's own cancellations keep theirs, and an Appointment
answers them as its cancelationReason's text. The reason is free text about a patient: it
goes to the pathway, never to the audit trail.
"""

from collections.abc import Iterable

import sqlalchemy as sa

from extensions import db
from fhir_api.outcomes import FhirError, Issue
from pathways.models import PathwayEvent

MAX_REASON = 500  # characters: a sentence or two, as a desk's note of why
CANCEL_KINDS = ("cancelled_by_patient", "cancelled_by_service")


def reason_text(concept: object, path: str) -> str:
    """The words of a cancelationReason (a CodeableConcept): its text, else its first
    coding's display or code; "" when none is given.

    Raises:
        FhirError: 422 naming `path` when it is no CodeableConcept or too long.
    """
    if concept is None:
        return ""
    shape = 'cancelationReason is a CodeableConcept: {"text": "<the reason>"}.'
    if not isinstance(concept, dict):
        raise FhirError(422, [Issue("structure", shape, path)])
    codings = concept.get("coding") or [{}]
    first = codings[0] if isinstance(codings, list) and isinstance(codings[0], dict) else {}
    text = concept.get("text") or first.get("display") or first.get("code") or ""
    if not isinstance(text, str):
        raise FhirError(422, [Issue("structure", shape, path)])
    if len(text) > MAX_REASON:
        raise FhirError(
            422, [Issue("too-long", f"Give the reason in {MAX_REASON} characters at most.", path)]
        )
    return text.strip()


def cancel_reasons(booking_ids: Iterable[int]) -> dict[int, str]:
    """The reason each of the bookings was cancelled for, where one was given."""
    ids = sorted(set(booking_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(PathwayEvent.booking_id, PathwayEvent.detail)
        .where(PathwayEvent.booking_id.in_(ids), PathwayEvent.kind.in_(CANCEL_KINDS))
        .order_by(PathwayEvent.id)
    )
    return {booking: detail["reason"] for booking, detail in rows if (detail or {}).get("reason")}
