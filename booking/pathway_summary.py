"""A pathway as the referral page shows it: its RTT clock, its steps and its events in words."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from accounts.clock import local
from booking.models import LIVE_STATUSES, Referral
from booking.outcomes import OUTCOMES
from booking.pathway_reports import DIRECT_ACCESS_UNIT_TYPES
from booking.pathways import policy
from extensions import db
from inputs.models import Service
from pathways.labels import describe
from pathways.models import STEP_LABELS, Pathway, PathwayEvent
from pathways.rtt import Clock, Event, clock


@dataclass(frozen=True)
class Step:
    """One step of the pathway and where it stands."""

    referral: Referral
    label: str  # what it waits for: first appointment, follow-up, ...
    service: str
    status: str


@dataclass(frozen=True)
class Line:
    """One event of the pathway: its day, what happened, who recorded it and when."""

    on: date
    what: str
    by: str
    at: datetime  # on the staff's wall clock


@dataclass(frozen=True)
class Summary:
    """The pathway of a referral as of one day."""

    pathway: Pathway
    clock: Clock
    today: date
    steps: list[Step]
    events: list[Line]
    direct_access: bool = False  # a test the GP asked for: a 6-week wait, no RTT clock

    @property
    def state(self) -> str:
        """ "returned" (to the referrer), "stopped" or "running"."""
        if self.clock.nullified:
            return "returned"
        return "stopped" if self.clock.stopped else "running"

    @property
    def weeks_waited(self) -> int:
        return self.clock.weeks_waited(self.today)


def _day(d: date) -> str:
    return f"{d:%-d %B %Y}"


def service_names() -> dict[str, str]:
    return {row.id: row.name for row in db.session.execute(sa.select(Service.id, Service.name))}


def outcomes_said(booking_ids: Iterable[int]) -> dict[int, str]:
    """The outcome recorded at each appointment that has one, in words with its details
    ("Follow-up in 6 weeks, due by 22 February 2027"), from the pathway's events."""
    ids = list(booking_ids)
    if not ids:
        return {}
    names = service_names()
    events = db.session.scalars(
        sa.select(PathwayEvent).where(
            PathwayEvent.booking_id.in_(ids), PathwayEvent.kind.in_(list(OUTCOMES))
        )
    )
    return {e.booking_id: describe(e.kind, e.detail or {}, names) for e in events}


def step_status(step: Referral, said: dict[int, str]) -> str:
    """Where a step stands, in words: closed, booked, attended (with its outcome, as
    `said` words it), waiting."""
    if step.closed_on is not None:
        return f"Closed on {_day(step.closed_on)}: {step.closed_reason}"
    held = [b for b in step.bookings if b.status != "cancelled"]
    last = held[-1] if held else None
    if last is not None and last.status in LIVE_STATUSES:
        verb = "Booked for" if last.status == "booked" else "Arrived at the clinic of"
        return f"{verb} {_day(last.session.date)}"
    if last is not None and last.status == "attended":
        outcome = f": {said[last.id]}" if last.id in said else ""
        return f"Attended on {_day(last.session.date)}{outcome}"
    waiting = "Waiting"
    if last is not None:  # did not attend, and waits to be rebooked
        waiting = f"Did not attend on {_day(last.session.date)}; waiting to be rebooked"
    if step.due_date is not None:
        waiting += f", due by {_day(step.due_date)}"
    return waiting


def summarise(referral: Referral, today: date) -> Summary:
    """Gather the pathway the referral is a step of: clock, steps and events."""
    pathway = db.session.get(Pathway, referral.pathway_id)
    names = service_names()
    steps = list(
        db.session.scalars(
            sa.select(Referral).where(Referral.pathway_id == pathway.id).order_by(Referral.id)
        )
    )
    said = outcomes_said(b.id for step in steps for b in step.bookings if b.outcome)
    return Summary(
        pathway=pathway,
        clock=clock([Event(e.kind, e.on) for e in pathway.events], policy()),
        today=today,
        steps=[
            Step(s, STEP_LABELS[s.kind], names.get(s.service_id, ""), step_status(s, said))
            for s in steps
        ],
        events=[
            Line(e.on, describe(e.kind, e.detail or {}, names), e.actor, local(e.at))
            for e in pathway.events
        ],
        direct_access=_direct_access(steps[0]) if steps else False,
    )


def _direct_access(first: Referral) -> bool:
    """Whether the pathway began with a test the GP booked directly (no consultant-led RTT
    pathway: the diagnostics report counts its wait, the RTT report does not)."""
    unit_type = db.session.scalar(
        sa.select(Service.unit_type).where(Service.id == first.service_id)
    )
    return first.kind == "first" and unit_type in DIRECT_ACCESS_UNIT_TYPES
