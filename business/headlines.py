"""The money of several plans for one page: the compare page's two and the ops home's
published ones, each priced once, with the price books made on the way kept."""

from business.pricing import PlanMoney, price
from extensions import db
from plans.home import MoneyHeadline
from plans.models import Plan


def price_plans(plans: list[Plan]) -> dict[int, PlanMoney]:
    """Price each plan once (by id) and commit, keeping any price book `price` made."""
    priced = {}
    for plan in plans:
        if plan.id not in priced:
            priced[plan.id] = price(plan)
    db.session.commit()
    return priced


def money_headlines(plans: list[Plan]) -> dict[int, MoneyHeadline]:
    """Each plan's net contribution a year, as planned and with its book's contingencies."""
    return {plan_id: headline(money) for plan_id, money in price_plans(plans).items()}


def headline(money: PlanMoney) -> MoneyHeadline:
    planned, contingent = money.planned.total(), money.contingent.total()
    return MoneyHeadline(
        net_year_gbp=planned.net_contribution * money.planned.year_factor,
        net_year_contingent_gbp=contingent.net_contribution * money.contingent.year_factor,
        missing=tuple(sorted({*planned.missing, *contingent.missing})),
    )
