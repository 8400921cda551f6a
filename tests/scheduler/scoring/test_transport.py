"""The contract's scoring as flows (`scoring/transport.py`): the exact LP stages and the quick
min-cost flow agree on what is served and its least travel."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scheduler import baseline
from scheduler.scoring.network import build_network
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
