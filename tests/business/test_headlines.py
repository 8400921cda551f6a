"""The money of several plans for one page: each priced once, books kept, headlines."""

import sqlalchemy as sa

from business.headlines import money_headlines, price_plans
from business.models import PriceBook
from extensions import db
from plans.home import headlines
from plans.models import Scenario


def test_headline_is_the_net_contribution_a_year_as_planned_and_with_contingencies(
    hand_world, hand_book
):
    headline = money_headlines([hand_world])[hand_world.id]
    # 13 cycles of -£24,227.716 as planned; with half the activity and a fifth of the income
    # held back, -£27,613.858 a cycle
    assert round(headline.net_year_gbp, 2) == -314960.31
    assert round(headline.net_year_contingent_gbp, 2) == -358980.15
    assert headline.missing == ()


def test_a_plan_asked_for_twice_is_priced_once_and_the_book_made_is_kept(hand_world):
    priced = price_plans([hand_world, hand_world])
    assert list(priced) == [hand_world.id]
    db.session.rollback()  # nothing left unsaved to lose
    assert db.session.scalar(sa.select(PriceBook.scenario_id)) == "hand"


def test_the_ops_home_is_told_the_money_of_published_plans_only(hand_world, what_if):
    what_if.status = "published"
    db.session.commit()
    scenarios = db.session.scalars(sa.select(Scenario).order_by(Scenario.id))
    found = {h.scenario.id: h for h in headlines(scenarios)}
    assert (found["hand"].plan, found["hand"].money) == (None, None)
    what_if_headline = found[what_if.scenario_id]
    assert what_if_headline.plan == what_if
    assert round(what_if_headline.money.net_year_gbp, 2) == -258902.75


def test_a_missing_price_is_named_in_the_headline(hand_world, hand_book):
    next(r for r in hand_book.services if r.service_id == "ent").first_price_gbp = None
    db.session.commit()
    headline = money_headlines([hand_world])[hand_world.id]
    assert headline.missing == ("ENT clinic: no first attendance price",)
