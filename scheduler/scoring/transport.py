"""Lexicographic transportation: most referrals served, then least travel (one min-cost
flow), then equity (an LP)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ortools.graph.python import min_cost_flow
from ortools.linear_solver import pywraplp

from .network import Network

# Each stage keeps the previous optimum up to this slack, relative and absolute, so that
# solver tolerances never make the next stage infeasible (figures need agree to 0.5% only).
REL_SLACK = 1e-9
ABS_SLACK = 1e-9
# `quick_transport` works in millionths of a referral and metres.
FLOW_SCALE = 1_000_000
KM_SCALE = 1000


@dataclass(frozen=True)
class Transport:
    served: float  # referrals served over the cycle
    travel_km: float  # least total travel of a flow serving `served`
    min_locality_coverage: float
    arc_flow: list[float]  # referrals on each arc of the network, in its order


class ScoringError(RuntimeError):
    """The LP solver failed on a scoring model (never expected: the LPs are always feasible)."""


def _min_coverage(
    network: Network,
    flow: list[float],
    locality_of: Mapping[str, str],
    demand_by_locality: Mapping[str, float],
) -> float:
    served: dict[str, float] = defaultdict(float)
    for arc, amount in zip(network.arcs, flow, strict=True):
        served[locality_of[network.supplies[arc.supply].practice]] += amount
    ratios = [min(1.0, served[name] / d) for name, d in demand_by_locality.items() if d > 0]
    return min(ratios, default=1.0)


def solve_transport(
    network: Network,
    locality_of: Mapping[str, str],
    demand_by_locality: Mapping[str, float],
) -> Transport:
    """Solve the contract's scoring on `network`: stages 1 and 2 as one min-cost flow
    (`quick_transport`), then stage 3 as an LP with GLOP.

    Args:
        network: supplies, slot nodes and arcs (see `network.build_network`).
        locality_of: practice id -> locality.
        demand_by_locality: referrals over the cycle per locality (every locality).

    Returns:
        The served total, the least travel for it, the best lowest locality coverage among
        such flows, and one flow achieving all three.
    """
    first = quick_transport(network, locality_of, demand_by_locality)
    localities = {name: d for name, d in demand_by_locality.items() if d > 0}
    if not network.arcs or not localities:
        return first
    solver = pywraplp.Solver.CreateSolver("GLOP")
    inf = solver.infinity()
    # x[a]: referrals sent along arc a, from a (practice, service, arrival) supply to a
    # (site, service, week) slot node
    x = [solver.NumVar(0.0, inf, "") for _ in network.arcs]
    supply_rows = [solver.Constraint(0.0, s.referrals) for s in network.supplies]
    slot_rows = [solver.Constraint(0.0, float(n.slots)) for n in network.slot_nodes]
    # Stage 3: among the flows serving as many with as little travel, raise the lowest
    # locality coverage as far as it goes.
    served_row = solver.Constraint(first.served * (1 - REL_SLACK) - ABS_SLACK, inf)
    travel_row = solver.Constraint(-inf, first.travel_km * (1 + REL_SLACK) + ABS_SLACK)
    # z: the lowest coverage of a locality with demand
    z = solver.NumVar(0.0, 1.0, "z")
    rows = {name: solver.Constraint(0.0, inf) for name in localities}
    for row_name, row in rows.items():
        row.SetCoefficient(z, -localities[row_name])
    for var, arc in zip(x, network.arcs, strict=True):
        supply_rows[arc.supply].SetCoefficient(var, 1.0)
        slot_rows[arc.slot].SetCoefficient(var, 1.0)
        served_row.SetCoefficient(var, 1.0)
        travel_row.SetCoefficient(var, arc.travel_km)
        name = locality_of[network.supplies[arc.supply].practice]
        if name in rows:
            rows[name].SetCoefficient(var, 1.0)
    objective = solver.Objective()
    objective.SetCoefficient(z, 1.0)
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return first  # optimal in served and travel, if not in equity
    flow = [var.solution_value() for var in x]
    return Transport(
        served=first.served,
        travel_km=first.travel_km,
        min_locality_coverage=max(
            first.min_locality_coverage,
            _min_coverage(network, flow, locality_of, demand_by_locality),
        ),
        arc_flow=flow,
    )


def quick_transport(
    network: Network,
    locality_of: Mapping[str, str],
    demand_by_locality: Mapping[str, float],
) -> Transport:
    """Stages 1 and 2 of `solve_transport` as one min-cost flow, far faster on large plans.

    Referrals count in millionths (each supply rounded down, so `served` is low by at most
    a millionth per supply node) and travel costs in metres (the flow's travel is then
    summed in km: at most half a metre a referral above the least). The lowest locality
    coverage is that of the flow found, not raised by stage 3, so it may be lower.
    It is the first step of `solve_transport`, and on its own serves a search that
    compares many candidate plans.
    """
    supplies, slots = len(network.supplies), len(network.slot_nodes)
    source, sink = supplies + slots, supplies + slots + 1
    tails = [source] * supplies + [a.supply for a in network.arcs]
    heads = list(range(supplies)) + [supplies + a.slot for a in network.arcs]
    capacity = [int(s.referrals * FLOW_SCALE) for s in network.supplies]
    total = sum(capacity)
    capacity += [total] * len(network.arcs)
    cost = [0] * supplies + [round(a.travel_km * KM_SCALE) for a in network.arcs]
    tails += [supplies + i for i in range(slots)]
    heads += [sink] * slots
    capacity += [n.slots * FLOW_SCALE for n in network.slot_nodes]
    cost += [0] * slots
    flows = min_cost_flow.SimpleMinCostFlow()
    arcs = flows.add_arcs_with_capacity_and_unit_cost(tails, heads, capacity, cost)
    flows.set_node_supply(source, total)
    flows.set_node_supply(sink, -total)
    if flows.solve_max_flow_with_min_cost() != flows.OPTIMAL:
        raise ScoringError("scoring min-cost flow failed")
    arc_flow = [f / FLOW_SCALE for f in flows.flows(arcs)[supplies : supplies + len(network.arcs)]]
    return Transport(
        served=float(sum(arc_flow)),
        travel_km=sum(f * a.travel_km for f, a in zip(arc_flow, network.arcs, strict=True)),
        min_locality_coverage=_min_coverage(network, arc_flow, locality_of, demand_by_locality),
        arc_flow=arc_flow,
    )
