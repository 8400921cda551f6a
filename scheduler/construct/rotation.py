"""The rotation: where each unit stands each week, chosen by CP-SAT.

The model holds rules 2, 3, 8 and 9 exactly (`placement`). Its objective rewards each
unit-week at a site by what the LP relaxation found it worth and charges each arrival the
setup days it costs plus the weight of a move, so CP-SAT turns the LP's fractional tour
into a real one. The baseline uses the same model to find the valid rotation nearest to a
manager's rotation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from ..contract.domain import Placement
from ..model.linear import WALL_SAFETY, CpLinear
from ..model.placement import Placements, add_placements
from ..rules.facts import Facts

# CP-SAT objectives are integers: one unit-week of value is worth this many points.
POINTS_PER_UNIT_WEEK = 1000
# An arrival costs its setup days (as a share of the week's working days) plus this, in
# unit-weeks, so that a move that gains nothing is not made.
MOVE_VALUE = 0.02
# With one worker CP-SAT stops on deterministic time, so that runs repeat; a second's budget
# buys this many of its units. On the 2-core VM of docs/benchmarks.md a unit took 4.5 to 6
# seconds on the week's staffing models (2026-11-30, one worker: clinician-bound seed 1,
# 4.3 units in 19.3 s; loaded seed 1, 2.4 in 11.4 s; example-small, 0.41 in 2.4 s), so at
# one unit a second a 60 s run with one worker took 220 s on clinician-bound seed 1.
DETERMINISTIC_PER_S = 0.2


def move_costs(facts: Facts, per_setup_day: float = 1.0) -> dict[str, float]:
    """What one arrival of each unit costs, in unit-weeks: its setup days as a share of
    the week's working days, times `per_setup_day`, plus `MOVE_VALUE`."""
    days = max(1, len(facts.horizon.weekdays))
    return {u.id: per_setup_day * u.setup_days / days + MOVE_VALUE for u in facts.instance.units}


@dataclass(frozen=True)
class RotationResult:
    status: str  # CP-SAT's status name
    placements: tuple[Placement, ...] | None


def new_solver(
    time_limit_s: float, seed: int, workers: int, per_s: float = DETERMINISTIC_PER_S
) -> cp_model.CpSolver:
    """A CP-SAT solver; with one worker it stops on deterministic time (`per_s` units a
    second of `time_limit_s`), so runs repeat."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    if workers <= 1:
        solver.parameters.max_deterministic_time = max(0.01, per_s * time_limit_s)
        # A safety net only: the clock stops a solve on a far slower machine.
        solver.parameters.max_time_in_seconds = max(1.0, WALL_SAFETY * time_limit_s)
    else:
        solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    return solver


def choose_rotation(
    facts: Facts,
    value: Mapping[tuple[str, str, int], float],
    *,
    move_cost: Mapping[str, float],
    time_limit_s: float,
    seed: int = 0,
    workers: int = 1,
    hint: tuple[Placement, ...] | None = None,
) -> RotationResult:
    """Pick placements maximising their total `value` less `move_cost` per arrival.

    Args:
        facts: the instance's index.
        value: value[u, s, w], in unit-weeks, of unit u standing at site s in week w.
        move_cost: move_cost[u], in unit-weeks, of one arrival of unit u.
        time_limit_s: CP-SAT's budget (with one worker, in deterministic time: `new_solver`).
        seed, workers: CP-SAT's random seed and number of workers.
        hint: placements to start the search from.

    Returns:
        CP-SAT's status and the placements (None when none were found).
    """
    lin = CpLinear()
    p = add_placements(lin, facts)
    objective = [
        round(POINTS_PER_UNIT_WEEK * value.get(key, 0.0)) * var for key, var in p.at.items()
    ]
    objective += [
        -round(POINTS_PER_UNIT_WEEK * move_cost.get(u, 0.0)) * var
        for (u, _, _), var in p.arrive.items()
    ]
    lin.maximize(lin.total(objective))
    if hint is not None:
        _hint(lin, p, hint)
    solver = new_solver(time_limit_s, seed, workers)
    status = solver.solve(lin.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return RotationResult(solver.status_name(status), None)
    chosen = sorted((w, u, s) for (u, s, w), var in p.at.items() if solver.value(var))
    placements = tuple(Placement(u, s, w) for w, u, s in sorted(chosen, key=lambda t: (t[1], t[0])))
    return RotationResult(solver.status_name(status), placements)


def _hint(lin: CpLinear, p: Placements, hint: tuple[Placement, ...]) -> None:
    chosen = {(x.unit, x.site, x.week) for x in hint}
    for key, var in p.at.items():
        lin.model.add_hint(var, key in chosen)
