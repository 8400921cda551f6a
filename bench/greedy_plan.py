"""A valid plan built greedily, for benchmarks that need a published plan when the planner
does not run: each unit stands two weeks at a time at the least-visited site that can host it,
and every room-session that the first free clinicians can staff is run."""

from collections import Counter, defaultdict

from scheduler import Placement, Session, geodesic_km, validate
from scheduler import Plan as PlanDomain
from scheduler.rules.tour import setup_dates


class _Staffing:
    """Who is busy when, where and how often, while the greedy plan is built."""

    def __init__(self, instance) -> None:
        self.instance = instance
        self.busy: set = set()  # (clinician, date, period)
        self.sites_on: dict = defaultdict(set)  # (clinician, date) -> sites
        self.per_week: Counter = Counter()  # (clinician, week) -> sessions

    def can(self, c, day, period, site, week) -> bool:
        reach = c.max_travel_km if c.base_lat is not None else None
        cap = c.max_sessions_per_week
        return (
            c.is_available(day, period)
            and c.leave_on(day) is None
            and (c.id, day, period) not in self.busy
            and self.sites_on[c.id, day] <= {site.id}
            and (cap is None or self.per_week[c.id, week] < cap)
            and (reach is None or geodesic_km(c.base_lat, c.base_lon, site.lat, site.lon) <= reach)
        )

    def team(self, service, day, period, site, week) -> tuple[str, ...] | None:
        chosen: list[str] = []
        for skill in service.staff:
            free = [c for c in self.instance.clinicians if skill in c.skills and c.id not in chosen]
            found = next((c for c in free if self.can(c, day, period, site, week)), None)
            if found is None:
                return None
            chosen.append(found.id)
        for c_id in chosen:
            self.busy.add((c_id, day, period))
            self.sites_on[c_id, day].add(site.id)
            self.per_week[c_id, week] += 1
        return tuple(chosen)


def _placements(instance) -> list:
    """Stand each unit two weeks at a time at the least-visited site that can host it."""
    h, placements, visits, pads, where = instance.horizon, [], Counter(), Counter(), {}
    for week in range(h.weeks):
        for unit in instance.units:
            if h.week_touches(week, unit.unavailable):
                continue
            fits = [
                s
                for s in instance.sites
                if unit.type in s.unit_types
                and not h.week_touches(week, s.unavailable)
                and pads[s.id, week] < s.pads
            ]
            stay = [s for s in fits if week % 2 and s.id == where.get((unit.id, week - 1))]
            if not fits:
                continue
            site = (stay or sorted(fits, key=lambda s: (visits[s.id] - s.min_weeks, s.id)))[0]
            placements.append(Placement(unit.id, site.id, week))
            where[unit.id, week] = site.id
            pads[site.id, week] += 1
            visits[site.id] += 1
    return placements


def greedy_plan(instance):
    """Build a valid plan: placements, then every room-session that can be staffed."""
    placements = _placements(instance)
    setting_up, staffing, sessions = setup_dates(instance, placements), _Staffing(instance), []
    for p in placements:
        unit, site = instance.unit_by_id[p.unit], instance.site_by_id[p.site]
        runnable = [
            s
            for s in instance.services
            if s.unit_type == unit.type
            and (s.capability is None or s.capability in unit.capabilities)
        ]
        for n, day in enumerate(instance.horizon.working_days(p.week)):
            if (unit.id, day) in setting_up:
                continue
            for period in instance.horizon.sessions:
                for room in range(unit.rooms):
                    for k in range(len(runnable)):
                        service = runnable[(n + 2 * room + k + p.week) % len(runnable)]
                        team = staffing.team(service, day, period, site, p.week)
                        if team is not None:
                            sessions.append(Session(unit.id, day, period, room, service.id, team))
                            break
    plan = PlanDomain(instance.name, tuple(placements), tuple(sessions))
    violations = validate(instance, plan)
    if violations:
        raise SystemExit(f"the greedy plan breaks {len(violations)} rule(s): {violations[:3]}")
    return plan
