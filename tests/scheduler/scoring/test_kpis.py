"""KPIs computed by hand on tiny instances laid out along a line, and timing on a real one."""

from __future__ import annotations

import time

import pytest

from scheduler import (
    Instance,
    Placement,
    Plan,
    geodesic_km,
    score,
)
from tests.scheduler.scoring.lines import east, line_instance, line_plan, north


def test_a_practice_next_to_its_site_is_served_fully():
    instance = line_instance({"x": north(0)}, {"p": ("L", north(0))}, {"p": 2.0}, weeks=2)
    kpis = score(instance, line_plan(instance, {("x", 0): 5}))
    assert kpis.demand == 4.0
    assert kpis.served == pytest.approx(4.0)
    assert kpis.coverage == pytest.approx(1.0)
    assert kpis.mean_travel_km == pytest.approx(0.0, abs=1e-6)
    assert kpis.utilisation == pytest.approx(4 / 5)
    assert (kpis.sessions, kpis.moves) == (5, 0)
    assert kpis.min_locality_coverage == pytest.approx(1.0)


def test_serving_more_referrals_beats_shorter_journeys():
    # One slot at x and one at y, 10 km apart. p1 stands at x; p2 is 10 km south of x and
    # out of y's reach. Sending p1 to x (0 km) serves 1; sending p1 to y and p2 to x serves
    # 2 at 20 km. A penalty just above the longest journey (10 km) would prefer the first.
    instance = line_instance(
        {"x": north(0), "y": north(10)},
        {"p1": ("A", north(0)), "p2": ("B", north(-10))},
        {"p1": 1.0, "p2": 1.0},
    )
    kpis = score(instance, line_plan(instance, {("x", 0): 1, ("y", 0): 1}))
    journeys = geodesic_km(*north(0), *north(10)) + geodesic_km(*north(-10), *north(0))
    assert kpis.served == pytest.approx(2.0)
    assert kpis.mean_travel_km == pytest.approx(journeys / 2)
    assert kpis.mean_travel_km == pytest.approx(10.0, abs=0.05)
    assert kpis.min_locality_coverage == pytest.approx(1.0)


def test_min_locality_coverage_is_the_best_among_equally_good_flows():
    # One slot, two practices in two localities 5 km either side of the site: each optimal
    # flow serves 1 at 5 km, and splitting it evenly gives every locality coverage 0.5.
    instance = line_instance(
        {"s": east(0)}, {"w": ("West", east(-5)), "e": ("East", east(5))}, {"w": 1.0, "e": 1.0}
    )
    kpis = score(instance, line_plan(instance, {("s", 0): 1}))
    assert kpis.served == pytest.approx(1.0)
    assert kpis.mean_travel_km == pytest.approx(geodesic_km(*east(0), *east(5)))
    assert kpis.min_locality_coverage == pytest.approx(0.5)
    assert kpis.by_locality["West"].coverage == pytest.approx(0.5)
    assert kpis.by_locality["East"].coverage == pytest.approx(0.5)
    assert kpis.by_locality["near s"].coverage == 1.0  # a locality without demand


def test_least_travel_comes_before_locality_equity():
    # The near practice takes the one slot: travel is minimised before equity is considered.
    instance = line_instance(
        {"s": north(0)}, {"near": ("A", north(0)), "far": ("B", north(5))}, {"near": 1, "far": 1}
    )
    kpis = score(instance, line_plan(instance, {("s", 0): 1}))
    assert kpis.served == pytest.approx(1.0)
    assert kpis.mean_travel_km == pytest.approx(0.0, abs=1e-6)
    assert kpis.min_locality_coverage == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize(("max_wait_weeks", "served"), [(0, 1.0), (1, 2.0), (2, 3.0), (None, 3.0)])
def test_referrals_wait_cyclically_up_to_max_wait_weeks(max_wait_weeks, served):
    # 1 referral a week over 3 weeks, 5 slots in week 0 only. A week-2 arrival may wait
    # into week 0 of the next cycle when max_wait_weeks >= 1.
    instance = line_instance(
        {"x": north(0)}, {"p": ("L", north(0))}, {"p": 1.0}, weeks=3, max_wait_weeks=max_wait_weeks
    )
    kpis = score(instance, line_plan(instance, {("x", 0): 5}, placed_weeks=[0]))
    assert kpis.served == pytest.approx(served)
    assert kpis.coverage == pytest.approx(served / 3)
    assert kpis.utilisation == pytest.approx(served / 5)
    assert kpis.moves == 1  # placed in week 0 only: it arrives once a cycle


