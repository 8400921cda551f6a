"""Arrange a stored plan as the operations manager reads it: units by weeks, with sessions."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from plans.models import ClinicSession, Plan

# Locality colours from the NHS.UK palette's lighter tints, readable under black text; the
# site name in the cell carries the meaning, so colour is never the only cue.
LOCALITY_COLOURS = (
    "#c8e0f4",
    "#d4edda",
    "#fde2b8",
    "#e6d6f0",
    "#f8d7da",
    "#d1ecf1",
    "#fff3b0",
    "#e2e3e5",
)


@dataclass(frozen=True)
class Cell:
    site_id: str | None
    site_name: str | None
    locality: str | None
    arrives: bool  # the unit moved here this week (rule 4)
    sessions: int
    locked: bool


@dataclass
class Timeline:
    weeks: list[tuple[int, date]]  # (week index, Monday)
    units: list  # Unit rows in order
    cells: dict[tuple[str, int], Cell]
    colours: dict[str, str]
    sessions: dict[tuple[str, int], list[ClinicSession]] = field(default_factory=dict)


def build_timeline(plan: Plan) -> Timeline:
    """Return the unit × week grid of a plan, with each unit-week's sessions."""
    scenario = plan.scenario
    sites = {site.id: site for site in scenario.sites}
    weeks = [(w, scenario.start + timedelta(days=7 * w)) for w in range(scenario.weeks)]
    where = {(p.unit_id, p.week): p for p in plan.placements}
    by_unit_week: dict[tuple[str, int], list[ClinicSession]] = defaultdict(list)
    for session in plan.sessions:
        week = (session.date - scenario.start).days // 7
        by_unit_week[session.unit_id, week].append(session)
    localities = sorted({site.locality for site in sites.values()})
    colours = {
        name: LOCALITY_COLOURS[i % len(LOCALITY_COLOURS)] for i, name in enumerate(localities)
    }
    cells = {}
    for unit in scenario.units:
        for week, _ in weeks:
            placement = where.get((unit.id, week))
            before = where.get((unit.id, (week - 1) % scenario.weeks))
            site = sites.get(placement.site_id) if placement else None
            cells[unit.id, week] = Cell(
                site_id=placement.site_id if placement else None,
                site_name=site.name if site else None,
                locality=site.locality if site else None,
                arrives=bool(placement) and (before is None or before.site_id != placement.site_id),
                sessions=len(by_unit_week.get((unit.id, week), [])),
                locked=bool(placement and placement.locked),
            )
    return Timeline(weeks, list(scenario.units), cells, colours, dict(by_unit_week))
