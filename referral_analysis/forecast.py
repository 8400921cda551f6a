"""Planning demand forecast from the referrals themselves, and using it as a scenario's demand.

For each practice and service of a scenario, the referrals of each whole week observed go to
`referral_analysis.stats.forecast.forecast`, which gives new referrals a week over the
scenario's weeks still to come; where the service's referrals across the area reach back far
enough, a seasonal factor (`seasonal_factor`, in the same module) adjusts it. Using the
forecast as the demand, and putting the demand it replaced back, is
referral_analysis/forecast_use.py.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from extensions import db
from inputs.models import Demand
from plans.calendar import next_monday
from plans.models import Scenario, scenario_practice, scenario_service
from referral_analysis import facts
from referral_analysis.models import DemandSnapshot
from referral_analysis.stats import forecast as stats

MAX_OBSERVED_WEEKS = 156  # three years: enough for two seasons, recent enough to matter
FALLBACK_WEEKS = 16  # forecast when none of a scenario's weeks is to come: the sample's cycle
NOTHING_HELD = (
    "No whole week of referrals is held (neither the booking desk's nor copies from "
    "practices), so there is nothing to forecast from: the demand is unchanged."
)
NO_REFERRALS = "No referrals held for this service in the weeks observed, so the forecast is 0."
NEVER_REFERRED = (
    "This practice made no referrals for this service in the weeks observed: forecast 0."
)

Pair = tuple[str, str]  # (practice id, service id)


class NothingToForecast(ValueError):
    """No whole week of referrals is held, so no forecast can replace the demand."""


@dataclass(frozen=True)
class Observed:
    """The whole Monday-to-Sunday weeks of referrals the forecast reads."""

    first: date  # the first week's Monday
    weeks: int

    @property
    def last_monday(self) -> date:
        return self.first + timedelta(weeks=self.weeks - 1)

    @property
    def last(self) -> date:
        """The last week's Sunday."""
        return self.first + timedelta(weeks=self.weeks, days=-1)


@dataclass(frozen=True)
class Horizon:
    """The weeks forecast: the scenario's weeks to come, or FALLBACK_WEEKS from next Monday."""

    first: date
    weeks: int
    to_come: bool  # False: none of the scenario's weeks is to come

    @property
    def last(self) -> date:
        return self.first + timedelta(weeks=self.weeks, days=-1)


@dataclass(frozen=True)
class Row:
    """One practice and service: the demand planned, forecast, and kept before a forecast."""

    practice_id: str
    practice: str
    service_id: str
    service: str
    planned: float | None  # the Demand row's per_week; None: no row
    forecast: stats.Forecast | None  # None: nothing held to forecast from
    kept: float | None  # in the snapshot still in place; None: no row there (or no snapshot)

    @property
    def pair(self) -> Pair:
        return self.practice_id, self.service_id

    @property
    def stored(self) -> float | None:
        """The per_week using the forecast writes; None: no row (a forecast of 0)."""
        value = round(self.forecast.per_week, 2) if self.forecast else 0.0
        return value if value > 0 else None


@dataclass(frozen=True)
class ServiceTotal:
    """A service's new referrals a week over the scenario's practices."""

    service_id: str
    service: str
    planned: float
    forecast: float | None
    kept: float | None  # None: no snapshot in place
    seasonal: float | None  # the factor applied; None: the data did not reach
    referred: bool  # any referrals for the service in the weeks observed


@dataclass
class DemandForecast:
    """A scenario's planning demand beside the forecast from referrals."""

    scenario: Scenario
    observed: Observed | None  # None: no whole week of referrals held
    horizon: Horizon
    rows: list[Row]
    services: list[ServiceTotal]
    snapshot: DemandSnapshot | None  # the demand kept by the forecast in place, if any
    shared_with: list[Scenario]  # other scenarios planning with the same demand rows

    @property
    def planned(self) -> float:
        return sum(total.planned for total in self.services)

    @property
    def forecast(self) -> float | None:
        return sum(t.forecast for t in self.services) if self.observed else None

    @property
    def kept(self) -> float | None:
        return sum(t.kept for t in self.services) if self.snapshot else None


