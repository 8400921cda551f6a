"""The aggregated scoring network gives the same optimum as the plain one, built here anew."""

from __future__ import annotations

from collections import defaultdict

import pytest
from geopy.distance import geodesic
from ortools.linear_solver import pywraplp

from scheduler import score
from scheduler.scoring.network import build_network, pools_weeks


def plain_lp(instance, plan) -> tuple[float, float, float]:
    """Served, mean travel and best lowest locality coverage, straight from the contract:
    one supply per demand row and arrival week, one slot node per (site, service, week),
    distances from geopy, and no aggregation at all."""
    h, weeks = instance.horizon, instance.horizon.weeks
    site_at = {(p.unit, p.week): p.site for p in plan.placements}
    slots = defaultdict(float)
    for s in plan.sessions:
        week = h.week_of(s.date)
        slots[site_at[s.unit, week], s.service, week] += instance.service_by_id[
            s.service
        ].slots_per_session
    km = {
        (p.id, site.id): geodesic((p.lat, p.lon), (site.lat, site.lon)).km
        for p in instance.practices
        for site in instance.site_by_id.values()
    }
    demand = defaultdict(float)
    for row in instance.demand:
        demand[instance.practice_by_id[row.practice].locality] += row.per_week * weeks

    solver = pywraplp.Solver.CreateSolver("GLOP")
    inf = solver.infinity()
    slot_rows = {node: solver.Constraint(0, n) for node, n in slots.items()}
    served_row, travel_row = solver.Constraint(0, inf), solver.Constraint(-inf, inf)
    z = solver.NumVar(0, 1, "z")
    locality_rows = {name: solver.Constraint(0, inf) for name, d in demand.items() if d > 0}
    for name, row in locality_rows.items():
        row.SetCoefficient(z, -demand[name])
    arcs = []  # (variable, km)
    for row in instance.demand:
        practice = instance.practice_by_id[row.practice]
        service = instance.service_by_id[row.service]
        for arrival in range(weeks):
            supply_row = solver.Constraint(0, row.per_week)
            for site_id, k, week in slots:
                distance = km[practice.id, site_id]
                wait = (week - arrival) % weeks
                near = service.max_travel_km is None or distance <= service.max_travel_km
                soon = service.max_wait_weeks is None or wait <= service.max_wait_weeks
                if k == row.service and near and soon:
                    var = solver.NumVar(0, inf, "")
                    for constraint in (supply_row, slot_rows[site_id, k, week], served_row):
                        constraint.SetCoefficient(var, 1)
                    travel_row.SetCoefficient(var, distance)
                    locality_rows[practice.locality].SetCoefficient(var, 1)
                    arcs.append((var, distance))
    objective = solver.Objective()
    for var, _ in arcs:
        objective.SetCoefficient(var, 1)
    objective.SetMaximization()
    assert solver.Solve() == solver.OPTIMAL
    served = objective.Value()
    served_row.SetLb(served - 1e-7)
    for var, distance in arcs:
        objective.SetCoefficient(var, distance)
    objective.SetMinimization()
    assert solver.Solve() == solver.OPTIMAL
    least_travel = objective.Value()
    travel_row.SetUb(least_travel + 1e-7)
    objective.Clear()
    objective.SetCoefficient(z, 1)
    objective.SetMaximization()
    assert solver.Solve() == solver.OPTIMAL
    return served, least_travel / served, z.solution_value()


@pytest.mark.parametrize("example", ["example-small"], indirect=True)
def test_aggregated_network_scores_like_the_plain_lp(example, make_naive_plan):
    plan = make_naive_plan(example)
    served, mean_travel_km, min_locality_coverage = plain_lp(example, plan)
    kpis = score(example, plan)
    assert kpis.served == pytest.approx(served, rel=1e-6)
    assert kpis.mean_travel_km == pytest.approx(mean_travel_km, rel=1e-5)
    assert kpis.min_locality_coverage == pytest.approx(min_locality_coverage, abs=1e-4)


@pytest.mark.parametrize("example", ["example-small"], indirect=True)
def test_weeks_are_pooled_only_for_services_that_may_wait_all_cycle(example, make_naive_plan):
    network = build_network(example, make_naive_plan(example))
    weeks = example.horizon.weeks
    for supply in network.supplies:
        wait = example.service_by_id[supply.service].max_wait_weeks
        assert (supply.week is None) == pools_weeks(wait, weeks)
    assert {s.service for s in network.supplies if s.week is not None} == {"mri"}
    assert pools_weeks(None, 12) and pools_weeks(11, 12) and not pools_weeks(10, 12)
