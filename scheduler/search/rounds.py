"""Steps 3 and 5 of `solve`: the LP relaxation (the bound and a guide, from `bound`), then
rounds that turn its fractional tour into rotations, the best of which is staffed; then
the search.
With service weights the guide counts each referral by its service's weight, while the
bound stays on coverage (and a second bound, `Run.value_bound`, is on the value served).

Each round dives in (or rounds) the guiding LP, CP-SAT picks a rotation from the values
(`rotation`), and the allocation LP says what it is worth; the best rotation (the
starting one unless a round's is worth more) is then staffed week by week, once, and
offered.
"""

from __future__ import annotations

import time
from collections import defaultdict

from ..construct.diving import dive, unfix
from ..construct.realize import Allocated, allocate, staff
from ..construct.rotation import choose_rotation
from ..model.relaxation import Relaxation
from .bound import Bound, setup_guide
from .candidates import Run, share
from .lns import improve

# How each round turns the LP's fractional tour into a rotation, for variety:
# ("dive", share of unit-weeks fixed per LP solve, stickiness to a neighbouring week's site)
# or ("round", share of the LP's average presence, value of any unit-week), then CP-SAT.
ROUNDS = (("dive", 0.34, 0.7), ("round", 0.0, 0.05), ("dive", 0.2, 0.9), ("round", 1.0, 0.05))
ARRIVAL_CHARGE_PER_SETUP_DAY = {"dive": 1.0, "round": 2.0}  # in unit-weeks, see `rotation`
# With one worker, tours with more placement variables than this get one or two rounds
# (by the time limit), not all: the number must not depend on the clock.
SMALL_TOUR = 200
# The share of the time limit kept for staffing the best rotation week by week: CP-SAT
# staffs close to the allocation LP's count only with time (clinician-bound seed 1, the
# manager's rotation: 1.9 points short at 0.2 s a week, 0.7 at 0.56 s, 0.1 at 2 s).
STAFFING_SHARE = 0.3
# A dive costs about this many times the guiding LP's solve, over its share per step.
DIVE_COST = 4.0


def optimise(run: Run, start: Allocated | None, bound: Bound | None = None) -> None:
    """Steps 3 and 5 of `solve`'s docstring; `bound` when it was started earlier."""
    facts, limit, deterministic = run.facts, run.time_limit_s, run.workers <= 1
    weighted = run.weights.by_service
    begun = run.elapsed()
    bound = bound or Bound(run)
    relaxation, served = bound.result()
    if served is not None and weighted:
        # The bound stays on coverage; the guide (and `lns`'s values) weigh services.
        run.bound = relaxation.bound(served)
        served = relaxation.max_value(share(run, 0.2, 300.0))
        run.value_bound = relaxation.value_bound(served) if served is not None else None
    solved_at = run.elapsed() if weighted or bound.solved_at is None else bound.solved_at
    run.statistics["relaxation_s"] = round(solved_at, 3)
    if served is None:
        staff_best(run, start, start)
        improve(run, None)  # sessions only, without a guide
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
    presence = guide.at_values()
    if rounds and guide.refine(served, run.weights, share(run, 0.05, 30.0)):
        presence = guide.at_values()
    # CP-SAT starts each round from the best plan so far (the starting plan).
    previous = run.best[0].placements if run.best is not None else None
    # The starting plan's rotation, shared out by the allocation LP, is the one to beat.
    best = start
    for i, (kind, *params) in enumerate(ROUNDS[:rounds]):
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
            time_limit_s=share(run, 0.05, 10.0),
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
            lp_time_s=share(run, 0.2, 120.0),
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
    staff_best(run, best, start)
    improve(run, guide)


def staff_best(run: Run, best: Allocated | None, start: Allocated | None) -> None:
    """Staff the best allocated rotation week by week and offer it."""
    if best is None:
        return
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


def _values(run: Run, guide: Relaxation, presence: dict, kind: str, params) -> dict:
    """What each placement is worth to this round's rotation (see `ROUNDS`)."""
    if kind == "dive":
        batch, stick = params
        deadline = None if run.workers <= 1 else time.monotonic() + 0.3 * run.left()
        value = dive(
            guide,
            run.facts,
            presence,
            batch_share=batch,
            stick=stick,
            lp_time_s=share(run, 0.1, 60.0),
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
