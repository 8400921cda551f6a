"""A better rotation by the LP that counts setup days: the best of the candidates and the
manager's rotations with other stays, then improved a unit at a time. Where no rounds run
(West Herts size) it picks the rotation to staff; elsewhere it is the last of the rounds,
from the best round's rotation, and with two workers it first improves the starting
rotation while the guide is solved.

Without setup days the relaxation cannot tell a rotation that moves its units every two
weeks from one that stays four (both reach the same sites); at West Herts size, setup days
are most of what the rotation loses. With every placement fixed, the LP that counts them
(`Relaxation` with `arrivals`) solves in a fraction of a second and gives what the
allocation LP gives for that rotation (West Herts seed 2: 83.67% both, 0.2 s against
16.6 s), so it judges rotations here:

1. Candidates (the manager's rotation with stays of two to five weeks, and the caller's
   rotations): the one that serves most.
2. A step re-chooses one unit's whole tour (but for the weeks the search never frees,
   fixed items and their weeks), every other placement kept. Each of the unit's possible
   placements is valued by what it adds at the margin to the LP's solve of the best
   rotation, its reduced cost (`Relaxation.worth`, read for every unit at once and kept
   until a step improves the rotation: a failed step costs no solve of the best again),
   in unit-weeks (a week at its current sites is worth one); CP-SAT
   (`improve.choose_window`) turns the values into the unit's best cyclic tour, each
   arrival charged its setup days, within the pads the other units leave and the sites'
   least visits counted with them (rule 8). In the rounds (not at West Herts size), where
   that tour serves no more, other tours are tried by the LP with every placement fixed
   (0.05 to 0.5 s a solve at 30 sites; `climb.Climb.better`), since linear values cannot
   see that a site's later weeks gain less than its first: long stays at the unit's
   sites of most value (`long_stays`), then, for a unit alone in its services, moves of
   one block of weeks (`block_moves`), each kept when it serves more. The best rotation
   so tried is kept when the LP with every placement fixed serves more (that LP also
   refuses a rotation that breaks fixed items) and, where the caller gives the
   allocation LP's value, that agrees (`TourCheck`). Units are taken in turn until no
   unit's tour improves, or the time (with one worker, the number of steps, each
   question to the allocation LP counted as one and two tours climbed as one) is up.
3. The margins of one solve are cheap but can be blind: a unit whose placements are
   worth nothing at the margin (its clinicians busy, or its demand served), or any unit
   once a whole pass finds nothing, has its tour freed in the LP instead, the rest fixed,
   and its presence there is the value of each placement (`Relaxation.presence`): a
   solve of its own, four to six times a margin step's cost at West Herts (3-6 s against
   about 1 s). Valued that way only, West Herts seed 2 gained 0.8 point by the LP in
   29 s; by the margins first, 4.5 points in 24 s, worth 6.3 points by the allocation LP
   (2026-11-30).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ..construct.baseline import manager_rotation
from ..construct.rotation import move_costs
from ..construct.stays import top_sites
from ..construct.tours import window_tour
from ..contract.domain import Placement
from ..model.relaxation import Relaxation
from .candidates import Run, share
from .climb import Climb, alone
from .repair import PLACED_VALUE, choose_window, locked_weeks
from .tour_check import TourCheck
from .tour_order import by_gain, next_units, service_groups

# The manager's rotation with stays of this many weeks are candidates too. West Herts
# seeds 1-3, by the LP: stays of 3, 4 and 4 weeks served most (87.2%, 85.8%, 89.7%
# against 85.1%, 83.7%, 87.2% for the manager's two).
STAY_WEEKS = (2, 3, 4, 5)
# CP-SAT's budget for one unit's tour (a few hundred Booleans: optimal in well under it).
WINDOW_MOST_S = 2.0
# A unit's tour is chosen among its sites of most value (and those it stands at now). At
# 120 sites an outpatient unit may stand at most of them: CP-SAT took 1.6 s a tour
# (nearly its budget), and with the 12 of most value 0.1-0.5 s; from the manager's
# rotation of large seed 1 its first eight steps gained 1.4 points by the LP (0.8 points
# in five steps with every site, 2026-12-01).
TOUR_SITES = 12
# Seconds per placement variable of building the LP and judging the candidates, or of a
# step (West Herts: 9,643 variables, 3 s to build and judge; margin steps of 0.6 to 1.8 s,
# freed ones 3 to 7 s): with one worker the number of steps follows from it, so that runs
# repeat.
STEP_S_PER_VARIABLE = 0.0003
# An LP solve gets this share of the time limit (at most this many seconds).
LP_SHARE, LP_MOST_S = 0.1, 30.0


def affordable(run: Run, share_of_limit: float) -> bool:
    """Whether `share_of_limit` of the time limit buys a step or so: building the LP and
    judging the candidates cost about that much (West Herts: 3 s). Decided by the size and
    the limit, not the clock, so that runs repeat."""
    return share_of_limit * run.time_limit_s >= STEP_S_PER_VARIABLE * run.facts.placement_count


def setup_lp(run: Run) -> Relaxation:
    """The relaxation that counts setup days, for `better_tours` (and the search after it)."""
    return Relaxation(run.facts, deterministic=run.workers <= 1, arrivals=True, weights=run.weights)


def better_tours(
    run: Run,
    lp: Relaxation,
    candidates: Sequence[tuple[Placement, ...]],
    *,
    share_of_limit: float,
    charge: float = 1.0,
    stop: Callable[[], bool] | None = None,
    ceiling: float | None = None,
    allocation_worth: Callable[[tuple[Placement, ...]], float | None] | None = None,
    stays: bool = False,
    stay_weeks: Sequence[int] | None = None,
    batch: bool = False,
) -> tuple[Placement, ...] | None:
    """The best of `candidates` and the manager's rotations with stays of `stay_weeks` (None:
    `STAY_WEEKS`) by
    `lp` (`setup_lp`), improved a unit at a time (see the module docstring), within
    `share_of_limit` of the time limit (or until `stop` says so, between steps), an
    arrival charged `charge` per setup day (see `rotation.move_costs`); None when the LP
    judges none of them. Given `allocation_worth` (the allocation LP's value), a step is
    kept only when that agrees, and once the best reaches `ceiling` (`lp`'s value with
    the placements free) it decides between rotations `lp` values alike (see `TourCheck`).
    With `stays`, a step whose tour serves no more tries long stays and, for a unit
    alone in its services, block moves (`climb.Climb.better`), within the same time or
    steps.

    Records each step as (unit, served share of demand or None, kept, seconds) in
    `run.statistics["tour_steps"]`, and each question to the allocation LP as (unit,
    better by `lp`, kept) in `run.statistics["tour_checks"]`.
    """
    facts = run.facts
    lp_s = share(run, LP_SHARE, LP_MOST_S)
    ends = run.elapsed() + share_of_limit * run.time_limit_s
    best: tuple[float, tuple[Placement, ...]] | None = None
    climb = Climb(facts, lp, lp_s)  # rotations judged by `lp` (long stays, block moves)
    rotations = [
        *candidates,
        *(
            manager_rotation(facts, stay)
            for stay in (STAY_WEEKS if stay_weeks is None else stay_weeks)
        ),
    ]
    for placements in rotations:
        served = climb.served(placements)
        if served is not None and (best is None or served > best[0] + 1e-9):
            best = (served, placements)
    if best is None:
        return None
    variables = max(1, len(lp.placements.at))
    steps: int | None = None
    if run.workers <= 1:
        steps = max(1, int(share_of_limit * run.time_limit_s / (STEP_S_PER_VARIABLE * variables)))
    move_cost = move_costs(facts, charge)
    units = sorted(u.id for u in facts.instance.units)
    if not units:
        return best[1]
    locked = locked_weeks(facts)
    every = {(u, w) for (u, w), sites in facts.stand_sites.items() if sites}
    taken = run.statistics["tour_steps"]
    unchanged = 0  # units tried in a row without a better rotation
    # every placement's worth at the margin by the LP's solve of the best rotation (None:
    # not solved since it became the best); read once, kept while the best stays
    margins: dict[tuple[str, str, int], float] | None = None
    freeing = False  # every unit's tour valued by freeing it (no unit gains at the margins)
    blind: set[str] = set()  # units whose placements are worth nothing at the margins
    check = TourCheck(ceiling, allocation_worth, run.statistics["tour_checks"])
    i = 0  # steps taken
    queue: list[str] = []  # the units left in this pass
    groups = service_groups(facts) if batch else None
    lonely = alone(facts)  # units whose blocks the climb moves

    def over() -> bool:  # out of time or steps (one worker), or stopped
        if steps is not None:
            spent = i + check.asked + (climb.tried + 1) // 2 >= steps
        else:
            spent = run.elapsed() >= ends
        return spent or (stop is not None and stop())

    while unchanged < len(units) or not freeing:
        if unchanged >= len(units):
            freeing, unchanged = True, 0
        # With one worker a question costs about a step (1-2 s), and two tours climbed
        # about one (an LP solve of 0.05-0.5 s at 30 sites, a step budgeted 0.8 s there).
        if over():
            break
        if not queue:  # a pass: the units whose tours may gain most at the margins first
            if margins is None and not freeing:
                margins = climb.worth(best[1], every)
            queue = by_gain(units, margins if batch and not freeing else None, best[1])
        batch = next_units(queue, groups)
        unit = "+".join(batch)
        begun = time.monotonic()
        # After a first pass, a unit blind at the margins is valued by freeing its tour.
        free_it = freeing or (i >= len(units) and any(u in blind for u in batch))
        i += 1
        if margins is None and not free_it:
            margins = climb.worth(best[1], every)
        where = {(p.unit, p.week): p.site for p in best[1]}
        free = {(u, w) for u in batch for w in range(facts.weeks) if (u, w) not in locked}
        free = {key for key in free if facts.stand_sites.get(key)}
        value = None
        if free and free_it:
            value = climb.presence(where, free)
        elif free and margins is not None:
            value = {}
            for u in batch:  # each unit's worth in its own unit-weeks
                mine = {(v, s, w): x for (v, s, w), x in margins.items() if (v, w) in free}
                worth = _unit_weeks({k: x for k, x in mine.items() if k[0] == u}, where)
                if worth is None:
                    blind.add(u)
                    free = {key for key in free if key[0] != u}  # its tour stays
                else:
                    value.update(worth)
        tour = _tour(run, best[1], where, free, value, move_cost, lp_s, i, batch) if value else None
        served = climb.served(tour) if tour is not None else None
        lost = served is None or served <= best[0] * (1 + 1e-6)
        if stays and len(batch) == 1 and value and lost:
            moves = unit in lonely
            found = climb.better(best, unit, free, value, seed=run.seed + i, done=over, moves=moves)
            if found is not None:
                served, tour = found
        kept = served is not None and served > best[0] * (1 + 1e-6)
        if served is not None and tour != best[1]:
            kept = check.keeps(unit, best, (served, tour), kept)
        if kept:
            best, margins = (served, tour), None  # read when next needed
            unchanged, freeing = 0, False
        else:
            unchanged += len(batch)
        share_served = round(served / lp.demand, 6) if served and lp.demand else None
        taken.append((unit, share_served, kept, round(time.monotonic() - begun, 3)))
    return best[1]


def _tour(run: Run, placements, where, free, value, cost, lp_s: float, step: int, quick=True):
    """`placements` with the tours of the unit-weeks `free` re-chosen against the rest by
    `value`, a unit at a time, each after the last (pads), sharing CP-SAT's budget (None:
    nothing found). With `quick` (batches, at 120 sites), among each unit's `TOUR_SITES`
    sites of most value and those it stands at now, by `tours.window_tour` (exact, a few
    milliseconds) or, where that breaks a site's least visits, by CP-SAT: CP-SAT proves a
    tour of 350 Booleans optimal slowly (an outpatient unit at 120 sites: 1.9 s, nearly
    its budget), and five units in one model took their whole 2 s without a proof.
    Without, among all its sites by CP-SAT, as measured at West Herts and in the rounds
    (the quick way closed 54.1% of West Herts' gap in one run, against 59.4%)."""
    units = sorted({u for u, _ in free})
    sites_of = run.facts.stand_sites
    if quick:
        keep = {u: set(top_sites(u, value, TOUR_SITES)) for u in units}
        for k in free:
            if k in where:
                keep[k[0]].add(where[k])
        sites_of = {k: tuple(s for s in sites_of[k] if s in keep[k[0]]) for k in free}
    now, found = dict(where), False
    for unit in units:
        mine = {k for k in free if k[0] == unit}
        worth = {
            (u, s, w): value.get((u, s, w), 0.0) + PLACED_VALUE
            for (u, w) in mine
            for s in sites_of[u, w]
        }
        chosen = window_tour(run.facts, now, mine, sites_of, worth, cost[unit]) if quick else None
        if chosen is None:
            chosen = choose_window(
                run.facts,
                now,
                mine,
                sites_of,
                value,
                cost,
                time_limit_s=min(WINDOW_MOST_S, lp_s) / len(units),
                seed=run.seed + step,
                workers=run.workers,
            )
        for key, site in (chosen or {}).items():
            now.pop(key, None)
            if site is not None:
                now[key] = site
        found = found or chosen is not None
    if not found:
        return None
    kept = [p for p in placements if (p.unit, p.week) not in free]
    kept += [Placement(u, s, w) for (u, w), s in now.items() if (u, w) in free]
    return tuple(sorted(kept, key=lambda p: (p.unit, p.week)))


def _unit_weeks(worth: dict[tuple[str, str, int], float], where) -> dict | None:
    """`worth` (referrals) in unit-weeks, the scale of an arrival's cost: a week at the
    unit's current sites is worth one at their median (of those worth anything; else the
    most any placement is worth). None when no placement is worth anything."""
    held = sorted(v for (u, s, w), v in worth.items() if where.get((u, w)) == s and v > 0)
    scale = held[len(held) // 2] if held else max(worth.values(), default=0.0)
    if scale <= 0:
        return None
    return {key: v / scale for key, v in worth.items()}
