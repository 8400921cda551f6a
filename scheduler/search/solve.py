"""`solve`: the one entry point of the planner.

1. Cheap checks; an instance that cannot have a valid plan gets its explanation (status
   "infeasible"). Where step 2 finds no plan and CP-SAT cannot settle in its time whether
   one exists, the search goes on; if it finds none, the status is "unknown", never
   "infeasible", and the explanation says what was not settled.
2. The manager's rotation (`baseline`), the caller's hint when valid, and quick variants
   of the rotation (not where step 4 improves the rotation a unit at a time: that time
   is its): the best of these is the starting plan, and the result is never
   worse than it, since every later candidate must beat it by the order of merit.
3. The LP relaxation (`bound`): a proven upper bound on coverage, where the limit leaves
   time to build it (`bound.affordable`: 120 sites from 13 s). With several workers it
   is solved in a thread from here on, beside step 4 (GLOP and CP-SAT let go of Python's
   lock while they solve); with one, in its turn, so that runs repeat.
4. The starting plan's rotation is shared out by the allocation LP's first solve: what it
   is worth, the value rounds must beat. Where no rounds will run (more placement
   variables than the guide with setup days affords) the rotation is first chosen and
   improved a unit at a time by the LP that counts setup days with every placement fixed
   (`unit_tours`), then staffed at once. On large instances the search's sweep (step 6)
   re-plans the starting plan's sessions a few weeks at a time instead.
5. Where affordable, a second LP that counts setup days bounds coverage too and gives a
   fractional tour; with two workers, while it is solved, the starting rotation is
   improved a unit at a time. Rounds (LP diving or plain rounding, then CP-SAT, and the
   unit tours) pick rotations from it; each is judged by the LP that counts setup days
   with its placements fixed, the allocation LP values those it ranks above the best so
   far, and the best rotation (the starting one unless a round's is worth more) gets the
   allocation LP's second solve and is staffed week by week (`rounds`).
6. Large-neighbourhood search (`lns`) until the time limit: free part of the best plan,
   re-plan it with the rest kept, keep it when it scores better.
7. The best valid plan by the contract's order of merit (`candidates`), with its exact
   KPIs and the bound.

With `service_weights` (an option beside the contract), every step counts a referral
served by its service's weight, and the order of merit starts with that value instead of
coverage: the rules and the KPIs stay the contract's, only the plan preferred changes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..construct.baseline import baseline_plan, filled
from ..construct.explain import Unsettled, describe, explain
from ..construct.realize import Allocated, keep_valid
from ..contract.domain import Instance, Placement, Plan
from ..model.relaxation import Relaxation
from ..model.weights import Weights
from ..rules.facts import Facts
from ..rules.prechecks import precheck
from ..scoring.kpis import score
from .bound import Bound, setup_guide
from .candidates import ALLOCATION_SHARE, Progress, Run, allocate_rotation, merit
from .lns import improve, sweep_due
from .rounds import optimise, staff_best
from .unit_tours import affordable, better_tours, setup_lp

# Quick constructions beside the manager's rotation (stays of 2+ weeks): the same rotation
# with shorter and longer least stays. Each costs a filling and an exact score (about 10 s
# at 120 sites), so large instances get them only with a longer time limit.
QUICK_STAY_WEEKS = (1, 4)
# Instances up to this many (unit, site) pairs that may meet, times weeks, are small: they
# get the quick variants and the whole rotation's allocation LP at once; larger ones a
# sweep of the sessions a few weeks at a time.
SMALL_UP_TO = 20_000
# Where no rounds run, the share of the time limit for the unit-at-a-time search of the
# rotation (`unit_tours`). With steps valued at the margins (about 1 s each at West Herts,
# against 3-6 s before), the tours' gains outweigh the search's time after the staffing:
# West Herts seed 2, 85.4% staffed with 0.15 and 89.2% with 0.3 (2026-11-30).
TOUR_SHARE = 0.3
# ... and they run only where this share of the limit pays for building their LP and
# judging the candidates (`unit_tours.affordable`): West Herts at 60 s, not at 10 s.
TOURS_FROM_SHARE = 0.15
# Where the tours improved the rotation, its allocation LP may take this share of the
# limit: it decides the plan. West Herts seed 2: 14 s for a rotation the unit steps had
# improved, which the rounds' share (12 s of 60) cut off, leaving nothing staffed.
ALONE_ALLOCATION_SHARE = 0.35
# Large instances: the unit tours' share of the limit before the sweep. From the manager's
# rotation of large seed 1, eight steps in 22 s gained 1.4 points by the LP that counts
# setup days; the sweep then takes about 2 s a step (two weeks), 16-20 s in all.
LARGE_TOUR_SHARE = 0.25


@dataclass(frozen=True)
class SolveResult:
    """What `solve` found: a plan with KPIs and bound, or why there is none."""

    status: str  # "optimal", "feasible", "infeasible" or "unknown"
    plan: Plan | None
    explanation: str = ""
    bound: float | None = None
    statistics: Mapping[str, Any] = field(default_factory=dict)

    @property
    def impossible(self) -> bool:
        """Whether no valid plan exists, as proven ("unknown": none found, none proven)."""
        return self.status == "infeasible"


def solve(
    instance: Instance,
    *,
    time_limit_s: float,
    seed: int = 0,
    workers: int = 2,
    hint: Plan | None = None,
    on_progress: Progress | None = None,
    weights: Weights | Mapping[str, float] | None = None,
    service_weights: Mapping[str, float] | None = None,
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
        service_weights: service id -> weight >= 0: a referral served of that service
            counts as `weight` referrals in the objective and the order of merit (services
            left out: 1.0). None: the contract's order of merit, every referral alike.

    Returns:
        The status, the best valid plan (None when infeasible, or "unknown": none found
        in time and none proven not to exist) with `kpis` and `bound`, an explanation
        when there is no plan, and statistics of the run. The bound is on
        coverage; with service weights the status is "optimal" when the value served
        reaches its bound.

    Raises:
        ValueError: on a time limit that is not a finite number above 0, or on bad
            weights, naming each weight or service at fault.
    """
    if not (math.isfinite(time_limit_s) and time_limit_s > 0):
        raise ValueError(f"time_limit_s must be a finite number above 0, not {time_limit_s}")
    if not isinstance(weights, Weights):
        weights = Weights.from_mapping(dict(weights) if weights is not None else None)
    weights = weights.with_services((k.id for k in instance.services), service_weights)
    run = Run(Facts(instance), weights, float(time_limit_s), seed, max(1, workers), on_progress)
    problems = precheck(run.facts)
    if problems:
        return SolveResult("infeasible", None, describe(problems), statistics=_stats(run))
    small, rounds = _small(run.facts), setup_guide(run.facts)
    # Where no rounds run, the rotation is improved a unit at a time (`unit_tours`), by the
    # LP that counts setup days; the search then values placements by it too. Not at short
    # limits (West Herts at 10 s: 11.1 s, against 9.7 s). The quick variants would not
    # beat that rotation staffed, so their time goes to it (3 s of 60 at West Herts).
    tours = small and not rounds and affordable(run, TOURS_FROM_SHARE)
    # Large: the tours re-choose the manager's rotation before the sweep staffs it, where
    # their share of the limit pays for building their LP (120 sites at 60 s, not at 30 s).
    large_tours = not small and affordable(run, LARGE_TOUR_SHARE)
    _start(run, hint, quick=small and not tours)
    unsettled = None
    if run.best is None:
        try:
            why = explain(run.facts, time_limit_s=max(1.0, 0.2 * run.time_limit_s))
        except Unsettled as error:
            unsettled = error  # nothing proven either way: the search may still find a plan
        else:
            if why is not None:
                return SolveResult("infeasible", None, why, statistics=_stats(run))
    # Built before the relaxation's thread starts: building either LP is Python's work,
    # which the two would share (West Herts: 8.3 s for this one beside it, 4.4 s alone).
    placing = setup_lp(run) if (tours or large_tours) and run.best is not None else None
    # With several workers the relaxation (the bound) is solved in a thread from here,
    # beside the work on the starting plan; with one, in `optimise`.
    bound = Bound(run).start()
    start = None
    if small:
        rotation = _better_rotation(run, placing) if placing is not None else None
        # The allocation LP's second solve (travel and equity) is left to the rotation
        # staffed: where rounds run, `optimise` refines their best; without them it is not
        # worth its time (West Herts seeds 1-3: 8 s of 60, the same coverage staffed).
        share_of_limit = ALONE_ALLOCATION_SHARE if placing is not None else ALLOCATION_SHARE
        start = _allocate_start(run, rotation, share_of_limit)
        if bound.started and not rounds:
            # No rounds will run: the starting rotation is staffed beside the relaxation.
            staff_best(run, start, start)
            start = None
    else:
        _sweep(run, placing, bound)
    optimise(run, start, bound, placing)
    return _result(run, unsettled)


