"""The state of a `solve` call (`search/candidates.py`): the contract's order of merit, a plan
kept only when valid and better, and the budget of a step."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date

import pytest

from scheduler import Placement, Plan, Session, Weights, baseline, score
from scheduler.rules.facts import Facts
from scheduler.search import candidates as candidates_module
from scheduler.search.candidates import Run, merit, share, value
from tests.scheduler.planner_instances import one_clinic, two_services, two_towns


def kpis(coverage=0.5, worst=0.4, km=3.0, moves=4):
    plan = baseline(one_clinic())
    figures = score(one_clinic(), plan)
    return replace(
        figures, coverage=coverage, min_locality_coverage=worst, mean_travel_km=km, moves=moves
    )


def test_merit_ranks_coverage_then_worst_locality_then_travel_then_moves():
    order = [
        kpis(coverage=0.6, worst=0.0, km=99.0, moves=99),
        kpis(coverage=0.5, worst=0.5, km=99.0, moves=99),
        kpis(coverage=0.5, worst=0.4, km=1.0, moves=99),
        kpis(coverage=0.5, worst=0.4, km=2.0, moves=1),
        kpis(coverage=0.5, worst=0.4, km=2.0, moves=2),
    ]
    assert sorted(order, key=merit, reverse=True) == order


def test_merit_ignores_differences_below_the_sixth_decimal():
    assert merit(kpis(coverage=0.5)) == merit(kpis(coverage=0.5 + 4e-7))
    assert merit(kpis(coverage=0.5)) < merit(kpis(coverage=0.500001))


def run(workers: int = 1, limit: float = 10.0) -> Run:
    return Run(Facts(one_clinic()), Weights(), limit, 0, workers, None)


def test_a_plan_is_kept_only_when_it_is_better_and_the_first_is_kept():
    state = run()
    plan = baseline(one_clinic())
    assert state.offer(plan, "first")
    assert not state.offer(plan, "the same again")  # not better
    assert state.best[0] == plan
    empty = Plan(plan.instance, plan.placements, ())
    assert not state.offer(empty, "no sessions")
    assert [source for source, _ in state.statistics["candidates"]] == [
        "first",
        "the same again",
        "no sessions",
    ]


@pytest.mark.parametrize(
    ("quick_worst", "exact_worst", "kept"),
    [(0.3, 0.45, True), (0.45, 0.35, False)],  # quick and exact disagree on the second plan
)
def test_a_tie_on_coverage_is_decided_by_the_exact_scores(
    monkeypatch, quick_worst, exact_worst, kept
):
    first = baseline(one_clinic())
    second = Plan(first.instance, first.placements, first.sessions[:-1])
    figures = {  # (plan, quick): KPIs; both plans serve 0.5
        (id(first), True): kpis(worst=0.4),
        (id(first), False): kpis(worst=0.4),
        (id(second), True): kpis(worst=quick_worst),
        (id(second), False): kpis(worst=exact_worst),
    }
    monkeypatch.setattr(candidates_module, "keep_valid", lambda facts, plan: plan)
    calls = []

    def scored(_, plan, quick=False):
        calls.append((id(plan), quick))
        return figures[id(plan), quick]

    monkeypatch.setattr(candidates_module, "score", scored)
    state = run()
    assert state.offer(first, "first")
    assert state.offer(second, "second") is kept
    best = second if kept else first
    assert state.best == (best, figures[id(best), True])  # quick figures, as the next's
    # both scored exactly once, the best's exact figures kept for the result
    assert sorted(calls) == sorted(
        [(id(first), True), (id(second), True), (id(first), False), (id(second), False)]
    )
    assert state.exact == (best, figures[id(best), False]) and state.final_score_s() == 0.0
    assert state.exact_kpis(best) is figures[id(best), False]
    assert len(calls) == 4  # not scored again


def test_with_several_workers_a_tie_is_judged_exactly_only_while_time_allows(monkeypatch):
    first = baseline(one_clinic())
    second = Plan(first.instance, first.placements, first.sessions[:-1])
    quick_figures = {id(first): kpis(worst=0.4), id(second): kpis(worst=0.3)}

    def scored(_, plan, quick=False):  # exactly, the second would win
        return quick_figures[id(plan)] if quick else kpis(worst=0.9 if plan is second else 0.4)

    monkeypatch.setattr(candidates_module, "keep_valid", lambda facts, plan: plan)
    monkeypatch.setattr(candidates_module, "score", scored)
    state = run(workers=2, limit=10.0)
    state.offer(first, "first")
    state.score_s = 2.0  # a reserve of 6.4 s: no time left for two exact scores beside it
    assert not state.offer(second, "second")  # judged by the quick scores alone
    assert state.exact is None


def test_an_invalid_plan_is_repaired_or_rejected_by_name():
    state = run()
    plan = baseline(one_clinic())
    broken = Plan(plan.instance, (), plan.sessions)  # sessions on units placed nowhere
    kept = state.offer(broken, "broken")
    assert kept  # repaired to its placements' valid sessions: none, but a valid plan
    assert state.best[0].sessions == ()
    assert state.offer(None, "nothing") is False
    assert state.statistics["rejected"] == ["nothing"]


def test_a_step_s_budget_is_fixed_with_one_worker_and_follows_the_clock_with_several():
    assert share(run(workers=1, limit=10.0), 0.2, 100.0) == 2.0
    assert share(run(workers=1, limit=10.0), 0.2, 1.5) == 1.5  # at most `most`
    several = run(workers=2, limit=10.0)
    several.start -= 9.5  # half a second left
    assert share(several, 0.2, 100.0) == 0.2  # twice the fraction of what is left, at least 0.2


def test_with_service_weights_the_value_served_comes_before_coverage():
    weights = Weights().with_services(["derm"], {"derm": 2.0})
    figures = kpis(coverage=0.5)
    served = figures.by_service["derm"].served
    assert value(figures, weights) == pytest.approx(2 * served)
    assert merit(figures, weights)[0] == pytest.approx(round(2 * served / figures.demand, 6))
    assert merit(figures, weights)[1:] == merit(figures)[1:]
    assert merit(figures, Weights()) == merit(figures)


def test_a_run_with_service_weights_keeps_the_plan_worth_more_at_lower_coverage():
    instance = two_services()
    weights = Weights().with_services(["derm", "diab"], {"derm": 0.1, "diab": 3.0})
    state = Run(Facts(instance), weights, 10.0, 0, 1, None)
    stay = (Placement("op-1", "a", 0), Placement("op-1", "a", 1))
    derm = Plan(instance.name, stay, tuple(sessions(instance, "derm")))
    diab = Plan(instance.name, stay, tuple(sessions(instance, "diab")))
    assert state.offer(derm, "dermatology")
    assert state.offer(diab, "diabetes")  # 20 served at 3 beats 40 at 0.1
    assert state.best[1].coverage < score(instance, derm).coverage
    assert not state.offer(derm, "dermatology again")


def sessions(instance, service):
    """Every Monday and Tuesday morning session of the cycle, of one service."""
    days = [date(2027, 1, 4), date(2027, 1, 5), date(2027, 1, 11), date(2027, 1, 12)]
    return [Session("op-1", day, "AM", 0, service, ("c1",)) for day in days]


def test_a_plan_scored_exactly_early_is_not_scored_again(monkeypatch):
    # At 120 sites the exact score takes 15 s: it is done while the bound's thread
    # solves, and the result reuses it only for that very plan.
    instance = two_towns()
    run = Run(Facts(instance), Weights(), 10.0, 0, 2, None)
    run.offer(baseline(instance), "manager's rotation")
    run.score_best()
    best = run.best[0]
    calls = []
    real = candidates_module.score
    monkeypatch.setattr(
        candidates_module, "score", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    assert run.exact_kpis(best) == score(instance, best)
    assert calls == []  # reused
    other = replace(best, sessions=best.sessions[1:])
    assert run.exact_kpis(other) == score(instance, other)
    assert len(calls) == 1  # another plan: scored afresh


def test_the_time_kept_for_the_exact_score_follows_the_longest_quick_score(monkeypatch):
    clock, takes = [0.0], [2.0, 0.5]  # quick scores of 2 s, then 0.5 s
    real = candidates_module.score

    def timed(*args, **kwargs):
        clock[0] += takes.pop(0)
        return real(*args, **kwargs)

    class Clock:
        @staticmethod
        def monotonic() -> float:
            return clock[0]

    state = run()
    plan = baseline(one_clinic())
    monkeypatch.setattr(candidates_module, "time", Clock)
    monkeypatch.setattr(candidates_module, "score", timed)
    state.offer(plan, "first")
    state.offer(plan, "the same again")
    assert state.reserve_s() == pytest.approx(candidates_module.FINAL_SCORE_FACTOR * 2.0)


def test_progress_is_reported_from_one_thread_at_a_time():
    """CP-SAT's callbacks report from the threads that staff two weeks at once."""
    inside, most = [0], [0]

    def on_progress(elapsed, coverage, bound):
        inside[0] += 1
        most[0] = max(most[0], inside[0])
        time.sleep(0.01)  # long enough for another thread to come in, were it let
        inside[0] -= 1

    state = replace(run(workers=2), on_progress=on_progress)
    threads = [threading.Thread(target=state.report) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == [1]
