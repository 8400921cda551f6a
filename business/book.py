"""A scenario's price book: made from the reference tables on first use, kept up to date with
the scenario's services, units and skills, and read as `Terms` for pricing a plan."""

import sqlalchemy as sa

from audit.record import record
from business import seeds
from business.models import PriceBook, ServicePrice, StaffCost, UnitCost
from business.terms import (
    ACTIVITY_OF_UNIT_TYPE,
    ATTENDANCE,
    Contingency,
    ServiceTerms,
    Terms,
    UnitTerms,
)
from extensions import db
from plans.models import Scenario
from plans.scenarios import scenario_copied
from scheduler.contract.domain import Instance

GENERAL_FIELDS = (
    "market_forces_factor",
    "discount_pct",
    "commissioner_share_pct",
    "site_visit_gbp",
    "admin_per_appointment_gbp",
    "letters_per_appointment",
    "letter_gbp",
    "texts_per_appointment",
    "text_gbp",
    "volume_factor_pct",
    "income_haircut_pct",
    "capital_outlay_gbp",
    "startup_gbp",
)


def skills_of(scenario: Scenario) -> list[str]:
    """Every skill the scenario's services staff their sessions with."""
    return sorted({skill for service in scenario.services for skill in service.staff})


def ensure_book(scenario: Scenario) -> PriceBook:
    """The scenario's price book, made from the reference tables if it has none, with a row
    for every service, unit and skill it plans with (new ones seeded). Flushes, not commits."""
    book = db.session.get(PriceBook, scenario.id)
    if book is None:
        seeded = seeds.general(len(scenario.sites))
        book = PriceBook(
            scenario_id=scenario.id,
            sources={name: seed.source for name, seed in seeded.items()},
            **{name: seed.value for name, seed in seeded.items()},
        )
        db.session.add(book)
        record("create", "price_book", scenario.id, after={"seeded": "business/reference"})
    _add_missing_rows(book, scenario)
    db.session.flush()
    return book


def _add_missing_rows(book: PriceBook, scenario: Scenario) -> None:
    priced = {row.service_id for row in book.services}
    for service in scenario.services:
        if service.id not in priced:
            first, follow_up = seeds.service_prices(service.id)
            source = "; follow-up: ".join(s for s in (first.source, follow_up.source) if s)
            book.services.append(
                ServicePrice(
                    service_id=service.id,
                    first_price_gbp=first.value,
                    follow_up_price_gbp=follow_up.value,
                    source=source,
                )
            )
    costed = {row.unit_id for row in book.units}
    for unit in scenario.units:
        if unit.id not in costed:
            hire, move = seeds.unit_costs(unit.type, unit.capabilities)
            book.units.append(
                UnitCost(
                    unit_id=unit.id,
                    hire_per_week_gbp=hire.value or 0.0,
                    move_gbp=move.value or 0.0,
                    source=f"hire: {hire.source}; move: {move.source}",
                )
            )
    skilled = {row.skill for row in book.staff}
    for skill in skills_of(scenario):
        if skill not in skilled:
            group, cost = seeds.staff_cost(skill)
            book.staff.append(
                StaffCost(
                    skill=skill, staff_group=group, session_gbp=cost.value, source=cost.source
                )
            )


def contingency(book: PriceBook) -> Contingency:
    """The book's contingency scenario: its volume factor and income haircut."""
    return Contingency(book.volume_factor_pct / 100, book.income_haircut_pct / 100)


def terms(book: PriceBook, scenario: Scenario, instance: Instance) -> Terms:
    """The book as plain terms for pricing a plan of `scenario` (`instance`: its instance)."""
    prices = {row.service_id: row for row in book.services}
    costs = {row.unit_id: row for row in book.units}
    return Terms(
        market_forces_factor=book.market_forces_factor,
        discount=book.discount_pct / 100,
        commissioner_share=book.commissioner_share_pct / 100,
        site_visit_gbp=book.site_visit_gbp,
        admin_per_appointment_gbp=book.admin_per_appointment_gbp,
        letters_per_appointment=book.letters_per_appointment,
        letter_gbp=book.letter_gbp,
        texts_per_appointment=book.texts_per_appointment,
        text_gbp=book.text_gbp,
        services={
            s.id: ServiceTerms(
                name=s.name,
                activity=ACTIVITY_OF_UNIT_TYPE.get(s.unit_type, ATTENDANCE),
                follow_ups_per_first=instance.service_by_id[s.id].follow_ups_per_first,
                first_price_gbp=prices[s.id].first_price_gbp,
                follow_up_price_gbp=prices[s.id].follow_up_price_gbp,
            )
            for s in scenario.services
        },
        units={
            u.id: UnitTerms(u.name, costs[u.id].hire_per_week_gbp, costs[u.id].move_gbp)
            for u in scenario.units
        },
        session_gbp_by_skill={row.skill: row.session_gbp for row in book.staff},
        capital_outlay_gbp=book.capital_outlay_gbp,
        startup_gbp=book.startup_gbp,
        site_names={site.id: site.name for site in scenario.sites},
    )


@scenario_copied.connect
def copy_book(scenario: Scenario, copy: Scenario) -> None:
    """Give a scenario's copy the scenario's price book, if it has one (else it is seeded
    when first used)."""
    book = db.session.get(PriceBook, scenario.id)
    if book is None:
        return
    copied = _copied(book, copy.id)
    copied.services = [_copied(row, copy.id) for row in book.services]
    copied.units = [_copied(row, copy.id) for row in book.units]
    copied.staff = [_copied(row, copy.id) for row in book.staff]
    db.session.add(copied)


def _copied(row, scenario_id: str):
    """A new row of `row`'s model with its column values, for scenario `scenario_id`."""
    names = [c.key for c in sa.inspect(type(row)).column_attrs if c.key != "version"]
    values = {name: getattr(row, name) for name in names}
    if isinstance(values.get("sources"), dict):
        values["sources"] = dict(values["sources"])
    return type(row)(**values | {"scenario_id": scenario_id})
