"""The contract's hard rules, clause by clause, on single entities.

Each function states one clause of a rule of PLANNING-PROBLEM.md once. The validator
(`validate`, `clinicians`) words what they find for a plan, the pre-checks (`prechecks`) for an
instance that cannot have a valid plan, and the models (`facts`, `placement`, `roster`)
allow only what they allow.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..contract.domain import Clinician, Horizon, Service, Site, Unit
from ..contract.geo import geodesic_km
from ..contract.horizon import DateRange
from .matching import max_matching, staff_matching


def unit_unavailable(horizon: Horizon, unit: Unit, week: int) -> DateRange | None:
    """Hard (rule 2): no placement "in a week that touches its `unavailable` dates".

    Returns the first of the unit's unavailable ranges that the week touches, or None.
    """
    return horizon.week_touches(week, unit.unavailable)


def site_hosts(site: Site, unit: Unit) -> bool:
    """Hard (rule 3): "a site hosts only its `unit_types`"."""
    return unit.type in site.unit_types


def site_unavailable(horizon: Horizon, site: Site, week: int) -> DateRange | None:
    """Hard (rule 3): a site "has no placement in a week that touches its `unavailable` dates".

    Returns the first of the site's unavailable ranges that the week touches, or None.
    """
    return horizon.week_touches(week, site.unavailable)


def pads_left(site: Site, held: int = 0) -> int:
    """Hard (rule 3): a site "holds at most `pads` units in a week": how many more it may
    hold where `held` stand (below 0 when over)."""
    return site.pads - held


def over_pads(site: Site, units: int) -> bool:
    """Hard (rule 3): True when `units` in a week exceed the site's pads (`pads_left`)."""
    return pads_left(site, units) < 0


def setup_days(horizon: Horizon, unit: Unit, week: int) -> tuple[date, ...]:
    """Hard (rule 4): the days an arrival in `week` leaves without sessions.

    "Its first `setup_days` working days (horizon weekdays that are not closed) of week `w`
    hold no sessions."
    """
    return horizon.working_days(week)[: unit.setup_days]


def room_exists(unit: Unit, room: int) -> bool:
    """Hard (rule 5): "`room` lies in `[0, rooms)`"."""
    return 0 <= room < unit.rooms


def type_fits(unit: Unit, service: Service) -> bool:
    """Hard (rule 6): "the service's `unit_type` is the unit's type"."""
    return service.unit_type == unit.type


def capability_fits(unit: Unit, service: Service) -> bool:
    """Hard (rule 6): the service's `capability`, "when set, is among the unit's `capabilities`"."""
    return service.capability is None or service.capability in unit.capabilities


def runs(unit: Unit, service: Service) -> bool:
    """Hard (rule 6): whether `unit` may run `service` (its type and its capability fit)."""
    return type_fits(unit, service) and capability_fits(unit, service)


def can_staff(staff: Sequence[str], skills: Sequence[frozenset[str]]) -> bool:
    """Hard (rule 7): clinicians with these skills "can be matched one to one to the `staff`"."""
    return staff_matching(staff, skills) is not None


def can_fill(staff: Sequence[str], pool: Sequence[frozenset[str]]) -> bool:
    """Hard (rule 7): whether some distinct clinicians of `pool` (their skills) fill the `staff`."""
    candidates = [[j for j, skills in enumerate(pool) if need in skills] for need in staff]
    return len(max_matching(candidates)) == len(staff)


def works_then(clinician: Clinician, day: date, session: str) -> bool:
    """Hard (rule 7): "available on that weekday-session, not on leave that date"."""
    return clinician.is_available(day, session) and clinician.leave_on(day) is None


def travel_over(clinician: Clinician, site: Site) -> float | None:
    """Hard (rule 7): "within `max_travel_km` of their base when both are set".

    Returns the km from base to site when they exceed the clinician's limit, else None.
    """
    if clinician.max_travel_km is None or clinician.base_lat is None or clinician.base_lon is None:
        return None
    km = geodesic_km(clinician.base_lat, clinician.base_lon, site.lat, site.lon)
    return km if km > clinician.max_travel_km else None


def week_sessions_left(clinician: Clinician, sessions: int = 0) -> int | None:
    """Hard (rule 7): "at most `max_sessions_per_week` sessions per cycle week": how many
    more the clinician may work in a week where `sessions` are booked (None: no limit)."""
    limit = clinician.max_sessions_per_week
    return None if limit is None else limit - sessions


def over_week_limit(clinician: Clinician, sessions: int) -> bool:
    """Hard (rule 7): True when `sessions` in a cycle week exceed the clinician's limit."""
    left = week_sessions_left(clinician, sessions)
    return left is not None and left < 0


def visits_missing(site: Site, weeks: int = 0) -> int:
    """Hard (rule 8): "every site has at least `min_weeks` weeks with a placement": how
    many more weeks the site needs where `weeks` have one."""
    return max(0, site.min_weeks - weeks)


def visits_short(site: Site, weeks: int) -> bool:
    """Hard (rule 8): True when `weeks` with a placement are fewer than the site needs."""
    return visits_missing(site, weeks) > 0
