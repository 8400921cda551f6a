"""A stored plan's sessions as rows people read: by site, by clinician, with clock times."""

from dataclasses import dataclass
from datetime import date, datetime, time

from plans.models import ClinicSession, Plan

DEFAULT_TIMES = {"AM": ("09:00", "13:00"), "PM": ("13:30", "17:30")}  # the contract's defaults


@dataclass(frozen=True)
class Line:
    """One session, with everything a schedule shows about it."""

    date: date
    period: str
    start: datetime
    end: datetime
    site_id: str
    site_name: str
    unit_id: str
    room: int
    service_id: str
    service_name: str
    clinicians: tuple[str, ...]  # names
    clinician_ids: tuple[str, ...]
    locked: bool


def schedule_lines(plan: Plan) -> list[Line]:
    """Every session of the plan with its site, in date, period and site order."""
    scenario = plan.scenario
    times = scenario.session_times or DEFAULT_TIMES
    sites = {site.id: site for site in scenario.sites}
    services = {service.id: service for service in scenario.services}
    site_of = {(p.unit_id, p.week): p.site_id for p in plan.placements}
    lines = []
    for session in plan.sessions:
        week = (session.date - scenario.start).days // 7
        site_id = site_of.get((session.unit_id, week), "")
        begin, finish = times[session.period]
        lines.append(
            Line(
                date=session.date,
                period=session.period,
                start=datetime.combine(session.date, time.fromisoformat(begin)),
                end=datetime.combine(session.date, time.fromisoformat(finish)),
                site_id=site_id,
                site_name=sites[site_id].name if site_id in sites else "(no site)",
                unit_id=session.unit_id,
                room=session.room,
                service_id=session.service_id,
                service_name=_name(services, session),
                clinicians=tuple(c.name for c in session.clinicians),
                clinician_ids=tuple(c.id for c in session.clinicians),
                locked=session.locked,
            )
        )
    return sorted(lines, key=lambda line: (line.date, line.period, line.site_name, line.room))


def _name(services: dict, session: ClinicSession) -> str:
    service = services.get(session.service_id)
    return service.name if service else session.service_id


def by_site(lines: list[Line]) -> dict[str, list[Line]]:
    """Group lines by site id, keeping date order."""
    groups: dict[str, list[Line]] = {}
    for line in lines:
        groups.setdefault(line.site_id, []).append(line)
    return groups


def by_clinician(lines: list[Line]) -> dict[str, list[Line]]:
    """Group lines by clinician id; a session with two clinicians appears under both."""
    groups: dict[str, list[Line]] = {}
    for line in lines:
        for clinician_id in line.clinician_ids:
            groups.setdefault(clinician_id, []).append(line)
    return groups