def observed_weeks(today: date) -> Observed | None:
    """The whole weeks held up to the last whole week before today (at most
    MAX_OBSERVED_WEEKS); when the referrals held stop earlier, up to the week of the last
    one. None when no whole week is held."""
    held = facts.data_range()
    if held is None:
        return None
    last = min(facts.monday(today) - timedelta(weeks=1), facts.monday(held[1]))
    earliest = last - timedelta(weeks=MAX_OBSERVED_WEEKS - 1)
    first = max(facts.monday(held[0] + timedelta(days=6)), earliest)  # first whole week
    if first > last:
        return None
    return Observed(first, (last - first).days // 7 + 1)


def horizon_of(scenario: Scenario, today: date) -> Horizon:
    """The scenario's weeks still to come: from the later of its start and next Monday."""
    coming = next_monday(today)
    end = scenario.start + timedelta(weeks=scenario.weeks)
    first = max(scenario.start, coming)
    if first >= end:
        return Horizon(coming, FALLBACK_WEEKS, to_come=False)
    return Horizon(first, -(-(end - first).days // 7), to_come=True)


def forecast_demand(scenario: Scenario, today: date) -> DemandForecast:
    """Forecast new referrals a week for each practice and service of the scenario, beside
    its planned demand and the demand kept by a forecast in place."""
    observed, horizon = observed_weeks(today), horizon_of(scenario, today)
    planned = {pair: row.per_week for pair, row in scenario_demand(scenario).items()}
    snapshot = latest_snapshot(scenario.id)
    kept = {pair: per_week for pair, (per_week, _) in kept_rows(snapshot).items()}
    series = facts.weekly(observed.first, observed.weeks) if observed else {}
    rows, services = [], []
    for service in sorted(scenario.services, key=lambda service: service.name):  # as elsewhere
        area = _area(series, service.id, observed)
        seasonal = stats.seasonal_factor(area, *_ahead(observed, horizon)) if any(area) else None
        service_rows = []
        for practice in scenario.practices:
            pair = (practice.id, service.id)
            found = _forecast(series.get(pair), area, observed, horizon, seasonal)
            service_rows.append(
                Row(practice.id, practice.name, service.id, service.name,
                    planned.get(pair), found, kept.get(pair))
            )  # fmt: skip
        rows += service_rows
        services.append(
            ServiceTotal(
                service.id,
                service.name,
                planned=sum(row.planned or 0.0 for row in service_rows),
                forecast=sum(r.forecast.per_week for r in service_rows) if observed else None,
                kept=sum(row.kept or 0.0 for row in service_rows) if snapshot else None,
                seasonal=seasonal,
                referred=any(area),
            )
        )
    return DemandForecast(
        scenario, observed, horizon, rows, services, snapshot, shared_with(scenario)
    )


def _ahead(observed: Observed, horizon: Horizon) -> tuple[int, int]:
    """The horizon's first and last weeks, counted from the last observed (1: the next)."""
    first = (horizon.first - observed.last_monday).days // 7
    return first, first + horizon.weeks - 1


def _area(series: dict[Pair, list[int]], service_id: str, observed: Observed | None) -> list[int]:
    """Every practice's referrals for the service, week by week."""
    area = [0] * (observed.weeks if observed else 0)
    for (_, service), counts in series.items():
        if service == service_id:
            area = [a + b for a, b in zip(area, counts, strict=True)]
    return area


def _forecast(counts, area, observed, horizon, seasonal: float | None) -> stats.Forecast | None:
    """A practice's forecast for a service: 0 in words when it or the area referred none."""
    if observed is None:
        return None
    if not any(area):
        return stats.Forecast(0.0, 0.0, 0.0, 1.0, NO_REFERRALS)
    if not counts:
        return stats.Forecast(0.0, 0.0, 0.0, 1.0, NEVER_REFERRED)
    return stats.forecast(counts, *_ahead(observed, horizon), 1.0 if seasonal is None else seasonal)


def shared_with(scenario: Scenario) -> list[Scenario]:
    """The other scenarios planning with some of the same demand rows (a practice and a
    service in common with this one)."""
    practices = sa.select(scenario_practice.c.scenario_id).where(
        scenario_practice.c.practice_id.in_([p.id for p in scenario.practices])
    )
    services = sa.select(scenario_service.c.scenario_id).where(
        scenario_service.c.service_id.in_([s.id for s in scenario.services])
    )
    return list(
        db.session.scalars(
            sa.select(Scenario)
            .where(Scenario.id != scenario.id, Scenario.id.in_(practices))
            .where(Scenario.id.in_(services))
            .order_by(Scenario.name)
        )
    )


def latest_snapshot(scenario_id: str) -> DemandSnapshot | None:
    """The demand kept by the scenario's latest forecast still in place, if any."""
    return db.session.scalar(
        sa.select(DemandSnapshot)
        .where(DemandSnapshot.scenario_id == scenario_id, DemandSnapshot.restored_at.is_(None))
        .order_by(DemandSnapshot.id.desc())
        .limit(1)
    )


def kept_rows(snapshot: DemandSnapshot | None) -> dict[Pair, tuple[float, str]]:
    """The snapshot's rows as (per_week, source) by pair; none without a snapshot."""
    rows = snapshot.rows if snapshot else []
    return {(r["practice_id"], r["service_id"]): (r["per_week"], r["source"]) for r in rows}


def scenario_demand(scenario: Scenario) -> dict[Pair, Demand]:
    """The Demand rows of the scenario's practices and services."""
    rows = db.session.scalars(
        sa.select(Demand).where(
            Demand.practice_id.in_([p.id for p in scenario.practices]),
            Demand.service_id.in_([s.id for s in scenario.services]),
        )
    )
    return {(row.practice_id, row.service_id): row for row in rows}
