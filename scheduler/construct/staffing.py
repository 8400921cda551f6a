"""Concrete sessions once the rotation is fixed. Week by week, CP-SAT chooses which
sessions run in which unit and half-day and which clinicians staff them (`week_model`),
under every part of rule 7.

Weeks are independent once the placements are fixed: clinicians' limits are per half-day,
date and cycle week. So with several workers, where the weeks' models are small
(`LANES_UP_TO`), as many weeks are solved at once as there are workers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from ortools.sat.python import cp_model

from .first_staffing import WeekGoal, first_solution, offered
from .roster import Roster
from .rotation import new_solver
from .week_model import WeekModel, per_site

# CP-SAT stops once its week is proven within this share of the best possible: the whole
# hint starts it near its targets, and proving the last fraction costs most of the time.
GAP_LIMIT = 0.002
# With several workers, where the first week's model has at most this many clinician-place
# variables, weeks are solved as many at a time as there are workers, one CP-SAT worker
# each; else one after another with every worker. On the same rotations at 0.75 s a week
# (2026-11-30; variables a week, median, in brackets): clinician-bound seed 1 (826) 79.5%
# staffed two weeks at a time against 79.0-79.1% a week at a time, loaded seed 1 (846)
# 61.0% against 60.9%, tight-staff seed 2 (302) the same; West Herts seed 3 (2,546) 87.0%
# against 87.5% (one worker a week for 1.5 s there staffs 87.0%, two for 1.5 s 87.7%: a
# larger model gains more from the second worker than from the time).
LANES_UP_TO = 1_500


def staff_week(
    roster: Roster,
    week: int,
    goal: WeekGoal,
    *,
    time_limit_s: float,
    seed: int = 0,
    workers: int = 1,
    on_solution: Callable[[], None] | None = None,
) -> dict[tuple[str, str], int]:
    """Add this week's sessions to `roster`; return the sessions held per (site, service).

    With `time_limit_s` 0 the first solution is booked as it is (no CP-SAT model: at 120
    sites building one costs more than the first solution itself).
    """
    if time_limit_s <= 0:
        return per_site(roster, first_solution(roster, week, goal, offered(roster, week, goal)))
    built = WeekModel.build(roster, week, goal)
    if built is None:
        return {}
    return _solve(built, _solver(time_limit_s, seed, workers), on_solution)


def staff_weeks(
    roster: Roster,
    goals: Sequence[tuple[int, WeekGoal]],
    *,
    week_time_s: float,
    seed: int = 0,
    workers: int = 1,
    on_solution: Callable[[], None] | None = None,
) -> None:
    """Staff each (week, goal) of `goals` as `staff_week` does, in about `week_time_s`
    seconds a week.

    With several workers and weeks of small models (the first week's, `LANES_UP_TO`), as
    many weeks are solved at once as there are workers, each by a CP-SAT worker of its own
    for longer in the same wall time: a small model gains more from one worker's extra time
    than from a second worker. Larger ones are solved one after another with every worker.
    The models are built (each while the weeks before it are solved) and the sessions
    booked in this thread, in week order; weeks do not share clinicians' limits (rule 7
    counts per half-day, date and cycle week).
    """
    lanes = min(workers, len(goals))
    if lanes <= 1 or week_time_s <= 0:
        for week, goal in goals:
            staff_week(
                roster,
                week,
                goal,
                time_limit_s=week_time_s,
                seed=seed,
                workers=workers,
                on_solution=on_solution,
            )
        return
    # built as they are needed: after the week before is solved, or in lanes while it is
    built = (m for week, goal in goals if (m := WeekModel.build(roster, week, goal)) is not None)
    first = next(built, None)
    if first is None:
        return
    models = itertools.chain([first], built)
    if len(first.works) > LANES_UP_TO:  # the first week's model decides
        for m in models:
            _solve(m, _solver(week_time_s, seed, workers), on_solution)
        return
    # the time of every week one after another, shared by the lanes: each lane solves
    # ceil(n / lanes) weeks (twice a week's time each for an even number of weeks)
    each_s = week_time_s * len(goals) / math.ceil(len(goals) / lanes)
    with ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="staffing") as pool:
        started = []
        for m in models:
            solver = _solver(each_s, seed, workers)
            solver.parameters.num_workers = 1
            started.append((m, solver, pool.submit(solver.solve, m.model, _notify(on_solution))))
        for m, solver, future in started:
            m.book(solver, future.result())


def _solver(time_limit_s: float, seed: int, workers: int) -> cp_model.CpSolver:
    solver = new_solver(time_limit_s, seed, workers)
    solver.parameters.relative_gap_limit = GAP_LIMIT
    return solver


def _solve(
    built: WeekModel, solver: cp_model.CpSolver, on_solution: Callable[[], None] | None
) -> dict[tuple[str, str], int]:
    """Solve the week's model here and book what it found."""
    return built.book(solver, solver.solve(built.model, _notify(on_solution)))


def _notify(on_solution: Callable[[], None] | None):
    return _Notify(on_solution) if on_solution else None


class _Notify(cp_model.CpSolverSolutionCallback):
    def __init__(self, notify: Callable[[], None]) -> None:
        super().__init__()
        self._notify = notify

    def on_solution_callback(self) -> None:
        self._notify()
