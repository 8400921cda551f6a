"""What each placement is worth to a round's rotation (`rounds.ROUNDS`), from the guiding
LP: its fractional tour rounded (mixed with each unit's average presence at a site), or
dived in, fixing part of the tour per LP solve. With two workers the dive runs in a thread
beside the other rounds (GLOP lets go of Python's lock while it solves).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from ..construct.diving import dive, unfix
from ..model.relaxation import Relaxation
from .candidates import Run, share

# A dive's LP solves (with part of the tour fixed) may take this many times the guiding
# LP's first solve (loaded seed 3: 7.4 s against 3.3 s for the first; the dive's whole 14 s).
# Cut shorter, every solve fails and the dive fixes nothing.
DIVE_LP_FACTOR = 2.5
# With one worker the dive has no clock to stop it: it dives only where its expected
# seconds, `DIVE_S` at `DIVE_VARIABLES` placement variables and growing with their number
# to the power `DIVE_GROWTH`, are at most `ONE_WORKER_DIVE_SHARE` of the time limit.
# A curve through two measurements on the benchmark's machine (2026-11-30): 73 s on
# clinician-bound seed 1 (2,526 variables), which took a 60 s run with one worker to
# 160 s, and 0.8 s on example-small (416).
DIVE_S, DIVE_VARIABLES, DIVE_GROWTH = 73.0, 2_526, 2.5
ONE_WORKER_DIVE_SHARE = 0.3


def values(
    run: Run,
    guide: Relaxation,
    presence: dict,
    kind: str,
    params,
    guide_s: float,
    deadline: float | None,
) -> dict:
    """What each placement is worth to this round's rotation (see `rounds.ROUNDS`); a dive
    stops at `deadline` (`time.monotonic()`; None: never)."""
    if kind == "dive":
        batch, stick = params
        value = dive(
            guide,
            run.facts,
            presence,
            batch_share=batch,
            stick=stick,
            lp_time_s=dive_lp_s(run, guide_s),
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


def dive_fits(run: Run, guide: Relaxation) -> bool:
    """Whether one worker dives in `guide`: by its size and the time limit, not the clock,
    so that runs repeat (see `DIVE_S`)."""
    expected = DIVE_S * (len(guide.placements.at) / DIVE_VARIABLES) ** DIVE_GROWTH
    return expected <= ONE_WORKER_DIVE_SHARE * run.time_limit_s


def dive_lp_s(run: Run, guide_s: float) -> float:
    """A dive's budget per LP solve: by the time limit with one worker (so that runs
    repeat), else enough for the guiding LP's solve again (`DIVE_LP_FACTOR`)."""
    least = share(run, 0.1, 60.0)
    return least if run.workers <= 1 else max(least, DIVE_LP_FACTOR * guide_s)


class Dive:
    """A dive in a thread, beside the other rounds; it stops when `keep` of the time limit
    is left (for its own round and the staffing)."""

    def __init__(
        self, run: Run, guide: Relaxation, presence: dict, item, guide_s: float, keep: float
    ):
        self.run, self.guide, self.presence, self.guide_s = run, guide, presence, guide_s
        self.keep = keep
        self.index, (_, *self.params, self.charge) = item
        self.value: dict | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._catch, name="dive", daemon=True)

    def start(self) -> Dive:
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
            spare = run.left() - self.keep * run.time_limit_s
            if spare < 2 * dive_lp_s(run, self.guide_s):
                return  # no time for two of the dive's LP solves
            deadline = time.monotonic() + spare
            self.value = values(
                run, self.guide, self.presence, "dive", self.params, self.guide_s, deadline
            )
        except BaseException as error:  # noqa: BLE001 - raised again in `result`
            self.error = error
