"""The contract's scoring as flows (`scoring/transport.py`): the exact LP stages and the quick
min-cost flow agree on what is served and its least travel, and stage 3 over the optimal
flows' arcs finds the equity that three LPs over every arc find."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from ortools.linear_solver import pywraplp

from scheduler import baseline
from scheduler.scoring.network import Arc, Network, SlotNode, Supply, build_network
from scheduler.scoring.transport import quick_transport, solve_transport
from tests.scheduler.planner_instances import one_clinic, two_towns


def flows(instance, plan):
    network = build_network(instance, plan)
    locality_of = {p.id: p.locality for p in instance.practices}
    demand = {}
    for row in instance.demand:
        place = locality_of[row.practice]
        demand[place] = demand.get(place, 0.0) + row.per_week * instance.horizon.weeks
    return (
        network,
        solve_transport(network, locality_of, demand),
        quick_transport(network, locality_of, demand),
    )


@pytest.mark.parametrize("make", [one_clinic, two_towns])
def test_the_quick_flow_serves_what_the_exact_one_does_with_its_travel(make):
    instance = make()
    network, exact, quick = flows(instance, baseline(instance))
    assert exact.served > 0
    assert quick.served == pytest.approx(exact.served, abs=1e-6 * len(network.supplies) + 1e-9)
    assert quick.travel_km == pytest.approx(exact.travel_km, rel=1e-6, abs=1e-3)
    assert sum(exact.arc_flow) == pytest.approx(exact.served)


def test_a_plan_with_no_sessions_serves_nothing_and_travels_nowhere():
    instance = one_clinic()
    plan = replace(baseline(instance), sessions=())
    _, exact, quick = flows(instance, plan)
    assert exact.served == quick.served == 0.0
    assert exact.travel_km == quick.travel_km == 0.0


def three_lps(network, locality_of, demand_by_locality):
    """The contract's scoring by its definition: most served, then least travel, then the
    highest lowest locality coverage, each an LP over every arc (a reference, slow)."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    inf = solver.infinity()
    x = [solver.NumVar(0.0, inf, "") for _ in network.arcs]
    supply_rows = [solver.Constraint(0.0, s.referrals) for s in network.supplies]
    slot_rows = [solver.Constraint(0.0, n.slots) for n in network.slot_nodes]
    for var, arc in zip(x, network.arcs, strict=True):
        supply_rows[arc.supply].SetCoefficient(var, 1.0)
        slot_rows[arc.slot].SetCoefficient(var, 1.0)
    objective = solver.Objective()
    kept = []
    for terms, sense in (([1.0] * len(x), "max"), ([a.travel_km for a in network.arcs], "min")):
        objective.Clear()
        for var, term in zip(x, terms, strict=True):
            objective.SetCoefficient(var, term)
        objective.SetOptimizationDirection(sense == "max")
        assert solver.Solve() == pywraplp.Solver.OPTIMAL
        best = objective.Value()
        row = (
            solver.Constraint(best - 1e-7, inf)
            if sense == "max"
            else solver.Constraint(-inf, best + 1e-7)
        )
        for var, term in zip(x, terms, strict=True):
            row.SetCoefficient(var, term)
        kept.append(best)
    objective.Clear()
    z = solver.NumVar(0.0, 1.0, "z")
    for name, demand in demand_by_locality.items():
        row = solver.Constraint(0.0, inf)
        row.SetCoefficient(z, -demand)
        for var, arc in zip(x, network.arcs, strict=True):
            if locality_of[network.supplies[arc.supply].practice] == name:
                row.SetCoefficient(var, 1.0)
    objective.SetCoefficient(z, 1.0)
    objective.SetMaximization()
    assert solver.Solve() == pywraplp.Solver.OPTIMAL
    return kept[0], kept[1], z.solution_value()


def random_network(seed, referrals=(0.5, 1.0, 2.0, 3.25), most_slots=4):
    """Practices in three localities and slot nodes, joined at whole metres (so that the
    flow's metres are the contract's km exactly), with many equally short journeys."""
    rng = random.Random(seed)
    practices = [f"p{i}" for i in range(12)]
    locality_of = {p: f"L{i % 3}" for i, p in enumerate(practices)}
    supplies = [Supply(p, "k", None, rng.choice(referrals)) for p in practices]
    slot_nodes = [SlotNode(f"s{j}", "k", None, rng.randint(0, most_slots)) for j in range(6)]
    arcs = [
        Arc(i, j, rng.choice([1.0, 1.0, 2.0, 2.5, 3.001]))
        for i in range(len(supplies))
        for j in range(len(slot_nodes))
        if rng.random() < 0.5
    ]
    demand = {}
    for supply in supplies:
        name = locality_of[supply.practice]
        demand[name] = demand.get(name, 0.0) + 1.5 * supply.referrals
    network = Network(supplies, slot_nodes, arcs, sum(n.slots for n in slot_nodes))
    return network, locality_of, demand


@pytest.mark.parametrize("seed", range(12))
def test_stage_three_over_the_optimal_arcs_matches_three_lps_over_every_arc(seed):
    network, locality_of, demand = random_network(seed)
    served, travel, equity = three_lps(network, locality_of, demand)
    exact = solve_transport(network, locality_of, demand)
    assert exact.served == pytest.approx(served, abs=1e-5)
    assert exact.travel_km == pytest.approx(travel, abs=1e-5)
    assert exact.min_locality_coverage == pytest.approx(equity, abs=1e-6)
    # the flow returned is one that achieves all three
    assert sum(exact.arc_flow) == pytest.approx(served, abs=1e-5)
    km = sum(f * a.travel_km for f, a in zip(exact.arc_flow, network.arcs, strict=True))
    assert km == pytest.approx(travel, abs=1e-5)


@pytest.mark.parametrize("seed", range(8))
def test_stage_three_holds_supplies_whose_millionths_round_up(seed):
    # 34.129599999999996 referrals (2.1331 a week for 16 weeks, on the Dacorum sample) are
    # 34129600 millionths in the flow, above the float: a full supply's row must not ask
    # for more than it has, or GLOP refuses the LP and stage 3 is lost.
    network, locality_of, demand = random_network(
        seed, referrals=(0.5, 34.129599999999996, 335.23199999999997), most_slots=400
    )
    equity = three_lps(network, locality_of, demand)[2]
    exact = solve_transport(network, locality_of, demand)
    assert exact.min_locality_coverage == pytest.approx(equity, abs=1e-6)


def test_stage_three_moves_referrals_along_other_shortest_journeys():
    # a (locality X) reaches both one-slot sites, b (Y) only the first, all at 1 km: the
    # quick flow may give both slots to a; the equal split needs a moved to the second.
    network = Network(
        [Supply("a", "k", None, 2.0), Supply("b", "k", None, 2.0)],
        [SlotNode("s1", "k", None, 1), SlotNode("s2", "k", None, 1)],
        [Arc(0, 0, 1.0), Arc(0, 1, 1.0), Arc(1, 0, 1.0)],
        2,
    )
    exact = solve_transport(network, {"a": "X", "b": "Y"}, {"X": 2.0, "Y": 2.0})
    assert (exact.served, exact.travel_km) == (2.0, 2.0)
    assert exact.min_locality_coverage == pytest.approx(0.5)
    assert exact.arc_flow == pytest.approx([0.0, 1.0, 1.0])  # b must take the first
