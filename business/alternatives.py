"""A plan against the other plans of its scenario: what planning for coverage or for money
costs in coverage and gains in contribution."""

from dataclasses import dataclass

from business.pricing import PlanMoney, price
from plans.models import Plan

# Each plan priced costs about half a second on the sample: the page shows the latest few.
MOST_ALTERNATIVES = 4


@dataclass(frozen=True)
class Alternative:
    plan: Plan
    by_contribution: bool  # planned with services weighted by contribution per slot
    coverage: float | None
    net_a_year: float
    coverage_gain: float | None  # this alternative's, less the plan's (None: not scored)
    net_gain: float  # the same for net contribution a year, as planned


def alternatives(priced: PlanMoney) -> list[Alternative]:
    """The scenario's published plan and latest drafts beside `priced`'s plan, newest first."""
    plan = priced.plan
    others = sorted(
        (p for p in plan.scenario.plans if p.id != plan.id),
        key=lambda p: (p.status != "published", -p.id),
    )[:MOST_ALTERNATIVES]
    mine = _figures(priced)
    out = []
    for other in others:
        theirs = _figures(price(other, priced.instance))  # the same scenario
        out.append(
            Alternative(
                other,
                bool(other.service_weights),
                theirs[0],
                theirs[1],
                None if None in (theirs[0], mine[0]) else theirs[0] - mine[0],
                theirs[1] - mine[1],
            )
        )
    return out


def _figures(priced: PlanMoney) -> tuple[float | None, float]:
    kpis = priced.plan.kpis or {}
    money = priced.planned
    return kpis.get("coverage"), money.total().net_contribution * money.year_factor
