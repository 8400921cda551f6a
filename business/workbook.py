"""The business case of a plan as an XLSX workbook that recomputes in Excel from its inputs.

The prices, costs and contingencies are input cells on the Inputs sheet; what the plan does
(referrals served, clinicians' sessions, weeks, arrivals) is written as values on the Plan
sheet (`business.workbook_inputs`); every other figure is a formula over those two, so whoever
opens it can change a price or the volume factor and see the money move. The formulas follow
`business.money.price_plan` line by line, and tests/business/test_workbook.py evaluates them
against it to the penny. A unit's hire, moves and site visit fees stay with the unit here
(the app shares them out among the services of its sessions); the totals are the same.

A missing price or session cost is an empty input cell: it adds nothing, and the sheets say so
("No price", "No cost") beside the figures it leaves out and in the summary, never as a silent
nought.

After the Summary come the app's own figures as values (`business.workbook_figures`): by unit,
site and week, break-even and the cash position, as the business page shows them.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from business.money import COST_LABELS, COSTS, PlanFacts, price_plan
from business.payback import MAX_YEARS, Payback, payback
from business.terms import FIRST_CONTACT, WEEKS_PER_YEAR, Contingency, Terms
from business.workbook_cells import (
    BOLD,
    COUNT,
    FIRST_ROW,
    GBP,
    WHOLE,
    formulas,
    head,
    header_row,
    text,
    total,
    values,
    widths,
)
from business.workbook_figures import app_figures
from business.workbook_inputs import NO_COST, NO_PRICE, Cells, Made, inputs_and_plan
from business.workbook_sources import NO_SOURCES, WorkbookSources

# The rows of the Summary sheet, by the `business.money.Lines` figure each shows.
SUMMARY_LABELS = {
    "first_contacts": "First contacts (attendances, tests, procedures)",
    "follow_ups": "Follow-up attendances",
    "income_national": "Income at the national price",
    "income": "Income, less the discount",
    "commissioner_share": "Commissioner's share",
    "held_back": "Income held back (contingency)",
    "net_income": "Net income",
    **{name: COST_LABELS[name] for name in COSTS},
    "total_costs": "Total costs",
    "net_contribution": "Net contribution",
}
SUBTOTALS = ("net_income", "total_costs", "net_contribution")
OUTLAY = "Capital outlay and start-up"
WEEKLY = "Net contribution a week (the cycle's average)"
PAYBACK = "Payback from the average week (weeks)"
APP_PAYBACK = "Payback week by week (the app's figure)"
INCOME_LEAVES_OUT = "Income leaves out"
COSTS_LEAVE_OUT = "Costs leave out"


def business_workbook(
    facts: PlanFacts,
    terms: Terms,
    contingency: Contingency,
    *,
    title: str,
    sources: WorkbookSources = NO_SOURCES,
    book_contingency: Contingency | None = None,
) -> bytes:
    """The business case of a plan as XLSX bytes, its figures formulas over its inputs.

    Args:
        facts: what the plan does.
        terms: its scenario's prices and costs: the workbook's inputs.
        contingency: the volume factor and income haircut it starts from (inputs too).
        title: the plan's name, at the top of the Inputs and Summary sheets.
        sources: where each input comes from (`business.workbook_sources.workbook_sources`).
        book_contingency: the price book's contingencies, so the file says whether it was
            made as planned or with them, and how to switch; None: not said.
    """
    book = Workbook()
    made = Made(title, contingency, book_contingency, sources)
    cells = inputs_and_plan(book, facts, terms, made)
    services = list(terms.services)
    totals = _activity(book.create_sheet("Activity"), terms, services)
    totals |= _income(book.create_sheet("Income"), terms, services, cells)
    totals |= _costs(book.create_sheet("Costs"), facts, terms, services, cells)
    money = price_plan(facts, terms, contingency)
    cash = payback(money, terms.outlay_gbp)
    _summary(book.create_sheet("Summary"), totals, title, cash)
    app_figures(book, money, terms, cash)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _activity(sheet: Worksheet, terms: Terms, services: list[str]) -> dict[str, str]:
    head(
        sheet,
        "Activity",
        "The referrals served (Plan sheet) at the volume factor, split by the follow-ups "
        "per first.",
        ["Service", "Name", "First contact is", "Appointments", "First contacts", "Follow-ups"],
    )
    for i, service_id in enumerate(services, FIRST_ROW):
        service = terms.services[service_id]
        text(sheet, i, [service_id, service.name, FIRST_CONTACT[service.activity]])
        split = [f"Plan!C{i}*VolumeFactor", f"D{i}/(1+Plan!D{i})", f"D{i}-E{i}"]
        formulas(sheet, i, 4, split, COUNT)
    row = total(sheet, dict.fromkeys("DEF", COUNT), len(services))
    widths(sheet, [20, 30, 20, 16, 16, 16])
    return {"first_contacts": f"Activity!$E${row}", "follow_ups": f"Activity!$F${row}"}


def _income(sheet: Worksheet, terms: Terms, services: list[str], cells: Cells) -> dict[str, str]:
    head(
        sheet,
        "Income",
        "Activity at the national price, times the market forces factor, less the discount; "
        "the commissioner's share and "
        "the contingency's haircut come out of it.",
        [
            "Service",
            "Name",
            "At the national price",
            "Less the discount",
            "Commissioner's share",
            "Held back",
            "Net income",
            "Prices missing",
            "Note",
        ],
    )
    for i, service_id in enumerate(services, FIRST_ROW):
        first, follow = cells.prices[service_id]
        text(sheet, i, [service_id, terms.services[service_id].name])
        income = [
            f"Activity!E{i}*{first}+Activity!F{i}*{follow}",
            f"C{i}*MarketForcesFactor*(1-Discount)",
            f"D{i}*CommissionerShare",
            f"D{i}*IncomeHaircut",
            f"D{i}-E{i}-F{i}",
        ]
        formulas(sheet, i, 3, income, GBP)
        # a price is missing when there is activity to price and no price for it
        no_first = f"AND(Activity!E{i}>0,ISBLANK({first}))"
        no_follow = f"AND(Activity!F{i}>0,ISBLANK({follow}))"
        note = (
            f'IF({no_first},IF({no_follow},"{NO_PRICE}: leaves out all its income",'
            f'"{NO_PRICE}: leaves out its first contacts"),'
            f'IF({no_follow},"{NO_PRICE}: leaves out its follow-ups",""))'
        )
        formulas(sheet, i, 8, [f"IF({no_first},1,0)+IF({no_follow},1,0)", note], None)
    row = total(sheet, dict.fromkeys("CDEFG", GBP) | {"H": WHOLE}, len(services))
    widths(sheet, [20, 30, 20, 18, 20, 14, 16, 14, 44])
    columns = {"income_national": "C", "income": "D", "commissioner_share": "E"}
    columns |= {"held_back": "F", "unpriced": "H"}
    return {field: f"Income!${column}${row}" for field, column in columns.items()}


def _costs(sheet: Worksheet, facts, terms: Terms, services, cells: Cells) -> dict[str, str]:
    head(
        sheet,
        "Costs",
        "Each service's appointments and clinicians' sessions; each unit's hire every week "
        "and its arrivals at sites.",
        ["Service", "Name", "Appointments"]
        + [COST_LABELS[name] for name in ("admin", "letters", "texts", "staff")]
        + ["Costs missing", "Note"],
    )
    for i, service_id in enumerate(services, FIRST_ROW):
        text(sheet, i, [service_id, terms.services[service_id].name])
        staff, uncosted = "0", "0"  # uncosted: the skills it staffs with that have no cost
        if cells.skill_costs is not None:
            staffing = cells.staffing[service_id]
            staff = f"SUMPRODUCT({staffing},{cells.skill_costs})"
            uncosted = f"SUMPRODUCT(({staffing}>0)*ISBLANK({cells.skill_costs}))"
        formulas(sheet, i, 3, [f"Activity!D{i}"], COUNT)
        variable = [
            f"C{i}*AdminPerAppointment",
            f"C{i}*LettersPerAppointment*LetterPrice",
            f"C{i}*TextsPerAppointment*TextPrice",
            staff,
        ]
        formulas(sheet, i, 4, variable, GBP)
        note = f'IF(H{i}>0,"{NO_COST}: leaves out the sessions of a skill","")'
        formulas(sheet, i, 8, [uncosted, note], None)
    row = total(sheet, dict.fromkeys("DEFG", GBP) | {"C": COUNT, "H": WHOLE}, len(services))
    header = ["Unit", "Name", "Weeks hired", COST_LABELS["unit_hire"], "Arrivals at a site"]
    header_row(sheet, row + 2, header + [COST_LABELS["moves"], COST_LABELS["site_visits"]])
    for i, unit in enumerate(facts.units, row + 3):
        hire, move = cells.units[unit]
        plan_row = cells.plan_units[unit]
        text(sheet, i, [unit, terms.units[unit].name])
        formulas(sheet, i, 3, [f"Plan!C{plan_row}"], WHOLE)
        formulas(sheet, i, 4, [f"C{i}*{hire}"], GBP)
        formulas(sheet, i, 5, [f"Plan!D{plan_row}"], WHOLE)
        formulas(sheet, i, 6, [f"E{i}*{move}", f"E{i}*SiteVisitFee"], GBP)
    units = total(sheet, dict.fromkeys("DFG", GBP), len(facts.units), first=row + 3)
    widths(sheet, [20, 30, 16, 22, 20, 26, 18, 14, 44])
    return {
        "admin": f"Costs!$D${row}",
        "letters": f"Costs!$E${row}",
        "texts": f"Costs!$F${row}",
        "staff": f"Costs!$G${row}",
        "uncosted": f"Costs!$H${row}",
        "unit_hire": f"Costs!$D${units}",
        "moves": f"Costs!$F${units}",
        "site_visits": f"Costs!$G${units}",
    }


def _summary(sheet: Worksheet, totals: dict[str, str], title: str, cash: Payback) -> None:
    head(
        sheet,
        f"{title}: business case",
        f"A year is the cycle repeated: its figures times {WEEKS_PER_YEAR} over the weeks in "
        "the cycle (Plan sheet).",
        ["Figure", "Cycle", "Year"],
    )
    cells = {name: f"B{row}" for row, name in enumerate(SUMMARY_LABELS, FIRST_ROW)}
    figures = {name: totals[name] for name in SUMMARY_LABELS if name in totals}
    figures["net_income"] = "{income}-{commissioner_share}-{held_back}".format(**cells)
    figures["total_costs"] = "+".join(cells[name] for name in COSTS)
    figures["net_contribution"] = "{net_income}-{total_costs}".format(**cells)
    for i, (name, label) in enumerate(SUMMARY_LABELS.items(), FIRST_ROW):
        sheet.cell(i, 1, label).font = BOLD if name in SUBTOTALS else Font()
        number_format = COUNT if name in ("first_contacts", "follow_ups") else GBP
        formulas(sheet, i, 2, [figures[name], f"B{i}*{WEEKS_PER_YEAR}/CycleWeeks"], number_format)
    outlay, weekly = FIRST_ROW + len(SUMMARY_LABELS) + 1, FIRST_ROW + len(SUMMARY_LABELS) + 2
    weeks = f"B{outlay}/B{weekly}"
    lines = (
        (OUTLAY, "CapitalOutlay+StartUp", GBP),
        (WEEKLY, f"{cells['net_contribution']}/CycleWeeks", GBP),
        (
            PAYBACK,
            f'IF(B{outlay}<=0,0,IF(B{weekly}<=0,"Does not pay back",'
            f"IF({weeks}>{MAX_YEARS * WEEKS_PER_YEAR},"
            f'"Does not pay back within {MAX_YEARS} years",ROUNDUP({weeks},0))))',
            WHOLE,
        ),
        (APP_PAYBACK, None, WHOLE),
        (
            INCOME_LEAVES_OUT,
            f'IF({totals["unpriced"]}>0,"Activity with no price: see the Income sheet","Nothing")',
            None,
        ),
        (
            COSTS_LEAVE_OUT,
            f'IF({totals["uncosted"]}>0,"Sessions of a skill with no cost: see the Costs '
            'sheet","Nothing")',
            None,
        ),
    )
    for i, (label, formula, number_format) in enumerate(lines, outlay):
        sheet.cell(i, 1, label)
        if formula is None:  # the app's figure, a value
            values(sheet, i, 2, [_weeks_to_pay_back(cash)], WHOLE)
        else:
            formulas(sheet, i, 2, [formula], number_format)
    widths(sheet, [62, 20, 20])


def _weeks_to_pay_back(cash: Payback) -> int | str:
    """The app's payback: the week its cash position, added week by week, is no longer
    negative (the Cash sheet)."""
    if cash.weeks is None:
        return f"Does not pay back within {MAX_YEARS} years"
    return cash.weeks
