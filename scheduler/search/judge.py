"""The rounds' judge: which rotation is worth the allocation LP, and the best so far.

A round's rotation is judged first by the LP that counts setup days with every placement
fixed (`unit_tours.setup_lp`: under a second at 30 sites) and shared out by the allocation
LP's first solve (about 2 s there) only when that LP ranks it above the best so far by the
allocation LP. Where the first LP overrates the best rotation, the unit tours ask the
allocation LP too, to check their steps and break the first LP's ties (`worth`); a
rotation they asked about is shared out without the filter, from the LP already solved.
"""

from __future__ import annotations

from ..construct.realize import Allocated
from ..contract.domain import Placement
from ..model.relaxation import Relaxation
from .candidates import Run, allocate_rotation, share
from .unit_tours import LP_MOST_S, LP_SHARE, setup_lp

# The first LP overrates a rotation when it serves more than the allocation LP by this
# share (fleet-bound seed 1: the same to the referral; clinician-bound and tight-staff:
# about 2% to 5% more, 0.8 to 2 points of coverage).
OVERRATED = 0.002


class Judge:
    """The rounds' rotations, each judged first by the LP that counts setup days with every
    placement fixed (`setup_lp`: under a second at 30 sites) and shared out by the
    allocation LP's first solve (about 2 s there) only when that LP ranks it above the
    best so far by the allocation LP (`best`, kept; until the eighth session, above every
    rotation the allocation LP valued: on clinician-bound seed 2 one it overrated kept the
    tours' rotation from being valued). Until one has both values, every one is shared out.

    The two LPs ranked the rounds' rotations alike on clinician-bound, loaded and
    tight-staff seeds (2026-11-30, 32 rotations): where the first said worse, the
    allocation LP did too, so the rounds it refuses free their time for the tours and
    the staffing. It can say better where the allocation LP says worse (loaded seed 2: round
    0 against the starting rotation, 63.97% against 63.48% by the first, 60.40% against
    63.48% by the second), so it only filters.
    Each rotation is recorded in `run.statistics["rounds"]` as (name, its value per
    referral of demand by the first LP or None, whether it was shared out).
    """

    def __init__(self, run: Run, start: Allocated | None) -> None:
        self.run, self.start, self.best = run, start, start
        self._lp: Relaxation | None = None
        self._asked: Allocated | None = None  # the best rotation `worth` was asked about
        self.best_first: float | None = None  # the best's value by `lp` (None: unknown)
        # the value by `lp` of the best by the allocation LP (None: none valued by both)
        self.top: float | None = None

    @property
    def lp(self) -> Relaxation:
        """`setup_lp`, built when first needed (2-3 s at 30 sites: not at all when no
        round has the time), and the starting rotation judged by it."""
        if self._lp is None:
            self._lp = setup_lp(self.run)
            start = self.start
            value = self._value(start.roster.placements) if start is not None else None
            self.run.statistics["start_setup_lp"] = self._share(value)
            self.top = value if start is not None and start.served is not None else None
            self.best_first = value
        return self._lp

    def _value(self, placements: tuple[Placement, ...]) -> float | None:
        self.lp.fix(placements)
        return self.lp.max_value(share(self.run, LP_SHARE, LP_MOST_S))

    def _share(self, served: float | None) -> float | None:
        demand = self.lp.demand
        return round(served / demand, 6) if served is not None and demand else None

    def overrates(self) -> bool:
        """Whether the first LP values the best rotation above the allocation LP (by more
        than `OVERRATED`), so that the tours need the allocation LP's word (`worth`).
        Fleet-bound seed 1: the two agreed on every rotation, and asking cost the tours
        35 of their 44 steps (84.7% served against 89.3%); clinician-bound and
        tight-staff: about 2% to 5% over."""
        best, first = self.best, self.best_first
        if best is None or best.served is None or first is None:
            return False
        return first > best.served * (1 + OVERRATED)

    def worth(self, placements: tuple[Placement, ...]) -> float | None:
        """What the allocation LP's first solve says `placements` serve (None: out of
        time), kept for `offer` while no rotation asked about after it serves less (the
        tours' steps are kept only when worth no less than the best)."""
        known = [a for a in (self.best, self._asked) if a is not None]
        allocated = next((a for a in known if a.roster.placements == placements), None)
        if allocated is None:
            allocated = allocate_rotation(self.run, placements)
            if allocated is None:
                return None
            if self._asked is None or (allocated.served or 0) >= (self._asked.served or 0):
                self._asked = allocated
        return allocated.served

    def offer(self, placements: tuple[Placement, ...] | None, name: str) -> None:
        """Judge `placements` (None: the round found no rotation); share it out and keep
        it when worth it (shared out already when `worth` was asked)."""
        if placements is None:
            return
        run = self.run
        served = self._value(placements)
        asked = self._asked if self._asked and self._asked.roster.placements == placements else None
        shared = served is None or self.top is None or served > self.top * (1 + 1e-6)
        shared = shared or asked is not None
        run.statistics["rounds"].append((name, self._share(served), shared))
        if not shared:
            return
        allocated = asked or allocate_rotation(run, placements)  # first solve: see `staff_best`
        if allocated is None:
            return
        total = sum(v * run.facts.weeks for v in run.facts.instance.demand_per_week.values())
        worth = allocated.served
        run.statistics["allocation_bound"].append(
            (name, round(worth / total, 6) if worth and total else None)
        )
        if self.best is None or (worth or 0) > (self.best.served or 0):
            self.best, self.best_first = allocated, served
            if worth is not None and served is not None:
                self.top = served
