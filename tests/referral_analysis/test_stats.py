"""Funnel limits, XmR charts and the forecast of referrals a week, on hand-made numbers."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from referral_analysis.stats import (
    FLAG_WORDS,
    FLAGS,
    RULES,
    SIGNAL_WORDS,
    Limits,
    Signal,
    classify,
    forecast,
    funnel_curve,
    funnel_limits,
    seasonal_factor,
    xmr,
)


def at_most(k: int, mean: float) -> float:
    """P(X <= k) for X ~ Poisson(mean), by summing the probabilities one by one."""
    return math.fsum(math.exp(j * math.log(mean) - mean - math.lgamma(j + 1)) for j in range(k + 1))


def at_least(k: int, mean: float) -> float:
    return 1.0 if k <= 0 else 1 - at_most(k - 1, mean)


# Funnel limits ---------------------------------------------------------------------------------

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


# XmR charts --------------------------------------------------------------------------------------

# Hand-worked: values 4, 6, 5, 7, 3, 5; mean 30 / 6 = 5.0.
# Moving ranges |6-4| = 2, |5-6| = 1, |7-5| = 2, |3-7| = 4, |5-3| = 2: mean 11 / 5 = 2.2; none
# above 3.267 × 2.2 = 7.19 is set aside.
# Limits 5 ± 2.66 × 2.2 = 5 ± 5.852: upper 10.852, lower -0.852 (0 when floored for counts).
HAND = [4, 6, 5, 7, 3, 5]


def test_limits_of_a_hand_worked_series():
    chart = xmr(HAND)
    assert chart.mean == pytest.approx(5.0)
    assert chart.moving_range == pytest.approx(2.2)
    assert chart.upper == pytest.approx(10.852)
    assert chart.lower == 0.0
    assert xmr(HAND, floor=None).lower == pytest.approx(-0.852)
    assert chart.signals == ()


def test_a_freak_moving_range_is_set_aside_before_the_limits():
    values = [10, 11] * 5 + [40, 10]
    # ranges: nine of 1, then 29 and 30; mean 68 / 11 = 6.18; 29 and 30 exceed 3.267 × 6.18
    chart = xmr(values)
    assert chart.moving_range == 1.0
    assert chart.upper == pytest.approx(chart.mean + 2.66)
    assert Signal(10, "outside_limits") in chart.signals


def test_a_constant_series_has_zero_width_limits_and_no_signals():
    chart = xmr([5] * 12)
    assert (chart.mean, chart.moving_range, chart.upper, chart.lower) == (5, 0, 5, 5)
    assert chart.signals == ()


# A steady baseline for the rules: mean 10, mean moving range 2, limits 10 ± 5.32 (4.68 to
# 15.32), two sigma 10 ± 3.547 (6.453 and 13.547); it ends below the mean so no run carries on.
BASELINE = [11, 9] * 5


def marked(values, rule, mirror=False):
    if mirror:  # reflect about the mean: the same chart upside down
        values = [20 - v for v in values]
    return {s.index for s in xmr(values, baseline=len(BASELINE)).signals if s.rule == rule}


@pytest.mark.parametrize("mirror", [False, True])
def test_a_point_outside_the_limits(mirror):
    assert marked([*BASELINE, 16, 15], "outside_limits", mirror) == {10}
    assert marked([*BASELINE, 15, 15.3], "outside_limits", mirror) == set()


@pytest.mark.parametrize("mirror", [False, True])
def test_a_shift_of_seven_on_one_side(mirror):
    assert marked([*BASELINE, *[11] * 7], "shift", mirror) == set(range(10, 17))
    assert marked([*BASELINE, *[11] * 6], "shift", mirror) == set()
    # a point on the mean breaks the run
    assert marked([*BASELINE, 11, 11, 11, 10, 11, 11, 11, 11], "shift", mirror) == set()


@pytest.mark.parametrize("mirror", [False, True])
def test_a_trend_of_seven_rising_or_falling(mirror):
    rising = [8, 8.5, 9, 9.5, 10, 10.5, 11]
    assert marked([*BASELINE, *rising], "trend", mirror) == set(range(10, 17))
    assert marked([*BASELINE, *rising[1:]], "trend", mirror) == set()
    # a level step breaks the trend
    assert marked([*BASELINE, 8, 8.5, 9, 9, 9.5, 10, 10.5, 11], "trend", mirror) == set()


@pytest.mark.parametrize("mirror", [False, True])
def test_two_of_three_near_a_limit_on_one_side(mirror):
    assert marked([*BASELINE, 14, 10.5, 14], "near_limits", mirror) == {10, 12}
    # the middle point on the other side of the mean
    assert marked([*BASELINE, 14, 9.5, 14], "near_limits", mirror) == set()
    # only one near the limit
    assert marked([*BASELINE, 14, 11, 11], "near_limits", mirror) == set()


def test_the_baseline_sets_the_limits_for_every_point():
    values = [*BASELINE, 30, 30, 30]
    chart = xmr(values, baseline=len(BASELINE))
    assert (chart.mean, chart.moving_range) == (10, 2)
    assert chart.upper == xmr(BASELINE).upper
    assert {s.index for s in chart.signals if s.rule == "outside_limits"} == {10, 11, 12}
    assert xmr(values).mean != 10


def test_a_point_carries_one_signal_for_each_rule_that_marks_it():
    chart = xmr([*BASELINE, 8, 9, 10, 11, 12, 14, 16])
    at_16 = [s.rule for s in chart.signals if s.index == 16]
    assert at_16 == ["outside_limits", "trend"]
    assert list(chart.signals) == sorted(
        chart.signals, key=lambda s: (s.index, RULES.index(s.rule))
    )
    assert set(SIGNAL_WORDS) == set(RULES)


@pytest.mark.parametrize(("values", "baseline"), [([], None), ([5], None), ([1, 2, 3], 1)])
def test_too_few_values_are_refused_in_words(values, baseline):
    with pytest.raises(ValueError, match="at least two"):
        xmr(values, baseline=baseline)


# Forecast ----------------------------------------------------------------------------------------

LINEAR = [10 + 0.5 * t for t in range(104)]


def test_a_known_trend_is_carried_to_the_middle_of_the_horizon():
    # level: mean of weeks 91..103 = 10 + 0.5 × 97, at week 97; the horizon 1..16 is weeks
    # 104..119, whose middle is week 111.5 = 103 + 8.5
    result = forecast(LINEAR, 1, 16)
    assert result.per_week == pytest.approx(10 + 0.5 * (103 + 8.5), abs=1e-9)
    assert result.level == pytest.approx(10 + 0.5 * 97, abs=1e-9)
    assert result.trend == pytest.approx(0.5, abs=1e-12)
    assert result.seasonal == 1.0
    assert result.explanation == (
        "Mean of the last 13 weeks (58.5), plus a trend of +0.50 a week over the last 52 weeks."
    )


def test_a_flat_series_forecasts_its_level():
    result = forecast([6.0] * 60, 5, 12)
    assert result.per_week == pytest.approx(6.0, abs=1e-12)
    assert result.trend == pytest.approx(0.0, abs=1e-12)


def test_a_seasonal_factor_scales_the_forecast_and_is_said():
    result = forecast([6.0] * 60, 1, 4, seasonal=1.5)
    assert result.per_week == pytest.approx(9.0)
    assert result.seasonal == 1.5
    assert "seasonal factor of 1.50" in result.explanation


def test_a_short_series_has_no_trend():
    weekly = [float(t) for t in range(25)]  # rising, but under 26 weeks
    result = forecast(weekly, 1, 4)
    assert result.trend == 0.0
    assert result.per_week == result.level == pytest.approx(sum(range(12, 25)) / 13)
    assert "no trend" in result.explanation


def test_fewer_weeks_than_the_level_takes_all_there_are():
    result = forecast([2.0, 4.0, 6.0], 1, 1)
    assert result.level == 4.0
    assert result.explanation.startswith("Mean of the last 3 weeks (4.0)")


def test_no_weeks_forecast_nothing_and_say_so():
    result = forecast([], 1, 13)
    assert (result.per_week, result.level, result.trend, result.seasonal) == (0, 0, 0, 1)
    assert "no referrals" in result.explanation


def test_a_steep_decline_is_floored_at_zero():
    weekly = [104 - 2 * t for t in range(52)]  # level 14 at week 45; slope -2
    result = forecast(weekly, 1, 16)  # 14 - 2 × (8.5 + 6) = -15
    assert result.per_week == 0.0
    assert result.trend == pytest.approx(-2.0)
    assert "below zero, so 0" in result.explanation


@pytest.mark.parametrize(("first", "last"), [(0, 4), (5, 4), (-1, 2)])
def test_a_horizon_before_the_next_week_is_refused(first, last):
    with pytest.raises(ValueError, match="week"):
        forecast(LINEAR, first, last)
    with pytest.raises(ValueError, match="week"):
        seasonal_factor(LINEAR, first, last)


def test_a_linear_series_has_no_season():
    # a centred moving average of a straight line is the line itself: every ratio is 1
    assert seasonal_factor(LINEAR, 1, 16) == pytest.approx(1.0, abs=1e-9)
    assert seasonal_factor(LINEAR, 26, 26) == pytest.approx(1.0, abs=1e-9)


def test_a_sinusoidal_season_gives_its_ratio():
    # period 52: the 2×52 moving average removes the wave exactly, leaving 100, so each ratio
    # is x / 100. The series ends at phase 51; weeks 1..13 after it are phases 0..12 (rising to
    # the peak at 13), the last 13 weeks phases 39..51 (from the trough at 39).
    def week(t):
        return 100 + 30 * math.sin(2 * math.pi * t / 52)

    weekly = [week(t) for t in range(156)]
    horizon = sum(week(p) for p in range(13)) / 13
    level = sum(week(p) for p in range(39, 52)) / 13
    factor = seasonal_factor(weekly, 1, 13)
    assert factor == pytest.approx(horizon / level, abs=1e-9)
    assert factor > 1.3


def test_a_step_season_is_high_in_the_high_season():
    # winter (the first 13 weeks of each year) doubles referrals; the series ends in autumn
    weekly = [20.0 if t % 52 < 13 else 10.0 for t in range(104)]
    assert seasonal_factor(weekly, 1, 13) > 1.5
    assert seasonal_factor(weekly, 14, 26) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize(
    ("weekly", "first", "last"),
    [
        (LINEAR[:90], 1, 4),  # the level's weeks a year back lack their moving average
        (LINEAR, 1, 27),  # week 27's year-ago moving average runs past the series
        ([0.0] * 104, 1, 4),  # moving averages of 0
        ([], 1, 1),
    ],
)
def test_no_seasonal_factor_where_the_data_do_not_reach(weekly, first, last):
    assert seasonal_factor(weekly, first, last) is None
