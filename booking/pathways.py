"""The desk's side of pathways: events recorded as things happen, and what they lead to.

Each booking change notes an event on the referral's pathway (in the caller's transaction);
the pathway's clock is worked out afresh from all its events by the national rules
(pathways/rtt.py) and kept on the pathway row for the lists and reports. What a clock
change leads to is done here too: a first-appointment DNA returns the patient to the
referrer and a DNA beyond the local policy's rebookings discharges them, closing the steps
still waiting.
"""

from datetime import date

import sqlalchemy as sa
from flask import current_app

from audit.record import record, who
from booking.models import LIVE_STATUSES, Booking, Referral
from extensions import db
from pathways.models import Pathway, PathwayEvent
from pathways.rtt import Clock, DnaPolicy, Event, clock

# Why a step closed, in the desk's words (sample/bulk_desk.py writes the same).
RETURNED = "Did not attend the first appointment: returned to the referrer"
DISCHARGED_AFTER_DNAS = "Discharged to the GP after {} missed appointments"
DISCHARGED_AT_CLINIC = "Discharged to the GP at the clinic on {:%-d %B %Y}"


def policy() -> DnaPolicy:
    """The local DNA policy: how many later DNAs are rebooked before discharge (a setting)."""
    return DnaPolicy(rebookings=current_app.config["DNA_REBOOKINGS"])


def note(
    referral: Referral,
    kind: str,
    on: date,
    *,
    booking: Booking | None = None,
    detail: dict | None = None,
) -> Clock:
    """Record an event on the referral's pathway and bring its clock up to date.

    Raises:
        pathways.rtt.ClockError: the event cannot happen there (the pathway ended, say);
            nothing is recorded then, since the caller's transaction is rolled back.
    """
    user_id, actor = who()
    pathway = db.session.get(Pathway, referral.pathway_id)
    pathway.events.append(
        PathwayEvent(
            kind=kind,
            on=on,
            referral_id=referral.id,
            booking_id=booking.id if booking else None,
            detail=detail or {},
            user_id=user_id,
            actor=actor,
        )
    )
    db.session.flush()
    return refresh(pathway)


def refresh(pathway: Pathway) -> Clock:
    """Work the pathway's clock out from its events and keep it on the row."""
    events = sorted(pathway.events, key=lambda e: (e.on, e.id or 0))
    found = clock([Event(e.kind, e.on) for e in events], policy())
    pathway.stopped, pathway.stop_reason = found.stopped, found.stop_reason
    pathway.nullified, pathway.later_dnas = found.nullified, found.later_dnas
    pathway.ended = found.ended
    return found


def close_waiting_steps(pathway_id: int, on: date, reason: str) -> list[Referral]:
    """Close the pathway's steps that still wait for an appointment (not those with one)."""
    live = sa.select(Booking.referral_id).where(Booking.status.in_((*LIVE_STATUSES, "attended")))
    steps = list(
        db.session.scalars(
            sa.select(Referral).where(
                Referral.pathway_id == pathway_id,
                Referral.closed_on.is_(None),
                Referral.id.not_in(live),
            )
        )
    )
    for step in steps:
        step.closed_on, step.closed_reason = on, reason
        record("close", "referral", step.id, after={"closed_on": on.isoformat()})
    return steps


def first_appointment(referral: Referral) -> bool:
    """Whether the pathway has had no attendance yet: a DNA now would be of its first
    appointment, which returns the patient to the referrer."""
    steps = sa.select(Referral.id).where(Referral.pathway_id == referral.pathway_id)
    seen = sa.select(Booking.id).where(Booking.referral_id.in_(steps), Booking.status == "attended")
    return db.session.scalar(seen.limit(1)) is None


def did_not_attend(referral: Referral, booking: Booking, on: date) -> Clock:
    """Note a DNA and act on it: a first-appointment DNA ends the pathway and returns the
    patient to the referrer; a DNA past the policy's rebookings discharges the patient;
    otherwise the step waits to be rebooked."""
    found = note(referral, "dna", on, booking=booking)
    pathway = db.session.get(Pathway, referral.pathway_id)
    if found.nullified:
        pathway.ended = on
        close_waiting_steps(pathway.id, on, RETURNED)
    elif found.next_after_dna == "discharge":
        reason = DISCHARGED_AFTER_DNAS.format(found.later_dnas)
        found = note(referral, "discharged", on, booking=booking, detail={"reason": reason})
        close_waiting_steps(pathway.id, on, reason)
    return found


def attended(referral: Referral, booking: Booking, on: date) -> Clock:
    """Note an attendance; at a diagnostic test requested on the pathway, the test is done
    and its 6-week clock stops."""
    found = note(referral, "attended", on, booking=booking)
    if referral.kind == "diagnostic":
        found = note(referral, "diagnostic_done", on, booking=booking)
    return found
