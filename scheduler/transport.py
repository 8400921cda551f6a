"""Lexicographic transportation LP: most referrals served, then least travel, then equity."""

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
# `quick_transport` works in millionths of a referral and tens of metres.
FLOW_SCALE = 1_000_000
KM_SCALE = 100


@dataclass(frozen=True)
class Transport:
    served: float  # referrals served over the cycle
    travel_km: float  # least total travel of a flow serving `served`
    min_locality_coverage: float
    arc_flow: list[float]  # referrals on each arc of the network, in its order


class ScoringError(RuntimeError):
    """The LP solver failed on a scoring model (never expected: the LPs are always feasible)."""


def _solve(solver: pywraplp.Solver, stage: str) -> None:
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        raise ScoringError(f"scoring LP ({stage}) ended with status {status}")


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
    """Solve the three LPs of the contract's scoring on `network` with GLOP.

    Args:
        network: supplies, slot nodes and arcs (see `network.build_network`).
        locality_of: practice id -> locality.
        demand_by_locality: referrals over the cycle per locality (every locality).

    Returns:
        The served total, the least travel for it, the best lowest locality coverage among
        such flows, and one flow achieving all three.
    """
    if not network.arcs:
        return Transport(0.0, 0.0, _min_coverage(network, [], locality_of, demand_by_locality), [])
    solver = pywraplp.Solver.CreateSolver("GLOP")
    inf = solver.infinity()
    # x[a]: referrals sent along arc a, from a (practice, service, arrival) supply to a
    # (site, service, week) slot node
    x = [solver.NumVar(0.0, inf, "") for _ in network.arcs]
    supply_rows = [solver.Constraint(0.0, s.referrals) for s in network.supplies]
    slot_rows = [solver.Constraint(0.0, float(n.slots)) for n in network.slot_nodes]
    for var, arc in zip(x, network.arcs, strict=True):
        supply_rows[arc.supply].SetCoefficient(var, 1.0)
        slot_rows[arc.slot].SetCoefficient(var, 1.0)
    objective = solver.Objective()

    # Stage 1: serve as many referrals as possible.
    for var in x:
        objective.SetCoefficient(var, 1.0)
    objective.SetMaximization()
    _solve(solver, "served")
    served = objective.Value()

    # Stage 2: among those flows, travel least.
    served_row = solver.Constraint(served * (1 - REL_SLACK) - ABS_SLACK, inf)
    objective.Clear()
    for var, arc in zip(x, network.arcs, strict=True):
        served_row.SetCoefficient(var, 1.0)
        objective.SetCoefficient(var, arc.travel_km)
    objective.SetMinimization()
    _solve(solver, "travel")
    travel_km = objective.Value()
    flow = [var.solution_value() for var in x]

    # Stage 3: among those flows, raise the lowest locality coverage as far as it goes.
    localities = {name: d for name, d in demand_by_locality.items() if d > 0}
    if localities:
        travel_row = solver.Constraint(-inf, travel_km * (1 + REL_SLACK) + ABS_SLACK)
        # z: the lowest coverage of a locality with demand
        z = solver.NumVar(0.0, 1.0, "z")
        rows = {name: solver.Constraint(0.0, inf) for name in localities}
        for row_name, row in rows.items():
            row.SetCoefficient(z, -localities[row_name])
        for var, arc in zip(x, network.arcs, strict=True):
            travel_row.SetCoefficient(var, arc.travel_km)
            name = locality_of[network.supplies[arc.supply].practice]
            if name in rows:
                rows[name].SetCoefficient(var, 1.0)
        objective.Clear()
        objective.SetCoefficient(z, 1.0)
        objective.SetMaximization()
        if solver.Solve() == pywraplp.Solver.OPTIMAL:
            flow = [var.solution_value() for var in x]
        # otherwise the stage-2 flow stands: optimal in served and travel, if not in equity

    return Transport(
        served=served,
        travel_km=travel_km,
        min_locality_coverage=_min_coverage(network, flow, locality_of, demand_by_locality),
        arc_flow=flow,
    )


def quick_transport(
    network: Network,
    locality_of: Mapping[str, str],
    demand_by_locality: Mapping[str, float],
) -> Transport:
    """Stages 1 and 2 of `solve_transport` as one min-cost flow, far faster on large plans.

    Referrals count in millionths (each supply rounded down, so `served` is low by at most
    a millionth per supply node) and travel in tens of metres. The lowest locality coverage is
    that of the flow found, not raised by stage 3, so it may be lower than the exact one.
    For comparing candidate plans in a search; a plan's reported figures come from
    `solve_transport`.
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
        travel_km=flows.optimal_cost() / (FLOW_SCALE * KM_SCALE),
        min_locality_coverage=_min_coverage(network, arc_flow, locality_of, demand_by_locality),
        arc_flow=arc_flow,
    )
