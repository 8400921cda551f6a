"""Steps 3 and 5 of `solve`: the LP relaxation (the bound and a guide, from `bound`), then
rounds that turn its fractional tour into rotations, the best of which is staffed; then
the search.
With service weights the guide counts each referral by its service's weight, while the
bound stays on coverage (and a second bound, `Run.value_bound`, is on the value served).

Each round dives in (or rounds) the guiding LP, CP-SAT picks a rotation from the values
(`rotation`), starting from each unit's best tour for them (`tours`); the last round
improves the best rotation so far a unit at a time (`unit_tours`). The allocation LP says
what each is worth; the best rotation (the starting one unless a round's is worth more)
is then staffed week by week, once, and offered. With two workers the dive runs in a
thread beside the other rounds.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from ..construct.diving import dive, unfix
from ..construct.realize import Allocated, staff
from ..construct.rotation import choose_rotation, move_costs
from ..construct.tours import best_tours
from ..model.relaxation import Relaxation
from .bound import Bound, setup_guide
from .candidates import Run, allocate_rotation, share
from .lns import improve
from .unit_tours import better_tours, setup_lp

# How each round turns the LP's fractional tour into a rotation, for variety, with what
# an arrival costs per setup day (in unit-weeks, see `rotation`):
# ("round", share of the LP's average presence, value of any unit-week, charge) or
# ("dive", share of unit-weeks fixed per LP solve, stickiness to a neighbouring week's
# site, charge); then CP-SAT, starting from each unit's best tour (`tours`).
# ("tours", share of the time limit, charge): the best rotation so far (the starting one,
# or the manager's with other stays) improved a unit at a time by an LP like the guide's
# with every other placement fixed (`unit_tours`). Each round's rotation is judged by the
# allocation LP. Before the tours (2026-11-30) the dive was best on four of loaded and
# clinician-bound seeds 1-3 (one worker), rounding with a heavier charge on two. The
# tours' rotation was the best on clinician-bound 1, loaded 1, tight-staff 2 and the
# Dacorum sample (0.4 to 1.9 points above the next), rounding with a charge of 2 never
# was: dropped for the tours' time. Tours last start from the best round's rotation;
# first (2026-11-30), loaded's gap closed fell from 88.5% to 80.4% (clinician-bound rose).
# Two workers dive in a thread beside the others; one dives first, then takes the tours.
ROUNDS = (
    ("round", 0.0, 0.05, 4.0),
    ("dive", 0.34, 0.7, 1.0),
    ("round", 1.0, 0.05, 2.0),
    ("tours", 0.25, 1.0),
)
# Two workers: the tours round runs whenever this share of the limit is left for it, the
# others only when the longest round fits (clinician-bound seed 3: 0.1 s short, no tours).
TOURS_LEAST_SHARE = 0.05
# With one worker, tours with more placement variables than this get one or two rounds
# (by the time limit), not all: the number must not depend on the clock.
SMALL_TOUR = 200
# The share of the time limit kept for staffing the best rotation week by week: CP-SAT
# staffs close to the allocation LP's count only with time (loaded seed 1, the manager's
# rotation: 0.7 points short of the LP with the first solution, 0.3 at 0.3 s a week, 0.1
# at 1.1 s), but the rotation decides more (rounds differ by up to 4 points).
STAFFING_SHARE = 0.2
# A dive's LP solves (with part of the tour fixed) may take this many times the guiding
# LP's first solve (loaded seed 3: 7.4 s against 3.3 s for the first; the dive's whole 14 s).
# Cut shorter, every solve fails and the dive fixes nothing.
DIVE_LP_FACTOR = 2.5
# With two workers the dive (in a thread) stops when the time left is the staffing's and
# this share of the limit, for its own rotation and allocation LP.
DIVE_ROUND_SHARE = 0.12


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
    # The starting plan's rotation, shared out by the allocation LP, is the one to beat.
    best = start
    # One worker gets one or two rounds on larger tours, in turn: the dive first, as it
    # most often gives the best rotation. Two workers dive in a thread beside the other
    # rounds (GLOP lets go of Python's lock while it solves; the others need only the
    # LP's `presence`), so that the dive has the time it needs.
    order = ROUNDS
    if run.workers <= 1:  # the dive, then the tours, then the rest
        order = sorted(ROUNDS, key=lambda r: (r[0] != "dive", r[0] != "tours"))
    order = list(enumerate(order[:rounds]))
    diving = None
    if run.workers > 1:
        dives = [r for r in order if r[1][0] == "dive"]
        order = [r for r in order if r[1][0] != "dive"]
        if dives:
            diving = _Dive(run, guide, presence, dives[0], guide_s).start()
    for i, (kind, *params, charge) in order:
        begun = run.elapsed()
        # Two workers: a round is skipped when the time left is the staffing's, the dive's
        # round's and one more (no round may have finished yet); not the tours (`_tours`).
        longest = max(run.statistics["round_s"], default=0.0)
        ahead = longest * (2.1 if diving is not None else 1.1)
        if run.workers > 1 and run.left() - STAFFING_SHARE * limit < ahead and kind != "tours":
            continue
        if kind == "tours":
            allocated = _tours(run, best, start, params[0], charge)
        else:
            value = _values(run, guide, presence, kind, params, guide_s, None)
            allocated = _round(run, value, charge, i)
        best = _better(run, best, allocated, f"round {i} ({kind})")
        run.statistics["round_s"].append(round(run.elapsed() - begun, 3))
    if diving is not None:
        i, charge, value = diving.result()
        if value is not None:
            best = _better(run, best, _round(run, value, charge, i), f"round {i} (dive)")
    staff_best(run, best, start)
    improve(run, placing or guide)


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


def _round(run: Run, value: dict, charge: float, i: int) -> Allocated | None:
    """CP-SAT's rotation for `value` (from each unit's best tour) and its allocation LP."""
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
    if rotation.placements is None:
        return None
    return allocate_rotation(run, rotation.placements)


def _tours(run: Run, best: Allocated | None, start: Allocated | None, most: float, charge):
    """The best rotation so far (or the starting one) improved a unit at a time by its own
    LP that counts setup days (the guide may be diving in a thread), an arrival charged
    `charge` per setup day, for at most `most` of the time limit; with two workers, ending
    when the dive must (`DIVE_ROUND_SHARE`)."""
    candidates = [a.roster.placements for a in (best, start) if a is not None]
    if not candidates and run.best is not None:
        candidates = [run.best[0].placements]
    if run.workers > 1:
        left = run.left() / run.time_limit_s - STAFFING_SHARE - DIVE_ROUND_SHARE
        most = min(most, max(0.0, left))
        if most < TOURS_LEAST_SHARE:
            return None
    rotation = better_tours(run, setup_lp(run), candidates, share_of_limit=most, charge=charge)
    return allocate_rotation(run, rotation) if rotation is not None else None


def _better(run: Run, best: Allocated | None, allocated: Allocated | None, name: str):
    """The rotation worth more by the allocation LP (`best` on ties), recorded."""
    if allocated is None:
        return best
    served = allocated.served
    demand = run.facts.instance.demand_per_week
    total = sum(v * run.facts.weeks for v in demand.values())
    run.statistics["allocation_bound"].append(
        (name, round(served / total, 6) if served and total else None)
    )
    if best is None or (served or 0) > (best.served or 0):
        return allocated
    return best


class _Dive:
    """A dive in a thread, beside the other rounds; it stops in time for its own round
    and the staffing (`DIVE_ROUND_SHARE`, `STAFFING_SHARE`)."""

    def __init__(self, run: Run, guide: Relaxation, presence: dict, item, guide_s: float):
        self.run, self.guide, self.presence, self.guide_s = run, guide, presence, guide_s
        self.index, (_, *self.params, self.charge) = item
        self.value: dict | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._catch, name="dive", daemon=True)

    def start(self) -> _Dive:
        self.thread.start()
        return self

    def result(self) -> tuple[int, float, dict | None]:
        """(the round's index, its charge per setup day, the dive's values: None when
        there was no time to dive)."""
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.index, self.charge, self.value

    def _catch(self) -> None:
        try:
            run = self.run
            spare = run.left() - (STAFFING_SHARE + DIVE_ROUND_SHARE) * run.time_limit_s
            if spare < 2 * _dive_lp_s(run, self.guide_s):
                return  # no time for two of the dive's LP solves
            deadline = time.monotonic() + spare
            self.value = _values(
                run, self.guide, self.presence, "dive", self.params, self.guide_s, deadline
            )
        except BaseException as error:  # noqa: BLE001 - raised again in `result`
            self.error = error


def _dive_lp_s(run: Run, guide_s: float) -> float:
    """A dive's budget per LP solve: by the time limit with one worker (so that runs
    repeat), else enough for the guiding LP's solve again (`DIVE_LP_FACTOR`)."""
    least = share(run, 0.1, 60.0)
    return least if run.workers <= 1 else max(least, DIVE_LP_FACTOR * guide_s)


def _values(
    run: Run,
    guide: Relaxation,
    presence: dict,
    kind: str,
    params,
    guide_s: float,
    deadline: float | None,
) -> dict:
    """What each placement is worth to this round's rotation (see `ROUNDS`); a dive
    stops at `deadline` (`time.monotonic()`; None: never)."""
    if kind == "dive":
        batch, stick = params
        value = dive(
            guide,
            run.facts,
            presence,
            batch_share=batch,
            stick=stick,
            lp_time_s=_dive_lp_s(run, guide_s),
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