def test_practices_beyond_the_service_travel_limit_go_unserved():
    instance = line_instance({"x": north(0)}, {"p": ("L", north(20))}, {"p": 1.0})
    kpis = score(instance, line_plan(instance, {("x", 0): 3}))
    assert (kpis.served, kpis.coverage, kpis.mean_travel_km) == (0.0, 0.0, 0.0)
    assert kpis.min_locality_coverage == 0.0
    assert kpis.utilisation == 0.0


def test_no_demand_means_full_coverage():
    instance = line_instance({"x": north(0)}, {"p": ("L", north(0))}, {})
    kpis = score(instance, line_plan(instance, {("x", 0): 1}))
    assert (kpis.demand, kpis.coverage, kpis.min_locality_coverage) == (0.0, 1.0, 1.0)


def test_fractional_demand_rows_for_a_pair_add_up():
    instance = line_instance({"x": north(0)}, {"p": ("L", north(0))}, {"p": 0.25}, weeks=4)
    instance = Instance(**{**instance.__dict__, "demand": instance.demand * 2})
    kpis = score(instance, line_plan(instance, {("x", 3): 5}))
    assert kpis.demand == pytest.approx(2.0)
    assert kpis.served == pytest.approx(2.0)
    assert kpis.by_service["clinic"].coverage == pytest.approx(1.0)


def test_moves_count_arrivals_cyclically():
    instance = line_instance({"x": north(0), "y": north(1)}, {}, {}, weeks=3)
    plan = Plan(
        "line",
        (Placement("u-x", "x", 0), Placement("u-x", "x", 1), Placement("u-x", "y", 2)),
        (),
    )
    assert score(instance, plan).moves == 2  # into x in week 0 (from y), into y in week 2


def test_kpis_json_has_the_contract_keys_then_breakdowns(tiny, tiny_plan):
    kpis = score(tiny, tiny_plan).to_json()
    assert list(kpis) == [
        "coverage",
        "served",
        "demand",
        "mean_travel_km",
        "moves",
        "sessions",
        "min_locality_coverage",
        "utilisation",
        "by_service",
        "by_locality",
    ]
    assert set(kpis["by_service"]) == {"derm", "diab", "mri"}
    # one session of 10 slots at site a; P1 (4 a week) and P2 (2.5) are both within 15 km
    assert kpis["by_service"]["derm"] == {"served": 10.0, "demand": 13.0, "coverage": 0.769231}


@pytest.mark.parametrize("example", ["example-medium"], indirect=True)
def test_scoring_example_medium_is_fast(example, make_naive_plan):
    plan = make_naive_plan(example)
    assert len(plan.sessions) > 1000
    started = time.perf_counter()
    kpis = score(example, plan)
    assert time.perf_counter() - started < 10
    assert 0 < kpis.coverage <= 1
    assert kpis.served == pytest.approx(sum(f.served for f in kpis.by_service.values()))


@pytest.mark.parametrize("quick", [False, True])
def test_every_figure_is_a_plain_python_number(quick):
    # OR-Tools' flows come as numpy arrays; a numpy float in the KPIs makes the order of
    # merit's comparisons numpy booleans, which the search's statistics cannot write as JSON.
    instance = line_instance(
        {"x": north(0), "y": north(4)},
        {"p": ("L", north(1)), "q": ("M", east(3))},
        {"p": 2.0, "q": 1.0},
        weeks=2,
    )
    kpis = score(instance, line_plan(instance, {("x", 0): 1, ("y", 1): 2}), quick=quick)
    for name in ("coverage", "served", "demand", "mean_travel_km", "min_locality_coverage"):
        assert type(getattr(kpis, name)) is float, name
    for figures in [*kpis.by_service.values(), *kpis.by_locality.values()]:
        assert type(figures.served) is float and type(figures.demand) is float
    assert type(kpis.coverage > kpis.min_locality_coverage) is bool