def _small(facts: Facts) -> bool:
    """Whether the whole rotation's allocation LP (and quick variants) are affordable."""
    return len(facts.stand_weeks) * facts.weeks <= SMALL_UP_TO


def _start(run: Run, hint: Plan | None, quick: bool) -> None:
    """Step 2: the manager's rotation, the caller's hint and (with `quick`) quick variants
    of the rotation.

    The variants are decided by size and time limit, not by the clock, so runs repeat.
    """
    repair_s = max(0.5, 0.1 * run.time_limit_s)
    run.offer(baseline_plan(run.facts, repair_time_s=repair_s), "manager's rotation")
    if hint is not None:
        run.offer(replace(hint, instance=run.facts.instance.name, kpis=None, bound=None), "hint")
    if quick:
        for stay in QUICK_STAY_WEEKS:
            plan = baseline_plan(run.facts, repair_time_s=repair_s, min_stay_weeks=stay)
            run.offer(plan, f"rotation with stays of {stay}+ weeks")
    run.statistics["start"] = run.best[1].coverage if run.best else None
    run.first = run.best


def _better_rotation(run: Run, lp: Relaxation) -> tuple[Placement, ...] | None:
    """Where no rounds run: the best of the starting plan's rotation and the manager's
    rotations with other stays, improved a unit at a time (`unit_tours`)."""
    if run.best is None:
        return None
    return better_tours(run, lp, [run.best[0].placements], share_of_limit=TOUR_SHARE)


