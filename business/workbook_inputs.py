"""What the business case workbook starts from: the Inputs sheet (prices, costs and
contingencies, to change) and the Plan sheet (what the plan does, as values).

The general figures are named (`=Discount`, `=VolumeFactor`, `=CycleWeeks`), so the formulas
of the other sheets read as the business case does. Every input carries its source from the
price book, flagged "Assumption" where it is one, and the contingency inputs say which of the
page's two cases (as planned, or with the book's contingencies) the file was made for.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from business.book_sources import is_assumption
from business.money import PlanFacts
from business.terms import FIRST_CONTACT, NONE, Contingency, Terms
from business.workbook_cells import (
    BOLD,
    COUNT,
    FIRST_ROW,
    GBP_INPUT,
    PERCENT,
    RATIO,
    WHOLE,
    head,
    header_row,
    input_cell,
    text,
    values,
    widths,
)
from business.workbook_sources import WorkbookSources

NO_PRICE = "No price"
NO_COST = "No cost"
ASSUMPTION = "Assumption"
SOURCE_HEADER = ["Source", ASSUMPTION]
# The general figures: defined name -> (label, the field of Contingency or Terms, format).
GENERAL = {
    "MarketForcesFactor": (
        "Market forces factor (the national price is paid times it)",
        "market_forces_factor",
        "0.0000##",
    ),
    "Discount": ("Discount below the national price", "discount", PERCENT),
    "CommissionerShare": (
        "Share of income returned to the commissioner",
        "commissioner_share",
        PERCENT,
    ),
    "SiteVisitFee": ("Site visit fee, each arrival", "site_visit_gbp", GBP_INPUT),
    "AdminPerAppointment": (
        "Booking administration, each appointment",
        "admin_per_appointment_gbp",
        GBP_INPUT,
    ),
    "LettersPerAppointment": ("Letters per appointment", "letters_per_appointment", COUNT),
    "LetterPrice": ("Cost of a letter", "letter_gbp", GBP_INPUT),
    "TextsPerAppointment": ("Text messages per appointment", "texts_per_appointment", COUNT),
    "TextPrice": ("Cost of a text message", "text_gbp", GBP_INPUT),
    "VolumeFactor": (
        "Contingency: share of the planned activity that happens",
        "volume_factor",
        PERCENT,
    ),
    "IncomeHaircut": ("Contingency: share of income held back", "income_haircut", PERCENT),
    "CapitalOutlay": ("Capital outlay", "capital_outlay_gbp", GBP_INPUT),
    "StartUp": ("Start-up costs", "startup_gbp", GBP_INPUT),
}
PLAN_SERVICES = ("Service", "Name", "Appointments served", "Follow-ups per first", "Sessions run")


@dataclass(frozen=True)
class Cells:
    """Where the first two sheets keep what the formulas of the others read."""

    prices: dict[str, tuple[str, str]]  # service -> its first and follow-up price cells
    units: dict[str, tuple[str, str]]  # unit -> its hire per week and move cells
    skill_costs: str | None  # the column of session costs by skill; None: no skills
    staffing: dict[str, str]  # service -> its column of clinicians' sessions by skill
    plan_units: dict[str, int]  # unit -> its row on the Plan sheet (weeks hired, arrivals)


@dataclass(frozen=True)
class Made:
    """What the file is made from beside the terms: its title, the contingency it starts
    from, the price book's own contingency (None: not known) and the inputs' sources."""

    title: str
    contingency: Contingency
    book_contingency: Contingency | None
    sources: WorkbookSources


def inputs_and_plan(book: Workbook, facts: PlanFacts, terms: Terms, made: Made) -> Cells:
    """Write the Inputs sheet (the book's first) and the Plan sheet; where their cells are.

    Services keep the order of `terms`, units the order of the fleet, skills sorted.
    """
    services = list(terms.services)
    used = {skill for session in facts.sessions for skill in session.skills}
    skills = sorted(set(terms.session_gbp_by_skill) | used)
    sheet = book.active
    sheet.title = "Inputs"
    prices, units, skill_costs = _inputs(sheet, terms, made, services, skills)
    staffing, plan_units = _plan(book.create_sheet("Plan"), facts, terms, services, skills)
    return Cells(prices, units, skill_costs, staffing, plan_units)


def contingency_note(chosen: Contingency, book: Contingency | None) -> str:
    """Which case the file was made for, and how to turn it into the other."""
    if book is None:
        return ""
    as_book = f"VolumeFactor to {book.volume_factor:g} and IncomeHaircut to {book.income_haircut:g}"
    if chosen == book:
        if book == NONE:
            return "As planned: the price book sets no contingencies."
        return (
            "With the price book's contingencies: change VolumeFactor to 1 and IncomeHaircut "
            "to 0 for the plan as planned."
        )
    if chosen == NONE:
        return f"As planned: change {as_book} for the price book's contingencies."
    return f"Neither as planned nor the price book's contingencies: change {as_book} for those."


def _sourced(sheet: Worksheet, row: int, column: int, source: str) -> None:
    """An input's source from column `column`, and "Assumption" beside it when it is one."""
    text(sheet, row, [source, ASSUMPTION if is_assumption(source) else ""], column)


def _inputs(sheet: Worksheet, terms: Terms, made: Made, services, skills):
    sources = made.sources
    head(
        sheet,
        f"{made.title}: business case inputs",
        "Shaded cells are inputs: change one and every sheet recomputes. An empty price or "
        "cost is missing: the figures leave it out and say so. Each source is the price "
        "book's; an assumption is not a published figure.",
        ["Figure", "Value", *SOURCE_HEADER, "This file"],
    )
    for row, (name, (label, field, number_format)) in enumerate(GENERAL.items(), FIRST_ROW):
        sheet.cell(row, 1, label)
        value = getattr(made.contingency, field, None)
        input_cell(sheet, row, 2, getattr(terms, field) if value is None else value, number_format)
        _sourced(sheet, row, 3, sources.general.get(field, ""))
        sheet.parent.defined_names[name] = DefinedName(name, attr_text=f"Inputs!$B${row}")
        if name == "VolumeFactor":
            note = contingency_note(made.contingency, made.book_contingency)
            sheet.cell(row, 5, note).font = BOLD
    row = FIRST_ROW + len(GENERAL) + 1
    header_row(
        sheet,
        row,
        ["Service", "Name", "First contact is", "First price", "Follow-up price", "Note"]
        + SOURCE_HEADER,
    )
    prices = {}
    for k, service_id in enumerate(services):
        i, plan_row, service = row + 1 + k, FIRST_ROW + k, terms.services[service_id]
        text(sheet, i, [service_id, service.name, FIRST_CONTACT[service.activity]])
        input_cell(sheet, i, 4, service.first_price_gbp, GBP_INPUT)
        input_cell(sheet, i, 5, service.follow_up_price_gbp, GBP_INPUT)
        # a service without follow-ups needs no follow-up price
        first, follow = f"ISBLANK(D{i})", f"AND(ISBLANK(E{i}),Plan!$D${plan_row}>0)"
        sheet.cell(i, 6, f'=IF({first},"{NO_PRICE}",IF({follow},"{NO_PRICE} (follow-up)",""))')
        _sourced(sheet, i, 7, sources.services.get(service_id, ""))
        prices[service_id] = (f"Inputs!$D${i}", f"Inputs!$E${i}")
    row += len(services) + 2
    header = ["Unit", "Name", "Hire per week", "Move (haulage and set-up)"]
    header_row(sheet, row, header + SOURCE_HEADER)
    units = {}
    for i, (unit, costs) in enumerate(terms.units.items(), row + 1):
        text(sheet, i, [unit, costs.name])
        input_cell(sheet, i, 3, costs.hire_per_week_gbp, GBP_INPUT)
        input_cell(sheet, i, 4, costs.move_gbp, GBP_INPUT)
        _sourced(sheet, i, 5, sources.units.get(unit, ""))
        units[unit] = (f"Inputs!$C${i}", f"Inputs!$D${i}")
    row += len(terms.units) + 2
    header_row(sheet, row, ["Skill", "Clinician's session", "Note", *SOURCE_HEADER])
    for i, skill in enumerate(skills, row + 1):
        text(sheet, i, [skill])
        input_cell(sheet, i, 2, terms.session_gbp_by_skill.get(skill), GBP_INPUT)
        sheet.cell(i, 3, f'=IF(ISBLANK(B{i}),"{NO_COST}","")')
        _sourced(sheet, i, 4, sources.skills.get(skill, ""))
    widths(sheet, [50, 18, 40, 16, 40, 22, 40, 12])
    skill_costs = f"Inputs!$B${row + 1}:$B${row + len(skills)}" if skills else None
    return prices, units, skill_costs


def _plan(sheet: Worksheet, facts: PlanFacts, terms: Terms, services, skills):
    served, sessions, staffed = defaultdict(float), Counter(), Counter()
    for session in facts.sessions:
        served[session.service] += session.served
        sessions[session.service] += 1
        staffed.update((session.service, skill) for skill in session.skills)
    head(sheet, "What the plan does", "From the plan: values, not inputs.", list(PLAN_SERVICES))
    sheet.cell(2, 3, "Weeks in the cycle").font = BOLD
    sheet.cell(2, 4, facts.weeks).font = BOLD
    sheet.parent.defined_names["CycleWeeks"] = DefinedName("CycleWeeks", attr_text="Plan!$D$2")
    for i, service_id in enumerate(services, FIRST_ROW):
        service = terms.services[service_id]
        text(sheet, i, [service_id, service.name])
        values(sheet, i, 3, [served[service_id]], COUNT)
        values(sheet, i, 4, [service.follow_ups_per_first], RATIO)
        values(sheet, i, 5, [sessions[service_id]], WHOLE)
    row = FIRST_ROW + len(services) + 1
    header_row(sheet, row, ["Unit", "Name", "Weeks hired", "Arrivals at a site"])
    arrivals = Counter(unit for unit, _ in facts.arrivals)
    plan_units = {}
    for i, unit in enumerate(facts.units, row + 1):
        text(sheet, i, [unit, terms.units[unit].name])
        values(sheet, i, 3, [facts.weeks, arrivals[unit]], WHOLE)  # hired every week
        plan_units[unit] = i
    row += len(facts.units) + 2
    header_row(sheet, row, ["Clinicians' sessions by skill", *services])
    for i, skill in enumerate(skills, row + 1):
        text(sheet, i, [skill])
        values(sheet, i, 2, [staffed[service, skill] for service in services], WHOLE)
    widths(sheet, [30, 24] + [18] * max(3, len(services)))
    staffing = {}
    for j, service in enumerate(services, 2):
        column = get_column_letter(j)
        staffing[service] = f"Plan!${column}${row + 1}:${column}${row + len(skills)}"
    return staffing, plan_units
