"""`solve`: the one entry point of the planner.

1. Cheap checks; an instance that cannot have a valid plan gets its explanation.
2. The manager's rotation (`baseline`), the caller's hint when valid, and quick variants
   of the rotation: the best of these is the starting plan, and the result is never
   worse than it, since every later candidate must beat it by the order of merit.
3. The LP relaxation: a proven upper bound on coverage; a second LP that counts setup
   days (when affordable) gives a fractional tour.
4. Rounds, while time lasts: LP diving or plain rounding, then CP-SAT, pick a rotation
   from that tour, and the allocation LP says what it is worth. CP-SAT then staffs the
   best rotation week by week, and the exact `score` judges the plan.
5. The best valid plan by the contract's order of merit, with its KPIs and the bound.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .baseline import baseline_plan
from .checks import precheck
from .diving import dive, unfix
from .domain import Instance, Plan
from .explain import describe, explain
from .facts import Facts
from .improve import Repair, search
from .neighbourhoods import Chooser, Neighbourhood
from .realize import Allocated, allocate, keep_valid, staff
from .relaxation import Relaxation
from .rotation import choose_rotation
from .scoring import Kpis, score
from .weights import Weights

Progress = Callable[[float, float | None, float | None], None]
# How each round turns the LP's fractional tour into a rotation, for variety:
# ("dive", share of unit-weeks fixed per LP solve, stickiness to a neighbouring week's site)
# or ("round", share of the LP's average presence, value of any unit-week), then CP-SAT.
ROUNDS = (("dive", 0.34, 0.7), ("round", 0.0, 0.05), ("dive", 0.2, 0.9), ("round", 1.0, 0.05))
# Without setup days in the guiding LP a dive moves units almost every week: rounding the
# LP's average presence comes first then.
ROUNDS_WITHOUT_SETUP = (("round", 1.0, 0.05), ("round", 0.5, 0.05), ("dive", 0.34, 0.95))
ARRIVAL_CHARGE_PER_SETUP_DAY = {"dive": 1.0, "round": 2.0}  # in unit-weeks, see `rotation`
# The guiding LP counts setup days (it is several times slower) up to this many placement
# variables; beyond, the bound's LP guides.
GUIDE_WITH_SETUP_UP_TO = 10_000
# With one worker, tours with more placement variables than this get one or two rounds
# (by the time limit), not all: the number must not depend on the clock.
SMALL_TOUR = 200
# The share of the time limit kept for staffing the best rotation week by week.
STAFFING_SHARE = 0.15
# A dive costs about this many times the guiding LP's solve, over its share per step.
DIVE_COST = 4.0
REPORT_EVERY_S = 0.2  # progress from CP-SAT callbacks, at most this often
# Quick constructions beside the manager's rotation (stays of 2+ weeks): the same rotation
# with shorter and longer least stays. Each costs a filling and an exact score (about 10 s
# at 120 sites), so large instances get them only with a longer time limit.
QUICK_STAY_WEEKS = (1, 4)
# Instances up to this many (unit, site) pairs that may meet, times weeks, are small: they
# get the quick variants and the whole rotation's allocation LP at once; larger ones a
# sweep of the sessions a few weeks at a time.
SMALL_UP_TO = 20_000
SWEEP_WEEKS = 2
SWEEP_SHARE = 0.4  # the sweep's share of the time limit
# A sweep step's budget: this share of the time limit, at most this many seconds.
SWEEP_STEP_SHARE, SWEEP_STEP_MOST_S = 0.2, 30.0
MERIT_DIGITS = 6
# The exact score of the plan returned takes about this many quick scores.
FINAL_SCORE_FACTOR = 7.0
# The starting plan's rotation is re-staffed with the allocation LP and CP-SAT at once, with
# these shares of the time limit.
START_LP_SHARE, START_STAFFING_SHARE = 0.2, 0.15
# A neighbourhood step's budget: this share of the time limit, within these bounds.
STEP_SHARE, STEP_LEAST_S, STEP_MOST_S = 0.05, 1.0, 10.0
# With one worker, the search takes this share of the time limit, in steps of the cost
# `_step_cost` expects (seconds, measured on the benchmark families).
LNS_SHARE = 0.5
STEP_COST_S, STEP_COST_PER_UNIT_SITE_WEEK_S = 1.0, 0.0004


@dataclass(frozen=True)
class SolveResult:
    """What `solve` found: a plan with KPIs and bound, or why there is none."""

    status: str  # "optimal", "feasible", "infeasible" or "unknown"
    plan: Plan | None
    explanation: str = ""
    bound: float | None = None
    statistics: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class _Run:
    """The state of one call of `solve`."""

    facts: Facts
    weights: Weights
    time_limit_s: float
    seed: int
    workers: int
    on_progress: Progress | None
    start: float = field(default_factory=time.monotonic)
    bound: float | None = None
    best: tuple[Plan, Kpis] | None = None
    statistics: dict[str, Any] = field(default_factory=lambda: defaultdict(list))
    _last_report: float = 0.0
    score_s: float = 0.0  # the longest quick score so far
    first: tuple[Plan, Kpis] | None = None  # the starting plan

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def left(self) -> float:
        return self.time_limit_s - self.elapsed()

    def report(self, force: bool = True) -> None:
        now = self.elapsed()
        if self.on_progress is None or (not force and now - self._last_report < REPORT_EVERY_S):
            return
        self._last_report = now
        coverage = self.best[1].coverage if self.best else None
        self.on_progress(now, coverage, self.bound)

    def offer(self, plan: Plan | None, source: str) -> bool:
        """Keep `plan` if it is valid (after repair) and better than the best so far;
        say whether it was kept."""
        plan = keep_valid(self.facts, plan) if plan is not None else None
        if plan is None:
            self.statistics["rejected"].append(source)
            return False
        begun = time.monotonic()
        kpis = score(self.facts.instance, plan, quick=True)
        self.score_s = max(self.score_s, time.monotonic() - begun)
        self.statistics["candidates"].append((source, round(kpis.coverage, 6)))
        self.statistics.setdefault("first_plan_s", round(self.elapsed(), 3))
        kept = self.best is None or merit(kpis) > merit(self.best[1])
        if kept:
            self.best = (plan, kpis)
        self.report()
        return kept

    def reserve_s(self) -> float:
        """Time kept for the exact score of the plan returned (several quick scores)."""
        return FINAL_SCORE_FACTOR * self.score_s


def merit(kpis: Kpis) -> tuple[float, float, float, int]:
    """The contract's order of merit: coverage, worst locality, travel, moves.

    Figures compare to the six decimals a plan reports them with, so that solver
    tolerances never decide between two plans."""
    return (
        round(kpis.coverage, MERIT_DIGITS),
        round(kpis.min_locality_coverage, MERIT_DIGITS),
        -round(kpis.mean_travel_km, MERIT_DIGITS),
        -kpis.moves,
    )


def solve(
    instance: Instance,
    *,
    time_limit_s: float,
    seed: int = 0,
    workers: int = 2,
    hint: Plan | None = None,
    on_progress: Progress | None = None,
    weights: Weights | Mapping[str, float] | None = None,
) -> SolveResult:
    """Plan `instance` within about `time_limit_s` seconds; never raises for infeasibility.

    Args:
        instance: the planning instance.
        time_limit_s: wall-clock budget; the best plan found so far is returned then.
        seed: random seed of CP-SAT; with `workers=1` a seed always gives the same plan.
        workers: CP-SAT workers (the machine's cores are a sensible number).
        hint: a previous plan to start from (kept as a candidate if still valid).
        on_progress: called with (elapsed seconds, best coverage so far or None, upper
            bound on coverage or None) as the search advances.
        weights: objective weights (`Weights` or a mapping of its field names).

    Returns:
        The status, the best valid plan (None when infeasible) with `kpis` and `bound`,
        an explanation when there is no plan, and statistics of the run.
    """
    if not isinstance(weights, Weights):
        weights = Weights.from_mapping(dict(weights) if weights is not None else None)
    run = _Run(Facts(instance), weights, float(time_limit_s), seed, max(1, workers), on_progress)
    problems = precheck(run.facts)
    if problems:
        return SolveResult("infeasible", None, describe(problems), statistics=_stats(run))
    _start(run, hint)
    start = _staff_start(run) if _small(run.facts) else None
    if run.best is None:
        why = explain(run.facts, time_limit_s=max(1.0, 0.2 * run.time_limit_s))
        if why is not None:
            return SolveResult("infeasible", None, why, statistics=_stats(run))
    if not _small(run.facts):
        _improve(run, None)  # the sessions of the manager's rotation, weeks at a time
    _optimise(run, start)
    return _result(run)


def _small(facts: Facts) -> bool:
    """Whether the whole rotation's allocation LP (and quick variants) are affordable."""
    return len(facts.stand_weeks) * facts.weeks <= SMALL_UP_TO


def _start(run: _Run, hint: Plan | None) -> None:
    """Step 2: the manager's rotation, the caller's hint and quick variants of the rotation.

    The variants are decided by size and time limit, not by the clock, so runs repeat.
    """
    repair_s = max(0.5, 0.1 * run.time_limit_s)
    run.offer(baseline_plan(run.facts, repair_time_s=repair_s), "manager's rotation")
    if hint is not None:
        run.offer(replace(hint, instance=run.facts.instance.name, kpis=None, bound=None), "hint")
    if _small(run.facts):
        for stay in QUICK_STAY_WEEKS:
            plan = baseline_plan(run.facts, repair_time_s=repair_s, min_stay_weeks=stay)
            run.offer(plan, f"rotation with stays of {stay}+ weeks")
    run.statistics["start"] = run.best[1].coverage if run.best else None
    run.first = run.best


def _staff_start(run: _Run) -> Allocated | None:
    """The starting plan's rotation shared out by the allocation LP and staffed by CP-SAT:
    rooms and clinicians used where the manager's greedy filling leaves them idle."""
    if run.best is None:
        return None
    allocated = allocate(
        run.facts,
        run.best[0].placements,
        run.weights,
        lp_time_s=_share(run, START_LP_SHARE, 120.0),
        deterministic=run.workers <= 1,
    )
    if allocated is None or allocated.served is None:
        return None
    budget = _share(run, START_STAFFING_SHARE, 300.0)
    plan = staff(
        run.facts,
        allocated,
        week_time_s=budget / run.facts.weeks,
        seed=run.seed,
        workers=run.workers,
        notify=lambda: run.report(force=False),
    )
    run.offer(plan, "starting rotation, staffed")
    return allocated


def _optimise(run: _Run, start: Allocated | None) -> None:
    """Steps 3 and 4 of the module docstring."""
    facts, limit, deterministic = run.facts, run.time_limit_s, run.workers <= 1
    relaxation = Relaxation(facts, deterministic)
    begun = run.elapsed()
    served = relaxation.max_served(_share(run, 0.4, 600.0))
    run.statistics["relaxation_s"] = round(run.elapsed(), 3)
    if served is None:
        return
    run.bound = relaxation.bound(served)
    run.report()
    guide, guide_s = relaxation, run.elapsed() - begun
    # Decided by size, not by the clock, so that runs repeat (and a loaded machine does
    # not lose the better guide).
    if len(relaxation.placements.at) <= GUIDE_WITH_SETUP_UP_TO:
        guide, begun = Relaxation(facts, deterministic, arrivals=True), run.elapsed()
        served = guide.max_served(_share(run, 0.15, 120.0))
        guide_s = run.elapsed() - begun
        if served is None:
            guide, served = relaxation, relaxation.max_served(max(0.5, 0.4 * limit))
        else:
            # A relaxation too (setup days counted on fractional arrivals): a tighter bound.
            run.statistics["bound_without_setup"] = run.bound
            run.bound = min(run.bound, guide.bound(served))
    presence = guide.at_values()
    if guide.refine(served, run.weights, _share(run, 0.05, 30.0)):
        presence = guide.at_values()
    rounds = len(ROUNDS)
    if run.workers <= 1 and len(guide.placements.at) > SMALL_TOUR:
        rounds = 1 if limit < 20 else 2  # fixed, so that one worker repeats runs
    # CP-SAT starts each round from the best plan so far (the starting plan).
    previous = run.best[0].placements if run.best is not None else None
    schedule = ROUNDS if guide is not relaxation else ROUNDS_WITHOUT_SETUP
    # The starting plan's rotation, shared out by the allocation LP, is the one to beat.
    best = start
    for i, (kind, *params) in enumerate(schedule[:rounds]):
        begun = run.elapsed()
        if run.workers > 1 and i > 0:
            # No round may have finished yet (each can fail to find a rotation).
            longest = max(run.statistics["round_s"], default=0.0)
            if run.left() - STAFFING_SHARE * limit < 1.1 * longest:
                break
        if kind == "dive" and run.workers > 1 and DIVE_COST * guide_s / params[0] > run.left():
            kind, params = "round", [0.0, 0.05]  # no time to dive: round the LP's tour
        value = _values(run, guide, presence, kind, params)
        days = max(1, len(facts.horizon.weekdays))
        charge = ARRIVAL_CHARGE_PER_SETUP_DAY[kind]
        move_cost = {u.id: charge * u.setup_days / days + 0.02 for u in facts.instance.units}
        rotation = choose_rotation(
            facts,
            value,
            move_cost=move_cost,
            time_limit_s=_share(run, 0.05, 10.0),
            seed=run.seed + i,
            workers=run.workers,
            hint=previous,
        )
        if rotation.placements is None:
            continue
        allocated = allocate(
            facts,
            rotation.placements,
            run.weights,
            lp_time_s=_share(run, 0.2, 120.0),
            deterministic=deterministic,
        )
        run.statistics["round_s"].append(round(run.elapsed() - begun, 3))
        if allocated is None:
            continue
        served = allocated.served
        run.statistics["allocation_bound"].append(
            (f"round {i} ({kind})", round(served / relaxation.demand, 6) if served else None)
        )
        if best is None or (served or 0) > (best.served or 0):
            best, previous = allocated, rotation.placements
    if best is not None and best is not start:
        budget = _share(run, STAFFING_SHARE, 300.0)
        run.offer(
            staff(
                facts,
                best,
                week_time_s=budget / facts.weeks,
                seed=run.seed,
                workers=run.workers,
                notify=lambda: run.report(force=False),
            ),
            "rounds' best rotation",
        )
    _improve(run, guide)


def _improve(run: _Run, guide: Relaxation | None) -> None:
    """Large-neighbourhood search from the best plan until the time limit (or, with one
    worker, for a number of steps fixed by the time limit and the instance's size).

    Without a relaxation (large instances short of time) the search sweeps the weeks,
    re-planning the sessions of `SWEEP_WEEKS` at a time; with one, neighbourhoods of
    every kind are drawn as they pay off.
    """
    if run.best is None:
        return
    repair = Repair(run.facts, guide, run.weights, seed=run.seed, workers=run.workers)
    budget = min(STEP_MOST_S, max(STEP_LEAST_S, STEP_SHARE * run.time_limit_s))
    weeks = run.facts.weeks
    if guide is None:
        chunks = iter(
            Neighbourhood("sessions", tuple(range(a, min(weeks, a + SWEEP_WEEKS))), frozenset())
            for a in range(0, weeks, SWEEP_WEEKS)
        )
        draw, learn, share = (lambda _: next(chunks, None)), None, SWEEP_SHARE
        budget = min(SWEEP_STEP_MOST_S, SWEEP_STEP_SHARE * run.time_limit_s)
        ends = SWEEP_SHARE * run.time_limit_s  # then the relaxation: the bound, a guide
    else:
        chooser = Chooser(run.facts, run.seed)
        draw, learn, share = chooser.draw, chooser.learn, LNS_SHARE
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


def _step_cost(facts: Facts) -> float:
    """A neighbourhood step's expected seconds, by the instance's size (one worker)."""
    return STEP_COST_S + STEP_COST_PER_UNIT_SITE_WEEK_S * sum(
        len(w) for w in facts.stand_weeks.values()
    )


def _values(run: _Run, guide: Relaxation, presence: dict, kind: str, params) -> dict:
    """What each placement is worth to this round's rotation (see `ROUNDS`)."""
    if kind == "dive":
        share, stick = params
        deadline = None if run.workers <= 1 else time.monotonic() + 0.3 * run.left()
        value = dive(
            guide,
            run.facts,
            presence,
            batch_share=share,
            stick=stick,
            lp_time_s=_share(run, 0.1, 60.0),
            deadline=deadline,
        )
        unfix(guide)
        return value
    mix, base = params
    average: dict[tuple[str, str], float] = defaultdict(float)
    for (u, s, _), v in presence.items():
        average[u, s] += v / run.facts.weeks
    return {
        (u, s, w): (1 - mix) * v + mix * average[u, s] + base for (u, s, w), v in presence.items()
    }


def _share(run: _Run, fraction: float, most: float) -> float:
    """A step's budget: a fraction of the time limit, and with several workers at most
    that fraction of twice the time left (with one, fixed, so that runs repeat)."""
    budget = min(most, fraction * run.time_limit_s)
    if run.workers > 1:
        budget = min(budget, 2 * fraction * max(0.0, run.left()))
    return max(0.2, budget)


def _result(run: _Run) -> SolveResult:
    if run.best is None:
        why = (
            "no valid plan was found within the time limit; the placements can be made but "
            "the fixed sessions could not all be booked on them"
        )
        return SolveResult("unknown", None, why, run.bound, _stats(run))
    plan = run.best[0]
    kpis = score(run.facts.instance, plan)  # exactly as the contract defines them
    first = run.first
    if first is not None and first[0] is not plan and merit(first[1])[0] == merit(kpis)[0]:
        # Quick scores rank ties in coverage by a lowest locality coverage not raised by
        # stage 3; only the exact figures may decide against the starting plan.
        exact = score(run.facts.instance, first[0])
        if merit(exact) > merit(kpis):
            plan, kpis = first[0], exact
    plan = replace(plan, kpis=kpis.to_json(), bound=run.bound)
    optimal = run.bound is not None and kpis.coverage >= run.bound - 1e-6
    run.report()
    return SolveResult("optimal" if optimal else "feasible", plan, "", run.bound, _stats(run))


def _stats(run: _Run) -> dict[str, Any]:
    out = dict(run.statistics)
    out["elapsed_s"] = round(run.elapsed(), 3)
    return out
