"""Which part of the plan the large-neighbourhood search frees next, adapting to what pays.

Kinds of neighbourhood (`KINDS`), each over a run of consecutive weeks (cyclic):
- "weeks": every unit: where the whole fleet stands, then its sessions.
- "units": a unit and the nearest units of its type (where they stand that week).
- "locality": the units that stand in one locality's sites, or may stand there.
- "service": units that may run one service (drawn by its demand), the nearest together.
- "clinicians": the units that a group of clinicians sharing a skill staff in those
  weeks (or, where they staff none, units of services that need the skill).
- "sessions": who staffs what in those weeks; placements kept.
Every kind re-plans all the sessions of its weeks; the kinds differ in the units whose
placements they free.

Each kind's weight drifts toward its recent rate of success (never below `FLOOR`), and
kinds are drawn in proportion to their weights. A kind's run of weeks grows by one after
`GROW_AFTER` failures in a row (back to its shortest past its longest) and stays after
a success. All draws come from one seeded generator, so a seed repeats a run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..contract.domain import Plan
from ..contract.geo import geodesic_km
from ..rules.facts import Facts
from ..scoring.kpis import demand_totals

KINDS = ("weeks", "units", "locality", "service", "clinicians", "sessions")
# Kinds that free some units' placements (none of them in a one-week cycle).
GROUPS = ("units", "locality", "service", "clinicians")
# Shortest and longest run of weeks of each kind.
WEEKS = {
    "weeks": (1, 4),
    "units": (3, 8),
    "locality": (2, 6),
    "service": (2, 6),
    "clinicians": (2, 6),
    "sessions": (1, 3),
}
UNITS_PER_GROUP = 3  # a neighbourhood of a group of units frees this many units at most
CLINICIANS_PER_GROUP = 6  # a "clinicians" neighbourhood follows this many clinicians
DECAY = 0.8  # a kind's weight keeps this share of itself at each of its trials
FLOOR = 0.1
GROW_AFTER = 3


@dataclass(frozen=True)
class Neighbourhood:
    kind: str
    weeks: tuple[int, ...]
    units: frozenset[str]  # units whose placements in `weeks` are freed (none: sessions only)
    # staff the re-planned weeks by the allocation LP's first solution only, no CP-SAT
    # (the sweep at 120 sites: a week's CP-SAT model costs more than it finds there)
    quick: bool = False


class Chooser:
    """Draws neighbourhoods and learns from their results."""

    def __init__(self, facts: Facts, seed: int, quick: bool = False) -> None:
        """`quick`: every neighbourhood is staffed by the allocation LP's first solution
        (where the sweep runs: at 120 sites CP-SAT staffs a week no better in a step's
        time)."""
        self.facts = facts
        self.quick = quick
        # A seeded search, so that a seed repeats a run; nothing secret depends on it.
        self.random = random.Random(seed)  # nosec B311
        self.weight = dict.fromkeys(KINDS, 1.0)
        self.length = {kind: least for kind, (least, _) in WEEKS.items()}
        self.failures = dict.fromkeys(KINDS, 0)
        if facts.weeks < 2:
            for kind in GROUPS:
                self.weight[kind] = 0.0
        demand = demand_totals(facts.instance)[0]
        # services some unit may run, with their demand (a "service" neighbourhood's draw)
        self.services = [
            (k, demand[k])
            for k in sorted(demand)
            if demand[k] > 0 and any(k in ks for ks in facts.unit_services.values())
        ]
        # clinicians a "clinicians" neighbourhood may start from (the contract allows none,
        # and clinicians without skills)
        self.skilled = [c for c in facts.instance.clinicians if c.skills]
        if not self.services:
            self.weight["service"] = 0.0
        if not self.skilled:
            self.weight["clinicians"] = 0.0

    def draw(self, plan: Plan) -> Neighbourhood:
        kinds = [k for k in KINDS if self.weight[k] > 0]
        kind = self.random.choices(kinds, [self.weight[k] for k in kinds])[0]
        weeks_in_cycle = self.facts.weeks
        length = min(self.length[kind], weeks_in_cycle)
        start = self.random.randrange(weeks_in_cycle)
        weeks = tuple(sorted((start + i) % weeks_in_cycle for i in range(length)))
        return Neighbourhood(kind, weeks, self._units(kind, plan, start, weeks), self.quick)

    def learn(self, hood: Neighbourhood, improved: bool) -> None:
        kind = hood.kind
        self.weight[kind] = max(FLOOR, DECAY * self.weight[kind] + (1 - DECAY) * improved)
        if improved:
            self.failures[kind] = 0
            return
        self.failures[kind] += 1
        if self.failures[kind] >= GROW_AFTER:
            self.failures[kind] = 0
            least, most = WEEKS[kind]
            self.length[kind] = self.length[kind] + 1 if self.length[kind] < most else least

    def _units(self, kind: str, plan: Plan, week: int, weeks: tuple[int, ...]) -> frozenset[str]:
        inst = self.facts.instance
        if kind == "sessions":
            return frozenset()
        if kind == "weeks":
            return frozenset(u.id for u in inst.units)
        where = {p.unit: p.site for p in plan.placements if p.week == week}
        if kind == "units":
            first = self.random.choice(inst.units)
            return self._nearest(
                first.id, [u.id for u in inst.units if u.type == first.type], where
            )
        if kind == "service":
            services, demand = zip(*self.services, strict=True)
            k = self.random.choices(services, demand)[0]
            able = [u.id for u in inst.units if k in self.facts.unit_services[u.id]]
            return self._nearest(self.random.choice(able), able, where)
        if kind == "clinicians":
            return self._staffed(plan, weeks)
        localities = sorted({s.locality for s in inst.sites})
        locality = self.random.choice(localities)
        sites = {s.id for s in inst.sites if s.locality == locality}
        standing = {u for u, s in where.items() if s in sites}
        able = sorted({u for (u, s) in self.facts.stand_weeks if s in sites} - standing)
        self.random.shuffle(able)
        return frozenset(standing | set(able[: max(1, UNITS_PER_GROUP - len(standing))]))

    def _nearest(self, first: str, peers: list[str], where: dict[str, str]) -> frozenset[str]:
        """`first` and the peers standing nearest it (that week), `UNITS_PER_GROUP` in all."""
        ranked = sorted(peers, key=lambda u: (self._km(where.get(first), where.get(u)), u))
        return frozenset(ranked[:UNITS_PER_GROUP])

    def _staffed(self, plan: Plan, weeks: tuple[int, ...]) -> frozenset[str]:
        """Units a group of clinicians sharing a skill staff in `weeks` (at most
        `UNITS_PER_GROUP`, drawn), else units of services that need the skill."""
        inst, h = self.facts.instance, self.facts.horizon
        first = self.random.choice(self.skilled)
        skill = self.random.choice(sorted(first.skills))
        group = sorted(c.id for c in inst.clinicians if skill in c.skills)
        self.random.shuffle(group)
        group = set(group[:CLINICIANS_PER_GROUP]) | {first.id}
        freed = set(weeks)
        units = sorted(
            {
                s.unit
                for s in plan.sessions
                if h.week_of(s.date) in freed and group.intersection(s.clinicians)
            }
        )
        if not units:
            units = [
                u.id
                for u in inst.units
                if any(skill in inst.service_by_id[k].staff for k in self.facts.unit_services[u.id])
            ]
        self.random.shuffle(units)
        return frozenset(units[:UNITS_PER_GROUP])

    def _km(self, a: str | None, b: str | None) -> float:
        if a is None or b is None:
            return float("inf")
        sa, sb = self.facts.instance.site_by_id[a], self.facts.instance.site_by_id[b]
        return geodesic_km(sa.lat, sa.lon, sb.lat, sb.lon)
