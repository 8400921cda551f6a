"""Two priced plans side by side: each figure of A and B and the difference B − A.

The plans may belong to different scenarios (the board's what-if is a copy of a scenario with
one more unit, a site dropped or a price changed), so each is priced with its own book, and
with its own book's contingencies when they are asked for. The cycles may differ in length:
the year's figures are the ones to compare then.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from business.money import COST_LABELS, COSTS, Lines
from business.pricing import PlanMoney

# Kinds of figure, for how a page shows them.
PCT, COUNT, GBP, WEEKS = "pct", "count", "gbp", "weeks"

ACTIVITY = (("first_contacts", "First contacts"), ("follow_ups", "Follow-ups"))
INCOME = (
    ("income_national", "Income at the national price"),
    ("income", "Income (after our discount)"),
    ("commissioner_share", "Commissioner's share"),
    ("held_back", "Held back (contingency)"),
    ("net_income", "Net income"),
)
SERVED = "Referrals served (as planned)"  # before any volume factor
NOT_A_SERVICE = "Not attributed to a service (units idle or off the road)"


@dataclass(frozen=True)
class Row:
    """One figure of plan A and plan B; None: not known (or, for payback, not within reach)."""

    label: str
    kind: str  # PCT, COUNT, GBP or WEEKS
    a: float | None
    b: float | None

    @property
    def difference(self) -> float | None:
        """B − A, when both are known."""
        return None if self.a is None or self.b is None else self.b - self.a


@dataclass(frozen=True)
class MoneyComparison:
    sections: tuple[tuple[str, tuple[Row, ...]], ...]  # a heading and its figures
    by_service: tuple[Row, ...]  # net contribution over the cycle of each service
    with_contingencies: bool
    weeks_a: int
    weeks_b: int
    missing_a: tuple[str, ...]  # the prices and costs A's figures lack, by name
    missing_b: tuple[str, ...]

    @property
    def cycles_differ(self) -> bool:
        return self.weeks_a != self.weeks_b

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for _, rows in self.sections for row in rows)

    def row(self, label: str) -> Row:
        return next(row for row in self.rows if row.label == label)


def compare(a: PlanMoney, b: PlanMoney, with_contingencies: bool) -> MoneyComparison:
    """Compare the figures of two priced plans, as planned or with each one's contingencies."""
    money_a, money_b = a.chosen(with_contingencies), b.chosen(with_contingencies)
    total_a, total_b = money_a.total(), money_b.total()

    def lines(label: str, name: str, kind: str = GBP) -> Row:
        return Row(label, kind, getattr(total_a, name), getattr(total_b, name))

    kpis_a, kpis_b = a.plan.kpis or {}, b.plan.kpis or {}

    def kpi(label: str, key: str, kind: str) -> Row:
        return Row(label, kind, kpis_a.get(key), kpis_b.get(key))

    plan = (
        kpi("Coverage", "coverage", PCT),
        kpi("Worst locality coverage", "min_locality_coverage", PCT),
        Row("Sessions", COUNT, len(a.plan.sessions), len(b.plan.sessions)),
        kpi("Moves", "moves", COUNT),
        Row(
            SERVED,
            COUNT,
            sum(money_a.served_by_service.values()),
            sum(money_b.served_by_service.values()),
        ),
    )
    net = [
        lines("Net contribution over the cycle", "net_contribution"),
        Row(
            "Net contribution a year",
            GBP,
            total_a.net_contribution * money_a.year_factor,
            total_b.net_contribution * money_b.year_factor,
        ),
        Row(
            "Payback",
            WEEKS,
            a.payback(with_contingencies).weeks,
            b.payback(with_contingencies).weeks,
        ),
    ]
    sections = (
        ("The plan", plan),  # the plan's own figures, whatever the contingencies
        ("Activity", tuple(lines(label, name, COUNT) for name, label in ACTIVITY)),
        ("Income", tuple(lines(label, name) for name, label in INCOME)),
        (
            "Costs",
            (*(lines(COST_LABELS[n], n) for n in COSTS), lines("Total costs", "total_costs")),
        ),
        ("Net contribution", tuple(net)),
    )
    return MoneyComparison(
        sections=sections,
        by_service=_by_service(a, b, with_contingencies),
        with_contingencies=with_contingencies,
        weeks_a=money_a.weeks,
        weeks_b=money_b.weeks,
        missing_a=tuple(sorted(total_a.missing)),
        missing_b=tuple(sorted(total_b.missing)),
    )


def _by_service(a: PlanMoney, b: PlanMoney, with_contingencies: bool) -> tuple[Row, ...]:
    """Each service's net contribution in A and B; a service only one side runs is None on
    the other. Costs of no service come last, so the rows add up to the totals."""
    lines_a = a.chosen(with_contingencies).by_service()
    lines_b = b.chosen(with_contingencies).by_service()
    names = {**_names(a, lines_a), **_names(b, lines_b)}
    services = sorted((s for s in names if s is not None), key=lambda s: names[s].lower())

    def net(lines: dict[str | None, Lines], service: str | None) -> float | None:
        return lines[service].net_contribution if service in lines else None

    rows = [Row(names[s], GBP, net(lines_a, s), net(lines_b, s)) for s in services]
    if None in lines_a or None in lines_b:  # a plan with no such costs has none: nought
        unattributed = (lines.get(None, Lines()).net_contribution for lines in (lines_a, lines_b))
        rows.append(Row(NOT_A_SERVICE, GBP, *unattributed))
    return tuple(rows)


def _names(money: PlanMoney, services: Iterable[str | None]) -> dict[str | None, str]:
    return {s: money.terms.services[s].name if s in money.terms.services else s for s in services}
