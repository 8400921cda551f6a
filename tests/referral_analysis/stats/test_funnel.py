"""Funnel-plot control limits, against a worked example and the exact Poisson test."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from referral_analysis.stats.funnel import (
    FLAG_WORDS,
    FLAGS,
    Limits,
    classify,
    funnel_curve,
    funnel_limits,
)


def at_most(k: int, mean: float) -> float:
    """P(X <= k) for X ~ Poisson(mean), by summing the probabilities one by one."""
    return math.fsum(math.exp(j * math.log(mean) - mean - math.lgamma(j + 1)) for j in range(k + 1))


def at_least(k: int, mean: float) -> float:
    return 1.0 if k <= 0 else 1 - at_most(k - 1, mean)


# Worked example: an area rate of 0.02 referrals a person-year and a practice of 5,000
# person-years, so O = 0.02 × 5,000 = 100 referrals expected; X ~ Poisson(100).
#   lower 95%:   P(X <= 80) = 0.0226 < 0.025 < P(X <= 81) = 0.0291, so the limit lies between
#                80 and 81; on the incomplete-gamma curve P(X <= x) = 0.025 at x = 80.3906;
#                80.3906 / 5,000 × 1,000 = 16.0781 a 1,000 a year.
#   upper 95%:   P(X >= 121) = 0.0227 < 0.025 < P(X >= 120) = 0.0282; P(X >= x) = 0.025 at
#                x = 120.5580; / 5,000 × 1,000 = 24.1116.
#   lower 99.8%: P(X <= 70) = 0.00097 < 0.001 < P(X <= 71) = 0.00141; x = 70.0767; 14.0153.
#   upper 99.8%: P(X >= 133) = 0.00094 < 0.001 < P(X >= 132) = 0.00127; x = 132.7813; 26.5563.
# The x values come from scipy (special.gammaincc / gammainc with optimize.brentq) when this
# test was written; the test checks the bracketing whole counts itself by summing.
# (Byar's formula on O would have put the 95% limits at 81.36 and 121.63 referrals.)
WORKED = Limits(
    lower95=16.078110139186855,
    upper95=24.111593091075505,
    lower998=14.015332033256835,
    upper998=26.55626007841447,
)


def test_limits_match_the_worked_example():
    limits = funnel_limits(0.02, 5000)
    for field in ("lower95", "upper95", "lower998", "upper998"):
        assert getattr(limits, field) == pytest.approx(getattr(WORKED, field), rel=1e-6)


def test_the_worked_example_lies_between_the_whole_counts_it_should():
    assert at_most(80, 100) < 0.025 < at_most(81, 100)
    assert at_least(121, 100) < 0.025 < at_least(120, 100)
    assert at_most(70, 100) < 0.001 < at_most(71, 100)
    assert at_least(133, 100) < 0.001 < at_least(132, 100)
    counts = [rate * 5 for rate in (WORKED.lower95, WORKED.upper95)]  # per 1,000 → of 5,000
    assert 80 < counts[0] < 81 and 120 < counts[1] < 121


def test_limits_narrow_as_exposure_grows():
    funnels = [funnel_limits(0.02, exposure) for exposure in (500, 5_000, 50_000)]
    for smaller, larger in zip(funnels, funnels[1:], strict=False):
        assert larger.lower95 > smaller.lower95 and larger.lower998 > smaller.lower998
        assert larger.upper95 < smaller.upper95 and larger.upper998 < smaller.upper998


def test_the_lower_limit_is_zero_when_no_count_could_be_significantly_low():
    tiny = funnel_limits(0.02, 10)  # O = 0.2: P(X = 0) = 0.82
    assert tiny.lower95 == tiny.lower998 == 0.0
    assert tiny.upper95 > 0
    five = funnel_limits(0.02, 250)  # O = 5: P(X = 0) = 0.0067, below 2.5% but above 0.1%
    assert five.lower95 > 0 and five.lower998 == 0.0


def test_an_area_with_no_referrals_flags_any_referral():
    limits = funnel_limits(0.0, 5000)
    assert limits == Limits(0.0, 0.0, 0.0, 0.0)
    assert classify(0.0, limits) == "within"
    assert classify(0.2, limits) == "high_998"


@pytest.mark.parametrize(
    ("area_rate", "exposure"), [(0.02, 0), (0.02, -5), (-0.01, 5000), (math.nan, 5000)]
)
def test_bad_inputs_are_refused_in_words(area_rate, exposure):
    with pytest.raises(ValueError, match="exposure|rate"):
        funnel_limits(area_rate, exposure)


@pytest.mark.parametrize(
    ("referrals", "flag"),
    [
        (200, "high_998"),  # 40 a 1,000 a year against an upper 99.8% limit of 26.56
        (125, "high_95"),  # 25.0: between 24.11 and 26.56
        (120, "within"),  # 24.0: just inside the 95% limit
        (100, "within"),
        (81, "within"),  # 16.2: just inside the lower 95% limit of 16.08
        (75, "low_95"),  # 15.0: between 14.02 and 16.08
        (50, "low_998"),  # 10.0
    ],
)
def test_practices_are_placed_against_the_limits(referrals, flag):
    assert classify(referrals / 5000 * 1000, funnel_limits(0.02, 5000)) == flag


def test_a_rate_on_a_limit_counts_as_within():
    limits = funnel_limits(0.02, 5000)
    assert [classify(getattr(limits, f), limits) for f in ("lower95", "upper95")] == ["within"] * 2
    assert classify(limits.upper998, limits) == "high_95"
    assert classify(limits.lower998, limits) == "low_95"


def test_every_flag_has_words():
    assert set(FLAG_WORDS) == set(FLAGS)
    assert all(FLAG_WORDS[flag] for flag in FLAGS)


def test_the_curve_runs_geometrically_between_the_exposures_asked():
    curve = funnel_curve(0.02, 100, 100_000, points=4)
    exposures = [exposure for exposure, _ in curve]
    assert exposures == pytest.approx([100, 1_000, 10_000, 100_000])
    assert exposures[0] == 100 and exposures[-1] == 100_000
    assert all(limits == funnel_limits(0.02, exposure) for exposure, limits in curve)
    assert len(funnel_curve(0.02, 100, 100_000)) == 60


@pytest.mark.parametrize(("smallest", "largest", "points"), [(0, 10, 5), (10, 5, 5), (1, 5, 1)])
def test_a_curve_that_cannot_be_drawn_is_refused(smallest, largest, points):
    with pytest.raises(ValueError):
        funnel_curve(0.02, smallest, largest, points)


@settings(max_examples=200, deadline=None)
@given(
    area_rate=st.floats(min_value=0, max_value=0.5),
    exposure=st.floats(min_value=0.01, max_value=100_000),
)
def test_limits_are_ordered_around_the_area_rate(area_rate, exposure):
    limits = funnel_limits(area_rate, exposure)
    area = area_rate * 1000
    tolerance = 1e-9 * max(1.0, area)
    assert 0 <= limits.lower998 <= limits.lower95 <= area + tolerance
    assert area - tolerance <= limits.upper95 <= limits.upper998


@settings(max_examples=200, deadline=None)
@given(
    expected=st.floats(min_value=0.05, max_value=400),
    share=st.floats(min_value=0, max_value=2.5),
)
def test_a_flag_is_the_exact_poisson_test_of_the_count(expected, share):
    """k referrals where O were expected are flagged beyond a limit exactly when the exact
    Poisson test of k against O is significant at that limit's tail."""
    k = round(expected * share)
    low, high = at_most(k, expected), at_least(k, expected)
    assume(all(abs(p - tail) > 1e-9 for p in (low, high) for tail in (0.025, 0.001)))
    exposure = 5000
    flag = classify(k / exposure * 1000, funnel_limits(expected / exposure, exposure))
    assert (flag in ("high_95", "high_998")) == (high < 0.025)
    assert (flag == "high_998") == (high < 0.001)
    assert (flag in ("low_95", "low_998")) == (low < 0.025)
    assert (flag == "low_998") == (low < 0.001)
