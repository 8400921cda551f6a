"""The published plans as patients see them: sites, clinics and visits, cached per version.

Reading the published plans costs tens of milliseconds; they change only when a plan is
published, so each app keeps the timetable of the current version and rebuilds it when the
published plans' ids or publishing times change. Free appointments change with every
booking, so they are counted per request, for the clinics a page shows.
"""

import bisect
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context, request
from sqlalchemy.orm import selectinload

from booking.models import SessionCancellation
from booking.slots import free_slots
from extensions import db
from inputs.columns import WEEKDAYS
from plans.models import ClinicSession, Plan, Scenario
from plans.schedule import schedule_lines

_LOCK = threading.Lock()
_CACHE_KEY = "clinics.timetable"
_VERSION_KEY = "clinics.published_version"  # in the WSGI environ: one request's memo


@dataclass(frozen=True)
class PublicSite:
    """A site as the public pages show it."""

    id: str
    name: str
    locality: str
    postcode: str
    address: str
    lat: float
    lon: float
    unit_types: tuple[str, ...]


@dataclass(frozen=True)
class PublicService:
    """A service as the public pages show it."""

    id: str
    name: str
    unit_type: str
    max_wait_weeks: int | None = None  # the wait standard: 18 weeks to treatment, 6 to a test


@dataclass(frozen=True)
class Clinic:
    """One service on one half-day at one site: its rooms' sessions together."""

    site_id: str
    service_id: str
    date: date
    period: str
    start: datetime
    end: datetime
    session_ids: tuple[int, ...]


@dataclass(frozen=True)
class Visit:
    """A unit standing at a site from `first` to `last` (its working days)."""

    site_id: str
    unit_name: str
    unit_type: str
    first: date
    last: date


@dataclass(frozen=True)
class Timetable:
    """Every clinic and visit of the published plans from the day it was built."""

    version: str
    sites: Mapping[str, PublicSite]
    services: Mapping[str, PublicService]
    clinics: tuple[Clinic, ...]  # in date and start order
    visits: tuple[Visit, ...]  # in date order

    def upcoming(self, today: date) -> tuple[Clinic, ...]:
        """Return the clinics on or after today."""
        start = bisect.bisect_left(self.clinics, today, key=lambda clinic: clinic.date)
        return self.clinics[start:]


def published_version() -> str:
    """Name the published plans' version: their ids and publishing times, and the sessions
    the service has cancelled since (once a request)."""
    memo = request.environ if has_request_context() else {}
    if _VERSION_KEY not in memo:
        rows = db.session.execute(
            sa.select(Plan.id, Plan.published_at)
            .where(Plan.status == "published")
            .order_by(Plan.id)
        ).all()
        cancelled = db.session.execute(
            sa.select(sa.func.count(), sa.func.max(SessionCancellation.at))
        ).one()
        memo[_VERSION_KEY] = ";".join(f"{plan_id}@{at}" for plan_id, at in rows) + (
            f";cancelled {cancelled[0]}@{cancelled[1]}"
        )
    return memo[_VERSION_KEY]


def current_timetable(today: date) -> Timetable:
    """Return the timetable of the published plans, built once per published version."""
    version = published_version()
    cache = current_app.extensions.setdefault(_CACHE_KEY, {})
    with _LOCK:
        found = cache.get(version)
    if found is None:
        found = build_timetable(version, today)
        with _LOCK:
            cache.clear()
            cache[version] = found
    return found


def free_appointments(clinics: Iterable[Clinic]) -> dict[Clinic, int]:
    """Count the free appointments of each clinic from the booking tables."""
    clinics = list(clinics)
    refs = [_SessionRef(session_id) for clinic in clinics for session_id in clinic.session_ids]
    free = free_slots(refs) if refs else {}
    return {clinic: sum(free[i] for i in clinic.session_ids) for clinic in clinics}


@dataclass(frozen=True)
class _SessionRef:
    """What `free_slots` reads of a session: its id."""

    id: int


