"""Where a unit's tour from CP-SAT serves no more, other tours judged by the LP with every
placement fixed: long stays first, then moves of one block of weeks, each kept when it
serves more (`Climb.better`).

The unit tours value each placement on its own (`unit_tours`), so they cannot see that a
site's later weeks serve less than its first. The LP can, and with every placement fixed
it solves in 0.05 to 0.5 s at 30 sites, so a few dozen tours can be tried in a few
seconds. From the tours of 60 s plans (with the long stays already tried), block moves
gained the X-ray and ultrasound unit 64 and 240 referrals on clinician-bound seeds 1
and 2 (0.2 and 1.0 point of coverage by the LP), where SCIP, with that unit's placements
integer, found tours worth about 330 to 420 more than the plans' in 150 to 600 s
(2026-12-01). Only units alone in their services move blocks (`alone`); every unit tries
long stays.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Set

from ..construct.stays import block_moves, long_stays, top_sites
from ..contract.domain import Placement
from ..model.relaxation import Relaxation
from ..rules.facts import Facts

# Block moves may take a block to this many of the unit's sites of most value (and to
# any site of its tour).
MOVE_SITES = 6
# LP solves one step may spend on long stays and block moves (0.05 to 0.5 s each at 30
# sites), and block moves in a row that find no more; the climb goes on from where it
# stopped when the unit's turn comes again. From the plan's tour of clinician-bound seed
# 2, the X-ray and ultrasound unit gained 240 referrals in one step of these, and in two
# steps of 16 in a row; in single 60 s runs that seed closed 87.9% of its gap with 40 and
# 84.0% with 16 (other settings differed too, 2026-12-01).
STEP_SOLVES, PATIENCE = 60, 40

Rotation = tuple[Placement, ...]


class Climb:
    """Rotations judged by `lp` with every placement fixed, each valued once (the LP's
    placements are fixed, so a rotation's value does not change; its margins may need
    it solved again: `worth`), for `better`."""

    def __init__(self, facts: Facts, lp: Relaxation, lp_s: float) -> None:
        self.facts, self.lp, self.lp_s = facts, lp, lp_s
        self.known: dict[Rotation, float | None] = {}
        self.solved: Rotation | None = None  # the rotation of the LP's last solve
        self.tried = 0  # solves for long stays and block moves

    def served(self, rotation: Rotation) -> float | None:
        """What `rotation` serves by the LP (None: no solution)."""
        if rotation not in self.known:
            self._solve(rotation)
        return self.known[rotation]

    def worth(
        self, rotation: Rotation, every: Set[tuple[str, int]]
    ) -> dict[tuple[str, str, int], float] | None:
        """Each placement's worth at the margin (`Relaxation.worth`) by the LP's solve of
        `rotation`, solved again unless it was the last; None when it has no solution."""
        if self.solved != rotation:
            self._solve(rotation)
        return self.lp.worth(every) if self.known[rotation] is not None else None

    def presence(
        self, where: Mapping[tuple[str, int], str], free: Set[tuple[str, int]]
    ) -> dict[tuple[str, str, int], float] | None:
        """`Relaxation.presence` (a solve of its own, with the `free` unit-weeks freed)."""
        self.solved = None
        return self.lp.presence(where, free, self.lp_s)

    def _solve(self, rotation: Rotation) -> None:
        self.lp.fix(rotation)
        self.known[rotation], self.solved = self.lp.max_value(self.lp_s), rotation

    def better(
        self,
        best: tuple[float, Rotation],
        unit: str,
        free: Set[tuple[str, int]],
        value: Mapping[tuple[str, str, int], float],
        *,
        seed: int,
        done: Callable[[], bool],
        moves: bool = True,
    ) -> tuple[float, Rotation] | None:
        """A rotation that serves more than `best` with the unit's `free` weeks re-toured:
        the best of `long_stays` by `value`, or `best`, then improved by `block_moves`
        (to its `MOVE_SITES` sites of most value), each the first found in a seeded order
        to serve more, until none does, `STEP_SOLVES` solves are spent (or `PATIENCE`
        moves in a row found no more), or `done`; without `moves`, long stays only. None
        when nothing tried serves more."""
        solves = self.tried + STEP_SOLVES
        found, failed = best, 0  # the best so far, solves in a row that found no more

        def judge(rotation: Rotation) -> bool:
            nonlocal found, failed
            if rotation not in self.known:
                self.tried += 1
                failed += 1
            got = self.served(rotation)
            if got is None or got <= found[0] * (1 + 1e-6):
                return False
            found, failed = (got, rotation), 0
            return True

        def spent() -> bool:
            return self.tried >= solves or failed >= PATIENCE or done()

        def result() -> tuple[float, Rotation] | None:
            return found if found is not best else None

        for rotation in long_stays(self.facts, best[1], unit, free, value):
            if self.tried >= solves or done():
                return result()
            judge(rotation)
        failed = 0
        if not moves:
            return result()
        shuffled = random.Random(seed)  # nosec B311
        sites = top_sites(unit, value, MOVE_SITES)
        moved = True
        while moved:
            near = block_moves(self.facts, found[1], unit, free, sites)
            shuffled.shuffle(near)
            moved = False
            for rotation in near:
                if spent():
                    return result()
                if judge(rotation):
                    moved = True
                    break
        return result()


def alone(facts: Facts) -> set[str]:
    """The units that share no service with another unit (each of its services runs in
    no other unit): the ones `Climb.better` moves blocks of. There one unit's tour alone
    serves its services, and its later weeks at a site serve less than its first, which
    the tours' linear values cannot see; where units share services, moving one block of
    one unit's tour found nothing (the outpatient units of clinician-bound seeds 1 and 2
    and fleet-bound seed 3, 2026-12-01) and spent the tours' time."""
    mine = {u: set(services) for u, services in facts.unit_services.items()}
    return {u for u in mine if not any(mine[u] & mine[v] for v in mine if v != u)}
