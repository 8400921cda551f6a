"""The allocation LP's word on the unit tours' steps (`unit_tours.better_tours`)."""

from __future__ import annotations

from collections.abc import Callable

from ..contract.domain import Placement


class TourCheck:
    """The allocation LP's word on a step the LP counting setup days would keep, and on
    ties once the best rotation reaches that LP's value with the placements free.

    The LP counting setup days counts clinicians by skill and week; the allocation LP
    counts each one's half-days. Where clinicians are few the two part ways: on
    tight-staff seed 2 the rounds' tours raised a rotation from 42.38% to 43.35% by the
    first while it fell from 41.98% to 41.34% by the second. And at the free value the
    first has nothing left to find, though the rotations it values alike differ: on
    tight-staff seed 1 the tours reached it (45.08%) in every run, with rotations worth
    44.55% to 45.06% by the allocation LP. So, given `worth_of` (the allocation LP's
    first solve: about 1 s at tight-staff's 40 sites, 2 s at clinician-bound's 30), a
    step is kept only when the allocation LP values it no less than the best (a tie by
    the first LP: more). Below the ceiling a tie is not asked about: on clinician-bound
    seed 1 every such tie was worth the same. When the allocation LP has no value (out
    of time) the first LP decides, and a rotation is asked about once.
    """

    def __init__(
        self,
        ceiling: float | None,
        worth_of: Callable[[tuple[Placement, ...]], float | None] | None,
        taken: list,
    ) -> None:
        self.ceiling, self.worth_of, self.taken = ceiling, worth_of, taken
        self.best: tuple[Placement, ...] | None = None  # the rotation `worth` is of
        self.worth: float | None = None  # the best's value by `worth_of` (None: none)
        self.asked = 0  # questions to the allocation LP

    def keeps(
        self,
        unit: str,
        best: tuple[float, tuple[Placement, ...]],
        step: tuple[float, tuple[Placement, ...]],
        better: bool,
    ) -> bool:
        """Whether to keep `step` (its value by the first LP, its rotation) over `best`,
        which the first LP says it is `better` than (else a tie or worse)."""
        if self.worth_of is None:
            return better
        if not better:
            top = None if self.ceiling is None else self.ceiling * (1 - 1e-6)
            if top is None or best[0] < top or step[0] < top:
                return False
        if self.best != best[1]:
            self.best, self.worth = best[1], self._ask(best[1])
        worth = self._ask(step[1])
        if worth is None or self.worth is None:
            kept = better  # the allocation LP ran out of time: the first LP decides
        elif better:
            kept = worth >= self.worth * (1 - 1e-6)
        else:
            kept = worth > self.worth * (1 + 1e-6)
        if kept:
            self.best, self.worth = step[1], worth
        self.taken.append((unit, better, kept))
        return kept

    def _ask(self, placements: tuple[Placement, ...]) -> float | None:
        self.asked += 1
        return self.worth_of(placements) if self.worth_of is not None else None