def _sweep(run: Run, placing: Relaxation | None, bound: Bound) -> None:
    """Large instances: the starting rotation's sessions re-planned two weeks a step by the
    search's sweep (`lns.improve`); given `placing`, the rotation is first improved a unit
    at a time (`unit_tours`, from the starting plan's alone) and the sweep staffs that one,
    filled as the manager fills rooms until its weeks are swept."""
    start = None
    if placing is not None and run.best is not None:
        rotation = better_tours(
            run,
            placing,
            [run.best[0].placements],
            share_of_limit=LARGE_TOUR_SHARE,
            stay_weeks=(),
            batch=True,
            stop=sweep_due(run),
        )
        if rotation is not None and set(rotation) != set(run.best[0].placements):
            # Not offered: filled as the manager fills rooms it scores below the best, and
            # the sweep offers it as it goes (a quick score is 1.3-1.7 s at 120 sites).
            start = keep_valid(run.facts, filled(run.facts, rotation))
    improve(run, None, bound, start=start)  # the sessions, two weeks a step


def _allocate_start(
    run: Run, rotation: tuple[Placement, ...] | None, share_of_limit: float
) -> Allocated | None:
    """The starting plan's rotation (or `rotation`) shared out by the allocation LP's first
    solve (staffed by `rounds` unless a round's rotation is worth more; they refine the
    one they staff). When the LP runs out of time the rotation is still staffed, without
    its targets."""
    if run.best is None:
        return None
    placements = rotation or run.best[0].placements
    return allocate_rotation(run, placements, refine=False, share_of_limit=share_of_limit)


def _result(run: Run, unsettled: Unsettled | None = None) -> SolveResult:
    if run.best is None:
        # Status "unknown": no plan, and none is proven not to exist.
        limit = f"No valid plan was found in {run.time_limit_s:g} s"
        if unsettled is not None:
            why = (
                f"{limit}, and {unsettled}. A longer time limit may find a plan, or show "
                "that none exists."
            )
        else:
            why = f"{limit}: placements can be made, but the fixed sessions were not all booked."
        return SolveResult("unknown", None, why, run.bound, _stats(run))
    plan = run.best[0]
    kpis = run.exact_kpis(plan)  # exactly as the contract defines them
    first = run.first
    weights = run.weights
    if (
        first is not None
        and first[0] is not plan
        and merit(first[1], weights)[0] == merit(kpis, weights)[0]
    ):
        # Quick scores rank ties in coverage by a lowest locality coverage not raised by
        # stage 3; only the exact figures may decide against the starting plan.
        exact = score(run.facts.instance, first[0])
        if merit(exact, weights) > merit(kpis, weights):
            plan, kpis = first[0], exact
    plan = replace(plan, kpis=kpis.to_json(), bound=run.bound)
    if weights.by_service:
        served = merit(kpis, weights)[0]  # the value served per referral of demand
        optimal = run.value_bound is not None and served >= run.value_bound - 1e-6
    else:
        optimal = run.bound is not None and kpis.coverage >= run.bound - 1e-6
    run.report()
    return SolveResult("optimal" if optimal else "feasible", plan, "", run.bound, _stats(run))


def _stats(run: Run) -> dict[str, Any]:
    out = dict(run.statistics)
    out["elapsed_s"] = round(run.elapsed(), 3)
    return out