def build_timetable(version: str, today: date) -> Timetable:
    """Read the published plans' sites, services, clinics (from today) and visits."""
    plans = db.session.scalars(
        sa.select(Plan)
        .where(Plan.status == "published")
        .order_by(Plan.id)
        .options(
            selectinload(Plan.sessions).selectinload(ClinicSession.clinicians),
            selectinload(Plan.placements),
            selectinload(Plan.scenario).selectinload(Scenario.sites),
            selectinload(Plan.scenario).selectinload(Scenario.services),
            selectinload(Plan.scenario).selectinload(Scenario.units),
        )
    ).all()
    sites, services, clinics, visits = {}, {}, [], []
    for plan in plans:
        scenario = plan.scenario
        for site in scenario.sites:
            sites[site.id] = PublicSite(
                site.id,
                site.name,
                site.locality,
                site.postcode or "",
                site.address or "",
                site.lat,
                site.lon,
                tuple(site.unit_types),
            )
        for service in scenario.services:
            services[service.id] = PublicService(
                service.id, service.name, service.unit_type, service.max_wait_weeks
            )
        clinics.extend(_clinics(plan, today))
        visits.extend(_visits(plan, today))
    clinics.sort(key=lambda c: (c.date, c.start, c.site_id, c.service_id))
    visits.sort(key=lambda v: (v.first, v.site_id, v.unit_name))
    ordered_sites = dict(sorted(sites.items(), key=lambda item: (item[1].name, item[0])))
    ordered_services = dict(sorted(services.items(), key=lambda item: (item[1].name, item[0])))
    return Timetable(version, ordered_sites, ordered_services, tuple(clinics), tuple(visits))


def _clinics(plan: Plan, today: date) -> list[Clinic]:
    """Group the plan's sessions from today by site, date, half-day and service, leaving out
    those the service has cancelled."""
    session_id = {(s.unit_id, s.date, s.period, s.room): s.id for s in plan.sessions}
    cancelled = set(
        db.session.scalars(
            sa.select(SessionCancellation.session_id)
            .join(ClinicSession, ClinicSession.id == SessionCancellation.session_id)
            .where(ClinicSession.plan_id == plan.id)
        )
    )
    groups: dict[tuple, list] = {}
    for line in schedule_lines(plan):
        if line.date < today or not line.site_id:
            continue
        if session_id[line.unit_id, line.date, line.period, line.room] in cancelled:
            continue
        key = (line.site_id, line.service_id, line.date, line.period)
        groups.setdefault(key, [line.start, line.end, []])[2].append(
            session_id[line.unit_id, line.date, line.period, line.room]
        )
    return [
        Clinic(site_id, service_id, day, period, start, end, tuple(sorted(ids)))
        for (site_id, service_id, day, period), (start, end, ids) in groups.items()
    ]


def _visits(plan: Plan, today: date) -> list[Visit]:
    """Merge each unit's consecutive weeks at one site into one visit, from today."""
    scenario = plan.scenario
    units = {unit.id: unit for unit in scenario.units}
    offsets = sorted(WEEKDAYS.index(day) for day in scenario.weekdays) or [0]
    runs: list[list] = []  # [unit_id, site_id, first week, last week]
    for placement in sorted(plan.placements, key=lambda p: (p.unit_id, p.week)):
        last = runs[-1] if runs else None
        same = last and last[:2] == [placement.unit_id, placement.site_id]
        if same and last[3] == placement.week - 1:
            last[3] = placement.week
        else:
            runs.append([placement.unit_id, placement.site_id, placement.week, placement.week])
    visits = []
    for unit_id, site_id, first_week, last_week in runs:
        first = scenario.start + timedelta(days=7 * first_week + offsets[0])
        last = scenario.start + timedelta(days=7 * last_week + offsets[-1])
        if last < today or unit_id not in units:
            continue
        unit = units[unit_id]
        visits.append(Visit(site_id, unit.name, unit.type, first, last))
    return visits
