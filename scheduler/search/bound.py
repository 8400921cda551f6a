"""The LP relaxation and its optimum (the bound), and where affordable the LP that counts
setup days (a tighter bound, and the rounds' guide): solved when asked, or in a thread
beside the work on the starting plan.

At 120 sites the relaxation takes a third of a 60 s limit (building it about 7 s, GLOP
12 s or more) and the sweep of the sessions (`lns.sweep`) wants most of the rest. GLOP
and CP-SAT let go of Python's lock while they solve, so with two workers or more the
relaxation is built and solved in a thread while the caller goes on (the sweep at 120
sites; the starting rotation's allocation LP and unit tours where rounds follow): on two
cores, both get a core for most of the time. With one worker it is solved when asked
for, in the caller's thread, so that runs repeat.
"""

from __future__ import annotations

import threading
import time

from ..model.relaxation import Relaxation
from ..rules.facts import Facts
from .candidates import Run, share

# The relaxation's share of the time limit (at most this many seconds), as `optimise` gave it.
RELAXATION_SHARE, RELAXATION_MOST_S = 0.4, 600.0
# The guiding LP counts setup days up to this many placement variables; beyond, the bound's
# LP guides. Its solve grows far faster than the bound's: 6 s against 1.3 s at 2,546
# variables (fleet-bound), 55 s against 2.3 s at 9,643 (West Herts).
GUIDE_WITH_SETUP_UP_TO = 5_000
GUIDE_SHARE, GUIDE_MOST_S = 0.15, 120.0
# Building the relaxation cannot be stopped: 2.5 s alone at 120 sites (38,136 placement
# variables), 3.5-6 s beside the manager's rotation. With a limit shorter than this many
# seconds a placement variable no bound is sought: 120 sites at 5 s ended at 5.4-8.0 s
# waiting for a build that left GLOP no time (13 s there; at 15 s the bound came at 12.8 s).
BOUND_FROM_S_PER_VARIABLE = 0.00035


def setup_guide(facts: Facts) -> bool:
    """Whether a second LP, counting setup days, guides the rounds (and bounds coverage
    too): decided by the number of placement variables, not by the clock, so that runs
    repeat and a loaded machine does not lose the better guide."""
    return facts.placement_count <= GUIDE_WITH_SETUP_UP_TO


def affordable(run: Run) -> bool:
    """Whether the limit leaves time to build the relaxation (by size and limit, not by the
    clock, so that runs repeat)."""
    return run.time_limit_s >= BOUND_FROM_S_PER_VARIABLE * run.facts.placement_count


class Bound:
    """The relaxation of `run`'s instance and the most referrals it serves (None when
    GLOP did not prove an optimum in time); then, where affordable (`setup_guide`), the
    LP that counts setup days and the most value it serves."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.sought = affordable(run)  # False: no bound, and no time spent on one
        self._thread: threading.Thread | None = None
        self._result: tuple[Relaxation, float | None] | None = None
        self._guide: tuple[Relaxation, float | None, float] | None = None
        self.solved_at: float | None = None  # seconds into the run
        self._error: BaseException | None = None

    def start(self) -> Bound:
        """Begin in a thread when the run has several workers; else leave it for `result`."""
        if self.sought and self.run.workers > 1 and self._thread is None and self._result is None:
            self._thread = threading.Thread(target=self._catch, name="relaxation", daemon=True)
            self._thread.start()
        return self

    @property
    def started(self) -> bool:
        """Whether it is being solved in a thread."""
        return self._thread is not None

    def done(self) -> bool:
        """Whether the thread has finished (solved, failed or raised); False without one."""
        return self._thread is not None and not self._thread.is_alive()

    def result(self, last: bool = False) -> tuple[Relaxation | None, float | None]:
        """The relaxation and its optimum, waiting for the thread or solving now; (None,
        None) where the limit is too short to build it (`affordable`) or the thread had
        not solved it by the time kept for the exact score (`last`: nothing but that score
        follows, none once the best is scored exactly)."""
        if not self.sought:
            return None, None
        if self._thread is not None:
            # Building cannot be stopped: where it runs late (a slow host at 120 sites: a
            # 15 s run waited for it until 22 s), the run goes on without a bound, and the
            # thread ends unseen.
            keep = self.run.final_score_s() if last else self.run.reserve_s()
            self._thread.join(timeout=max(0.0, self.run.left() - keep))
            if self._thread.is_alive():
                self.run.statistics["relaxation_late"] = True
                if self._result is None:
                    return None, None
                return self._result  # solved; the thread is on the guide
        elif self._result is None:
            self._solve()
        if self._error is not None:
            raise self._error
        if self._result is None:  # cannot happen: `_solve` sets it or raises
            raise RuntimeError("the relaxation was not solved")
        return self._result

    def guide(self) -> tuple[Relaxation, float | None, float]:
        """The LP that counts setup days, the most value it serves (None when GLOP did not
        prove an optimum in time, or the thread is still solving it when the time kept for
        the exact score begins: then the relaxation itself) and the seconds GLOP took;
        after `result`, and only where `setup_guide` holds and the relaxation was solved."""
        relaxation, _ = self.result()
        if self._guide is not None:
            return self._guide
        if self._thread is not None and self._thread.is_alive() and relaxation is not None:
            return relaxation, None, 0.0  # still solving when the time ran out
        raise RuntimeError("no guide counting setup days for this instance")

    def _catch(self) -> None:
        """`_solve` in the thread; an error is raised again in the caller's `result`."""
        try:
            self._solve()
        except BaseException as error:  # noqa: BLE001 - handed back to the caller
            self._error = error

    def _solve(self) -> None:
        run = self.run
        relaxation = Relaxation(run.facts, run.workers <= 1, weights=run.weights)
        limit = share(run, RELAXATION_SHARE, RELAXATION_MOST_S)
        if self._thread is not None:
            # Beside the sweep, GLOP shares the cores and costs the search nothing: it
            # may take whatever time the run has left, and no more (at 120 sites and a
            # 5 s limit the build ends after 3-4 s: its share then ran 2 s past the limit).
            limit = max(0.1, run.left())
        served = relaxation.max_served(limit)
        self.solved_at = run.elapsed()
        self._result = (relaxation, served)
        if served is None or not setup_guide(run.facts):
            return
        guide = Relaxation(run.facts, run.workers <= 1, arrivals=True, weights=run.weights)
        begun = time.monotonic()
        # Beside other work GLOP may share a core: twice the share it has alone.
        fraction = GUIDE_SHARE * (2 if self._thread is not None else 1)
        value = guide.max_value(share(run, fraction, GUIDE_MOST_S))
        self._guide = (guide, value, time.monotonic() - begun)
