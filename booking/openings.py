"""Bookable sessions: sessions of published plans, not yet begun nor cancelled by the service,
with their site and free slots."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from booking.models import SessionCancellation
from booking.slots import follow_up_counts, held_slots, slot_counts, usable_kind
from extensions import db
from inputs.models import Service, Site
from plans.models import ClinicSession, Placement, Plan, Scenario
from plans.schedule import DEFAULT_TIMES


@dataclass(frozen=True)
class Opening:
    """A session of a published plan as booking staff see it."""

    session_id: int
    plan_id: int
    date: date
    period: str
    start: datetime
    end: datetime
    unit_id: str
    room: int
    service_id: str
    service_name: str
    site_id: str
    site_name: str
    address: str
    postcode: str
    locality: str
    lat: float | None
    lon: float | None
    slots: int
    free: int
    follow_up_slots: int = 0  # of `slots`, kept for follow-ups by the clinic template
    free_follow_up: int = 0  # of `free`, follow-up slots

    def free_for(self, step_kind: str) -> int:
        """Free slots that a pathway step of this kind may take (booking.slots.usable_kind)."""
        kind = usable_kind(step_kind, self.follow_up_slots)
        if kind is None:
            return self.free
        return self.free_follow_up if kind == "follow_up" else self.free - self.free_follow_up

    def slot_time(self, number: int) -> datetime:
        """Return when appointment `number` starts: the session split evenly into its slots,
        on the whole minute (4 hours in 14 slots start 9:00, 9:17, 9:34 ..., not 9:17:08:
        letters, texts, the desk and the FHIR API all read this one rule)."""
        exact = self.start + (self.end - self.start) * number / max(self.slots, 1)
        return exact.replace(second=0, microsecond=0)


def _clock(day: date, text: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(text))


def load_openings(
    query: sa.Select, now: datetime | None = None, *, include_full: bool = False
) -> list[Opening]:
    """Build openings for the sessions the query selects (ClinicSession rows).

    Args:
        query: a select of ClinicSession, already filtered.
        now: when given, sessions that have begun by then are left out.
        include_full: keep sessions without a free slot.
    """
    sessions = list(db.session.scalars(query))
    if not sessions:
        return []
    ids = [s.id for s in sessions]
    slots, held, follow_ups = slot_counts(ids), held_slots(ids), follow_up_counts(ids)
    plan_ids = {s.plan_id for s in sessions}
    plans = {p.id: p for p in db.session.scalars(sa.select(Plan).where(Plan.id.in_(plan_ids)))}
    scenarios = {p.scenario_id: p.scenario for p in plans.values()}
    site_of = {
        (row.plan_id, row.unit_id, row.week): row.site_id
        for row in db.session.scalars(sa.select(Placement).where(Placement.plan_id.in_(plan_ids)))
    }
    sites = {site.id: site for site in db.session.scalars(sa.select(Site))}
    services = {service.id: service.name for service in db.session.scalars(sa.select(Service))}
    openings = []
    for session in sessions:
        scenario: Scenario = scenarios[plans[session.plan_id].scenario_id]
        begin, finish = (scenario.session_times or DEFAULT_TIMES)[session.period]
        start = _clock(session.date, begin)
        free = slots.get(session.id, 0) - held.get(session.id, 0)
        if (now is not None and start <= now) or (free <= 0 and not include_full):
            continue
        kept, kept_held = follow_ups.get(session.id, (0, 0))
        week = (session.date - scenario.start).days // 7
        site = sites.get(site_of.get((session.plan_id, session.unit_id, week), ""))
        openings.append(
            Opening(
                session_id=session.id,
                plan_id=session.plan_id,
                date=session.date,
                period=session.period,
                start=start,
                end=_clock(session.date, finish),
                unit_id=session.unit_id,
                room=session.room,
                service_id=session.service_id,
                service_name=services.get(session.service_id, session.service_id),
                site_id=site.id if site else "",
                site_name=site.name if site else "(no site)",
                address=site.address if site else "",
                postcode=(site.postcode or "") if site else "",
                locality=site.locality if site else "",
                lat=site.lat if site else None,
                lon=site.lon if site else None,
                slots=slots.get(session.id, 0),
                free=free,
                follow_up_slots=kept,
                free_follow_up=kept - kept_held,
            )
        )
    return sorted(openings, key=lambda o: (o.start, o.site_name, o.room))


def not_cancelled() -> sa.ColumnElement[bool]:
    """SQL that holds for a session the service has not cancelled."""
    return ClinicSession.id.not_in(sa.select(SessionCancellation.session_id))


def published_sessions(service_ids: Iterable[str] | None = None, after: date | None = None):
    """Select the sessions of published plans still running (not cancelled by the service),
    optionally of some services, from a date."""
    query = (
        sa.select(ClinicSession)
        .join(Plan, Plan.id == ClinicSession.plan_id)
        .where(Plan.status == "published", not_cancelled())
        .order_by(ClinicSession.date, ClinicSession.period, ClinicSession.id)
    )
    if service_ids is not None:
        query = query.where(ClinicSession.service_id.in_(list(service_ids)))
    if after is not None:
        query = query.where(ClinicSession.date >= after)
    return query


def bookable_openings(
    service_ids: Iterable[str] | None, now: datetime, *, weeks_ahead: int | None = None
) -> list[Opening]:
    """Return the sessions of published plans still to begin that have a free slot."""
    query = published_sessions(service_ids, now.date())
    if weeks_ahead is not None:
        query = query.where(ClinicSession.date <= now.date() + timedelta(weeks=weeks_ahead))
    return load_openings(query, now)


def session_opening(session_id: int) -> Opening | None:
    """Return any session (published or not, past or not, full or not) as an opening."""
    query = sa.select(ClinicSession).where(ClinicSession.id == session_id)
    found = load_openings(query, include_full=True)
    return found[0] if found else None
