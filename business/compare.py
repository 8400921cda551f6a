"""Two priced plans side by side: each figure of A and B and the difference B − A.

The plans may belong to different scenarios (the board's what-if is a copy of a scenario with
one more unit, a site dropped or a price changed), so each is priced with its own book, and
with its own book's contingencies when they are asked for. The cycles may differ in length:
the year's figures are the ones to compare then.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from business.money import COST_LABELS, COSTS, Lines
from business.pricing import PlanMoney
from business.report import NOT_ATTRIBUTED, OFF_THE_ROAD

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
# The planner's served figure counts first attendances and follow-ups alike, as the business
# page's "Appointments" does; it is the plan's own, before any volume factor.
SERVED = "Appointments served, as planned (first and follow-up)"


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
    by_unit: tuple[Row, ...]  # ... of each unit
    by_site: tuple[Row, ...]  # ... of each site
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
        by_service=_side_by_side(
            money_a.by_service(), money_b.by_service(), _service_names(a, b), NOT_ATTRIBUTED
        ),
        by_unit=_side_by_side(money_a.by_unit(), money_b.by_unit(), _unit_names(a, b)),
        by_site=_side_by_side(
            money_a.by_site(), money_b.by_site(), _site_names(a, b), OFF_THE_ROAD
        ),
        with_contingencies=with_contingencies,
        weeks_a=money_a.weeks,
        weeks_b=money_b.weeks,
        missing_a=tuple(sorted(total_a.missing)),
        missing_b=tuple(sorted(total_b.missing)),
    )


def _side_by_side(
    lines_a: Mapping[str | None, Lines],
    lines_b: Mapping[str | None, Lines],
    names: Mapping[str, str],
    none_label: str = "",
) -> tuple[Row, ...]:
    """Each service's, unit's or site's net contribution in A and B, by name; one only one
    side has (a unit more, a site dropped) is None on the other. What is no one's (costs of
    no service, units off the road) comes last, as `none_label`, so the rows add up to the
    totals; a plan with none of it has nought."""
    keys = sorted(
        {k for k in (*lines_a, *lines_b) if k is not None},
        key=lambda k: (names.get(k, k).lower(), k),
    )

    def net(lines: Mapping[str | None, Lines], key: str) -> float | None:
        return lines[key].net_contribution if key in lines else None

    rows = [Row(names.get(k, k), GBP, net(lines_a, k), net(lines_b, k)) for k in keys]
    if None in lines_a or None in lines_b:
        nobody = (lines.get(None, Lines()).net_contribution for lines in (lines_a, lines_b))
        rows.append(Row(none_label, GBP, *nobody))
    return tuple(rows)


def _service_names(*plans: PlanMoney) -> dict[str, str]:
    """Service ids to names, B's over A's where the two scenarios name one differently."""
    return {k: s.name for money in plans for k, s in money.terms.services.items()}


def _unit_names(*plans: PlanMoney) -> dict[str, str]:
    return {u.id: u.name for money in plans for u in money.plan.scenario.units}


def _site_names(*plans: PlanMoney) -> dict[str, str]:
    return {k: name for money in plans for k, name in money.terms.site_names.items()}
