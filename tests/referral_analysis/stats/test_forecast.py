"""The forecast of referrals a week on constructed series."""

from __future__ import annotations

import math

import pytest

from referral_analysis.stats.forecast import forecast, seasonal_factor

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
