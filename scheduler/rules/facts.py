"""What every planning model needs to know about an instance, computed once.

Weeks, working half-days, open unit-weeks and site-weeks, which units may run which
services, which clinicians can work when and where, and which sites each practice's
patients may reach. Each rule's clause comes from `hard`, as the validator states it;
the models only combine these facts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cached_property

from ..contract.domain import Instance
from ..contract.geo import geodesic_km
from .hard import (
    can_fill,
    runs,
    setup_days,
    site_hosts,
    site_unavailable,
    travel_over,
    unit_unavailable,
    week_sessions_left,
    works_then,
)

# A half-day on which sessions may run: (date, "AM" or "PM").
HalfDay = tuple[date, str]


class Facts:
    """Index of an instance for the models; read-only once built."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.horizon = instance.horizon
        self.weeks = instance.horizon.weeks

    @cached_property
    def halfdays(self) -> list[tuple[HalfDay, ...]]:
        """halfdays[w]: the working half-days of week w, in calendar order."""
        h = self.horizon
        return [
            tuple((day, session) for day in h.working_days(w) for session in h.sessions)
            for w in range(self.weeks)
        ]

    @cached_property
    def unit_weeks(self) -> dict[str, frozenset[int]]:
        """unit_weeks[u]: weeks in which unit u may be placed (rule 2)."""
        h = self.horizon
        return {
            u.id: frozenset(w for w in range(self.weeks) if not unit_unavailable(h, u, w))
            for u in self.instance.units
        }

    @cached_property
    def site_weeks(self) -> dict[str, frozenset[int]]:
        """site_weeks[s]: weeks in which site s may hold a unit (rule 3)."""
        h = self.horizon
        return {
            s.id: frozenset(w for w in range(self.weeks) if not site_unavailable(h, s, w))
            for s in self.instance.sites
        }

    @cached_property
    def stand_weeks(self) -> dict[tuple[str, str], tuple[int, ...]]:
        """stand_weeks[u, s]: weeks in which unit u may stand at site s (type and both open)."""
        out = {}
        for u in self.instance.units:
            for s in self.instance.sites:
                if site_hosts(s, u):
                    weeks = sorted(self.unit_weeks[u.id] & self.site_weeks[s.id])
                    if weeks:
                        out[u.id, s.id] = tuple(weeks)
        return out

    @cached_property
    def placement_count(self) -> int:
        """How many (unit, site, week) placements may be made: the size of the placement
        models, by which the search decides what it can afford."""
        return sum(len(weeks) for weeks in self.stand_weeks.values())

    @cached_property
    def stand_sites(self) -> dict[tuple[str, int], tuple[str, ...]]:
        """stand_sites[u, w]: sites where unit u may stand in week w (`stand_weeks` by
        week), in order of site id; unit-weeks with none are left out."""
        out: dict[tuple[str, int], list[str]] = {}
        for (u, s), weeks in sorted(self.stand_weeks.items()):
            for w in weeks:
                out.setdefault((u, w), []).append(s)
        return {key: tuple(sites) for key, sites in out.items()}

    @cached_property
    def unit_services(self) -> dict[str, tuple[str, ...]]:
        """unit_services[u]: services unit u may run (rule 6)."""
        return {
            u.id: tuple(k.id for k in self.instance.services if runs(u, k))
            for u in self.instance.units
        }

    def setup_halfdays(self, unit_id: str, week: int) -> frozenset[HalfDay]:
        """Half-days of week `week` lost to setting up when unit `unit_id` arrives then."""
        return self._setup_halfdays[unit_id, week]

    @cached_property
    def _setup_halfdays(self) -> dict[tuple[str, int], frozenset[HalfDay]]:
        # asked for once a placement variable (38,136 at 120 sites: 1.2 s computed each time)
        return {
            (u.id, w): frozenset(
                (d, s) for d in setup_days(self.horizon, u, w) for s in self.horizon.sessions
            )
            for u in self.instance.units
            for w in range(self.weeks)
        }

    @cached_property
    def clinician_halfdays(self) -> dict[tuple[str, int], tuple[HalfDay, ...]]:
        """clinician_halfdays[c, w]: half-days of week w that clinician c may work (rule 7)."""
        out = {}
        for c in self.instance.clinicians:
            for w in range(self.weeks):
                free = tuple((d, s) for d, s in self.halfdays[w] if works_then(c, d, s))
                if free:
                    out[c.id, w] = free
        return out

    @cached_property
    def clinician_free(self) -> dict[str, frozenset[HalfDay]]:
        """clinician_free[c]: every half-day of the cycle that clinician c may work."""
        free: dict[str, set[HalfDay]] = {c.id: set() for c in self.instance.clinicians}
        for (c, _), halfdays in self.clinician_halfdays.items():
            free[c].update(halfdays)
        return {c: frozenset(hds) for c, hds in free.items()}

    @cached_property
    def _holders_free(self) -> dict[tuple[str, HalfDay], tuple[str, ...]]:
        out: dict[tuple[str, HalfDay], list[str]] = defaultdict(list)
        for c in self.instance.clinicians:
            for hd in sorted(self.clinician_free[c.id]):
                for skill in dict.fromkeys(c.skills):
                    out[skill, hd].append(c.id)
        return {key: tuple(ids) for key, ids in out.items()}

    def free_holders(self, skill: str, halfday: HalfDay) -> tuple[str, ...]:
        """Clinicians holding `skill` who may work on `halfday` (availability and leave)."""
        return self._holders_free.get((skill, halfday), ())

    def clinician_cap(self, clinician_id: str, week: int) -> int:
        """Most sessions clinician `clinician_id` can work in week `week`."""
        free = len(self.clinician_halfdays.get((clinician_id, week), ()))
        left = week_sessions_left(self.instance.clinician_by_id[clinician_id])
        return free if left is None else min(free, left)

    @cached_property
    def clinician_sites(self) -> dict[str, frozenset[str]]:
        """clinician_sites[c]: sites within clinician c's travel limit."""
        return {
            c.id: frozenset(s.id for s in self.instance.sites if travel_over(c, s) is None)
            for c in self.instance.clinicians
        }

    @cached_property
    def skilled(self) -> dict[str, tuple[str, ...]]:
        """skilled[skill]: clinicians holding the skill, in instance order."""
        out: dict[str, list[str]] = defaultdict(list)
        for c in self.instance.clinicians:
            for skill in dict.fromkeys(c.skills):
                out[skill].append(c.id)
        return {skill: tuple(ids) for skill, ids in out.items()}

    @cached_property
    def staffable(self) -> frozenset[str]:
        """Services whose staff list some set of distinct clinicians could fill."""
        everyone = [frozenset(c.skills) for c in self.instance.clinicians]
        return frozenset(k.id for k in self.instance.services if can_fill(k.staff, everyone))

    @cached_property
    def km(self) -> dict[tuple[str, str], float]:
        """km[p, s]: geodesic km from practice p to site s."""
        return {
            (p.id, s.id): geodesic_km(p.lat, p.lon, s.lat, s.lon)
            for p in self.instance.practices
            for s in self.instance.sites
        }

    @cached_property
    def reach(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """reach[p, k]: sites within service k's travel limit of practice p, where demand is."""
        out = {}
        for (p, k), per_week in self.instance.demand_per_week.items():
            if per_week <= 0:
                continue
            limit = self.instance.service_by_id[k].max_travel_km
            out[p, k] = tuple(
                s.id for s in self.instance.sites if limit is None or self.km[p, s.id] <= limit
            )
        return out

    def pools(self, service_id: str) -> bool:
        """Whether referrals for the service may wait for any week of the cycle."""
        wait = self.instance.service_by_id[service_id].max_wait_weeks
        return wait is None or wait >= self.weeks - 1

    def wait_weeks(self, service_id: str, arrival: int) -> tuple[int, ...]:
        """Weeks whose slots a referral of a non-pooled service arriving in `arrival` may take."""
        wait = self.instance.service_by_id[service_id].max_wait_weeks
        return tuple((arrival + t) % self.weeks for t in range(wait + 1))
