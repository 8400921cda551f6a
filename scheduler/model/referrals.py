"""Referrals meet slots inside an LP: the contract's transportation problem on session counts.

Referrals of a service whose patients may wait any week are pooled over the cycle (as in
`network`); the others keep their arrival week and reach only the slots of their waiting
window, through `taken` variables per site and week.

Practices of one locality that reach exactly the same sites for a service are one source
here: the referrals served, overall and per locality, are exactly those of the practices
kept apart (so the LP's optimum stays a bound), while the model shrinks several-fold. Their
travel is the demand-weighted mean of the members' distances, which is all the secondary
aims need. On large instances (`COARSE_ABOVE`) the practices of a locality are one source
even when their reach differs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..rules.facts import Facts
from .linear import Linear
from .weights import Weights

# Above this many flow variables (practice, site and, for services with a waiting window,
# arrival week), the practices of one locality are merged, each reaching every site any
# of them reaches: more than they really reach, so the LP's optimum is still a bound.
COARSE_ABOVE = 40_000


class Counts(Protocol):
    # sessions[s, k, w]: sessions of service k at site s in week w (variable or expression)
    sessions: dict[tuple[str, str, int], Any]


@dataclass
class Referrals:
    """The flow variables of a model and the sums the objectives need."""

    # flow[g, k, s]: referrals of source g for pooled service k served at site s (cycle)
    flow: dict[tuple[int, str, str], Any] = field(default_factory=dict)
    # sent[g, k, s, a]: referrals of source g for service k arriving in week a, sent to s
    sent: dict[tuple[int, str, str, int], Any] = field(default_factory=dict)
    # taken[s, k, a, w]: referrals for service k arriving in week a, served at site s in week w
    taken: dict[tuple[str, str, int, int], Any] = field(default_factory=dict)
    # slot_rows[s, k, w]: the limit on referrals served by slots of k at s in week w
    # (w None for pooled services: their slots over the whole cycle)
    slot_rows: dict[tuple[str, str, int | None], Any] = field(default_factory=dict)
    # by_locality[name]: variables carrying referrals of the locality's practices
    by_locality: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    # by_service[k]: variables carrying referrals for service k
    by_service: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    # demand[name]: referrals of the locality's practices over the cycle
    demand: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    # travel: (mean km from the source's practices to the site, variable) of every flow
    travel: list[tuple[float, Any]] = field(default_factory=list)

    def served(self) -> list[Any]:
        return [var for terms in self.by_locality.values() for var in terms]

    def value(self, weights: Weights) -> list[Any]:
        """Referrals served, each counted by its service's weight (`served` without them)."""
        if not weights.by_service:
            return self.served()
        return [
            weights.service(k) * var
            for k, terms in self.by_service.items()
            if weights.service(k) > 0
            for var in terms
        ]


@dataclass
class _Source:
    """Practices of one locality reaching the same sites for one service."""

    locality: str
    service: str
    sites: tuple[str, ...]
    per_week: float = 0.0
    km: dict[str, float] = field(default_factory=lambda: defaultdict(float))


def _sources(facts: Facts, weeks_at: dict[tuple[str, str], list[int]]) -> list[_Source]:
    """Practices grouped into sources; see the module docstring and `COARSE_ABOVE`."""
    inst = facts.instance
    reachable = {
        (p, k): tuple(s for s in sites if (s, k) in weeks_at)
        for (p, k), sites in sorted(facts.reach.items())
    }
    triples = sum(
        len(sites) * (1 if facts.pools(k) else facts.weeks) for (_, k), sites in reachable.items()
    )
    coarse = triples > COARSE_ABOVE
    groups: dict[tuple, _Source] = {}
    weight: dict[tuple[int, str], float] = defaultdict(float)
    for (p, k), sites in reachable.items():
        per_week = inst.demand_per_week[p, k]
        locality = inst.practice_by_id[p].locality
        key = (locality, k) if coarse else (locality, k, sites)
        source = groups.setdefault(key, _Source(locality, k, () if coarse else sites))
        if coarse:
            source.sites = tuple(dict.fromkeys(source.sites + sites))
        source.per_week += per_week
        for s in sites:
            source.km[s] += per_week * facts.km[p, s]
            weight[id(source), s] += per_week
    for source in groups.values():
        for s in source.sites:
            source.km[s] /= weight[id(source), s] or 1.0
    return list(groups.values())


