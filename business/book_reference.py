"""What the reference tables seed for each figure of a scenario's price book, by field name.

`business.book.ensure_book` seeds a new book from `business.seeds`; this states the same seeds
figure by figure, keyed as the page names its fields, so that a figure typed back to its
reference value takes back the reference's source, and the whole book can be put back.
"""

from dataclasses import dataclass

from business import seeds
from business.book import skills_of
from business.seeds import Seed
from plans.models import Scenario


def service_key(service_id: str, attribute: str) -> str:
    return f"service:{service_id}:{attribute}"


def unit_key(unit_id: str, attribute: str) -> str:
    return f"unit:{unit_id}:{attribute}"


def staff_key(skill: str) -> str:
    return f"staff:{skill}:session_gbp"


@dataclass(frozen=True)
class Reference:
    """The seeded figures by field name, and the seeded staff group of each skill."""

    figures: dict[str, Seed]
    staff_groups: dict[str, str]

    def source_if_seeded(self, key: str, value: float | None) -> str | None:
        """The reference's source of the figure `key` if `value` is what it seeds, else None.

        The database keeps pounds to four places, so figures are compared to four places.
        """
        seed = self.figures.get(key)
        if seed is None or _rounded(seed.value) != _rounded(value):
            return None
        return seed.source


def reference(scenario: Scenario) -> Reference:
    """The figures the reference tables seed for `scenario`'s price book."""
    figures = dict(seeds.general(len(scenario.sites)))
    for service in scenario.services:
        first, follow_up = seeds.service_prices(service.id)
        figures[service_key(service.id, "first_price_gbp")] = first
        figures[service_key(service.id, "follow_up_price_gbp")] = follow_up
    for unit in scenario.units:
        hire, move = seeds.unit_costs(unit.type, unit.capabilities)
        # A cost the tables do not give is seeded as nought (a unit's costs cannot be missing).
        figures[unit_key(unit.id, "hire_per_week_gbp")] = Seed(hire.value or 0.0, hire.source)
        figures[unit_key(unit.id, "move_gbp")] = Seed(move.value or 0.0, move.source)
    groups = {}
    for skill in skills_of(scenario):
        groups[skill], figures[staff_key(skill)] = seeds.staff_cost(skill)
    return Reference(figures, groups)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
