"""Price a stored plan: its facts under its scenario's price book, as planned or with the
book's contingencies."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from business.book import contingency, ensure_book, terms
from business.facts import plan_facts
from business.models import PriceBook
from business.money import Money, PlanFacts, price_plan
from business.payback import Payback, payback
from business.terms import NONE, Terms
from extensions import db
from plans.bridge import scenario_instance
from plans.models import ClinicSession, Plan
from scheduler.contract.domain import Instance


@dataclass(frozen=True)
class PlanMoney:
    instance: Instance  # the plan's scenario's, as priced
    plan: Plan
    book: PriceBook
    terms: Terms
    facts: PlanFacts
    planned: Money
    contingent: Money  # with the book's volume factor and income haircut

    def chosen(self, with_contingencies: bool) -> Money:
        return self.contingent if with_contingencies else self.planned

    def payback(self, with_contingencies: bool) -> Payback:
        return payback(self.chosen(with_contingencies), self.terms.outlay_gbp)


def price(plan: Plan, instance: Instance | None = None) -> PlanMoney:
    """The money of `plan`, as planned and with contingencies (its price book is made on
    first use: the caller commits). `instance`: its scenario's, if already built."""
    _load_items(plan)
    instance = instance or scenario_instance(plan.scenario)
    book = ensure_book(plan.scenario)
    plan_terms = terms(book, plan.scenario, instance)
    facts = plan_facts(plan, instance)
    return PlanMoney(
        instance,
        plan,
        book,
        plan_terms,
        facts,
        price_plan(facts, plan_terms, NONE),
        price_plan(facts, plan_terms, contingency(book)),
    )


def _load_items(plan: Plan) -> None:
    """Load the plan's placements, sessions and their clinicians in three queries, not one a
    session (a plan of the sample has 1,400 sessions)."""
    db.session.scalars(
        sa.select(Plan)
        .where(Plan.id == plan.id)
        .options(
            selectinload(Plan.placements),
            selectinload(Plan.sessions).selectinload(ClinicSession.clinicians),
        )
    ).one()
