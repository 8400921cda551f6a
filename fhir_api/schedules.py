"""Schedules and slots: each published clinic session is a Schedule, and each of its
appointment times a Slot.

A Schedule per session, rather than one per service at a site: a session is what the plan
makes (one service, one site, its clinicians, one morning or afternoon), so its id, the
session's, is stable for as long as the plan is published, and so is each Slot's id,
"<session id>-<appointment number>". Only free slots are searched; a slot read by id says
whether it is still free.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import sqlalchemy as sa

from booking.models import Booking, SessionSlot
from booking.openings import Opening, load_openings, not_cancelled, published_sessions
from extensions import db
from fhir_api.datatypes import appointment_type, instant, reference, service_type
from fhir_api.ids import local_id, reference_id, slot_id
from fhir_api.search import Window
from inputs.models import Clinician
from plans.models import ClinicSession, Plan, session_clinician

PERIOD_WORDS = {"AM": "Morning", "PM": "Afternoon"}


@dataclass(frozen=True)
class SlotFilter:
    """What a search narrows sessions to: services, sites, sessions and clinicians (None:
    any), and the kind of slot."""

    service_ids: frozenset[str] | None = None
    site_ids: frozenset[str] | None = None
    session_ids: frozenset[int] | None = None
    clinician_ids: frozenset[str] | None = None
    slot_kind: str | None = None

    def admits(self, session_id: int, site_id: str, clinicians: Iterable[str]) -> bool:
        if self.site_ids is not None and site_id not in self.site_ids:
            return False
        if self.session_ids is not None and session_id not in self.session_ids:
            return False
        return self.clinician_ids is None or bool(self.clinician_ids & set(clinicians))


def actor_filter(values: list[str]) -> dict[str, frozenset]:
    """The SlotFilter fields that `actor` references (Location/x, HealthcareService/x,
    Practitioner/x) ask for; a reference to anything else matches nothing."""
    fields = {"Location": "site_ids", "HealthcareService": "service_ids"}
    found: dict[str, set] = {}
    for value in values:
        for resource_type, name in (*fields.items(), ("Practitioner", "clinician_ids")):
            if (text := reference_id(value, resource_type)) is not None:
                found.setdefault(name, set()).add(local_id(text) or "")
                break
        else:
            found.setdefault("session_ids", set())  # an unknown actor: no session has it
    return {field: frozenset(ids) for field, ids in found.items()}


def clinicians_of(session_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Each session's clinicians: {session id: [(clinician id, name), ...]}."""
    if not session_ids:
        return {}
    rows = db.session.execute(
        sa.select(session_clinician.c.session_id, Clinician.id, Clinician.name)
        .join(Clinician, Clinician.id == session_clinician.c.clinician_id)
        .where(session_clinician.c.session_id.in_(session_ids))
        .order_by(Clinician.id)
    )
    found: dict[int, list] = {}
    for session, clinician, name in rows:
        found.setdefault(session, []).append((clinician, name))
    return found


def schedule(opening: Opening, clinicians: list[tuple[str, str]]) -> dict:
    """A session as a Schedule: its service, site and clinicians, and its hours."""
    actors = [reference("HealthcareService", opening.service_id, opening.service_name)]
    if opening.site_id:
        actors.append(reference("Location", opening.site_id, opening.site_name))
    actors += [reference("Practitioner", key, name) for key, name in clinicians]
    period = PERIOD_WORDS.get(opening.period, opening.period)
    return {
        "resourceType": "Schedule",
        "id": str(opening.session_id),
        "active": True,
        "serviceType": service_type(opening.service_id, opening.service_name),
        "actor": actors,
        "planningHorizon": {"start": instant(opening.start), "end": instant(opening.end)},
        "comment": f"{period} clinic in room {opening.room + 1} of unit {opening.unit_id}.",
    }


def sessions_in(window: Window, wanted: SlotFilter) -> sa.Select:
    services = None if wanted.service_ids is None else sorted(wanted.service_ids)
    last_day = (window.end - timedelta(microseconds=1)).date()
    query = published_sessions(services, window.start.date()).where(ClinicSession.date <= last_day)
    if wanted.session_ids is not None:
        query = query.where(ClinicSession.id.in_(sorted(wanted.session_ids)))
    return query


def schedules(window: Window, wanted: SlotFilter) -> list[dict]:
    """The Schedules of the published sessions that begin in the window."""
    openings = [
        o
        for o in load_openings(sessions_in(window, wanted), include_full=True)
        if window.holds(o.start)
    ]
    clinicians = clinicians_of([o.session_id for o in openings])
    return [
        schedule(o, clinicians.get(o.session_id, []))
        for o in openings
        if wanted.admits(
            o.session_id, o.site_id, (key for key, _ in clinicians.get(o.session_id, []))
        )
    ]


def _published(session_id: int) -> bool:
    query = (
        sa.select(ClinicSession.id)
        .join(Plan, Plan.id == ClinicSession.plan_id)
        .where(ClinicSession.id == session_id, Plan.status == "published", not_cancelled())
    )
    return db.session.scalar(query) is not None


def read_schedule(session_id: int) -> dict | None:
    """The Schedule of a session of a published plan that still runs, or None."""
    if not _published(session_id):
        return None
    query = sa.select(ClinicSession).where(ClinicSession.id == session_id)
    opening = next(iter(load_openings(query, include_full=True)), None)
    return opening and schedule(opening, clinicians_of([session_id]).get(session_id, []))


class TimedSession(Protocol):
    """What a Slot is made from: a session (an Opening, or a search's lighter outline of
    one) that splits its hours into its slots."""

    session_id: int
    service_id: str
    service_name: str

    def slot_time(self, number: int) -> datetime: ...


def slot(opening: TimedSession, number: int, kind: str, status: str = "free") -> dict:
    """Appointment `number` of a session as a Slot."""
    return {
        "resourceType": "Slot",
        "id": slot_id(opening.session_id, number),
        "serviceType": service_type(opening.service_id, opening.service_name),
        "appointmentType": appointment_type(kind),
        "schedule": {"reference": f"Schedule/{opening.session_id}"},
        "status": status,
        "start": instant(opening.slot_time(number)),
        "end": instant(opening.slot_time(number + 1)),
    }


def free_numbers(session_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Each session's slots that no booking holds: {session: [(number, kind), ...]}."""
    if not session_ids:
        return {}
    rows = db.session.execute(
        sa.select(Booking.session_id, Booking.slot_number).where(
            Booking.session_id.in_(session_ids), Booking.status != "cancelled"
        )
    )
    held = {(session, number) for session, number in rows}
    rows = db.session.execute(
        sa.select(SessionSlot.session_id, SessionSlot.number, SessionSlot.kind)
        .where(SessionSlot.session_id.in_(session_ids))
        .order_by(SessionSlot.session_id, SessionSlot.number)
    )
    found: dict[int, list] = {}
    for session, number, kind in rows:
        if (session, number) not in held:
            found.setdefault(session, []).append((number, kind))
    return found


def read_slot(session_id: int, number: int, now: datetime) -> dict | None:
    """A slot of a published session by id, free or busy (busy-unavailable once the session
    has begun), or None."""
    if not _published(session_id):
        return None
    row = db.session.get(SessionSlot, (session_id, number))
    if row is None:
        return None
    query = sa.select(ClinicSession).where(ClinicSession.id == session_id)
    opening = load_openings(query, include_full=True)[0]
    free = number in {n for n, _ in free_numbers([session_id]).get(session_id, [])}
    status = "busy-unavailable" if opening.start <= now else "free" if free else "busy"
    return slot(opening, number, row.kind, status)