def add_referrals(lin: Linear, facts: Facts, cap: Counts) -> Referrals:
    """Add the flows from practices' referrals to the slots of `cap`'s sessions."""
    inst, weeks = facts.instance, facts.weeks
    ref = Referrals()
    # weeks_at[s, k]: weeks with a session count of service k at site s
    weeks_at: dict[tuple[str, str], list[int]] = defaultdict(list)
    for s, k, w in cap.sessions:
        weeks_at[s, k].append(w)
    for (p, _), per_week in inst.demand_per_week.items():
        ref.demand[inst.practice_by_id[p].locality] += max(0.0, per_week) * weeks
    slots_in: dict[tuple[str, str], list[Any]] = defaultdict(list)  # pooled (s, k) inflows
    arriving: dict[tuple[str, str, int], list[Any]] = defaultdict(list)  # (s, k, a) inflows
    for g, source in enumerate(_sources(facts, weeks_at)):
        k = source.service
        if not source.sites or source.per_week <= 0:
            continue
        if facts.pools(k):
            most = source.per_week * weeks
            out = []
            for s in source.sites:
                var = ref.flow[g, k, s] = lin.new_int(0, most, f"flow[{g},{k},{s}]")
                out.append(var)
                slots_in[s, k].append(var)
                ref.travel.append((source.km[s], var))
            lin.add(lin.total(out) <= most)
            ref.by_locality[source.locality] += out
            ref.by_service[k] += out
            continue
        for a in range(weeks):
            window = set(facts.wait_weeks(k, a))
            out = []
            for s in source.sites:
                if window.intersection(weeks_at[s, k]):
                    var = lin.new_int(0, source.per_week, f"sent[{g},{k},{s},{a}]")
                    ref.sent[g, k, s, a] = var
                    out.append(var)
                    arriving[s, k, a].append(var)
                    ref.travel.append((source.km[s], var))
            if out:
                lin.add(lin.total(out) <= source.per_week)
                ref.by_locality[source.locality] += out
                ref.by_service[k] += out
    for (s, k), inflow in slots_in.items():
        slots = inst.service_by_id[k].slots_per_session
        counts = [cap.sessions[s, k, w] for w in weeks_at[s, k]]
        ref.slot_rows[s, k, None] = lin.add(lin.total(inflow) <= slots * lin.total(counts))
    taken_in: dict[tuple[str, str, int], list[Any]] = defaultdict(list)
    for (s, k, a), inflow in arriving.items():
        outs = []
        for w in sorted(set(facts.wait_weeks(k, a)) & set(weeks_at[s, k])):
            var = ref.taken[s, k, a, w] = lin.new_int(0, lin.infinity, f"taken[{s},{k},{a},{w}]")
            outs.append(var)
            taken_in[s, k, w].append(var)
        lin.add(lin.total(inflow) == lin.total(outs))
    for (s, k, w), inflow in taken_in.items():
        slots = inst.service_by_id[k].slots_per_session
        ref.slot_rows[s, k, w] = lin.add(lin.total(inflow) <= slots * cap.sessions[s, k, w])
    return ref


def add_lowest_locality(lin: Linear, ref: Referrals) -> Any:
    """Add lowest: the lowest coverage (0..1) of a locality with demand; None if none has."""
    localities = [name for name, d in ref.demand.items() if d > 0]
    if not localities:
        return None
    lowest = lin.new_int(0, 1, "lowest")
    for name in localities:
        lin.add(ref.demand[name] * lowest <= lin.total(ref.by_locality.get(name, [])))
    return lowest
