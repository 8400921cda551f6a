"""The KPIs of a plan, exactly as the contract's Scoring section defines them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..contract.domain import Instance, Plan
from ..rules.tour import arrivals
from .network import Network, build_network
from .transport import quick_transport, solve_transport

# Figures are written with this many decimals; the contract's tolerance is 0.5%.
ROUND_DIGITS = 6


@dataclass(frozen=True)
class Figures:
    """Served referrals against demand over the cycle, for a service or a locality."""

    served: float
    demand: float

    @property
    def coverage(self) -> float:
        return self.served / self.demand if self.demand > 0 else 1.0

    def to_json(self) -> dict[str, float]:
        return {
            "served": round(self.served, ROUND_DIGITS),
            "demand": round(self.demand, ROUND_DIGITS),
            "coverage": round(self.coverage, ROUND_DIGITS),
        }


@dataclass(frozen=True)
class Kpis:
    coverage: float
    served: float
    demand: float
    mean_travel_km: float
    moves: int
    sessions: int
    min_locality_coverage: float
    utilisation: float
    by_service: dict[str, Figures]
    by_locality: dict[str, Figures]

    def to_json(self) -> dict[str, Any]:
        """The plan's `kpis` object: the contract's keys, `utilisation`, then breakdowns."""
        return {
            "coverage": round(self.coverage, ROUND_DIGITS),
            "served": round(self.served, ROUND_DIGITS),
            "demand": round(self.demand, ROUND_DIGITS),
            "mean_travel_km": round(self.mean_travel_km, ROUND_DIGITS),
            "moves": self.moves,
            "sessions": self.sessions,
            "min_locality_coverage": round(self.min_locality_coverage, ROUND_DIGITS),
            "utilisation": round(self.utilisation, ROUND_DIGITS),
            "by_service": {k: f.to_json() for k, f in self.by_service.items()},
            "by_locality": {k: f.to_json() for k, f in self.by_locality.items()},
        }


def demand_totals(instance: Instance) -> tuple[dict[str, float], dict[str, float]]:
    """Referrals over the cycle by service and by practice locality (every locality listed)."""
    weeks = instance.horizon.weeks
    by_service = {k.id: 0.0 for k in instance.services}
    localities = [p.locality for p in instance.practices] + [s.locality for s in instance.sites]
    by_locality = dict.fromkeys(localities, 0.0)
    for (practice_id, service_id), per_week in instance.demand_per_week.items():
        by_service[service_id] += per_week * weeks
        by_locality[instance.practice_by_id[practice_id].locality] += per_week * weeks
    return by_service, by_locality


def _served(instance: Instance, network: Network, flow: list[float]) -> tuple[dict, dict]:
    """Sum an arc flow by service and by practice locality."""
    by_service: dict[str, float] = defaultdict(float)
    by_locality: dict[str, float] = defaultdict(float)
    for arc, amount in zip(network.arcs, flow, strict=True):
        supply = network.supplies[arc.supply]
        by_service[supply.service] += amount
        by_locality[instance.practice_by_id[supply.practice].locality] += amount
    return by_service, by_locality


def score(instance: Instance, plan: Plan, *, quick: bool = False) -> Kpis:
    """Compute the KPIs of `plan`: referrals served first, then travel, then equity.

    Sessions of units that stand nowhere that week offer no slots; otherwise the plan is
    scored as it is, valid or not (see `rules.validate`). With `quick`, the first two
    stages are one min-cost flow (`transport.quick_transport`: served within a millionth
    of a referral per supply, equity not raised), ten times faster: for comparing
    candidates in a search; reported figures are computed without it.
    """
    network = build_network(instance, plan)
    demand_by_service, demand_by_locality = demand_totals(instance)
    locality_of = {p.id: p.locality for p in instance.practices}
    transport = quick_transport if quick else solve_transport
    flow = transport(network, locality_of, demand_by_locality)
    served_by_service, served_by_locality = _served(instance, network, flow.arc_flow)

    demand = sum(demand_by_service.values())
    served = flow.served
    return Kpis(
        coverage=served / demand if demand > 0 else 1.0,
        served=served,
        demand=demand,
        mean_travel_km=flow.travel_km / served if served > 0 else 0.0,
        moves=len(arrivals(instance, plan.placements)),
        sessions=len(plan.sessions),
        min_locality_coverage=flow.min_locality_coverage,
        utilisation=served / network.slots_offered if network.slots_offered else 0.0,
        by_service={
            k: Figures(min(served_by_service.get(k, 0.0), d), d)
            for k, d in demand_by_service.items()
        },
        by_locality={
            name: Figures(min(served_by_locality.get(name, 0.0), d), d)
            for name, d in demand_by_locality.items()
        },
    )
