"""Funnel-plot control limits for referral rates (exact Poisson, Spiegelhalter 2005), and
where a practice's rate falls against them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

Z95 = 1.959963984540054  # two-sided 95%: 2.5% in each tail
Z998 = 3.090232306167813  # two-sided 99.8%: 0.1% in each tail
TAIL95 = 0.025
TAIL998 = 0.001
PER_THOUSAND = 1000.0  # rates are shown per 1,000 registered patients per year


@dataclass(frozen=True)
class Limits:
    """Funnel control limits at one exposure, as rates per 1,000 per year."""

    lower95: float
    upper95: float
    lower998: float
    upper998: float


def funnel_limits(area_rate: float, exposure: float) -> Limits:
    """Control limits of a funnel plot for a crude rate at one exposure.

    The count expected at the area's rate, O = area_rate × exposure, is taken as Poisson, and each
    limit is the count at which a practice's referrals become significant in an exact Poisson
    test (Spiegelhalter 2005, "Funnel plots for comparing institutional performance", Stat Med
    24:1185; computed as OHID's Fingertips funnel tools do, PHEindicatormethods and
    PHStatsMethods `poisson_funnel`): the lower limit x solves P(X ≤ x) = tail and the upper
    limit x solves P(X ≥ x) = tail for X ~ Poisson(O), read between whole counts through the
    incomplete gamma function. So a practice with k referrals lies beyond a limit exactly when
    the exact test of k against O is significant. A lower limit that no count can fall below
    is 0.

    Byar's formula, O·(1 − 1/(9O) ∓ z/(3√O))³, is not used: it gives the confidence interval
    of a mean from an observed count, and applied to the expected count it sits about one
    referral above the exact limits (at O = 100: 81.36 and 121.63 against 80.39 and 120.56).

    Args:
        area_rate: the area's referrals per person-year (e.g. 0.0168).
        exposure: person-years (registered list × years of the period).

    Returns:
        The 95% and 99.8% limits as referrals per 1,000 per year.
    """
    if not exposure > 0:
        raise ValueError("The exposure (registered patients × years) must be more than 0.")
    if not area_rate >= 0:
        raise ValueError("The area's referral rate cannot be negative.")
    expected = area_rate * exposure

    def as_rate(count: float) -> float:
        return count / exposure * PER_THOUSAND

    return Limits(
        lower95=as_rate(_lower_count(expected, TAIL95, Z95)),
        upper95=as_rate(_upper_count(expected, TAIL95, Z95)),
        lower998=as_rate(_lower_count(expected, TAIL998, Z998)),
        upper998=as_rate(_upper_count(expected, TAIL998, Z998)),
    )


FLAGS = ("high_998", "high_95", "within", "low_95", "low_998")
FLAG_WORDS = {
    "high_998": "Above the 99.8% limit (outlier)",
    "high_95": "Above the 95% limit",
    "within": "Within the limits",
    "low_95": "Below the 95% limit",
    "low_998": "Below the 99.8% limit (outlier)",
}


def classify(rate: float, limits: Limits) -> str:
    """Place a rate against its funnel limits: one of FLAGS (a rate on a limit is within)."""
    if rate > limits.upper998:
        return "high_998"
    if rate > limits.upper95:
        return "high_95"
    if rate < limits.lower998:
        return "low_998"
    if rate < limits.lower95:
        return "low_95"
    return "within"


def funnel_curve(
    area_rate: float, smallest: float, largest: float, points: int = 60
) -> list[tuple[float, Limits]]:
    """(exposure, limits) pairs spaced geometrically from smallest to largest exposure, for
    drawing the funnel (geometric, because the funnel narrows fastest at small exposures)."""
    if not 0 < smallest <= largest:
        raise ValueError("The funnel needs exposures above 0, the smallest first.")
    if points < 2:
        raise ValueError("The funnel needs at least two points.")
    step = (largest / smallest) ** (1 / (points - 1))
    exposures = [smallest * step**i for i in range(points - 1)] + [largest]
    return [(exposure, funnel_limits(area_rate, exposure)) for exposure in exposures]


def _lower_count(expected: float, tail: float, z: float) -> float:
    """The count x with P(X ≤ x) = tail, X ~ Poisson(expected), z the normal deviate of tail;
    0 when even none is likely."""
    if math.exp(-expected) >= tail:  # P(X = 0): no count falls significantly low
        return 0.0
    byar = expected * (1 - 1 / (9 * expected) - z / (3 * math.sqrt(expected))) ** 3
    return _solve(lambda x: _gamma_q(x + 1, expected) - tail, byar - 1, 0.0)


def _upper_count(expected: float, tail: float, z: float) -> float:
    """The count x with P(X ≥ x) = tail, X ~ Poisson(expected), z the normal deviate of tail;
    0 when nothing is expected."""
    if expected == 0:
        return 0.0
    after = expected + 1
    byar = after * (1 - 1 / (9 * after) + z / (3 * math.sqrt(after))) ** 3
    # P(a, a) > 1/2 for every a > 0 (a gamma variate's median lies below its mean): the root
    # lies above the expected count
    return _solve(lambda x: tail - _gamma_p(x, expected), byar - 1, expected)


def _solve(f: Callable[[float], float], guess: float, low: float) -> float:
    """The root of an increasing f above low (where f < 0), by Illinois false position in a
    bracket around guess (Byar's approximation less one, which is rarely half a count out),
    widened until it holds the root."""
    centre, width = max(low, guess), 0.25
    a = b = centre
    f_a = f_b = f(centre)
    while f_a > 0:
        width *= 2
        b, f_b = a, f_a
        a = max(low, centre - width)
        f_a = f(a)
    while f_b <= 0:
        width *= 2
        a, f_a = b, f_b
        b = centre + width
        f_b = f(b)
    x, side = a, 0
    for _ in range(100):
        previous = x
        x = (a * f_b - b * f_a) / (f_b - f_a)
        f_x = f(x)
        if f_x == 0 or abs(x - previous) <= 1e-10 * max(1.0, x):
            break
        if f_x > 0:
            b, f_b = x, f_x
            if side == -1:
                f_a /= 2
            side = -1
        else:
            a, f_a = x, f_x
            if side == 1:
                f_b /= 2
            side = 1
    return x


def _gamma_p(a: float, x: float) -> float:
    """Regularised lower incomplete gamma P(a, x): P(X ≥ a) for X ~ Poisson(x), whole a."""
    if x < a + 1:
        return _gamma_series(a, x)
    return 1 - _gamma_fraction(a, x)


def _gamma_q(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x): P(X ≤ a − 1) likewise."""
    if x < a + 1:
        return 1 - _gamma_series(a, x)
    return _gamma_fraction(a, x)


def _gamma_series(a: float, x: float) -> float:
    """P(a, x) by its power series, which converges fast for x < a + 1 (Numerical Recipes 6.2);
    the series is scaled by a so that a tiny a does not overflow."""
    term = total = 1.0
    k = a
    while term > total * 1e-15:
        k += 1
        term *= x / k
        total += term
    return total * math.exp(a * math.log(x) - x - math.lgamma(a + 1))


def _gamma_fraction(a: float, x: float) -> float:
    """Q(a, x) by its continued fraction (modified Lentz), for x ≥ a + 1 (Numerical Recipes)."""
    tiny = 1e-300
    b = x + 1 - a
    c, d = 1 / tiny, 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = 1 / (d if abs(d) > tiny else tiny)
        c = b + an / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return h * math.exp(a * math.log(x) - x - math.lgamma(a))
