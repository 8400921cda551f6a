"""The transportation network of the scoring: referrals on one side, session slots on the other.

Nodes are aggregated only where that is exact:
- slots are summed per (site, service, week), and only where sessions run;
- for a service whose referrals may wait any week (`max_wait_weeks` null or >= W-1), arrival
  weeks and slot weeks are pooled: every arrival reaches every slot at the same km, so one
  supply node per (practice, service) and one slot node per (site, service) are equivalent;
- arcs join a practice to a site only within the service's `max_travel_km`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..contract.domain import Instance, Plan
from ..contract.geo import geodesic_km
from ..rules.tour import stands


@dataclass(frozen=True)
class Supply:
    """Referrals of `practice` for `service` arriving in `week` (None: all weeks pooled)."""

    practice: str
    service: str
    week: int | None
    referrals: float


@dataclass(frozen=True)
class SlotNode:
    """Slots of `service` at `site` in `week` (None: all weeks pooled)."""

    site: str
    service: str
    week: int | None
    slots: int


@dataclass(frozen=True)
class Arc:
    supply: int  # index into Network.supplies
    slot: int  # index into Network.slot_nodes
    travel_km: float


@dataclass(frozen=True)
class Network:
    supplies: list[Supply]
    slot_nodes: list[SlotNode]
    arcs: list[Arc]
    slots_offered: int  # every slot of every session that stands at a site


def pools_weeks(max_wait_weeks: int | None, weeks: int) -> bool:
    """Whether a referral may take a slot in any week of the cycle."""
    return max_wait_weeks is None or max_wait_weeks >= weeks - 1


def _slot_capacity(instance: Instance, plan: Plan) -> tuple[dict[tuple, int], int]:
    """Slots per (site, service, week or None) over the sessions of located units."""
    h = instance.horizon
    where = stands(instance, plan.placements)
    capacity: dict[tuple, int] = defaultdict(int)
    offered = 0
    for s in plan.sessions:
        service = instance.service_by_id.get(s.service)
        if service is None or not h.in_cycle(s.date):
            continue
        week = h.week_of(s.date)
        site = where.get((s.unit, week))
        if site is None:
            continue
        pooled = pools_weeks(service.max_wait_weeks, h.weeks)
        capacity[site, s.service, None if pooled else week] += service.slots_per_session
        offered += service.slots_per_session
    return capacity, offered


def build_network(instance: Instance, plan: Plan) -> Network:
    """Build the supplies, slot nodes and arcs for scoring `plan`.

    Supplies that reach no slot are left out: their referrals simply go unserved.
    """
    weeks = instance.horizon.weeks
    capacity, offered = _slot_capacity(instance, plan)
    slot_nodes = [SlotNode(site, k, w, n) for (site, k, w), n in capacity.items()]
    # slot_index[k][site][w]: index of the slot node of service k at site in week w
    slot_index: dict[str, dict[str, dict[int | None, int]]] = defaultdict(lambda: defaultdict(dict))
    for i, node in enumerate(slot_nodes):
        slot_index[node.service][node.site][node.week] = i

    supplies: list[Supply] = []
    arcs: list[Arc] = []
    for (practice_id, service_id), per_week in instance.demand_per_week.items():
        service = instance.service_by_id[service_id]
        if per_week <= 0 or service_id not in slot_index:
            continue
        practice = instance.practice_by_id[practice_id]
        reachable = []  # (km, slot node index by week) of sites within reach
        for site_id, by_week in slot_index[service_id].items():
            site = instance.site_by_id[site_id]
            km = geodesic_km(practice.lat, practice.lon, site.lat, site.lon)
            if service.max_travel_km is None or km <= service.max_travel_km:
                reachable.append((km, by_week))
        if not reachable:
            continue
        if pools_weeks(service.max_wait_weeks, weeks):
            supplies.append(Supply(practice_id, service_id, None, per_week * weeks))
            arcs.extend(Arc(len(supplies) - 1, by_week[None], km) for km, by_week in reachable)
            continue
        for arrival in range(weeks):
            # max_wait_weeks < W-1 here, so these weeks are distinct
            waits = [(arrival + t) % weeks for t in range(service.max_wait_weeks + 1)]
            reach = [(km, by_week[w]) for km, by_week in reachable for w in waits if w in by_week]
            if reach:
                supplies.append(Supply(practice_id, service_id, arrival, per_week))
                arcs.extend(Arc(len(supplies) - 1, slot, km) for km, slot in reach)
    return Network(supplies, slot_nodes, arcs, offered)
