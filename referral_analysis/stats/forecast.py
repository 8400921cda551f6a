"""A simple explained forecast of referrals a week: recent level, plus trend, times season."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, linear_regression

# The forecast of referrals a week: recent level, plus trend, times season.
LEVEL_WEEKS = 13  # a quarter: recent enough to follow change, long enough to smooth weekly noise
TREND_WEEKS = 52  # a year, so the trend is not the season's rise or fall
MIN_TREND_WEEKS = 26  # below half a year a slope is mostly noise
YEAR_WEEKS = 52


@dataclass(frozen=True)
class Forecast:
    """A forecast of the mean referrals a week over future weeks, and how it was made."""

    per_week: float  # forecast mean referrals a week over the horizon (never negative)
    level: float  # mean of the last LEVEL_WEEKS weeks (fewer if fewer exist)
    trend: float  # referrals a week per week, 0 when fewer than MIN_TREND_WEEKS weeks exist
    seasonal: float  # the seasonal factor applied (1.0 when none)
    explanation: str  # one plain sentence saying what was done


def forecast(weekly: Sequence[float], first: int, last: int, seasonal: float = 1.0) -> Forecast:
    """Forecast the mean weekly count over future weeks first..last.

    Level plus trend times steps ahead, the form of Holt's linear trend method (Hyndman &
    Athanasopoulos, "Forecasting: principles and practice", 3rd ed., 8.2), with a plain mean
    for the level and a least-squares slope for the trend, so it can be said in a sentence:
    the mean of the last 13 weeks stands at the middle of those weeks; the slope over the
    last 52 weeks carries it forward to the middle of the horizon; the seasonal factor (see
    seasonal_factor) scales it; a result below zero is 0.

    Args:
        weekly: referrals in each week, oldest first, ending with the last observed week.
        first: the first week forecast, counted from the last observed week (1 = the next).
        last: the last week forecast (first <= last).
        seasonal: the factor for the horizon's season (1.0 for none).
    """
    _check_horizon(first, last)
    if not seasonal >= 0:
        raise ValueError("A seasonal factor cannot be negative.")
    if not weekly:
        return Forecast(0.0, 0.0, 0.0, 1.0, "There are no referrals to forecast from, so 0 a week.")
    recent = weekly[-LEVEL_WEEKS:]
    level = fmean(recent)
    sentence = f"Mean of the last {_weeks(len(recent))} ({level:.1f})"
    trend = 0.0
    if len(weekly) >= MIN_TREND_WEEKS:
        window = weekly[-TREND_WEEKS:]
        trend = linear_regression(range(len(window)), window).slope
        sentence += f", plus a trend of {trend:+.2f} a week over the last {_weeks(len(window))}"
    else:
        sentence += f", with no trend (fewer than {MIN_TREND_WEEKS} weeks to take one from)"
    # from the middle of the level's weeks to the middle of the horizon's
    ahead = (first + last) / 2 + (len(recent) - 1) / 2
    per_week = (level + trend * ahead) * seasonal
    if seasonal != 1.0:
        sentence += f", times a seasonal factor of {seasonal:.2f}"
    if per_week < 0:
        per_week = 0.0
        sentence += ", which would be below zero, so 0"
    return Forecast(per_week, level, trend, seasonal, sentence + ".")


def seasonal_factor(weekly: Sequence[float], first: int, last: int) -> float | None:
    """The seasonal factor for weeks first..last after the series ends, from a year before.

    Classical multiplicative decomposition (Hyndman & Athanasopoulos, 3rd ed., 3.4), taking
    the seasonal ratios of the one year before rather than averaging years, on an area
    series (all practices of a service): the seasonal ratio S(j) = x[j] / the centred 2×52
    moving average at j (weeks j−26..j+26, the two ends weighted by half). The factor is the
    mean of S over the horizon's weeks a year earlier divided by its mean over the level's
    weeks (the last 13) a year earlier, so it scales the recent level to the coming season.

    Returns:
        The factor, or None when the data do not reach (a needed week or its moving average
        falls outside the series; roughly, fewer than 91 weeks or a horizon past 26 weeks) or
        a moving average or the level's mean ratio is 0.
    """
    _check_horizon(first, last)
    n = len(weekly)
    horizon = [_ratio(weekly, n - 1 + h - YEAR_WEEKS) for h in range(first, last + 1)]
    level = [_ratio(weekly, j - YEAR_WEEKS) for j in range(n - LEVEL_WEEKS, n)]
    if None in horizon or None in level or fmean(level) == 0:
        return None
    return fmean(horizon) / fmean(level)


def _ratio(weekly: Sequence[float], j: int) -> float | None:
    """Week j over its centred 2×52 moving average; None where that cannot be taken."""
    half = YEAR_WEEKS // 2
    if j - half < 0 or j + half >= len(weekly):
        return None
    average = (
        weekly[j - half] / 2 + sum(weekly[j - half + 1 : j + half]) + weekly[j + half] / 2
    ) / YEAR_WEEKS
    return weekly[j] / average if average else None


def _check_horizon(first: int, last: int) -> None:
    if not 1 <= first <= last:
        raise ValueError(
            "The weeks forecast start at 1 (the week after the last) and first <= last."
        )


def _weeks(count: int) -> str:
    return "week" if count == 1 else f"{count} weeks"
