"""Steps 3 and 5 of `solve`: the LP relaxation (the bound and a guide, from `bound`), then
rounds that turn its fractional tour into rotations, the best of which is staffed; then
the search.
With service weights the guide counts each referral by its service's weight, while the
bound stays on coverage (and a second bound, `Run.value_bound`, is on the value served).

Each round dives in (or rounds) the guiding LP, CP-SAT picks a rotation from the values
(`rotation`), starting from each unit's best tour for them (`tours`); the last round
improves the best rotation so far a unit at a time (`unit_tours`), as do, with two
workers, the tours run on the starting rotation while the guide is solved. Each rotation
is judged by the LP that counts setup days, and the allocation LP values those it ranks
above the best so far (`judge.Judge`); the best rotation (the starting one unless a round's
is worth more) is then staffed week by week, once, and offered. With two workers the
dive runs in a thread beside the other rounds, and when its rotation is the best the
tours run again from it.
"""

from __future__ import annotations

from ..construct.realize import Allocated, staff
from ..construct.rotation import choose_rotation, move_costs
from ..construct.tours import best_tours
from ..contract.domain import Placement
from ..model.relaxation import Relaxation
from .bound import Bound, setup_guide
from .candidates import ALLOCATION_MOST_S, ALLOCATION_SHARE, Run, share
from .guide_values import Dive, dive_fits, values
from .judge import Judge
from .lns import improve
from .unit_tours import better_tours

# How each round turns the LP's fractional tour into a rotation, for variety, with what
# an arrival costs per setup day (in unit-weeks, see `rotation`):
# ("round", share of the LP's average presence, value of any unit-week, charge) or
# ("dive", share of unit-weeks fixed per LP solve, stickiness to a neighbouring week's
# site, charge); then CP-SAT, starting from each unit's best tour (`tours`).
# ("tours", share of the time limit, charge): the best rotation so far (the starting one,
# or the manager's with other stays) improved a unit at a time by an LP like the guide's
# with every other placement fixed (`unit_tours`). Each round's rotation is judged as
# `Judge` says. Before the tours (2026-11-30) the dive was best on four of loaded and
# clinician-bound seeds 1-3 (one worker), rounding with a heavier charge on two. The
# tours' rotation was the best on clinician-bound 1, loaded 1, tight-staff 2 and the
# Dacorum sample (0.4 to 1.9 points above the next), rounding with a charge of 2 never
# was: dropped for the tours' time. Tours last start from the best round's rotation;
# first (2026-11-30), loaded's gap closed fell from 88.5% to 80.4% (clinician-bound rose).
# Two workers dive in a thread beside the others; one worker's order: see `optimise`.
ROUNDS = (
    ("round", 0.0, 0.05, 4.0),
    ("dive", 0.34, 0.7, 1.0),
    ("round", 1.0, 0.05, 2.0),
    ("tours", 0.3, 1.0),
)
# Two workers: the tours round runs whenever this share of the limit is left for it, the
# others only when the longest round fits (clinician-bound seed 3: 0.1 s short, no tours).
TOURS_LEAST_SHARE = 0.05
# Two workers: the tours improve the starting rotation while the guide is solved in the
# bound's thread, for at most this share of the limit, from this limit on (building their
# LP and judging the candidates takes 3-5 s at 30 sites: loaded seed 1 at 10 s took 16 s).
EARLY_TOURS_SHARE, EARLY_FROM_S = 0.25, 30.0
# The allocation LP's second solve (travel and equity, 4-6 s at 30 sites) for the rotation
# staffed, from this limit on: below, the staffing needs the time (clinician-bound seed 3
# at 5 s: 71.7% staffed after it, 75.4% without).
REFINE_FROM_S = 30.0
# With one worker, tours with more placement variables than this get one or two rounds
# (by the time limit), not all: the number must not depend on the clock.
SMALL_TOUR = 200
# The share of the time limit kept for staffing the best rotation week by week: CP-SAT
# staffs close to the allocation LP's count only with time (see docs/benchmarks.md), but
# the rotation decides more (rounds differ by up to 4 points).
STAFFING_SHARE = 0.2
# With two workers the dive (in a thread) stops when the time left is the staffing's and
# this share of the limit, for its own rotation and allocation LP.
DIVE_ROUND_SHARE = 0.12
# Two workers: when the dive's rotation is the best, the tours run again, from the best
# by their LP of it and the manager's rotations, for at most this share of the limit and
# only while the staffing's share is left (their last step may run over by a few
# seconds, which the staffing's budget then loses).
AFTER_DIVE_SHARE = 0.08


