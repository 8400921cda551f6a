"""The app's own figures in the business case workbook: by unit, by site, by week, break-even
and the cash position, as values.

These are what the business page shows, computed by `business.money` and
`business.payback` for the contingency the file was made for. They are values, not formulas,
and each sheet says so: the share of a unit's hire among sites and weeks, the break-even
volume and the cash position week after week are the app's working, which the formula sheets
do not repeat. Change an input and these stay as the file was made.
"""

from datetime import date, timedelta

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from business.money import COST_LABELS, COSTS, Lines, Money
from business.payback import MAX_YEARS, Payback
from business.report import OFF_THE_ROAD
from business.terms import WEEKS_PER_YEAR, Terms
from business.workbook_cells import (
    BOLD,
    COUNT,
    FIRST_ROW,
    GBP,
    PERCENT,
    RATIO,
    head,
    text,
    values,
    widths,
)

FROM_THE_APP = (
    "Figures from the app, not formulas: they stay as the file was made when an input changes."
)
DATE = "d mmm yyyy"
LEAVES_OUT = "Leaves out"
FIGURES = ["Appointments", "Net income", *(COST_LABELS[name] for name in COSTS)]
FIGURES += ["Net contribution", LEAVES_OUT]
UNKNOWN_PRICE, UNKNOWN_COST = "Unknown: no price", "Unknown: no cost"
NEVER = "Never"
NOT_RUN = "Not run in this plan"
START = "Start: the outlay"


def app_figures(book: Workbook, money: Money, terms: Terms, cash: Payback) -> None:
    """Add the sheets "By unit", "By site", "By week", "Break-even" and "Cash" to `book`."""
    by_unit = money.by_unit()
    units = [(unit, terms.units[unit].name, by_unit[unit]) for unit in sorted(by_unit)]
    by_site = money.by_site()
    sites = [
        (site, terms.site_names.get(site, site), by_site[site])
        for site in sorted(by_site, key=lambda site: (site is None, site or ""))
    ]
    sites = [(site, name or OFF_THE_ROAD, lines) for site, name, lines in sites]
    weeks = [(week + 1, money.week_starts[week], lines) for week, lines in money.by_week().items()]
    total = money.total()
    _lines(book.create_sheet("By unit"), "By unit", ["Unit", "Name"], units, total)
    _lines(book.create_sheet("By site"), "By site", ["Site", "Name"], sites, total)
    _lines(book.create_sheet("By week"), "By week", ["Week", "Week beginning"], weeks, total)
    _break_even(book.create_sheet("Break-even"), money, terms)
    _cash(book.create_sheet("Cash"), money, cash)


def _lines(sheet: Worksheet, title: str, keys: list[str], rows: list, total: Lines) -> None:
    """A row of figures for each (key, name, lines) of `rows` over the cycle, and the total."""
    head(sheet, f"{title}, over the cycle", FROM_THE_APP, keys + FIGURES)
    for i, (key, name, lines) in enumerate(rows, FIRST_ROW):
        text(sheet, i, [key, name])
        if isinstance(name, date):  # a week's
            sheet.cell(i, 2).number_format = DATE
        _figures(sheet, i, lines)
    row = FIRST_ROW + len(rows)
    sheet.cell(row, 1, "Total").font = BOLD
    _figures(sheet, row, total)
    for cell in sheet[row]:
        cell.font = BOLD
    widths(sheet, [16, 30, 14, 16] + [18] * len(COSTS) + [18, 50])


def _figures(sheet: Worksheet, row: int, lines: Lines) -> None:
    values(sheet, row, 3, [lines.appointments], COUNT)
    money = [lines.net_income, *(getattr(lines, name) for name in COSTS)]
    values(sheet, row, 4, money + [lines.net_contribution], GBP)
    text(sheet, row, ["; ".join(sorted(lines.missing))], 5 + len(money))


def _break_even(sheet: Worksheet, money: Money, terms: Terms) -> None:
    head(
        sheet,
        "Break-even by service",
        f"{FROM_THE_APP} Break-even is the share of the planned activity at which a "
        "service's net contribution is nought: its sessions, units and moves are paid as "
        "planned, its income and its appointments' costs follow the volume.",
        ["Service", "Name", "Share of the planned activity", "Appointments", "Note"],
    )
    break_even, by_service = money.break_even(), money.by_service()
    for i, (service, terms_of) in enumerate(terms.services.items(), FIRST_ROW):
        text(sheet, i, [service, terms_of.name])
        missing = sorted(by_service[service].missing) if service in by_service else []
        figure = break_even.get(service)
        if figure is None:
            text(sheet, i, [NOT_RUN], 3)
        elif missing:
            prices = any(name.endswith("price") for name in missing)
            text(sheet, i, [UNKNOWN_PRICE if prices else UNKNOWN_COST, "", "; ".join(missing)], 3)
        elif figure.volume_factor is None:
            text(sheet, i, [NEVER, "", "Each appointment costs more than it earns"], 3)
        else:
            values(sheet, i, 3, [figure.volume_factor], PERCENT)
            values(sheet, i, 4, [figure.appointments], COUNT)
    widths(sheet, [20, 30, 30, 16, 60])


def _cash(sheet: Worksheet, money: Money, cash: Payback) -> None:
    if cash.weeks is None:
        paid = f"It does not pay back within {MAX_YEARS} years."
    elif cash.weeks == 0:
        paid = "There is no outlay to repay."
    else:
        paid = f"It pays back in week {cash.weeks}."
    head(
        sheet,
        "Cash position week by week",
        f"{FROM_THE_APP} From minus the capital outlay and start-up, each week's net "
        f"contribution is added, the cycle repeated, for {MAX_YEARS} years. {paid}",
        ["Week", "Week beginning", "Year", "Cash at the end of the week"],
    )
    start = money.week_starts[0] if money.week_starts else None
    sheet.cell(FIRST_ROW, 1, START)
    values(sheet, FIRST_ROW, 4, [-cash.outlay_gbp], GBP)
    for week, position in enumerate(cash.cumulative_gbp, 1):
        row = FIRST_ROW + week
        values(sheet, row, 1, [week], "0")
        if start is not None:
            values(sheet, row, 2, [start + timedelta(weeks=week - 1)], DATE)
        values(sheet, row, 3, [week / WEEKS_PER_YEAR], RATIO)
        values(sheet, row, 4, [position], GBP)
    widths(sheet, [18, 16, 10, 26])
