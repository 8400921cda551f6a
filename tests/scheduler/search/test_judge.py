"""The rounds' judge (`search/judge.py`): which rotation gets the allocation LP, the bar
it must pass, and the tours' ties it breaks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scheduler.model.weights import Weights
from scheduler.rules.facts import Facts
from scheduler.search import judge as judge_module
from scheduler.search.candidates import Run, allocate_rotation
from tests.scheduler.planner_instances import one_clinic, op1_tour


def judge_for(instance, start_tour, *, valued: bool = True):
    """A `Judge` with one worker, from `start_tour` shared out (its allocation LP's value
    dropped unless `valued`, as when that LP runs out of time)."""
    run = Run(Facts(instance), Weights(), 10.0, 0, 1, None)
    start = allocate_rotation(run, start_tour)
    if not valued:
        start = replace(start, served=None)
    return run, judge_module.Judge(run, start)


def test_a_rotation_whose_allocation_lp_runs_out_of_time_does_not_raise_the_bar(monkeypatch):
    # The Monday-only clinician loses every Monday to setup when the unit moves weekly:
    # the moving tour serves nothing, staying serves 10 a week.
    instance = one_clinic(weeks=4)
    run, judge = judge_for(instance, op1_tour("a", "b", "a", "b"))
    staying = op1_tour("a", "a", "a", "a")
    real = judge_module.allocate_rotation
    monkeypatch.setattr(
        judge_module,
        "allocate_rotation",
        lambda *args, **kwargs: replace(real(*args, **kwargs), served=None),
    )
    judge.offer(staying, "timed out")
    assert judge.best.roster.placements != staying  # no value: not kept
    monkeypatch.setattr(judge_module, "allocate_rotation", real)
    judge.offer(staying, "in time")  # still above the bar: shared out, and kept
    assert [shared for _, _, shared in run.statistics["rounds"]] == [True, True]
    assert judge.best.roster.placements == staying
    assert judge.best.served == pytest.approx(40.0)
    judge.offer(op1_tour("a", "a", "b", "b"), "worse")  # below the bar now: refused
    assert run.statistics["rounds"][-1][2] is False


def test_the_bar_is_the_best_rotation_by_the_allocation_lp_not_the_highest_ranked(monkeypatch):
    # A rotation the first LP overrates (50 against the start's 40; 30 by the allocation
    # LP) does not raise the bar: the next one, ranked 45 and worth 42, is shared out and
    # kept (clinician-bound seed 2: the tours' rotation was never valued that way); the
    # bar is then its 45, so one ranked 44 is refused.
    instance = one_clinic(weeks=4)
    start, overrated, better, lower = (
        op1_tour("a", "a", "a", "a"),
        op1_tour("a", "a", "b", "b"),
        op1_tour("b", "b", "a", "a"),
        op1_tour("a", "b", "b", "a"),
    )
    first = {start: 40.0, overrated: 50.0, better: 45.0, lower: 44.0}
    worth = {start: 40.0, overrated: 30.0, better: 42.0, lower: 50.0}
    real = judge_module.allocate_rotation
    monkeypatch.setattr(
        judge_module,
        "allocate_rotation",
        lambda run, placements, *a, **k: replace(real(run, placements), served=worth[placements]),
    )
    monkeypatch.setattr(judge_module.Judge, "_value", lambda self, placements: first[placements])
    run, judge = judge_for(instance, start)
    assert judge.lp is not None and judge.top == 40.0  # the start's value by the first LP
    judge.offer(overrated, "overrated")
    assert judge.top == 40.0 and judge.best.roster.placements == start
    judge.offer(better, "better")
    assert judge.top == 45.0 and judge.best.roster.placements == better
    judge.offer(lower, "ranked lower")
    assert [shared for _, _, shared in run.statistics["rounds"]] == [True, True, False]


def test_without_a_value_for_the_start_every_rotation_is_shared_out():
    instance = one_clinic(weeks=4)
    run, judge = judge_for(instance, op1_tour("a", "a", "a", "a"), valued=False)
    # Two stays of two weeks lose two Mondays to setup: worse than staying by the LP.
    moving = op1_tour("a", "a", "b", "b")
    judge.offer(moving, "worse by the LP")
    assert run.statistics["rounds"][-1][2] is True
    assert judge.best.roster.placements == moving  # the start has no value to beat
    assert judge.best.served == pytest.approx(20.0)


def test_a_rotation_the_tours_asked_about_is_shared_out_without_a_second_lp(monkeypatch):
    # The tours ask the allocation LP to break the first LP's ties: the rotation they end on
    # then ties the bar by the first LP, yet is shared out, from the LP already solved.
    instance = one_clinic(weeks=4)
    start, other = op1_tour("a", "a", "a", "a"), op1_tour("b", "b", "b", "b")
    solved = []
    real = judge_module.allocate_rotation

    def counted(run, placements, *args, **kwargs):
        solved.append(placements)
        allocated = real(run, placements, *args, **kwargs)
        return replace(allocated, served=allocated.served + (1.0 if placements == other else 0))

    monkeypatch.setattr(judge_module, "allocate_rotation", counted)
    first = {start: 40.0, other: 40.0}  # a tie by the first LP
    monkeypatch.setattr(judge_module.Judge, "_value", lambda self, placements: first[placements])
    run, judge = judge_for(instance, start)
    assert judge.lp is not None and judge.top == 40.0
    assert judge.worth(start) == pytest.approx(40.0)  # the best's own: no LP solved
    assert solved == []
    assert judge.worth(other) == pytest.approx(41.0)
    judge.offer(other, "round 3 (tours)")
    assert solved == [other]  # once, for `worth`
    assert run.statistics["rounds"][-1] == ("round 3 (tours)", pytest.approx(40.0 / 60.0), True)
    assert judge.best.roster.placements == other


@pytest.mark.parametrize("first, overrates", [(40.0, False), (40.05, False), (41.0, True)])
def test_the_first_lp_overrates_the_best_only_beyond_a_fifth_of_a_percent(
    monkeypatch, first, overrates
):
    # The start serves 40 by the allocation LP; the first LP's value of it is scripted.
    monkeypatch.setattr(judge_module.Judge, "_value", lambda self, placements: first)
    _, judge = judge_for(one_clinic(weeks=4), op1_tour("a", "a", "a", "a"))
    assert judge.lp is not None and judge.top == first
    assert judge.overrates() is overrates


def test_without_values_the_first_lp_is_not_said_to_overrate():
    _, judge = judge_for(one_clinic(weeks=4), op1_tour("a", "a", "a", "a"), valued=False)
    assert judge.lp is not None and judge.overrates() is False


def test_overrates_compares_the_best_rotations_own_two_values(monkeypatch):
    # The start: 45 by the first LP, 40 by the allocation LP (overrated). A rotation the
    # first LP could not value (None) but worth 41 becomes the best: its own first value
    # is unknown, so nothing says the first LP overrates it (the start's 45 is not its).
    instance = one_clinic(weeks=4)
    start, other = op1_tour("a", "a", "a", "a"), op1_tour("b", "b", "b", "b")
    real = judge_module.allocate_rotation
    monkeypatch.setattr(
        judge_module,
        "allocate_rotation",
        lambda run, placements, *a, **k: replace(real(run, placements), served=41.0),
    )
    first = {start: 45.0, other: None}
    monkeypatch.setattr(judge_module.Judge, "_value", lambda self, placements: first[placements])
    _, judge = judge_for(instance, start)
    assert judge.lp is not None and judge.overrates() is True
    judge.offer(other, "unvalued by the first LP")
    assert judge.best.roster.placements == other
    assert judge.top == 45.0  # the bar stays
    assert judge.overrates() is False
