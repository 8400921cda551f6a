"""The demand forecast from referrals: the weeks observed and forecast, a known trend carried
through the whole stack, the seasonal factor where two years are held, and the edge cases."""

import math
from datetime import date, timedelta

import pytest

from plans.models import Scenario
from plans.scenarios import copy_scenario
from referral_analysis.forecast import (
    NEVER_REFERRED,
    NO_REFERRALS,
    forecast_demand,
    horizon_of,
    observed_weeks,
)
from referral_analysis.stats import forecast as stats
from tests.referral_analysis.conftest import FIRST_WEEK, LAST_MONDAY, LAST_WEEK, TODAY, refer


def _row(found, practice: str, service: str):
    return next(r for r in found.rows if (r.practice_id, r.service_id) == (practice, service))


def _total(found, service: str):
    return next(total for total in found.services if total.service_id == service)


def test_a_known_trend_is_carried_forward_to_the_weeks_planned(scenario):
    """10 + 0.5 t referrals in week t, for 60 weeks: over example-small's weeks (6 to 17
    after the last observed, t = 65 to 76) the mean is 10 + 0.5 × 70.5 = 45.25."""
    weeks = 60
    refer("E82100", "orthopaedics", [math.floor(10 + 0.5 * t) for t in range(weeks)])
    found = forecast_demand(scenario, TODAY)

    assert found.observed.first == LAST_MONDAY - timedelta(weeks=weeks - 1)
    assert found.observed.weeks == weeks and found.observed.last == date(2026, 11, 29)
    assert (found.horizon.first, found.horizon.weeks) == (scenario.start, 12)
    row = _row(found, "E82100", "orthopaedics")
    # Whole referrals: odd weeks are half a referral short, so the level sits ~0.25 low.
    assert row.forecast.per_week == pytest.approx(10 + 0.5 * (weeks - 1 + 11.5), abs=0.4)
    assert row.forecast.trend == pytest.approx(0.5, abs=0.01)
    assert row.stored == round(row.forecast.per_week, 2)
    assert row.planned == 14.85  # example-small's demand row, beside it
    assert _total(found, "orthopaedics").forecast == row.forecast.per_week


def test_pairs_never_referred_and_services_without_referrals_are_forecast_0_in_words(scenario):
    refer("E82100", "orthopaedics", [5] * 30)
    found = forecast_demand(scenario, TODAY)

    never = _row(found, "E82101", "orthopaedics")
    assert (never.forecast.per_week, never.forecast.explanation) == (0.0, NEVER_REFERRED)
    assert never.stored is None  # no demand row would be written
    none_held = _row(found, "E82100", "mri")
    assert (none_held.forecast.per_week, none_held.forecast.explanation) == (0.0, NO_REFERRALS)
    assert _total(found, "mri").forecast == 0 and not _total(found, "mri").referred
    assert _total(found, "orthopaedics").referred


def _seasonal(weeks: int) -> list[int]:
    """A year's rise and fall around 20 a week, ending with the last observed week."""
    end = LAST_MONDAY.isocalendar().week
    return [
        round(20 + 8 * math.sin(2 * math.pi * (end - weeks + 1 + t) / 52)) for t in range(weeks)
    ]


def test_a_seasonal_factor_from_the_area_is_applied_when_two_years_are_held(scenario):
    for practice in ("E82100", "E82101"):
        refer(practice, "ophthalmology", _seasonal(110))
    found = forecast_demand(scenario, TODAY)

    area = [2 * count for count in _seasonal(110)]
    factor = stats.seasonal_factor(area, FIRST_WEEK, LAST_WEEK)
    assert factor is not None and abs(factor - 1) > 0.05
    assert _total(found, "ophthalmology").seasonal == factor
    row = _row(found, "E82100", "ophthalmology")
    assert row.forecast.seasonal == factor
    assert row.forecast == stats.forecast(_seasonal(110), FIRST_WEEK, LAST_WEEK, factor)


def test_no_seasonal_factor_when_less_than_two_years_are_held(scenario):
    for practice in ("E82100", "E82101"):
        refer(practice, "ophthalmology", _seasonal(60))
    found = forecast_demand(scenario, TODAY)

    assert _total(found, "ophthalmology").seasonal is None
    assert _row(found, "E82100", "ophthalmology").forecast.seasonal == 1.0


def test_the_weeks_observed_are_whole_weeks_before_today_at_most_three_years_back(scenario):
    refer("E82100", "orthopaedics", [1] * 200, last_monday=LAST_MONDAY + timedelta(weeks=1))
    observed = observed_weeks(TODAY)  # this week's referrals are left out: it is not over

    assert observed.last_monday == LAST_MONDAY and observed.weeks == 156
    assert observed_weeks(LAST_MONDAY).last_monday == LAST_MONDAY - timedelta(weeks=1)


def test_when_the_referrals_held_stop_earlier_the_weeks_observed_stop_with_them(scenario):
    refer("E82100", "orthopaedics", [1] * 10, last_monday=date(2026, 6, 1))
    observed = observed_weeks(TODAY)

    assert (observed.first, observed.last_monday) == (date(2026, 3, 30), date(2026, 6, 1))


def test_a_part_week_alone_is_not_observed(scenario):
    refer("E82100", "orthopaedics", [3], last_monday=LAST_MONDAY + timedelta(weeks=1))
    assert observed_weeks(TODAY) is None


@pytest.mark.parametrize(
    ("start", "weeks", "first", "forecast_weeks", "to_come"),
    [
        (date(2027, 1, 4), 12, date(2027, 1, 4), 12, True),  # all still to come
        (date(2026, 11, 2), 12, date(2026, 12, 7), 7, True),  # begun: from next Monday
        (date(2026, 8, 3), 12, date(2026, 12, 7), 16, False),  # over: 16 weeks from Monday
    ],
)
def test_the_weeks_forecast_are_the_scenarios_weeks_to_come(
    start, weeks, first, forecast_weeks, to_come
):
    horizon = horizon_of(Scenario(start=start, weeks=weeks), TODAY)
    assert (horizon.first, horizon.weeks, horizon.to_come) == (first, forecast_weeks, to_come)


def test_with_no_referrals_held_there_is_no_forecast_only_the_demand_planned(scenario):
    found = forecast_demand(scenario, TODAY)

    assert found.observed is None and found.forecast is None
    assert all(row.forecast is None for row in found.rows)
    assert found.planned == pytest.approx(sum(r.planned for r in found.rows))
    assert len(found.rows) == 15 * 8


def test_scenarios_with_a_practice_and_a_service_in_common_share_the_demand(scenario):
    copy = copy_scenario(scenario)
    assert forecast_demand(scenario, TODAY).shared_with == [copy]
    copy.services = []
    assert forecast_demand(scenario, TODAY).shared_with == []
