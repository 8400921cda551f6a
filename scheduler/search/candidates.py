"""The state of one call of `solve`: the best plan so far among the candidates offered.

Every construction and search step offers its plan here; a plan is kept only when it is
valid (after repair) and better than the best so far by the contract's order of merit
(`merit`), judged by the quick score, or by the exact scores of both where it ties the
best on coverage. So `solve` returns a plan never worse than the first one kept. With
service weights the order of merit starts with the value served (referrals counted by
their service's weight) instead of coverage.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..construct.realize import Allocated, allocate, keep_valid
from ..contract.domain import Placement, Plan
from ..model.weights import Weights
from ..rules.facts import Facts
from ..scoring.kpis import Kpis, score

Progress = Callable[[float, float | None, float | None], None]
REPORT_EVERY_S = 0.2  # progress from CP-SAT callbacks, at most this often
MERIT_DIGITS = 6
# The exact score of the plan returned takes about this many quick scores (at 120 sites,
# where it matters most: 3.1 s against 1.55 s on the manager's rotation staffed, 4.0 s
# against 1.3 s on a rotation the unit tours chose, 2026-12-01; stage 3 is an LP over the
# optimal flows' arcs).
FINAL_SCORE_FACTOR = 3.2
# A rotation's allocation LP (the starting one's, or a round's) gets this share of the
# time limit, at most this many seconds.
ALLOCATION_SHARE, ALLOCATION_MOST_S = 0.2, 120.0


@dataclass
class Run:
    """The state of one call of `solve` (see the module docstring)."""

    facts: Facts
    weights: Weights
    time_limit_s: float
    seed: int
    workers: int
    on_progress: Progress | None
    start: float = field(default_factory=time.monotonic)
    bound: float | None = None
    # with service weights: the bound on the value served per referral of demand
    value_bound: float | None = None
    best: tuple[Plan, Kpis] | None = None
    statistics: dict[str, Any] = field(default_factory=lambda: defaultdict(list))
    _last_report: float = 0.0
    # the latest quick score's seconds (the longest would keep a score slowed by the
    # relaxation's thread, and with it too large a reserve)
    score_s: float = 0.0
    first: tuple[Plan, Kpis] | None = None  # the starting plan
    exact: tuple[Plan, Kpis] | None = None  # a best plan scored exactly (`score_best`)
    unswept: list[int] | None = None  # weeks the search's sweep has left (None: not begun)
    # CP-SAT's callbacks report from the threads that solve (two weeks' staffing at once)
    _reporting: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def left(self) -> float:
        return self.time_limit_s - self.elapsed()

    def report(self, force: bool = True) -> None:
        """Progress to `on_progress` (`force`: now; else at most every `REPORT_EVERY_S`),
        from one thread at a time."""
        with self._reporting:
            now = self.elapsed()
            if self.on_progress is None or (not force and now - self._last_report < REPORT_EVERY_S):
                return
            self._last_report = now
            coverage = self.best[1].coverage if self.best else None
            self.on_progress(now, coverage, self.bound)

    def offer(self, plan: Plan | None, source: str) -> bool:
        """Keep `plan` if it is valid (after repair) and better than the best so far;
        say whether it was kept."""
        plan = keep_valid(self.facts, plan) if plan is not None else None
        if plan is None:
            self.statistics["rejected"].append(source)
            return False
        begun = time.monotonic()
        kpis = score(self.facts.instance, plan, quick=True)
        # the longest so far: a last quick score of a smaller plan (0.54 s against 0.88 s
        # at 120 sites) left too little time for the exact one (2.5 s; a run ended 0.4 s late)
        self.score_s = max(self.score_s, time.monotonic() - begun)
        self.statistics["candidates"].append((source, round(kpis.coverage, 6)))
        self.statistics.setdefault("first_plan_s", round(self.elapsed(), 3))
        ours = merit(kpis, self.weights)
        theirs = merit(self.best[1], self.weights) if self.best is not None else None
        kept = theirs is None or ours > theirs
        if theirs is not None and ours[0] == theirs[0] and ours != theirs and self._exact_time():
            # The quick score's lowest locality coverage is not raised by stage 3: past
            # coverage, only the exact figures of both decide (ties are rare: a few a run).
            exact = score(self.facts.instance, plan)
            kept = merit(exact, self.weights) > merit(self.exact_kpis(self.best[0]), self.weights)
            if kept:
                self.exact = (plan, exact)
        if kept:
            self.best = (plan, kpis)  # quick figures, compared with the next candidates
        self.report()
        return kept

    def _exact_time(self) -> bool:
        """Whether a tie may be judged by exact scores (up to two, each about
        `FINAL_SCORE_FACTOR` quick scores): always with one worker, so that runs repeat;
        with several, while the time left holds them beside the reserve."""
        needed = 3 * self.reserve_s()  # two exact scores, and the reserve itself
        return self.workers <= 1 or self.left() >= needed

    def reserve_s(self) -> float:
        """Time kept for the exact score of the plan returned (several of the longest
        quick score so far)."""
        return FINAL_SCORE_FACTOR * self.score_s

    def final_score_s(self) -> float:
        """Time still to keep for the exact score: none once the best is scored exactly."""
        scored = self.exact is not None and self.best is not None and self.exact[0] is self.best[0]
        return 0.0 if scored else self.reserve_s()

    def score_best(self) -> None:
        """Score the best plan exactly now, for `exact_kpis` (while another thread works
        and this one would only wait)."""
        if self.best is not None:
            self.exact = (self.best[0], score(self.facts.instance, self.best[0]))

    def exact_kpis(self, plan: Plan) -> Kpis:
        """`plan`'s KPIs exactly as the contract defines them (from `score_best` when it
        scored this very plan)."""
        if self.exact is not None and self.exact[0] is plan:
            return self.exact[1]
        kpis = score(self.facts.instance, plan)
        if self.best is not None and self.best[0] is plan:
            self.exact = (plan, kpis)
        return kpis


def merit(kpis: Kpis, weights: Weights | None = None) -> tuple[float, float, float, int]:
    """The contract's order of merit: coverage, worst locality, travel, moves.

    With service weights (`weights.by_service`), the value served (`value`) per referral
    of demand comes first instead of coverage (the same scale: coverage when every weight
    is 1). Figures compare to the six decimals a plan reports them with, so that solver
    tolerances never decide between two plans."""
    first = kpis.coverage
    if weights is not None and weights.by_service and kpis.demand > 0:
        first = value(kpis, weights) / kpis.demand
    return (
        round(first, MERIT_DIGITS),
        round(kpis.min_locality_coverage, MERIT_DIGITS),
        -round(kpis.mean_travel_km, MERIT_DIGITS),
        -kpis.moves,
    )


def value(kpis: Kpis, weights: Weights) -> float:
    """The value a plan serves: its referrals served, each counted by its service's weight."""
    return sum(weights.service(k) * figures.served for k, figures in kpis.by_service.items())


def share(run: Run, fraction: float, most: float) -> float:
    """A step's budget: a fraction of the time limit, and with several workers at most
    that fraction of twice the time left (with one, fixed, so that runs repeat)."""
    budget = min(most, fraction * run.time_limit_s)
    if run.workers > 1:
        budget = min(budget, 2 * fraction * max(0.0, run.left()))
    return max(0.2, budget)


def allocate_rotation(
    run: Run,
    placements: tuple[Placement, ...],
    refine: bool = False,
    share_of_limit: float = ALLOCATION_SHARE,
) -> Allocated | None:
    """The rotation shared out by its allocation LP, within `share_of_limit` of the limit:
    what it is worth (`refine`: its second solve at once, see `realize.allocate`; the
    rounds refine only the rotation they staff)."""
    return allocate(
        run.facts,
        placements,
        run.weights,
        lp_time_s=share(run, share_of_limit, ALLOCATION_MOST_S),
        deterministic=run.workers <= 1,
        refine=refine,
    )
