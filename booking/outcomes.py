"""Clinic outcomes: what was decided at an attendance, and the pathway steps it leads to.

An outcome is recorded once, for an attended appointment. Each one notes an event on the
pathway (pathways/rtt.py says what it does to the RTT clock) and some add a step that then
waits on the list like any referral: a follow-up due in N weeks (booked at once, or left on
the partial-booking list until its due date comes near), a diagnostic test with its own
6-week clock, a place on a day-case list after a decision to treat. A discharge closes the
pathway; a patient-initiated follow-up stops the clock and lets the patient ask for an
appointment until its expiry date.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from audit.record import record
from booking.models import Booking, Referral
from booking.pathways import DISCHARGED_AT_CLINIC, close_waiting_steps, note
from booking.service import BookingRefused, locked_booking
from database.locking import write_transaction
from extensions import db
from inputs.models import Service
from pathways.models import Pathway
from pathways.rtt import ClockError

OUTCOMES = {
    "discharged": "Discharge to the GP",
    "follow_up": "Follow-up in N weeks",
    "patient_initiated": "Patient-initiated follow-up",
    "refer_on_diagnostic": "Refer on for a diagnostic test",
    "decision_to_treat": "Decision to treat: add to a day-case list",
    "treated": "Treated (first definitive treatment)",
    "active_monitoring": "Active monitoring",
    "not_treating": "Decision not to treat",
}
# The unit type of the service an onward step books into.
ONWARD = {
    "refer_on_diagnostic": ("diagnostic", "radiology"),
    "decision_to_treat": ("day_case", "theatre"),
}
MAX_FOLLOW_UP_WEEKS = 104
PATIENT_FIELDS = (
    "nhs_number",
    "name",
    "date_of_birth",
    "postcode",
    "practice_id",
    "priority",
    "mobile",
    "email",
    "message_consent",
)


class OutcomeInvalid(ValueError):
    """An outcome that cannot be recorded; `errors` maps each form field to its problem."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Recorded:
    """An outcome recorded, with the step it added to the pathway (if any)."""

    booking: Booking
    step: Referral | None


def onward_services(outcome: str) -> list[Service]:
    """The services an onward outcome may send the patient to (empty for the others)."""
    if outcome not in ONWARD:
        return []
    unit_type = ONWARD[outcome][1]
    return list(
        db.session.scalars(
            db.select(Service).where(Service.unit_type == unit_type).order_by(Service.name)
        )
    )


def _whole(text: str, low: int, high: int) -> int | None:
    try:
        value = int(text.strip())
    except (AttributeError, ValueError):
        return None
    return value if low <= value <= high else None


def parse(raw: Mapping[str, str], clinic: date) -> tuple[dict, dict[str, str]]:
    """Read an outcome form: the values it gives, and a problem per field that is wrong."""
    values: dict = {"outcome": (raw.get("outcome") or "").strip()}
    errors: dict[str, str] = {}
    outcome = values["outcome"]
    if outcome not in OUTCOMES:
        errors["outcome"] = "Choose an outcome."
        return values, errors
    if outcome == "follow_up":
        weeks = _whole(raw.get("weeks", ""), 1, MAX_FOLLOW_UP_WEEKS)
        if weeks is None:
            errors["weeks"] = (
                f"Give the weeks until the follow-up as a whole number from 1 to "
                f"{MAX_FOLLOW_UP_WEEKS}: it is due after the clinic."
            )
        else:
            values["weeks"], values["due"] = weeks, clinic + timedelta(weeks=weeks)
    if outcome == "patient_initiated":
        try:
            expiry = date.fromisoformat((raw.get("expiry") or "").strip())
        except ValueError:
            errors["expiry"] = "Give the date the patient-initiated follow-up expires."
        else:
            if expiry <= clinic:
                errors["expiry"] = f"The expiry date must be after the clinic ({clinic:%-d %B %Y})."
            values["expiry"] = expiry
    if outcome in ONWARD:
        service_id = (raw.get("service") or "").strip()
        allowed = {s.id for s in onward_services(outcome)}
        if service_id not in allowed:
            what = "diagnostic test" if outcome == "refer_on_diagnostic" else "day-case list"
            errors["service"] = f"Choose the {what} to refer the patient to."
        values["service"] = service_id
    return values, errors


def _step(referral: Referral, kind: str, service_id: str, on: date, due: date | None) -> Referral:
    """A new step on the referral's pathway for the same patient."""
    step = Referral(
        **{field: getattr(referral, field) for field in PATIENT_FIELDS},
        pathway_id=referral.pathway_id,
        service_id=service_id,
        referral_date=on,
        kind=kind,
        due_date=due,
        notes="",
    )
    db.session.add(step)
    db.session.flush()
    record("create", "referral", step.id, after={"kind": kind, "service_id": service_id})
    return step


def _clinic_of(referral: Referral) -> str:
    """The clinic a follow-up returns to: the step's own, or after a test or a day case the
    clinic that started the pathway."""
    if referral.kind in ("first", "follow_up"):
        return referral.service_id
    return db.session.scalar(
        db.select(Referral.service_id)
        .where(Referral.pathway_id == referral.pathway_id, Referral.kind == "first")
        .order_by(Referral.id)
        .limit(1)
    )


def record_outcome(
    booking_id: int,
    raw: Mapping[str, str],
    *,
    expected_version: int | None = None,
) -> Recorded:
    """Record the outcome of an attended appointment, and the step it adds, and commit.

    Raises:
        OutcomeInvalid: the form is wrong, or the appointment cannot take an outcome (not
            attended, one recorded already, the pathway ended), naming the field.
    """
    with write_transaction(lambda message: OutcomeInvalid({"outcome": message})):
        try:
            booking = locked_booking(booking_id, expected_version)
        except BookingRefused as refused:
            raise OutcomeInvalid({"outcome": str(refused)}) from refused
        if booking.status != "attended":
            said = booking.status.replace("_", " ")
            raise OutcomeInvalid(
                {
                    "outcome": "An outcome is recorded for an attended appointment; "
                    f"this one is {said}."
                }
            )
        if booking.outcome is not None:
            raise OutcomeInvalid(
                {"outcome": f"An outcome was recorded already: {OUTCOMES[booking.outcome]}."}
            )
        clinic = booking.session.date
        values, errors = parse(raw, clinic)
        if errors:
            raise OutcomeInvalid(errors)
        outcome = values["outcome"]
        referral = booking.referral
        step = None
        if outcome == "follow_up":
            step = _step(referral, "follow_up", _clinic_of(referral), clinic, values["due"])
        elif outcome in ONWARD:
            step = _step(referral, ONWARD[outcome][0], values["service"], clinic, None)
        detail = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
        detail.pop("outcome")
        if step is not None:
            detail["step"] = step.id
        try:
            note(referral, outcome, clinic, booking=booking, detail=detail)
        except ClockError as error:
            raise OutcomeInvalid(
                {"outcome": f"The pathway cannot take this: {error.reason}."}
            ) from error
        pathway = db.session.get(Pathway, referral.pathway_id)
        if outcome == "patient_initiated":
            pathway.pifu_until = values["expiry"]
        if outcome == "discharged":
            close_waiting_steps(pathway.id, clinic, DISCHARGED_AT_CLINIC.format(clinic))
        booking.outcome = outcome
        record("outcome", "booking", booking.id, after={"outcome": outcome})
        db.session.commit()
    return Recorded(booking, step)
