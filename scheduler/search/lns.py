"""Step 6 of `solve`: large-neighbourhood search from the best plan until the time limit.

`improve` drives it: a sweep of the sessions two weeks at a time where there is no
relaxation yet (large instances, `sweep`), else neighbourhoods of every kind drawn by
`Chooser` as they pay off. `search` is the loop; `repair.Repair` re-plans one
neighbourhood.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..contract.domain import Plan
from ..model.relaxation import Relaxation
from ..rules.facts import Facts
from .bound import Bound
from .candidates import Run
from .neighbourhoods import Chooser, Neighbourhood
from .repair import Repair

SWEEP_SHARE = 0.45  # the sweep's share of the time limit (before the bound)
# The sweep re-plans this many weeks a step. Two weeks' allocation LP at 120 sites is built
# and solved in 2.2 s against 1.6 s for one, and large seeds 1-3 reached 81.1%, 82.0% and
# 79.8% at 60 s (80.4% on seed 1 a week a step; 80.5%, 82.1% and 78.3% in run H, a week a
# step with the presolve); four weeks a step, 80.3% on seed 1 (2026-11-30).
SWEEP_WEEKS = 2
OFFER_EVERY = 2  # the sweep offers its plan after this many steps
# Before a sweep from the unit tours' rotation (`solve`, large instances), the tours stop
# with two workers early enough for it to staff every week: about
# this many seconds a week (two weeks a step: 1.4-3.4 s at 120 sites, with its offers),
# and this many to fill the rotation's rooms and score it. Large seed 3 swept only 12 of
# its 16 weeks after a quarter of the limit in tours (2026-12-01).
SWEEP_S_PER_WEEK, FILL_S = 1.7, 4.0
# A sweep step's budget: this share of the time limit, at most this many seconds.
SWEEP_STEP_SHARE, SWEEP_STEP_MOST_S = 0.2, 30.0
# A step starts only with this share of its budget left (a short LP is a wasted step).
LEAST_STEP = 0.75
# A neighbourhood step's budget: this share of the time limit, within these bounds.
STEP_SHARE, STEP_LEAST_S, STEP_MOST_S = 0.05, 1.0, 10.0
# With one worker, the search takes this share of the time limit, in steps of the cost
# `_step_cost` expects (seconds, measured on the benchmark families). Half the limit, as
# until 2026-11-30, came after the rounds had taken most of it: a 60 s run on
# clinician-bound seed 1 spent 31 s in 14 steps after 129 s of rounds.
LNS_SHARE = 0.25
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
    longest_s: float = 0.0,
) -> list[tuple[str, int, bool, float]]:
    """Repair the neighbourhoods `draw` gives of the best plan and `offer` each result.

    Runs `steps` steps (one worker: a fixed number, so that runs repeat) or, when None,
    while `left()` seconds allow `LEAST_STEP` of a step and the longest step so far (or
    `longest_s`, the longest the run took before, its sweep's); stops early when `draw`
    gives None.
    `offer` says whether the plan became the best. Returns (kind, weeks, improved,
    seconds) per step.
    """
    taken: list[tuple[str, int, bool, float]] = []
    while steps is None or len(taken) < steps:
        # A step may overrun its budget (West Herts: 3.8 s for 3 s): none starts with less
        # time left than the longest so far took.
        longest = max((t[3] for t in taken), default=longest_s)
        if steps is None and left() < max(LEAST_STEP * step_s, longest):
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


def improve(
    run: Run, guide: Relaxation | None, bound: Bound | None = None, start: Plan | None = None
) -> None:
    """Large-neighbourhood search from the best plan until the time limit (or, with one
    worker, for a number of steps fixed by the time limit and the instance's size).

    Before the bound (large instances, `bound` given) the search sweeps the weeks,
    re-planning the sessions of `SWEEP_WEEKS` weeks at a time (`sweep`, from `start` when
    given): every week while `bound` is solved in its thread, else until `SWEEP_SHARE`
    of the time limit. After it, it
    sweeps the weeks left, then draws neighbourhoods of every kind as they pay off
    (without a relaxation, every neighbourhood re-plans sessions only).
    """
    if run.best is None:
        return
    repair = Repair(run.facts, guide, run.weights, seed=run.seed, workers=run.workers)
    if bound is not None and run.unswept is None:
        run.unswept = list(range(run.facts.weeks))  # large instances only
    if guide is None and bound is not None:
        ends = run.time_limit_s if bound.started else SWEEP_SHARE * run.time_limit_s
        sweep(run, repair, ends=ends, start=start)
        return
    sweep(run, repair, ends=run.time_limit_s)
    # where the sweep ran, every step staffs as its steps did
    chooser = Chooser(run.facts, run.seed, quick=run.unswept is not None)
    budget = min(STEP_MOST_S, max(STEP_LEAST_S, STEP_SHARE * run.time_limit_s))
    steps = None
    if run.workers <= 1:
        steps = max(1, int(LNS_SHARE * run.time_limit_s / _step_cost(run.facts)))
    run.statistics["steps"] += search(
        repair,
        chooser.draw,
        best=lambda: run.best[0],
        offer=run.offer,
        left=lambda: run.left() - run.reserve_s(),
        steps=steps,
        step_s=budget,
        learn=chooser.learn,
        # at 120 sites a step takes longer than its budget, as the sweep's steps did (a
        # step begun with 3.6 s left took 6.8 s on large seed 3)
        longest_s=max((step[3] for step in run.statistics["steps"]), default=0.0),
    )


def sweep(run: Run, repair: Repair, *, ends: float, start: Plan | None = None) -> None:
    """Re-plan the sessions of the weeks `run.unswept` holds, `SWEEP_WEEKS` at a time, each
    step from the last one's plan (the first from `start`, else the best plan); offer the
    plan every `OFFER_EVERY` steps (twice as many from `start`) and at the end.

    A step keeps every other week's sessions, so the allocation LP's value cannot fall;
    the first solution staffs it (`quick`: at 120 sites a CP-SAT model of a week costs
    more than it finds), and an offer judges each run of steps by the exact rules and the
    quick score. When an offer loses, the sweep goes on from the best plan, or from its own
    when it began from `start` (a rotation the unit tours chose, filled greedily: until
    most of its weeks are swept it may score below the best, staffed better). With one
    worker the number of steps is fixed by the time limit and the size, so that runs
    repeat; otherwise it stops at `ends` seconds or when the time left is short.
    """
    if not run.unswept or run.best is None:
        return
    budget = min(SWEEP_STEP_MOST_S, SWEEP_STEP_SHARE * run.time_limit_s)
    steps = len(run.unswept)  # (more than enough)
    if run.workers <= 1:
        steps = max(1, int(SWEEP_SHARE * run.time_limit_s / _step_cost(run.facts)))
    current, pending = start or run.best[0], []
    # From `start` the offers only report progress (the sweep goes on from its own plan
    # whatever they say): half as many, each a quick score (1.1-1.6 s at 120 sites).
    every = OFFER_EVERY if start is None else 2 * OFFER_EVERY
    longest = LEAST_STEP * budget  # until a step says how long steps take

    def left() -> float:  # keeping time for the last offer's quick score and the exact one
        return min(run.left() - run.reserve_s() - run.score_s, ends - run.elapsed())

    while run.unswept and steps > 0 and (run.workers <= 1 or left() >= longest):
        chunk = tuple(run.unswept[:SWEEP_WEEKS])
        del run.unswept[:SWEEP_WEEKS]
        steps -= 1
        begun = time.monotonic()
        step = budget if run.workers <= 1 else min(budget, max(0.2, left()))
        candidate = repair(current, Neighbourhood("sessions", chunk, frozenset(), True), step)
        took = time.monotonic() - begun
        longest = took if not pending else max(longest, took)
        if candidate is None:  # nothing to offer (its LP out of time): a failed step
            run.statistics["steps"].append(("sweep", len(chunk), False, round(took, 3)))
        else:
            current = candidate
            pending.append((chunk, round(took, 3)))
        if len(pending) >= every:
            current, pending = _offer(run, current, pending, keep=start is not None)
    if pending:
        _offer(run, current, pending)


def _offer(
    run: Run, plan: Plan, steps: list[tuple[tuple[int, ...], float]], keep: bool = False
) -> tuple[Plan, list]:
    """Offer the sweep's plan; go on from the best plan (`keep`: from this one), with no
    step pending."""
    improved = run.offer(plan, "sweep: sessions")
    # (kind, weeks re-planned, improved, seconds), as `search` records its steps
    run.statistics["steps"] += [("sweep", len(chunk), improved, s) for chunk, s in steps]
    return plan if keep and not improved else run.best[0], []


def sweep_due(run: Run) -> Callable[[], bool] | None:
    """With two workers: whether the sweep must start now to staff every week
    (`SWEEP_S_PER_WEEK`); with one, None: the tours' steps are counted instead, so that
    runs repeat."""
    if run.workers <= 1:
        return None
    need = SWEEP_S_PER_WEEK * run.facts.weeks + FILL_S
    return lambda: run.left() - run.reserve_s() < need


def _step_cost(facts: Facts) -> float:
    """A neighbourhood step's expected seconds, by the instance's size (one worker)."""
    return STEP_COST_S + STEP_COST_PER_UNIT_SITE_WEEK_S * facts.placement_count
