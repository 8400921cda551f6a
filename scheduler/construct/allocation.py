"""Once the rotation is fixed: how its rooms and clinicians are best shared among services.

An LP over sessions per unit and half-day and clinicians per unit and half-day, with the
demand-to-slot flow of `referrals` on top. With the units' sites known, it sees what the
rotation model could not: which unit is setting up on which day and which clinician can
reach which unit. Its session counts are the targets of the session stage, and its dual
prices say what one more slot is worth where.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..model.capacity import planned_services
from ..model.linear import NO_PRESOLVE, LpLinear
from ..model.referrals import Referrals, add_lowest_locality, add_referrals
from ..model.weights import Weights
from ..rules.hard import week_sessions_left
from .roster import Roster


@dataclass
class _Counts:
    """What `add_referrals` reads: sessions[s, k, w] as linear expressions."""

    sessions: dict[tuple[str, str, int], Any] = field(default_factory=dict)


class Allocation:
    """The LP for the rotation (and fixed sessions) booked in `roster`."""

    def __init__(
        self, roster: Roster, deterministic: bool = False, weeks: frozenset[int] | None = None
    ) -> None:
        """The LP for new sessions in `weeks` (every week when None); those booked count."""
        self.roster = roster
        facts = self.facts = roster.facts
        inst = facts.instance
        # GLOP's options: see `linear.GLOP_OPTIONS` and `linear.NO_PRESOLVE`
        self.lin = lin = LpLinear(deterministic, options="" if weeks is None else NO_PRESOLVE)
        self._able_at: dict[tuple[str, str, Any], list[str]] = {}
        services = set(planned_services(facts))
        # n[u, k, w, i]: sessions of service k in unit u in the i-th half-day of week w
        self.n: dict[tuple[str, str, int, int], Any] = {}
        # y[c, u, w, i]: clinician c works in unit u in the i-th half-day of week w
        self.y: dict[tuple[str, str, int, int], Any] = {}
        need = {k: Counter(inst.service_by_id[k].staff) for k in services}
        at_site: dict[tuple[str, str, int], list[Any]] = defaultdict(list)
        for (u, w), site in sorted(roster.site.items()):
            if weeks is not None and w not in weeks:
                continue
            mine = [k for k in facts.unit_services[u] if k in services]
            for i, hd in enumerate(facts.halfdays[w]):
                rooms = len(roster.free_rooms(u, *hd)) if roster.hosts(u, *hd) else 0
                if not rooms or not mine:
                    continue
                here = []
                for k in mine:
                    most = min(
                        [rooms]
                        + [len(self._able(skill, site, hd)) // m for skill, m in need[k].items()]
                    )
                    var = self.n[u, k, w, i] = lin.new_int(0, most, f"n[{u},{k},{w},{i}]")
                    here.append(var)
                    at_site[site, k, w].append(var)
                lin.add(lin.total(here) <= rooms)
                self._clinicians(u, site, w, i, hd, mine, need)
        self._clinician_limits()
        for s in roster.sessions:
            at_site[
                roster.site[s.unit, facts.horizon.week_of(s.date)],
                s.service,
                facts.horizon.week_of(s.date),
            ].append(1)
        counts = _Counts({key: lin.total(terms) for key, terms in at_site.items()})
        self.referrals: Referrals = add_referrals(lin, facts, counts)
        self.served = lin.total(self.referrals.served())
        self.lowest = add_lowest_locality(lin, self.referrals)
        # worth[k]: what a referral served of service k counts as (set by `solve` when the
        # weights weigh services; empty: every referral counts as one)
        self.worth: dict[str, float] = {}
        # (the value served, its optimum) after `solve` without `refine`, for `refine`
        self._served: tuple[Any, float] | None = None

    def _able(self, skill: str, site: str, hd) -> list[str]:
        """Clinicians with `skill` who could work at `site` on `hd` (asked once per service
        and again per unit there: the roster does not change while the LP is built)."""
        key = (skill, site, hd)
        if key not in self._able_at:
            self._able_at[key] = [
                c for c in self.facts.free_holders(skill, hd) if self.roster.can_work(c, site, *hd)
            ]
        return self._able_at[key]

    def _clinicians(self, u, site, w, i, hd, mine, need) -> None:
        """Places of each skill in (u, w, i) sessions are filled by clinicians there then."""
        lin = self.lin
        skills = sorted({skill for k in mine for skill in need[k]})
        holders: dict[str, list[Any]] = defaultdict(list)
        for skill in skills:
            for c in self._able(skill, site, hd):
                if (c, u, w, i) not in self.y:
                    self.y[c, u, w, i] = lin.new_int(0, 1, f"y[{c},{u},{w},{i}]")
                holders[skill].append(self.y[c, u, w, i])
        for skill in skills:
            places = [need[k][skill] * self.n[u, k, w, i] for k in mine if need[k][skill]]
            lin.add(lin.total(places) <= lin.total(holders[skill]))

    def _clinician_limits(self) -> None:
        """One session per half-day and each week's limit (rule 7).

        One site per date is left to the session stage: stated here (with a variable per
        clinician, date and site) it makes GLOP several times slower and hardly changes
        the counts.
        """
        facts, roster, lin = self.facts, self.roster, self.lin
        by_halfday: dict[tuple[str, int, int], list[Any]] = defaultdict(list)
        by_week: dict[tuple[str, int], list[Any]] = defaultdict(list)
        for (c, _, w, i), var in self.y.items():
            by_halfday[c, w, i].append(var)
            by_week[c, w].append(var)
        for places in by_halfday.values():
            if len(places) > 1:
                lin.add(lin.total(places) <= 1)
        for (c, w), places in by_week.items():
            left = week_sessions_left(facts.instance.clinician_by_id[c], roster.in_week[c, w])
            if left is not None and len(places) > left:
                lin.add(lin.total(places) <= left)

    def solve(self, weights: Weights, time_limit_s: float, refine: bool = True) -> float | None:
        """Most value served (referrals, each counted by its service's weight when the
        weights give them), then (with `refine`) the weighted secondary aims; return the
        value served.

        Afterwards `targets` holds the sessions per (unit, service, week), `per_halfday`
        per half-day too, `prices` what one more slot would add to the value, and `worth`
        each service's weight (when given); when the secondary solve runs out of time, the
        first solve's counts stand.
        """
        lin = self.lin
        value = self.served
        if weights.by_service:
            self.worth = {k.id: weights.service(k.id) for k in self.facts.instance.services}
            value = lin.total(self.referrals.value(weights))
        lin.maximize(value)
        optimum = lin.solve(time_limit_s)
        if optimum is None:
            return None
        self.prices = {
            key: min(self.worth.get(key[1], 1.0), abs(row.dual_value()))
            for key, row in self.referrals.slot_rows.items()
        }
        self.targets = self._counts()
        self._served = (value, optimum)
        if refine:
            self.refine(weights, time_limit_s)
        return optimum

    def refine(self, weights: Weights, time_limit_s: float) -> None:
        """After `solve` (without `refine`): the second solve, for the weighted secondary
        aims (travel, the worst locality) among the solutions serving the first's optimum;
        its counts replace the first's unless it runs out of time. Once only."""
        if self._served is None:
            return
        (value, optimum), self._served = self._served, None
        lin = self.lin
        lin.add(value >= optimum * (1 - 1e-4))
        terms = [weights.coverage * value]
        terms += [-weights.travel_km * km * var for km, var in self.referrals.travel]
        if self.lowest is not None:
            terms.append(weights.min_locality_coverage * self.lowest)
        lin.maximize(lin.total(terms))
        if lin.solve(time_limit_s) is not None:
            self.targets = self._counts()

    def _counts(self) -> dict[tuple[str, str, int], float]:
        """Sessions per (unit, service, week) in the last solution; per half-day as well in
        `per_halfday[u, k, w, i]`, and clinicians per unit and half-day in
        `people[c, u, w, i]` (the non-zero ones)."""
        self.per_halfday = {key: var.solution_value() for key, var in self.n.items()}
        self.people = {
            key: value for key, var in self.y.items() if (value := var.solution_value()) > 0.01
        }
        out: dict[tuple[str, str, int], float] = defaultdict(float)
        for (u, k, w, _), value in self.per_halfday.items():
            out[u, k, w] += value
        return out
