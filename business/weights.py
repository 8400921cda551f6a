"""The planner's optional objective: services weighted by their contribution per slot.

A slot filled earns its attendance's net income (the national price of an average attendance,
first or follow-up, less the discount and the commissioner's share) less its booking, letters
and texts and its share of the session's clinicians. The units' hire, moves and site fees do
not depend on which service runs, so they are left out. The planner takes the contributions
scaled so that their mean over the services that earn is 1 (a service that earns nothing per
slot weighs 0): `scheduler.solve(service_weights=...)`, docs/contract-extensions.md.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from business.book import ensure_book, terms
from business.terms import FIRST_CONTACT, Terms
from plans.bridge import scenario_instance
from plans.models import Scenario
from scheduler.contract.domain import Instance, Service


class NoWeights(ValueError):
    """The contributions cannot weigh the services; the message says why."""


def contribution_per_slot(terms: Terms, services: Iterable[Service]) -> dict[str, float]:
    """Each service's net contribution per slot filled, in pounds.

    Raises:
        NoWeights: naming the services whose prices or session costs are missing.
    """
    out, missing = {}, []
    per_appointment = (
        terms.admin_per_appointment_gbp
        + terms.letters_per_appointment * terms.letter_gbp
        + terms.texts_per_appointment * terms.text_gbp
    )
    for service in services:
        priced = terms.services[service.id]
        ratio = priced.follow_ups_per_first
        first, follow_up = priced.first_price_gbp, priced.follow_up_price_gbp
        staff = [terms.session_gbp_by_skill.get(skill) for skill in service.staff]
        unknown = {skill for skill, cost in zip(service.staff, staff, strict=True) if cost is None}
        lacks = [FIRST_CONTACT[priced.activity] + " price"] if first is None else []
        if ratio > 0 and follow_up is None:
            lacks.append("follow-up attendance price")
        lacks += [f"session cost of skill '{skill}'" for skill in service.staff if skill in unknown]
        if lacks:
            missing.append(f"{priced.name} (no {' or '.join(lacks)})")
            continue
        national = (first + ratio * (follow_up or 0.0)) / (1 + ratio)
        net = (
            national
            * terms.market_forces_factor
            * (1 - terms.discount)
            * (1 - terms.commissioner_share)
        )
        out[service.id] = net - per_appointment - sum(staff) / service.slots_per_session
    if missing:
        raise NoWeights(
            "Planning for money needs every price and session cost, and the price book lacks: "
            + "; ".join(missing)
            + ". Enter them in the price book first."
        )
    return out


def service_weights(contributions: dict[str, float]) -> dict[str, float]:
    """The contributions scaled to a mean of 1 over the services that earn; the others 0.

    Raises:
        NoWeights: when no service earns anything per slot.
    """
    earning = [value for value in contributions.values() if value > 0]
    if not earning:
        raise NoWeights("No service earns more per slot than it costs: nothing to weigh by.")
    mean = sum(earning) / len(earning)
    return {service: max(value, 0.0) / mean for service, value in contributions.items()}


@dataclass(frozen=True)
class Preview:
    """What each service would weigh when planning for money, or why it cannot be done."""

    rows: list[tuple[str, float, float]]  # service name, contribution per slot, weight
    problem: str | None = None


def preview(scenario: Scenario, instance: Instance) -> Preview:
    """The weights planning for money would use now, for the planner's form to show."""
    book_terms = terms(ensure_book(scenario), scenario, instance)
    try:
        contributions = contribution_per_slot(book_terms, instance.services)
        weights = service_weights(contributions)
    except NoWeights as error:
        return Preview([], str(error))
    rows = [
        (book_terms.services[k].name, contributions[k], weights[k])
        for k in sorted(contributions, key=lambda k: -contributions[k])
    ]
    return Preview(rows)


def scenario_weights(scenario: Scenario) -> dict[str, float]:
    """The weights of the scenario's services from its price book (made on first use).

    Raises:
        NoWeights: when a price or session cost is missing, or no service earns.
    """
    instance = scenario_instance(scenario)
    book_terms = terms(ensure_book(scenario), scenario, instance)
    return service_weights(contribution_per_slot(book_terms, instance.services))
