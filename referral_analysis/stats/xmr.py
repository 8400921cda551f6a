"""XmR charts of weekly referrals with the special-cause rules of NHS England's "Making Data
Count".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import fmean

# XmR charts, as NHS England's "Making Data Count" draws them (its rules as implemented by the
# NHS-R community's NHSRplotthedots, `ptd_spc_standard` and `ptd_calculate_point_type`).
LIMIT_SIGMAS = 2.66  # 3 / 1.128: three sigma, sigma being the mean moving range / d2 (1.128)
NEAR_SIGMAS = 2 * LIMIT_SIGMAS / 3  # two sigma: the outer third towards a limit
RANGE_SCREEN = 3.267  # the moving-range chart's upper limit (D4); larger ranges are set aside
RUN_POINTS = 7  # a shift: 7 or more points in a row on one side of the mean
TREND_POINTS = 7  # a trend: 7 or more points in a row each rising, or each falling
RULES = ("outside_limits", "shift", "trend", "near_limits")
SIGNAL_WORDS = {
    "outside_limits": "Beyond a process limit",
    "shift": "Run of 7 or more on one side of the mean",
    "trend": "7 or more rising, or falling, in a row",
    "near_limits": "2 of 3 in a row near a process limit, on the same side",
}


@dataclass(frozen=True)
class Signal:
    """One point marked by one rule of special-cause variation."""

    index: int  # which point
    rule: str  # one of RULES


@dataclass(frozen=True)
class Xmr:
    """An XmR (individuals) chart's mean, process limits and special-cause signals."""

    mean: float
    moving_range: float  # mean moving range, after screening
    upper: float  # mean + 2.66 × mean moving range
    lower: float  # mean − 2.66 × mean moving range, floored (at 0 for counts)
    signals: tuple[Signal, ...]  # by point, then by rule; a point may carry several


def xmr(values: Sequence[float], baseline: int | None = None, floor: float | None = 0.0) -> Xmr:
    """An XmR chart of values in time order, as in NHS England's "Making Data Count".

    The mean and limits come from the first `baseline` points (all when None): mean ± 2.66 × the
    mean moving range, where moving ranges above 3.267 × their mean are first set aside so one
    freak week does not widen the limits (NHSRplotthedots' `screen_outliers`, on by default).
    Every point is then tested against them by four rules:
    a point outside the limits; a shift, 7 or more in a row on one side of the mean (a point
    on the mean breaks the run); a trend, 7 or more in a row each higher (or each lower) than
    the one before; and 2 of 3 points in a row in the outer third towards a limit (beyond two
    sigma, not beyond the limit), with all three on the same side of the mean.
    """
    if len(values) < 2:
        raise ValueError("An XmR chart needs at least two values.")
    if baseline is not None and baseline < 2:
        raise ValueError("An XmR chart's baseline needs at least two values.")
    base = values[:baseline]
    mean = fmean(base)
    ranges = [abs(after - before) for before, after in pairwise(base)]
    screen = RANGE_SCREEN * fmean(ranges)
    moving_range = fmean(r for r in ranges if r <= screen)
    upper = mean + LIMIT_SIGMAS * moving_range
    lower = mean - LIMIT_SIGMAS * moving_range
    if floor is not None:
        lower = max(lower, floor)
    sides = [(v > mean) - (v < mean) for v in values]
    outside = {i for i, v in enumerate(values) if v > upper or v < lower}
    near = {
        i
        for i, v in enumerate(values)
        if i not in outside and abs(v - mean) > NEAR_SIGMAS * moving_range
    }
    marked = {
        "outside_limits": outside,
        "shift": _runs(sides, RUN_POINTS),
        "trend": _trend(values),
        "near_limits": _two_in_three(near, sides),
    }
    signals = tuple(
        Signal(i, rule) for i in range(len(values)) for rule in RULES if i in marked[rule]
    )
    return Xmr(mean, moving_range, upper, lower, signals)


def _runs(signs: Sequence[int], length: int) -> set[int]:
    """Indices in runs of at least `length` equal, non-zero signs."""
    marked, start = set(), 0
    for i in range(1, len(signs) + 1):
        if i == len(signs) or signs[i] != signs[start]:
            if signs[start] != 0 and i - start >= length:
                marked.update(range(start, i))
            start = i
    return marked


def _trend(values: Sequence[float]) -> set[int]:
    """Points in runs of TREND_POINTS or more, each above (or each below) the one before."""
    steps = [(after > before) - (after < before) for before, after in pairwise(values)]
    return {point for step in _runs(steps, TREND_POINTS - 1) for point in (step, step + 1)}


def _two_in_three(near: set[int], sides: Sequence[int]) -> set[int]:
    """Near-limit points in windows of 3 with 2 or more near a limit, all 3 on one side."""
    marked: set[int] = set()
    for start in range(len(sides) - 2):
        window = range(start, start + 3)
        close = near.intersection(window)
        if len(close) >= 2 and abs(sum(sides[i] for i in window)) == 3:
            marked |= close
    return marked
