"""Fixtures for the planning core: tiny hand-made instances and the shared examples."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from scheduler import (
    Clinician,
    DateRange,
    DemandRow,
    Horizon,
    Instance,
    Placement,
    Plan,
    Practice,
    Service,
    Session,
    Site,
    Unit,
    geodesic_km,
    read_instance,
)
from scheduler.rules.tour import arrivals
from tests.data import INSTANCES

EXAMPLES = INSTANCES
MONDAY = date(2027, 1, 4)
ALL_WEEKDAY_SESSIONS = tuple(
    f"{d}-{s}" for d in ("Mon", "Tue", "Wed", "Thu", "Fri") for s in ("AM", "PM")
)


def example_paths() -> list[Path]:
    return sorted(EXAMPLES.glob("*.json"))


@pytest.fixture
def example(request: pytest.FixtureRequest) -> Instance:
    """A shared example instance by name (parametrise indirectly with 'example-small')."""
    path = EXAMPLES / f"{request.param}.json"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return read_instance(path)


@pytest.fixture
def tiny() -> Instance:
    """Two weeks, two sites 7.4 km apart, three units, three services, four clinicians.

    c-derm-1 has a weekly limit of 3 and leave on Wed 2027-01-13; c-derm-2 works Tuesdays
    only and has a travel limit but no base; c-nurse-1 may travel only 1 km from site a.
    """
    return Instance(
        name="tiny",
        horizon=Horizon(
            start=MONDAY,
            weeks=2,
            weekdays=("Mon", "Tue", "Wed", "Thu", "Fri"),
            closed_dates=(date(2027, 1, 8),),  # Friday of week 0
        ),
        sites=(
            Site("a", "Site A", "Alpha", None, 51.75, -0.47, 1, ("outpatient", "radiology")),
            Site(
                "b",
                "Site B",
                "Beta",
                None,
                51.80,
                -0.40,
                1,
                ("outpatient",),
                unavailable=(DateRange(date(2027, 1, 16), date(2027, 1, 16)),),  # Sat, week 1
            ),
        ),
        units=(
            Unit("op-1", "Outpatient 1", "outpatient", 2, setup_days=1),
            Unit(
                "rad-1",
                "Radiology 1",
                "radiology",
                1,
                capabilities=("mri",),
                # the Sunday of week 1 and the Monday after the cycle
                unavailable=(DateRange(date(2027, 1, 17), date(2027, 1, 18)),),
            ),
            Unit("op-2", "Outpatient 2", "outpatient", 1),
        ),
        services=(
            Service("derm", "Dermatology", "outpatient", None, 10, ("dermatology",), 18, 15),
            Service(
                "diab", "Diabetes", "outpatient", None, 8, ("diabetes", "specialist-nurse"), 18, 12
            ),
            Service("mri", "MRI", "radiology", "mri", 12, ("mri-radiographer",), 6, 25),
        ),
        practices=(
            Practice("P1", "Practice 1", "Alpha", None, 51.75, -0.47, 5000),
            Practice("P2", "Practice 2", "Beta", None, 51.80, -0.40, 6000),
        ),
        demand=(
            DemandRow("P1", "derm", 4.0),
            DemandRow("P2", "derm", 2.5),
            DemandRow("P1", "mri", 3.0),
        ),
        clinicians=(
            Clinician(
                "c-derm-1",
                "Derm 1",
                ("dermatology", "diabetes"),
                51.75,
                -0.45,
                30,
                ALL_WEEKDAY_SESSIONS,
                3,
                leave=(DateRange(date(2027, 1, 13), date(2027, 1, 13)),),
            ),
            Clinician(
                "c-derm-2", "Derm 2", ("dermatology",), None, None, 5, ("Tue-AM", "Tue-PM"), None
            ),
            Clinician(
                "c-nurse-1",
                "Nurse 1",
                ("specialist-nurse",),
                51.75,
                -0.47,
                1,
                ALL_WEEKDAY_SESSIONS,
                None,
            ),
            Clinician(
                "c-mri-1",
                "MRI 1",
                ("mri-radiographer",),
                51.75,
                -0.47,
                None,
                ALL_WEEKDAY_SESSIONS,
                10,
            ),
        ),
    )


@pytest.fixture
def tiny_plan() -> Plan:
    """A valid plan for `tiny`: op-1 stays at site a (no arrival), one dermatology session."""
    return Plan(
        instance="tiny",
        placements=(Placement("op-1", "a", 0), Placement("op-1", "a", 1)),
        sessions=(Session("op-1", date(2027, 1, 5), "AM", 0, "derm", ("c-derm-1",)),),
    )


def naive_plan(instance: Instance) -> Plan:
    """A quick valid plan: units stay put where many practices are near, sessions filled greedily.

    Only for tests: it shows that `validate` accepts real plans and times `score` on them.
    """
    h = instance.horizon
    near = {
        s.id: sum(geodesic_km(p.lat, p.lon, s.lat, s.lon) <= 15 for p in instance.practices)
        for s in instance.sites
    }
    sites_by_need = sorted(instance.sites, key=lambda s: (-s.min_weeks, -near[s.id]))
    visits = {s.id: 0 for s in instance.sites}
    units_at: dict[tuple[str, int], int] = defaultdict(int)
    placements = []
    for unit in instance.units:
        previous = None
        for week in range(h.weeks):
            if h.week_touches(week, unit.unavailable):
                previous = None
                continue
            fits = [
                s
                for s in sites_by_need
                if unit.type in s.unit_types
                and units_at[s.id, week] < s.pads
                and not h.week_touches(week, s.unavailable)
            ]
            needy = [s for s in fits if visits[s.id] < s.min_weeks]
            stay = [s for s in fits if s.id == previous]
            chosen = (needy or stay or fits or [None])[0]
            previous = chosen and chosen.id
            if chosen is not None:
                units_at[chosen.id, week] += 1
                visits[chosen.id] += 1
                placements.append(Placement(unit.id, chosen.id, week))
    setting_up = set()
    for unit_id, week in arrivals(instance, placements):
        days = instance.unit_by_id[unit_id].setup_days
        setting_up.update((unit_id, d) for d in h.working_days(week)[:days])

    busy: set[tuple[str, date, str]] = set()
    site_on: dict[tuple[str, date], str] = {}
    in_week: dict[tuple[str, int], int] = defaultdict(int)

    def can_work(c: Clinician, site_id: str, day: date, session: str, week: int) -> bool:
        site = instance.site_by_id[site_id]
        far = (
            c.max_travel_km is not None
            and c.base_lat is not None
            and geodesic_km(c.base_lat, c.base_lon, site.lat, site.lon) > c.max_travel_km
        )
        return (
            c.is_available(day, session)
            and c.leave_on(day) is None
            and not far
            and (c.id, day, session) not in busy
            and site_on.get((c.id, day), site_id) == site_id
            and (c.max_sessions_per_week is None or in_week[c.id, week] < c.max_sessions_per_week)
        )

    sessions = []
    for p in placements:
        unit = instance.unit_by_id[p.unit]
        services = [
            k
            for k in instance.services
            if k.unit_type == unit.type
            and (k.capability is None or k.capability in unit.capabilities)
        ]
        for day in h.working_days(p.week):
            for session in h.sessions:
                if (unit.id, day) in setting_up:
                    continue
                for room in range(unit.rooms):
                    for offset in range(len(services)):
                        k = services[(room + day.toordinal() + offset) % len(services)]
                        team: list[str] = []
                        for skill in k.staff:
                            pick = next(
                                (
                                    c
                                    for c in instance.clinicians
                                    if skill in c.skills
                                    and c.id not in team
                                    and can_work(c, p.site, day, session, p.week)
                                ),
                                None,
                            )
                            if pick is None:
                                break
                            team.append(pick.id)
                        if len(team) == len(k.staff):
                            for c_id in team:
                                busy.add((c_id, day, session))
                                site_on[c_id, day] = p.site
                                in_week[c_id, p.week] += 1
                            sessions.append(Session(unit.id, day, session, room, k.id, tuple(team)))
                            break
    return Plan(instance.name, tuple(placements), tuple(sessions))


@pytest.fixture
def make_naive_plan():
    return naive_plan
