"""Sessions booked so far and the rooms, clinicians and sites they hold (rules 4, 5, 7).

Anything that builds sessions one at a time books them here and asks here what is still
free, so that every session it adds keeps the plan valid: fixed sessions first, then the
baseline's greedy filling or the session stage's staffed counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from ..contract.domain import FixedSession, Placement, Session
from ..rules.facts import Facts
from ..rules.hard import can_staff, over_week_limit, runs
from ..rules.matching import max_matching
from ..rules.tour import setup_dates, stands


class Roster:
    """The state of a plan under construction, for fixed placements."""

    def __init__(self, facts: Facts, placements: Iterable[Placement]) -> None:
        self.facts = facts
        self.placements = tuple(placements)
        # site[u, w]: where unit u stands in week w
        self.site = stands(facts.instance, self.placements)
        self.setting_up = setup_dates(facts.instance, self.placements)
        # rooms_used[u, date, session]: rooms of unit u booked then
        self.rooms_used: dict[tuple[str, date, str], set[int]] = defaultdict(set)
        # busy: (clinician, date, session) booked
        self.busy: set[tuple[str, date, str]] = set()
        # site_on[c, date]: the site clinician c works at on that date
        self.site_on: dict[tuple[str, date], str] = {}
        # in_week[c, w]: sessions clinician c works in week w
        self.in_week: dict[tuple[str, int], int] = defaultdict(int)
        # on_date[c, date]: sessions clinician c works that date (to release site_on)
        self.on_date: dict[tuple[str, date], int] = defaultdict(int)
        self.sessions: list[Session] = []

    def hosts(self, unit_id: str, day: date, session: str) -> str | None:
        """The site where the unit can hold a session then (rule 4), or None."""
        h = self.facts.horizon
        if not h.in_cycle(day) or not h.is_working_day(day) or session not in h.sessions:
            return None
        if (unit_id, day) in self.setting_up:
            return None
        return self.site.get((unit_id, h.week_of(day)))

    def free_rooms(self, unit_id: str, day: date, session: str) -> list[int]:
        used = self.rooms_used[unit_id, day, session]
        rooms = self.facts.instance.unit_by_id[unit_id].rooms
        return [r for r in range(rooms) if r not in used]

    def can_work(self, clinician_id: str, site_id: str, day: date, session: str) -> bool:
        """Whether the clinician may take one more session at the site then (rule 7)."""
        facts = self.facts
        if (day, session) not in facts.clinician_free[clinician_id]:
            return False
        if (clinician_id, day, session) in self.busy:
            return False
        if self.site_on.get((clinician_id, day), site_id) != site_id:
            return False
        if site_id not in facts.clinician_sites[clinician_id]:
            return False
        week = facts.horizon.week_of(day)
        clinician = facts.instance.clinician_by_id[clinician_id]
        return not over_week_limit(clinician, self.in_week[clinician_id, week] + 1)

    def team(
        self,
        service_id: str,
        site_id: str,
        day: date,
        session: str,
        prefer: Mapping[str, float] | None = None,
    ) -> tuple[str, ...] | None:
        """Free clinicians who can fill the service's staff one to one (the most `prefer`red
        first, else the first), or None."""
        staff = self.facts.instance.service_by_id[service_id].staff
        free: dict[str, list[str]] = {}
        for skill in set(staff):
            free[skill] = [
                c
                for c in self.facts.skilled.get(skill, ())
                if self.can_work(c, site_id, day, session)
            ]
            if prefer:
                free[skill].sort(key=lambda c: -prefer.get(c, 0.0))
        matched = max_matching([free[skill] for skill in staff])
        if len(matched) < len(staff):
            return None
        return tuple(str(matched[i]) for i in range(len(staff)))

    def fits(self, s: Session) -> bool:
        """Whether booking `s` keeps rules 4-7 (clinicians' skills are the caller's business)."""
        site = self.hosts(s.unit, s.date, s.session)
        if site is None or s.room not in self.free_rooms(s.unit, s.date, s.session):
            return False
        if len(set(s.clinicians)) != len(s.clinicians):
            return False
        return all(self.can_work(c, site, s.date, s.session) for c in s.clinicians)

    def book(self, s: Session) -> None:
        """Record `s` and the rooms, clinicians and site it holds."""
        week = self.facts.horizon.week_of(s.date)
        site = self.site[s.unit, week]
        self.rooms_used[s.unit, s.date, s.session].add(s.room)
        for c in s.clinicians:
            self.busy.add((c, s.date, s.session))
            self.site_on[c, s.date] = site
            self.in_week[c, week] += 1
            self.on_date[c, s.date] += 1
        self.sessions.append(s)

    def unbook(self, s: Session) -> None:
        """Undo `book(s)`."""
        week = self.facts.horizon.week_of(s.date)
        self.rooms_used[s.unit, s.date, s.session].discard(s.room)
        for c in s.clinicians:
            self.busy.discard((c, s.date, s.session))
            self.in_week[c, week] -= 1
            self.on_date[c, s.date] -= 1
            if not self.on_date[c, s.date]:
                del self.site_on[c, s.date]
        if self.sessions and self.sessions[-1] == s:
            self.sessions.pop()  # undoing the latest booking, as trial bookings do
        else:
            self.sessions.remove(s)


def book_fixed(roster: Roster) -> list[FixedSession]:
    """Book every fixed session of the instance (rule 9), completing the fields it leaves out.

    Missing fields take the first value that keeps the plan valid. Returns the fixed
    sessions that could not be booked (none when the placements suit them).
    """
    inst = roster.facts.instance
    given = ("unit", "date", "session", "room", "service", "clinicians")
    order = sorted(
        inst.fixed.sessions, key=lambda f: -sum(getattr(f, n) is not None for n in given)
    )
    missed = []
    for f in order:
        units = [f.unit] if f.unit is not None else [u.id for u in inst.units]
        session = next(
            (s for u in units for s in _completions(roster, f, u) if roster.fits(s)), None
        )
        if session is None:
            missed.append(f)
        else:
            roster.book(session)
    return missed


def _completions(roster: Roster, f: FixedSession, unit_id: str):
    """Sessions of unit `unit_id` that match `f`, in the order they are tried."""
    facts = roster.facts
    inst, h = facts.instance, facts.horizon
    unit = inst.unit_by_id[unit_id]
    if f.date is not None:
        dates = [f.date]
    else:
        dates = [d for (u, w) in sorted(roster.site) if u == unit_id for d in h.working_days(w)]
    for day in dates:
        for session in [f.session] if f.session is not None else h.sessions:
            site = roster.hosts(unit_id, day, session)
            if site is None:
                continue
            free = roster.free_rooms(unit_id, day, session)
            rooms = [f.room] if f.room is not None else free[:1]
            services = [f.service] if f.service is not None else facts.unit_services[unit_id]
            for k in services:
                service = inst.service_by_id[k]
                if not runs(unit, service):
                    continue
                if f.clinicians is None:
                    team = roster.team(k, site, day, session)
                else:
                    skills = [frozenset(inst.clinician_by_id[c].skills) for c in f.clinicians]
                    team = tuple(f.clinicians) if can_staff(service.staff, skills) else None
                for room in rooms if team is not None else ():
                    yield Session(unit_id, day, session, room, k, team)
