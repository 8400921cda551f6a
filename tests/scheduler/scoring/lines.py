"""Tiny instances laid out along a line, for scoring by hand: one outpatient unit per site and
one service of 1 slot a session that needs no staff."""

from __future__ import annotations

from datetime import date, timedelta

from scheduler import (
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
    validate,
)

LAT, LON = 51.75, -0.47
KM_PER_DEGREE_LAT = geodesic_km(LAT, LON, LAT + 1, LON)
MONDAY = date(2027, 1, 4)


def north(km: float) -> tuple[float, float]:
    """A point about `km` north of (LAT, LON)."""
    return LAT + km / KM_PER_DEGREE_LAT, LON


def east(km: float) -> tuple[float, float]:
    return LAT, LON + km / (KM_PER_DEGREE_LAT * 0.62)  # cos(51.75°) ~ 0.62


def line_instance(sites, practices, demand, *, weeks=1, max_wait_weeks=None, max_travel_km=12):
    """One outpatient unit per site, one service of 1 slot a session that needs no staff.

    sites: {id: (lat, lon)}; practices: {id: (locality, (lat, lon))}; demand: {id: per_week}.
    """
    return Instance(
        name="line",
        horizon=Horizon(MONDAY, weeks, ("Mon", "Tue", "Wed", "Thu", "Fri")),
        sites=tuple(
            Site(s, None, f"near {s}", None, lat, lon, 1, ("outpatient",))
            for s, (lat, lon) in sites.items()
        ),
        units=tuple(Unit(f"u-{s}", None, "outpatient", 1) for s in sites),
        services=(
            Service("clinic", None, "outpatient", None, 1, (), max_wait_weeks, max_travel_km),
        ),
        practices=tuple(
            Practice(p, None, locality, None, lat, lon)
            for p, (locality, (lat, lon)) in practices.items()
        ),
        demand=tuple(DemandRow(p, "clinic", per_week) for p, per_week in demand.items()),
        clinicians=(),
    )


def line_plan(instance, sessions_by_site_week, *, placed_weeks=None):
    """Unit u-s stands at site s in `placed_weeks` (all weeks by default).

    sessions_by_site_week: {(site, week): n} gives AM sessions on the first n weekdays.
    """
    weeks = range(instance.horizon.weeks) if placed_weeks is None else placed_weeks
    placements = tuple(Placement(f"u-{s.id}", s.id, w) for s in instance.sites for w in weeks)
    sessions = tuple(
        Session(f"u-{site}", MONDAY + timedelta(days=7 * week + day), "AM", 0, "clinic", ())
        for (site, week), count in sessions_by_site_week.items()
        for day in range(count)
    )
    plan = Plan(instance.name, placements, sessions)
    assert validate(instance, plan) == []
    return plan