def optimise(
    run: Run,
    start: Allocated | None,
    bound: Bound | None = None,
    placing: Relaxation | None = None,
) -> None:
    """Steps 3 and 5 of `solve`'s docstring; `bound` when it was started earlier;
    `placing`: the LP that values the search's placements where no rounds run (else the
    guide)."""
    facts, limit = run.facts, run.time_limit_s
    weighted = run.weights.by_service
    begun = run.elapsed()
    bound = bound or Bound(run)
    judge = Judge(run, start)  # its LP is built when first needed
    if bound.started and start is not None and setup_guide(facts) and limit >= EARLY_FROM_S:
        # While the bound's thread solves the guide (10 s of 60 at loaded, where this
        # thread waited), the tours improve the starting rotation.
        early = _tours(run, judge, start, EARLY_TOURS_SHARE, 1.0, stop=bound.done)
        judge.offer(early, "tours before the guide")
    if bound.started and not bound.done() and start is None:
        # No rounds follow: score the best plan exactly now, not after the wait (at 120
        # sites the relaxation's thread may end just before the limit).
        run.score_best()
    relaxation, served = bound.result(last=start is None)
    if served is not None and weighted:
        # The bound stays on coverage; the guide (and `lns`'s values) weigh services.
        run.bound = relaxation.bound(served)
        served = relaxation.max_value(share(run, 0.2, 300.0))
        run.value_bound = relaxation.value_bound(served) if served is not None else None
    solved_at = run.elapsed() if weighted or bound.solved_at is None else bound.solved_at
    run.statistics["relaxation_s"] = round(solved_at, 3)
    if served is None:
        staff_best(run, judge.best, start, refine=setup_guide(facts))
        improve(run, placing)  # without a guide (or `placing`), sessions only
        return
    if not weighted:
        run.bound = relaxation.bound(served)
    run.report()
    guide, guide_s = relaxation, run.elapsed() - begun
    if setup_guide(facts):
        guide, served, guide_s = bound.guide()
        if served is None:
            guide = relaxation
        elif weighted:
            run.value_bound = min(run.value_bound, guide.value_bound(served))
        else:
            # A relaxation too (setup days counted on fractional arrivals): a tighter bound.
            run.statistics["bound_without_setup"] = run.bound
            run.bound = min(run.bound, guide.bound(served))
    rounds = len(ROUNDS)
    if run.workers <= 1 and len(guide.placements.at) > SMALL_TOUR:
        rounds = 1 if limit < 20 else 2  # fixed, so that one worker repeats runs
    if guide is relaxation:
        # Guided without setup days, a round's rotation moves units too often to beat the
        # starting rotation staffed (West Herts: 76.7% against 83.4%), and at 120 sites a
        # round does not even finish: the search gets the time instead.
        rounds = 0
    # The LP's own tour (a second solve for the worst locality made no better rotations).
    presence = guide.at_values()
    # One worker: one or two rounds on larger tours, in turn: the dive where it fits the limit
    # (`dive_fits`; it is most often best), else a rounding (not alone), then the tours from
    # the best so far, then the rest. Two workers dive in a thread beside the other rounds.
    order = ROUNDS
    if run.workers <= 1:
        fits = len(guide.placements.at) <= SMALL_TOUR or dive_fits(run, guide)
        first = next(r for r in ROUNDS if r[0] == ("dive" if fits else "round"))
        first = first if fits or rounds > 1 else next(r for r in ROUNDS if r[0] == "tours")
        kept = [r for r in ROUNDS if fits or r[0] != "dive"]
        order = sorted(kept, key=lambda r: (r is not first, r[0] != "tours"))
    order = list(enumerate(order[:rounds]))
    if not order:
        staff_best(run, judge.best, start, refine=setup_guide(facts))
        improve(run, placing or guide)
        return
    # The starting rotation (or the tours' on it, when better) is the one to beat.
    diving = None
    if run.workers > 1:
        dives = [r for r in order if r[1][0] == "dive"]
        order = [r for r in order if r[1][0] != "dive"]
        if dives:
            keep = STAFFING_SHARE + DIVE_ROUND_SHARE
            diving = Dive(run, guide, presence, dives[0], guide_s, keep).start()
    for i, (kind, *params, charge) in order:
        begun = run.elapsed()
        # Two workers: a round is skipped when the time left is the staffing's, the dive's
        # round's and one more (no round may have finished yet); not the tours (`_tours`).
        longest = max(run.statistics["round_s"], default=0.0)
        ahead = longest * (2.1 if diving is not None else 1.1)
        if run.workers > 1 and run.left() - STAFFING_SHARE * limit < ahead and kind != "tours":
            continue
        if kind == "tours":
            # `served` is the guide's value here: the tours' ceiling (`tour_check.TourCheck`).
            rotation = _tours(run, judge, start, params[0], charge, ceiling=served)
        else:
            value = values(run, guide, presence, kind, params, guide_s, None)
            rotation = _round(run, value, charge, i)
        judge.offer(rotation, f"round {i} ({kind})")
        run.statistics["round_s"].append(round(run.elapsed() - begun, 3))
    if diving is not None:
        i, charge, value = diving.result()
        if value is not None:
            before = judge.best
            judge.offer(_round(run, value, charge, i), f"round {i} (dive)")
            if judge.best is not before and any(r[1][0] == "tours" for r in order):
                # The dive's rotation is the best: the tours run again from it.
                after = _tours(run, judge, start, AFTER_DIVE_SHARE, 1.0, after_dive=True)
                judge.offer(after, "tours after the dive")
    staff_best(run, judge.best, start, refine=True)
    improve(run, placing or guide)


