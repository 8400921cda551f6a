"""The business page's figures, gathered once: totals for a week, the cycle and a year; rows by
service, unit, site and week; break-even; payback as planned and with contingencies."""

from dataclasses import dataclass
from datetime import date

from business.money import BreakEven, Lines, Money
from business.payback import Payback
from business.pricing import PlanMoney
from business.terms import ACTIVITY_OF_UNIT_TYPE, ATTENDANCE, FIRST_CONTACT

NOT_ATTRIBUTED = "Not attributable to a service"  # a unit-week that ran no sessions
OFF_THE_ROAD = "Off the road"  # a unit-week that stood at no site
# What the breakdowns by service, unit and site may be shown for.
PERIODS = {"week": "an average week", "cycle": "the cycle", "year": "a year"}


@dataclass(frozen=True)
class Row:
    key: str | None
    name: str
    lines: Lines
    what: str = ""  # what a first contact is, for a service
    break_even: BreakEven | None = None


@dataclass(frozen=True)
class WeekRow:
    week: int
    start: date
    lines: Lines


@dataclass(frozen=True)
class Report:
    money: Money
    with_contingencies: bool
    per: str  # a PERIODS key: what the breakdowns by service, unit and site are for
    total: Lines
    per_week: Lines  # the cycle's average week
    year: Lines
    services: list[Row]
    units: list[Row]
    sites: list[Row]
    weeks: list[WeekRow]
    planned_payback: Payback
    contingent_payback: Payback

    @property
    def payback(self) -> Payback:
        return self.contingent_payback if self.with_contingencies else self.planned_payback

    @property
    def missing(self) -> list[str]:
        return sorted(self.total.missing)


def report(priced: PlanMoney, with_contingencies: bool, per: str = "cycle") -> Report:
    """The page's figures; the breakdowns by service, unit and site `per` a PERIODS key."""
    money = priced.chosen(with_contingencies)
    scenario = priced.plan.scenario
    total = money.total()
    break_even = money.break_even()
    services = {s.id: s for s in scenario.services}
    factor = {"week": 1 / money.weeks, "cycle": 1.0, "year": money.year_factor}[per]

    def scaled(groups: dict) -> dict:
        return {key: lines.scaled(factor) for key, lines in groups.items()}

    by_service = scaled(money.by_service())
    service_rows = [
        Row(
            s.id,
            s.name,
            by_service.get(s.id, Lines()),
            FIRST_CONTACT[ACTIVITY_OF_UNIT_TYPE.get(s.unit_type, ATTENDANCE)],
            break_even.get(s.id),
        )
        for s in services.values()
        if s.id in by_service
    ]
    service_rows.sort(key=lambda row: row.lines.net_contribution, reverse=True)
    if None in by_service:
        service_rows.append(Row(None, NOT_ATTRIBUTED, by_service[None]))
    units = {u.id: u.name for u in scenario.units}
    by_unit = scaled(money.by_unit())
    unit_rows = [Row(k, units.get(k, k), lines) for k, lines in sorted(by_unit.items())]
    by_site = scaled(money.by_site())
    sites = priced.terms.site_names
    site_rows = sorted(
        (Row(k, sites.get(k, k), lines) for k, lines in by_site.items() if k is not None),
        key=lambda row: row.lines.net_contribution,
        reverse=True,
    )
    if None in by_site:
        site_rows.append(Row(None, OFF_THE_ROAD, by_site[None]))
    weeks = [
        WeekRow(week, money.week_starts[week], lines) for week, lines in money.by_week().items()
    ]
    return Report(
        money=money,
        with_contingencies=with_contingencies,
        per=per,
        total=total,
        per_week=total.scaled(1 / money.weeks),
        year=total.scaled(money.year_factor),
        services=service_rows,
        units=unit_rows,
        sites=site_rows,
        weeks=weeks,
        planned_payback=priced.payback(False),
        contingent_payback=priced.payback(True),
    )
