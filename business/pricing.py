"""Price a stored plan: its facts under its scenario's price book, as planned or with the
book's contingencies."""

from dataclasses import dataclass

from business.book import contingency, ensure_book, terms
from business.facts import plan_facts
from business.models import PriceBook
from business.money import Money, PlanFacts, price_plan
from business.payback import Payback, payback
from business.terms import NONE, Terms
from plans.bridge import scenario_instance
from plans.models import Plan


@dataclass(frozen=True)
class PlanMoney:
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


def price(plan: Plan) -> PlanMoney:
    """The money of `plan`, as planned and with contingencies (its price book is made on
    first use: the caller commits)."""
    instance = scenario_instance(plan.scenario)
    book = ensure_book(plan.scenario)
    plan_terms = terms(book, plan.scenario, instance)
    facts = plan_facts(plan, instance)
    return PlanMoney(
        plan,
        book,
        plan_terms,
        facts,
        price_plan(facts, plan_terms, NONE),
        price_plan(facts, plan_terms, contingency(book)),
    )
