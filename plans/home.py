"""The ops home's view of each scenario: its published plan and that plan's headline figures.

The money of a plan is the business package's, which imports plans/, so plans/ cannot import
it: the app factory hands its function to `init_app` (as inputs/reliance.py is handed its
uses). Only published plans are priced, each costing a fraction of a second.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, current_app

from extensions import db
from plans.models import Plan, Scenario

EXTENSION = "plans.home"


@dataclass(frozen=True)
class MoneyHeadline:
    """A published plan's net contribution a year, as planned and with contingencies."""

    net_year_gbp: float
    net_year_contingent_gbp: float
    missing: tuple[str, ...]  # prices or costs the figures lack, by name


MoneyOf = Callable[[list[Plan]], dict[int, MoneyHeadline]]  # plan id -> its money


@dataclass(frozen=True)
class ScenarioHeadline:
    scenario: Scenario
    plan: Plan | None  # its published plan
    money: MoneyHeadline | None  # None: no plan, or nobody told the home how to price one


def init_app(app: Flask, *, money: MoneyOf) -> None:
    """Tell the ops home how to price published plans."""
    app.extensions[EXTENSION] = money


def headlines(scenarios: Iterable[Scenario]) -> list[ScenarioHeadline]:
    """Each scenario with its published plan and that plan's money (the only plans priced)."""
    scenarios = list(scenarios)
    published = {
        plan.scenario_id: plan
        for plan in db.session.scalars(sa.select(Plan).where(Plan.status == "published"))
    }
    money_of: MoneyOf | None = current_app.extensions.get(EXTENSION)
    money = money_of(list(published.values())) if money_of and published else {}
    out = []
    for scenario in scenarios:
        plan = published.get(scenario.id)
        out.append(ScenarioHeadline(scenario, plan, money.get(plan.id) if plan else None))
    return out
