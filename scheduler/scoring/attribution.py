"""Which session served which referrals: the scoring's flow, shared out among the sessions.

The scoring's flow fills slot nodes, each the slots of one service at one site in one week
(or over the cycle, for a service whose referrals may wait any week): it does not say which
of the sessions behind a node a referral took. Costs and income need a session, so a node's
referrals are shared among its sessions in proportion to their slots (a service's sessions
all have the same slots, so equally). The shares add up to the plan's `served`.
"""

from __future__ import annotations

from collections import defaultdict

from ..contract.domain import Instance, Plan
from ..rules.tour import stands
from .kpis import demand_totals
from .network import build_network, pools_weeks
from .transport import quick_transport


def served_by_session(instance: Instance, plan: Plan) -> list[float]:
    """Referrals served in each of `plan.sessions`, in their order.

    The flow is the scoring's first two stages (most referrals served, then least travel),
    so the total is `served` to within a millionth of a referral per supply. A session of a
    unit that stands nowhere that week, or of an unknown service, serves none.
    """
    network = build_network(instance, plan)
    locality_of = {p.id: p.locality for p in instance.practices}
    flow = quick_transport(network, locality_of, demand_totals(instance)[1])
    into: dict[int, float] = defaultdict(float)
    for arc, amount in zip(network.arcs, flow.arc_flow, strict=True):
        into[arc.slot] += amount
    node_of = {(n.site, n.service, n.week): i for i, n in enumerate(network.slot_nodes)}

    horizon = instance.horizon
    where = stands(instance, plan.placements)
    keys: list[tuple | None] = []
    for session in plan.sessions:
        service = instance.service_by_id.get(session.service)
        week = horizon.week_of(session.date) if horizon.in_cycle(session.date) else None
        site = where.get((session.unit, week)) if week is not None else None
        if service is None or site is None:
            keys.append(None)
            continue
        pooled = pools_weeks(service.max_wait_weeks, horizon.weeks)
        keys.append((site, session.service, None if pooled else week))

    slots_of_node: dict[tuple, int] = defaultdict(int)
    for session, key in zip(plan.sessions, keys, strict=True):
        if key is not None:
            slots_of_node[key] += instance.service_by_id[session.service].slots_per_session
    shares = []
    for session, key in zip(plan.sessions, keys, strict=True):
        if key is None or key not in node_of:
            shares.append(0.0)
            continue
        slots = instance.service_by_id[session.service].slots_per_session
        shares.append(float(into[node_of[key]]) * slots / slots_of_node[key])
    return shares