def staff_best(
    run: Run, best: Allocated | None, start: Allocated | None, refine: bool = False
) -> None:
    """Staff the best allocated rotation week by week and offer it; with `refine`, after
    its allocation LP's second solve (travel and equity: `Allocation.refine`)."""
    if best is None:
        return
    if refine and best.served is not None and run.time_limit_s >= REFINE_FROM_S:
        best.allocation.refine(run.weights, share(run, ALLOCATION_SHARE, ALLOCATION_MOST_S))
    budget = share(run, STAFFING_SHARE, 300.0)
    plan = staff(
        run.facts,
        best,
        week_time_s=budget / run.facts.weeks,
        seed=run.seed,
        workers=run.workers,
        notify=lambda: run.report(force=False),
    )
    run.offer(plan, "starting rotation, staffed" if best is start else "rounds' best rotation")


def _round(run: Run, value: dict, charge: float, i: int) -> tuple[Placement, ...] | None:
    """CP-SAT's rotation for `value` (from each unit's best tour); None when it found none."""
    facts = run.facts
    move_cost = move_costs(facts, charge)
    rotation = choose_rotation(
        facts,
        value,
        move_cost=move_cost,
        time_limit_s=share(run, 0.05, 10.0),
        seed=run.seed + i,
        workers=run.workers,
        hint=best_tours(facts, value, move_cost),
    )
    return rotation.placements


def _tours(
    run: Run,
    judge: Judge,
    start: Allocated | None,
    most: float,
    charge: float,
    stop=None,
    ceiling: float | None = None,
    after_dive: bool = False,
):
    """The best rotation so far (or the starting one) improved a unit at a time by the
    judge's LP (the guide may be diving in a thread), an arrival charged `charge` per setup
    day, for at most `most` of the time limit; with two workers, ending when the dive must
    (`DIVE_ROUND_SHARE`; `after_dive`: when the staffing must), or when `stop` says so.
    Where the judge's LP overrates the best rotation, the allocation LP must agree with
    each step, and breaks ties at `ceiling` (the guide's value: `tour_check.TourCheck`);
    where a unit's tour serves no more, long stays and block moves are tried
    (`climb.Climb.better`). None when there is no time or the LP judged nothing."""
    best = judge.best
    candidates = [a.roster.placements for a in (best, start) if a is not None]
    if not candidates and run.best is not None:
        candidates = [run.best[0].placements]
    if run.workers > 1:
        left = run.left() / run.time_limit_s - STAFFING_SHARE
        left -= 0.0 if after_dive else DIVE_ROUND_SHARE
        most = min(most, max(0.0, left))
        if most < TOURS_LEAST_SHARE:
            return None
    lp = judge.lp  # built first: it values the best rotation (`Judge.overrates`)
    return better_tours(
        run,
        lp,
        candidates,
        share_of_limit=most,
        charge=charge,
        stop=stop,
        ceiling=ceiling,
        allocation_worth=judge.worth if judge.overrates() else None,
        stays=True,
    )
