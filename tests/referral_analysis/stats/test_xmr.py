"""XmR charts and the Making Data Count rules."""

from __future__ import annotations

import pytest

from referral_analysis.stats.xmr import RULES, SIGNAL_WORDS, Signal, xmr

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
