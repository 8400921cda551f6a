"""Stage 5 of `solve`: large-neighbourhood search from the best plan until the time limit.

`improve` drives it: a sweep of the sessions a few weeks at a time where there is no
relaxation yet (large instances), else neighbourhoods of every kind drawn by `Chooser`
as they pay off. `search` is the loop; `improve.Repair` re-plans one neighbourhood.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..contract.domain import Plan
from ..model.relaxation import Relaxation
from ..rules.facts import Facts
from .candidates import Run
from .improve import Repair
from .neighbourhoods import Chooser, Neighbourhood

SWEEP_WEEKS = 2
SWEEP_SHARE = 0.45  # the sweep's share of the time limit
# A sweep step's budget: this share of the time limit, at most this many seconds.
SWEEP_STEP_SHARE, SWEEP_STEP_MOST_S = 0.2, 30.0
# A step starts only with this share of its budget left (a short LP is a wasted step).
LEAST_STEP = 0.75
# A neighbourhood step's budget: this share of the time limit, within these bounds.
STEP_SHARE, STEP_LEAST_S, STEP_MOST_S = 0.05, 1.0, 10.0
# With one worker, the search takes this share of the time limit, in steps of the cost
# `_step_cost` expects (seconds, measured on the benchmark families).
LNS_SHARE = 0.5
STEP_COST_S, STEP_COST_PER_UNIT_SITE_WEEK_S = 1.0, 0.0004


def search(
    repair: Repair,
    draw: Callable[[Plan], Neighbourhood | None],
    best: Callable[[], Plan],
    offer: Callable[[Plan, str], bool],
    left: Callable[[], float],
    *,
    steps: int | None,
    step_s: float,
    learn: Callable[[Neighbourhood, bool], None] | None = None,
) -> list[tuple[str, int, bool, float]]:
    """Repair the neighbourhoods `draw` gives of the best plan and `offer` each result.

    Runs `steps` steps (one worker: a fixed number, so that runs repeat) or, when None,
    while `left()` seconds allow `LEAST_STEP` of a step; stops early when `draw` gives None.
    `offer` says whether the plan became the best. Returns (kind, weeks, improved,
    seconds) per step.
    """
    taken: list[tuple[str, int, bool, float]] = []
    while steps is None or len(taken) < steps:
        if steps is None and left() < LEAST_STEP * step_s:
            break
        plan = best()
        hood = draw(plan)
        if hood is None:
            break
        begun = time.monotonic()
        budget = step_s if steps is not None else min(step_s, max(0.2, left()))
        candidate = repair(plan, hood, budget)
        improved = candidate is not None and offer(candidate, f"neighbourhood: {hood.kind}")
        if learn is not None:
            learn(hood, improved)
        taken.append((hood.kind, len(hood.weeks), improved, round(time.monotonic() - begun, 3)))
    return taken


def improve(run: Run, guide: Relaxation | None) -> None:
    """Large-neighbourhood search from the best plan until the time limit (or, with one
    worker, for a number of steps fixed by the time limit and the instance's size).

    Without a relaxation (large instances, before the bound) the search sweeps the weeks,
    re-planning the sessions of `SWEEP_WEEKS` at a time; with one, it sweeps the weeks
    left a week at a time, then draws neighbourhoods of every kind as they pay off.
    """
    if run.best is None:
        return
    repair = Repair(run.facts, guide, run.weights, seed=run.seed, workers=run.workers)
    budget = min(STEP_MOST_S, max(STEP_LEAST_S, STEP_SHARE * run.time_limit_s))
    if guide is None:
        run.unswept = list(range(run.facts.weeks))
        draw, learn, share = _sweep(run, SWEEP_WEEKS), None, SWEEP_SHARE
        budget = min(SWEEP_STEP_MOST_S, SWEEP_STEP_SHARE * run.time_limit_s)
        ends = SWEEP_SHARE * run.time_limit_s  # then the relaxation: the bound, a guide
    else:
        chooser, sweep = Chooser(run.facts, run.seed), _sweep(run, 1)
        draw, learn, share = (
            (lambda plan: sweep(plan) or chooser.draw(plan)),
            chooser.learn,
            LNS_SHARE,
        )
        ends = run.time_limit_s
    steps = None
    if run.workers <= 1:
        steps = max(1, int(share * run.time_limit_s / _step_cost(run.facts)))
    run.statistics["steps"] += search(
        repair,
        draw,
        best=lambda: run.best[0],
        offer=run.offer,
        left=lambda: min(run.left() - run.reserve_s(), ends - run.elapsed()),
        steps=steps,
        step_s=budget,
        learn=learn,
    )


def _sweep(run: Run, weeks: int) -> Callable[[Plan], Neighbourhood | None]:
    """Draws the sessions of the next `weeks` of those the sweep has left; None when done."""

    def draw(_: Plan) -> Neighbourhood | None:
        chunk = tuple(run.unswept[:weeks])
        del run.unswept[:weeks]
        return Neighbourhood("sessions", chunk, frozenset()) if chunk else None

    return draw


def _step_cost(facts: Facts) -> float:
    """A neighbourhood step's expected seconds, by the instance's size (one worker)."""
    return STEP_COST_S + STEP_COST_PER_UNIT_SITE_WEEK_S * sum(
        len(w) for w in facts.stand_weeks.values()
    )
