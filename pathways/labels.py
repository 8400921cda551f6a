"""Pathway events in words, as the booking desk's pages show them.

One label per event kind of pathways/rtt.py (a test checks that none is missing), and the
details an event keeps (the weeks to a follow-up, an expiry date, the service referred on
to, a discharge's reason) worded after it.
"""

from collections.abc import Mapping
from datetime import date

EVENT_LABELS = {
    "referred": "Referral received",
    "booked": "Appointment booked",
    "attended": "Attended",
    "dna": "Did not attend",
    "cancelled_by_patient": "Appointment cancelled by the patient",
    "cancelled_by_service": "Appointment cancelled by the service",
    "follow_up": "Follow-up asked for",
    "refer_on_diagnostic": "Referred on for a diagnostic test",
    "refer_on_day_case": "Referred on to a day-case list",
    "decision_to_treat": "Decision to treat, added to a day-case list",
    "diagnostic_done": "Diagnostic test done",
    "treated": "First definitive treatment",
    "not_treating": "Decision not to treat",
    "active_monitoring": "Active monitoring",
    "patient_initiated": "Patient-initiated follow-up",
    "discharged": "Discharged to the GP",
}


def _day(text: str) -> str:
    return f"{date.fromisoformat(text):%-d %B %Y}"


def describe(kind: str, detail: Mapping, service_names: Mapping[str, str]) -> str:
    """An event in words: its label, then what its detail says.

    Args:
        kind: the event's kind (pathways.rtt.KINDS).
        detail: what the event keeps besides its kind and day, e.g. {"weeks": 6}.
        service_names: service id -> name, for the service an outcome referred on to.
    """
    said = EVENT_LABELS.get(kind, kind.replace("_", " ").capitalize())
    if kind == "follow_up" and "weeks" in detail:
        weeks = detail["weeks"]
        said = f"Follow-up in {weeks} week{'' if weeks == 1 else 's'}"
        if detail.get("due"):
            said += f", due by {_day(detail['due'])}"
    elif kind == "patient_initiated" and detail.get("expiry"):
        said += f" until {_day(detail['expiry'])}"
    elif detail.get("service"):
        said += f": {service_names.get(detail['service'], detail['service'])}"
    elif kind == "discharged" and detail.get("reason"):
        said = detail["reason"]  # e.g. "Discharged to the GP after 2 missed appointments"
    return said
