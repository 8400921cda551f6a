"""Lexicographic transportation: most referrals served, then least travel (one min-cost
flow), then equity (an LP over the flows that are optimal in the first two)."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass

from ortools.graph.python import min_cost_flow
from ortools.linear_solver import pywraplp

from .network import Network

# Stage 3 keeps the flow served up to this slack, relative and absolute, so that solver
# tolerances never make it infeasible (figures need agree to 0.5% only).
REL_SLACK = 1e-9
ABS_SLACK = 1e-9
# The min-cost flow works in millionths of a referral and metres.
FLOW_SCALE = 1_000_000
KM_SCALE = 1000


@dataclass(frozen=True)
class Transport:
    served: float  # referrals served over the cycle
    travel_km: float  # least total travel of a flow serving `served`
    min_locality_coverage: float
    arc_flow: list[float]  # referrals on each arc of the network, in its order


class ScoringError(RuntimeError):
    """A solver failed on a scoring model (never expected: the models are always feasible)."""


@dataclass(frozen=True)
class _Flow:
    """The min-cost flow of stages 1 and 2 on the network's graph: the source, one node per
    supply, one per slot node, the sink; arcs source->supply, the network's arcs in its
    order, slot node->sink; capacities and flows in millionths, costs in metres."""

    tails: list[int]
    heads: list[int]
    capacity: list[int]
    cost: list[int]
    flow: list[int]


def _min_cost_flow(network: Network) -> _Flow:
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
    # `tolist`: plain ints (OR-Tools gives a numpy array, whose figures would carry numpy's
    # floats into the KPIs and numpy's booleans into the order of merit)
    return _Flow(tails, heads, capacity, cost, flows.flows(arcs).tolist())


def _potentials(graph: _Flow, nodes: int) -> list[int]:
    """Node potentials proving `graph`'s flow optimal (every residual arc's reduced cost
    `cost + p[tail] - p[head]` at least 0): the shortest distances in the residual graph
    from a root joined to every node at cost 0, as a shortest-path tree found by a second
    min-cost flow (the residual graph of an optimal flow has no negative cycle)."""
    root = nodes
    residual = [(root, node, 0) for node in range(nodes)]
    for tail, head, cost, cap, amount in zip(
        graph.tails, graph.heads, graph.cost, graph.capacity, graph.flow, strict=True
    ):
        if amount < cap:
            residual.append((tail, head, cost))
        if amount > 0:
            residual.append((head, tail, -cost))
    tails, heads, costs = (list(column) for column in zip(*residual, strict=True))
    tree = min_cost_flow.SimpleMinCostFlow()
    arcs = tree.add_arcs_with_capacity_and_unit_cost(tails, heads, [nodes] * len(tails), costs)
    tree.set_node_supply(root, nodes)
    for node in range(nodes):
        tree.set_node_supply(node, -1)
    if tree.solve() != tree.OPTIMAL:
        raise ScoringError("scoring shortest-path tree failed")
    out: list[list[tuple[int, int]]] = [[] for _ in range(nodes + 1)]
    for tail, head, cost, amount in zip(tails, heads, costs, tree.flows(arcs), strict=True):
        if amount > 0:
            out[tail].append((head, cost))
    distance: list[int | None] = [None] * nodes + [0]
    queue = deque([root])
    while queue:  # along the tree's arcs, each of them on a shortest path
        tail = queue.popleft()
        for head, cost in out[tail]:
            if distance[head] is None:
                distance[head] = distance[tail] + cost
                queue.append(head)
    if any(d is None for d in distance):
        raise ScoringError("scoring shortest-path tree left a node unreached")
    return distance[:nodes]  # type: ignore[return-value]


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


def _among_optimal(reduced: int, capacity: int, most: float) -> tuple[float, float]:
    """Bounds, among the flows optimal in stages 1 and 2, on what passes through an arc of
    `capacity` millionths (of `most`) with that reduced cost: all when it is negative, none
    when positive, else anything between."""
    if reduced > 0:
        return 0.0, 0.0
    full = min(capacity / FLOW_SCALE, float(most))
    return (full if reduced < 0 else 0.0), float(most)


def _transport(
    network: Network,
    graph: _Flow,
    locality_of: Mapping[str, str],
    demand_by_locality: Mapping[str, float],
) -> Transport:
    supplies = len(network.supplies)
    arc_flow = [f / FLOW_SCALE for f in graph.flow[supplies : supplies + len(network.arcs)]]
    return Transport(
        served=float(sum(arc_flow)),
        travel_km=sum(f * a.travel_km for f, a in zip(arc_flow, network.arcs, strict=True)),
        min_locality_coverage=_min_coverage(network, arc_flow, locality_of, demand_by_locality),
        arc_flow=arc_flow,
    )


def solve_transport(
    network: Network,
    locality_of: Mapping[str, str],
    demand_by_locality: Mapping[str, float],
) -> Transport:
    """Solve the contract's scoring on `network`: stages 1 and 2 as one min-cost flow
    (`quick_transport`), then stage 3 as an LP with GLOP over the flows optimal in both.

    Those flows are the feasible ones that keep complementary slackness with the first
    flow's node potentials (`_potentials`): only arcs of reduced cost 0 carry referrals,
    and an arc of negative reduced cost is full. So the LP has only those arcs (a tenth
    of them at 120 sites, 2 s against 12 s for every arc under a travel row).

    Args:
        network: supplies, slot nodes and arcs (see `network.build_network`).
        locality_of: practice id -> locality.
        demand_by_locality: referrals over the cycle per locality (every locality).

    Returns:
        The served total, the least travel for it, the best lowest locality coverage among
        such flows, and one flow achieving all three.
    """
    graph = _min_cost_flow(network)
    first = _transport(network, graph, locality_of, demand_by_locality)
    localities = {name: d for name, d in demand_by_locality.items() if d > 0}
    if not network.arcs or not localities:
        return first
    supplies, slots = len(network.supplies), len(network.slot_nodes)
    potential = _potentials(graph, supplies + slots + 2)
    reduced = [
        cost + potential[tail] - potential[head]
        for tail, head, cost in zip(graph.tails, graph.heads, graph.cost, strict=True)
    ]
    solver = pywraplp.Solver.CreateSolver("GLOP")
    inf = solver.infinity()
    # A supply's referrals served: all of them at most (34.129599999999996 referrals are
    # 34129600 millionths in the flow, above the float); a slot node's slots taken.
    supply_rows = [
        solver.Constraint(*_among_optimal(reduced[i], graph.capacity[i], s.referrals))
        for i, s in enumerate(network.supplies)
    ]
    offset = supplies + len(network.arcs)
    slot_rows = [
        solver.Constraint(*_among_optimal(reduced[offset + j], graph.capacity[offset + j], n.slots))
        for j, n in enumerate(network.slot_nodes)
    ]
    served_row = solver.Constraint(first.served * (1 - REL_SLACK) - ABS_SLACK, inf)
    # z: the lowest coverage of a locality with demand, raised as far as it goes
    z = solver.NumVar(0.0, 1.0, "z")
    rows = {name: solver.Constraint(0.0, inf) for name in localities}
    for row_name, row in rows.items():
        row.SetCoefficient(z, -localities[row_name])
    # x: referrals sent along an arc of reduced cost 0 (every other arc carries none)
    kept = [i for i in range(len(network.arcs)) if reduced[supplies + i] == 0]
    x = []
    for i in kept:
        arc = network.arcs[i]
        var = solver.NumVar(0.0, inf, "")
        x.append(var)
        supply_rows[arc.supply].SetCoefficient(var, 1.0)
        slot_rows[arc.slot].SetCoefficient(var, 1.0)
        served_row.SetCoefficient(var, 1.0)
        name = locality_of[network.supplies[arc.supply].practice]
        if name in rows:
            rows[name].SetCoefficient(var, 1.0)
    objective = solver.Objective()
    objective.SetCoefficient(z, 1.0)
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return first  # optimal in served and travel, if not in equity
    flow = [0.0] * len(network.arcs)
    for i, var in zip(kept, x, strict=True):
        flow[i] = var.solution_value()
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
    return _transport(network, _min_cost_flow(network), locality_of, demand_by_locality)
