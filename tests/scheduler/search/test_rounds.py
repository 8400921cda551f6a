"""The rounds of `solve` (`search/rounds.py`): the relaxation's tour turned into rotations,
the best staffed; no crash when no round finds one."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from scheduler import solve, validate
from scheduler.construct.allocation import Allocation
from scheduler.construct.rotation import RotationResult
from scheduler.model.weights import Weights
from scheduler.rules.facts import Facts
from scheduler.search import bound as bound_module
from scheduler.search import guide_values
from scheduler.search import judge as judge_module
from scheduler.search import rounds as rounds_module
from scheduler.search import solve as solve_module
from scheduler.search.candidates import Run
from tests.scheduler.planner_instances import one_clinic, two_towns

QUICK_S = 3.0


def test_rounds_beyond_the_dive_find_one_week_in_each_town():
    instance = two_towns()
    instance = replace(
        instance, demand=tuple(replace(row, per_week=5.0) for row in instance.demand)
    )
    result = solve(instance, time_limit_s=QUICK_S, workers=1)
    assert result.status == "optimal"
    assert result.plan.kpis["coverage"] == pytest.approx(1.0)


def test_no_round_finishing_is_no_crash_and_the_rotation_is_returned(monkeypatch):
    # Each round can fail to find a rotation; with two workers the time check after the
    # first round once took the max() of no round times.
    monkeypatch.setattr(
        rounds_module, "choose_rotation", lambda *a, **k: RotationResult("UNKNOWN", None)
    )
    monkeypatch.setattr(rounds_module, "better_tours", lambda *a, **k: None)
    instance = one_clinic(weeks=4)
    result = solve(instance, time_limit_s=QUICK_S, workers=2)
    assert validate(instance, result.plan) == []
    assert result.statistics["candidates"][0][0] == "manager's rotation"
    assert result.plan.kpis["coverage"] >= result.statistics["start"] - 1e-6
    assert not result.statistics.get("allocation_bound")  # no round got a rotation
    assert result.statistics["round_s"]  # each failed round's time still counts


def test_two_workers_dive_beside_the_other_rounds_and_keep_the_best():
    instance = two_towns()
    result = solve(instance, time_limit_s=6.0, workers=2)
    names = [name for name, _, _ in result.statistics["rounds"]]
    assert any(name.endswith("(dive)") for name in names)
    assert any(name.endswith("(round)") for name in names)
    assert any(name.endswith("(tours)") for name in names)
    assert names[-1].endswith("(dive)")  # joined after the others
    assert validate(instance, result.plan) == []


def test_an_error_in_the_dive_thread_reaches_the_caller(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the dive broke")

    monkeypatch.setattr(guide_values, "dive", broken)
    with pytest.raises(RuntimeError, match="the dive broke"):
        solve(two_towns(), time_limit_s=6.0, workers=2)


def test_the_tours_round_runs_when_the_longest_round_no_longer_fits(monkeypatch):
    # Two workers: round 0 takes 4 s of 10, so round 2 (as long again) is skipped; the
    # tours, which stop on time by themselves, still get the share left (clinician-bound
    # seed 3: the rounds stopped 0.1 s short and the tours never ran).
    real = rounds_module.choose_rotation

    def slow(*args, **kwargs):
        time.sleep(4.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(rounds_module, "choose_rotation", slow)
    instance = two_towns()
    result = solve(instance, time_limit_s=10.0, workers=2)
    names = [name for name, _, _ in result.statistics["rounds"]]
    assert "round 0 (round)" in names
    assert "round 2 (round)" not in names
    assert "round 3 (tours)" in names
    assert validate(instance, result.plan) == []


def test_only_rotations_the_setup_lp_ranks_above_the_best_get_an_allocation_lp(monkeypatch):
    # A whole run: the allocation LP costs about 2 s at 30 sites; the LP that counts setup
    # days, with every placement fixed, under one. A round's rotation it ranks no higher
    # than the best so far by the allocation LP is not shared out (here every round ties
    # with the start, the optimum), and the best is still kept.
    allocated_by: dict[str, list] = {"start": [], "rounds": []}

    def watching(module, key):
        real = module.allocate_rotation

        def watched(run, placements, *args, **kwargs):
            result = real(run, placements, *args, **kwargs)
            allocated_by[key].append(result)
            return result

        monkeypatch.setattr(module, "allocate_rotation", watched)

    watching(solve_module, "start")
    watching(judge_module, "rounds")
    # The tours' ties, broken by the allocation LP at the guide's value, are tested apart.
    monkeypatch.setattr(judge_module.Judge, "worth", lambda self, placements: None)
    instance = two_towns()
    result = solve(instance, time_limit_s=6.0, workers=1, seed=3)
    judged = result.statistics["rounds"]
    assert judged  # every round's rotation is judged and recorded
    shared = iter(allocated_by["rounds"])
    assert len(allocated_by["rounds"]) == sum(1 for _, _, allocated in judged if allocated)
    assert any(not allocated for _, _, allocated in judged)  # the optimum is the start's
    # The bar is what the best rotation by the allocation LP serves by the first LP.
    top, best = result.statistics["start_setup_lp"], allocated_by["start"][-1].served
    for _, served, allocated in judged:
        assert served is not None and top is not None
        assert allocated == (served > top * (1 + 1e-6))
        worth = next(shared).served if allocated else None
        if worth is not None and worth > (best or 0):
            top, best = served, worth
    assert validate(instance, result.plan) == []


def refines(monkeypatch) -> list[tuple]:
    """The rotations whose allocation LP had its second solve, in order."""
    refined = []
    real = Allocation.refine

    def spy(self, weights, time_limit_s):
        refined.append(self.roster.placements)
        return real(self, weights, time_limit_s)

    monkeypatch.setattr(Allocation, "refine", spy)
    return refined


def test_below_30_s_no_tours_before_the_guide_and_no_second_solve(monkeypatch):
    # Building the tours' LP and judging the candidates takes 3-5 s at 30 sites, and the
    # second solve 4-6 s: the staffing needs the time.
    refined = refines(monkeypatch)
    instance = two_towns()
    result = solve(instance, time_limit_s=6.0, workers=2)
    assert all(name != "tours before the guide" for name, _, _ in result.statistics["rounds"])
    assert refined == []


def test_two_workers_improve_the_start_while_the_guide_is_solved(monkeypatch):
    # The bound's thread solves the guide (10 s of 60 at loaded) while this thread would
    # wait: the tours improve the starting rotation meanwhile, and stop when it is solved.
    real = bound_module.Bound._solve
    finished = []

    def slow(self):
        time.sleep(2.0)
        real(self)
        finished.append(self.run.elapsed())

    monkeypatch.setattr(bound_module.Bound, "_solve", slow)
    monkeypatch.setattr(rounds_module, "EARLY_FROM_S", 8.0)  # 30 s: see there
    monkeypatch.setattr(rounds_module, "REFINE_FROM_S", 8.0)
    refined = refines(monkeypatch)
    instance = two_towns()
    result = solve(instance, time_limit_s=8.0, workers=2)
    judged = result.statistics["rounds"]
    assert judged[0][0] == "tours before the guide"
    assert judged[0][1] is not None  # judged by the LP that counts setup days
    assert finished and result.statistics["tour_steps"]
    assert len(refined) == 1  # the second solve runs once, for the rotation staffed
    assert validate(instance, result.plan) == []


@pytest.mark.parametrize("dive_s, dives", [(1e-9, True), (1e9, False)])
def test_one_worker_dives_only_where_the_dive_fits_the_limit(monkeypatch, dive_s, dives):
    # With one worker nothing stops a dive by the clock: 73 s of a 60 s run on
    # clinician-bound seed 1. Where its expected time is over its share of the limit, the
    # tours come first instead.
    monkeypatch.setattr(rounds_module, "SMALL_TOUR", 0)  # every tour is "larger"
    monkeypatch.setattr(guide_values, "DIVE_S", dive_s)
    instance = two_towns()
    result = solve(instance, time_limit_s=QUICK_S, workers=1)
    names = [name for name, _, _ in result.statistics["rounds"]]
    # one round below 20 s: the dive where it fits, else the tours alone
    assert names == (["round 0 (dive)"] if dives else ["round 0 (tours)"])
    assert validate(instance, result.plan) == []


def test_one_worker_without_the_dive_rounds_then_takes_the_tours_and_repeats(monkeypatch):
    # From 20 s one worker runs two rounds: with no dive, a rounding and then the tours from
    # the best rotation so far (tours first lost loaded 8 points of its gap), run after run.
    monkeypatch.setattr(rounds_module, "SMALL_TOUR", 0)
    monkeypatch.setattr(guide_values, "DIVE_S", 1e9)
    instance = two_towns()
    runs = [solve(instance, time_limit_s=20.0, seed=4, workers=1) for _ in range(2)]
    names = [name for name, _, _ in runs[0].statistics["rounds"]]
    assert names == ["round 0 (round)", "round 1 (tours)"]
    assert runs[0].plan == runs[1].plan
    assert validate(instance, runs[0].plan) == []


def test_the_dive_fits_by_size_and_limit_not_the_clock():
    class Guide:
        def __init__(self, variables: int) -> None:
            self.placements = type("P", (), {"at": dict.fromkeys(range(variables))})()

    def run(limit: float) -> Run:
        return Run(Facts(one_clinic(weeks=4)), Weights(), limit, 0, 1, None)

    # clinician-bound's 2,526 variables: 73 s expected, so a 60 s limit (18 s for it) is
    # short and 250 s (75 s) is not; a quarter of the variables costs 1/32 of the time
    assert not guide_values.dive_fits(run(60.0), Guide(2_526))
    assert guide_values.dive_fits(run(250.0), Guide(2_526))
    assert guide_values.dive_fits(run(8.0), Guide(2_526 // 4))
    assert not guide_values.dive_fits(run(7.0), Guide(2_526 // 4))


@pytest.mark.parametrize("overrates", [True, False])
def test_the_rounds_tours_ask_the_allocation_lp_where_the_judges_lp_overrates(
    monkeypatch, overrates
):
    # The tours keep a step only when the allocation LP agrees, and break ties with it at
    # the guide's value (`tour_check.TourCheck`), where the judge's LP overrates the best
    # rotation; where the two agree (fleet-bound) asking would only cost the tours' steps.
    # The early tours, before the guide is solved, have no ceiling (and run only with two
    # workers).
    given, guided = [], []
    real, real_guide = rounds_module.better_tours, bound_module.Bound.guide

    def spy(run, lp, candidates, **kwargs):
        given.append(kwargs)
        return real(run, lp, candidates, **kwargs)

    def guide(self):
        guided.append(real_guide(self))
        return guided[-1]

    monkeypatch.setattr(rounds_module, "better_tours", spy)
    monkeypatch.setattr(bound_module.Bound, "guide", guide)
    monkeypatch.setattr(judge_module.Judge, "overrates", lambda self: overrates)
    solve(two_towns(), time_limit_s=QUICK_S, workers=1)
    assert given, "the tours ran"
    for kwargs in given:
        assert kwargs["ceiling"] == guided[-1][1]  # the guide's own value
        if overrates:
            assert kwargs["allocation_worth"].__func__ is judge_module.Judge.worth
        else:
            assert kwargs["allocation_worth"] is None


@pytest.mark.parametrize("dive_best", [True, False])
def test_the_tours_improve_the_dives_rotation_when_it_is_the_best(monkeypatch, dive_best):
    # Two workers: the dive's rotation comes last, after the tours round. When it is
    # the best, the tours run again from it (before the staffing); else they do not.
    real_offer = judge_module.Judge.offer

    def offer(self, placements, name):
        real_offer(self, placements, name)
        if name.endswith("(dive)") and dive_best and self.best is not None:
            self.best = replace(self.best)  # a new best, as when the dive's serves more

    monkeypatch.setattr(judge_module.Judge, "offer", offer)
    calls = []
    real_tours = rounds_module._tours

    def tours(*args, **kwargs):
        calls.append(kwargs.get("after_dive", False))
        return real_tours(*args, **kwargs)

    monkeypatch.setattr(rounds_module, "_tours", tours)
    instance = two_towns()
    result = solve(instance, time_limit_s=6.0, workers=2)
    assert calls[-1] is dive_best
    assert calls.count(True) == (1 if dive_best else 0)
    assert validate(instance, result.plan) == []
