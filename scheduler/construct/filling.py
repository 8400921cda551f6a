"""Fill free rooms day by day, as a manager would: the most-wanted service near the site.

A service is wanted near a site, in a week, by the referrals of the practices within its
reach that no session booked so far has served and that may still wait for that week.
Each session booked takes its slots from the nearest practices first and, within a
practice, from the referrals that have waited longest (those whose deadline comes first).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from ..contract.domain import Session
from ..rules.facts import Facts
from .roster import Roster

# Referrals left below this are none (per_week is given to two decimals).
NOTHING_LEFT = 1e-9


class Referrals:
    """Referrals not yet given a slot, by practice, service and week of arrival.

    Services whose referrals may wait the whole cycle keep one pool per practice (week 0).
    """

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        weeks = facts.weeks
        # left[p, k][a]: referrals of practice p for service k arriving in week a, unserved
        self.left: dict[tuple[str, str], list[float]] = {}
        # within[s, k]: practices whose patients may travel to site s for service k, nearest first
        within: dict[tuple[str, str], list[str]] = defaultdict(list)
        for (p, k), sites in facts.reach.items():
            per_week = facts.instance.demand_per_week[p, k]
            self.left[p, k] = [per_week * weeks] if facts.pools(k) else [per_week] * weeks
            for s in sites:
                within[s, k].append(p)
        self.within = {
            (s, k): sorted(ps, key=lambda p, s=s: (facts.km[p, s], p))
            for (s, k), ps in within.items()
        }

    def _arrivals(self, k: str, week: int) -> tuple[int, ...]:
        """Arrival weeks whose referrals may take a slot in `week`, longest waiting first."""
        if self.facts.pools(k):
            return (0,)
        wait = self.facts.instance.service_by_id[k].max_wait_weeks
        return tuple((week - t) % self.facts.weeks for t in range(wait, -1, -1))

    def near(self, site: str, k: str, week: int) -> float:
        """Referrals for `k` within reach of `site` that could use a slot in `week`."""
        arrivals = self._arrivals(k, week)
        return sum(self.left[p, k][a] for p in self.within.get((site, k), ()) for a in arrivals)

    def take(self, site: str, k: str, week: int, slots: float) -> None:
        """Give `slots` slots of `k` at `site` in `week` to the nearest referrals waiting."""
        arrivals = self._arrivals(k, week)
        for p in self.within.get((site, k), ()):
            left = self.left[p, k]
            for a in arrivals:
                used = min(slots, left[a])
                left[a] -= used
                slots -= used
                if slots <= NOTHING_LEFT:
                    return


def fill_rooms(facts: Facts, roster: Roster, worth: Mapping[str, float] | None = None) -> None:
    """Fill the roster's free rooms, half-day by half-day, with the most-wanted service.

    Each free room gets the service of its unit with the most referrals left near the
    site that the first free clinicians can staff; a room stays empty when no service
    with referrals left can be staffed. With service weights (`worth[k]`: what a referral
    served of k counts as), the service whose session would serve the most value comes
    first, and one worth nothing only takes a room no other service wants.
    """
    inst, h = facts.instance, facts.horizon
    referrals = Referrals(facts)
    for s in roster.sessions:
        week = h.week_of(s.date)
        site = roster.site.get((s.unit, week))
        if site is not None and (site, s.service) in referrals.within:
            slots = inst.service_by_id[s.service].slots_per_session
            referrals.take(site, s.service, week, slots)
    for week in range(facts.weeks):
        for day, session in facts.halfdays[week]:
            for unit in inst.units:
                site = roster.hosts(unit.id, day, session)
                rooms = roster.free_rooms(unit.id, day, session) if site is not None else []
                if not rooms:
                    continue
                wanted = {
                    k: referrals.near(site, k, week)
                    for k in facts.unit_services[unit.id]
                    if (site, k) in referrals.within and k in facts.staffable
                }
                unstaffed: set[str] = set()  # booking more only takes clinicians away
                for room in rooms:
                    for k in _ranked(inst, wanted, worth):
                        if wanted[k] <= NOTHING_LEFT:
                            break
                        team = None if k in unstaffed else roster.team(k, site, day, session)
                        if team is None:
                            unstaffed.add(k)
                            continue
                        roster.book(Session(unit.id, day, session, room, k, team))
                        slots = inst.service_by_id[k].slots_per_session
                        referrals.take(site, k, week, slots)
                        wanted[k] = referrals.near(site, k, week)
                        break


def _ranked(inst, wanted: dict[str, float], worth: Mapping[str, float] | None) -> list[str]:
    """Services to try in a free room: most wanted first or, with weights, the most value
    a session would serve (then the most wanted); those with nothing left come last."""
    if not worth:
        return sorted(wanted, key=lambda k: (-wanted[k], k))

    def value(k: str) -> float:
        slots = inst.service_by_id[k].slots_per_session
        return worth.get(k, 1.0) * min(slots, wanted[k])

    return sorted(wanted, key=lambda k: (-value(k), -wanted[k], k))
