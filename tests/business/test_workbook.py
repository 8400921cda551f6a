"""The business case workbook recomputes, with its formulas evaluated, to the app's figures.

The workbook is read back with `formulas`, which evaluates its cells as a spreadsheet program
would; changing an input cell there and evaluating again shows it recomputes from its inputs.
"""

import io
import math
from dataclasses import replace

import formulas
import pytest
from openpyxl import load_workbook

from business.book import contingency
from business.book_sources import is_assumption
from business.facts import plan_facts
from business.money import price_plan
from business.payback import MAX_YEARS, payback
from business.pricing import price
from business.terms import NONE, WEEKS_PER_YEAR, Contingency
from business.workbook import (
    APP_PAYBACK,
    COSTS_LEAVE_OUT,
    INCOME_LEAVES_OUT,
    PAYBACK,
    SUMMARY_LABELS,
    business_workbook,
)
from business.workbook_figures import FROM_THE_APP, NEVER, START, UNKNOWN_PRICE
from business.workbook_inputs import ASSUMPTION, GENERAL, NO_COST, NO_PRICE
from business.workbook_sources import workbook_sources
from plans.bridge import scenario_instance

CENT = 0.005
SHEETS = ["Inputs", "Plan", "Activity", "Income", "Costs", "Summary"]
APP_SHEETS = ["By unit", "By site", "By week", "Break-even", "Cash"]


INCOME_COLUMNS = {
    "income_national": "C",
    "income": "D",
    "commissioner_share": "E",
    "held_back": "F",
    "net_income": "G",
}


def row_of(book, sheet: str, label: str, after: str | None = None) -> int:
    """The first row of `sheet` whose column A reads `label` (below the one reading `after`)."""
    start = row_of(book, sheet, after) + 1 if after else 1
    for (cell,) in book[sheet].iter_rows(min_row=start, max_col=1):
        if cell.value == label:
            return cell.row
    raise KeyError(label)


class Evaluated:
    """A workbook's cells as a spreadsheet program computes them, after `changes` (cell or
    defined name -> value) to its input cells."""

    def __init__(self, xlsx: bytes, tmp_path, changes: dict[str, float] | None = None):
        self.book = load_workbook(io.BytesIO(xlsx))
        path = tmp_path / "business.xlsx"
        path.write_bytes(xlsx)
        self.name = path.name
        model = formulas.ExcelModel().loads(str(path)).finish()
        inputs = {self._key(self.address(ref)): value for ref, value in (changes or {}).items()}
        self.solution = model.calculate(inputs=inputs)

    def address(self, ref: str) -> str:
        """ "Sheet!A1" for a defined name or an address."""
        if ref in self.book.defined_names:
            return self.book.defined_names[ref].attr_text.replace("$", "")
        return ref

    def _key(self, address: str) -> str:
        sheet, cell = address.split("!")
        return f"'[{self.name}]{sheet.upper()}'!{cell}"

    def value(self, ref: str):
        return self.solution[self._key(self.address(ref))].value[0, 0]

    def row_of(self, sheet: str, label: str, after: str | None = None) -> int:
        return row_of(self.book, sheet, label, after)

    def summary(self, field: str, column: str = "B"):
        return self.value(f"Summary!{column}{self.row_of('Summary', SUMMARY_LABELS[field])}")


@pytest.fixture
def priced(hand_book, hand_world):
    """The hand-worked example's facts, terms and contingency."""
    facts = plan_facts(hand_world, scenario_instance(hand_world.scenario))
    return facts, price(hand_world).terms, contingency(hand_book)


def workbook(facts, terms, chosen=NONE) -> bytes:
    return business_workbook(facts, terms, chosen, title="Three weeks at Tring")


def assert_totals_agree(evaluated: Evaluated, money) -> None:
    total = money.total()
    for field in SUMMARY_LABELS:
        assert evaluated.summary(field) == pytest.approx(getattr(total, field), abs=CENT), field
        year = getattr(total, field) * WEEKS_PER_YEAR / money.weeks
        assert evaluated.summary(field, "C") == pytest.approx(year, abs=CENT), field


def test_the_workbook_opens_with_its_sheets_inputs_and_formulas(priced):
    facts, terms, _ = priced
    book = load_workbook(io.BytesIO(workbook(facts, terms)))
    assert book.sheetnames == SHEETS + APP_SHEETS
    assert book.defined_names["Discount"].attr_text == "Inputs!$B$5"
    assert book["Inputs"]["B5"].value == terms.discount == 0.10
    # a formula, not a figure
    assert book["Income"]["D4"].value == "=C4*MarketForcesFactor*(1-Discount)"
    assert book["Summary"].freeze_panes == "A4"
    assert not book._external_links


@pytest.mark.parametrize("with_contingencies", [False, True])
def test_every_total_recomputes_to_the_apps_to_the_penny(priced, tmp_path, with_contingencies):
    facts, terms, book_contingency = priced
    chosen = book_contingency if with_contingencies else NONE
    money = price_plan(facts, terms, chosen)
    evaluated = Evaluated(workbook(facts, terms, chosen), tmp_path)
    assert_totals_agree(evaluated, money)
    by_service = money.by_service()
    for service in terms.services:
        row = evaluated.row_of("Income", service)
        lines = by_service[service]
        for field, column in INCOME_COLUMNS.items():
            figure = evaluated.value(f"Income!{column}{row}")
            assert figure == pytest.approx(getattr(lines, field), abs=CENT)
        variable = sum(evaluated.value(f"Costs!{column}{row}") for column in "DEF")
        assert variable == pytest.approx(lines.variable_costs, abs=CENT)
    if not with_contingencies:  # the hand-worked figures of test_money.py
        assert evaluated.summary("net_contribution") == pytest.approx(-24227.72, abs=CENT)
    else:
        assert evaluated.summary("held_back") > 0


def test_changing_an_input_cell_moves_the_totals_as_the_app_would(priced, tmp_path):
    facts, terms, _ = priced
    changes = {"Discount": 0.25, "VolumeFactor": 0.8, "IncomeHaircut": 0.1}
    evaluated = Evaluated(workbook(facts, terms), tmp_path, changes)
    money = price_plan(facts, replace(terms, discount=0.25), Contingency(0.8, 0.1))
    assert_totals_agree(evaluated, money)
    unchanged = price_plan(facts, terms, NONE).total()
    assert money.total().income != pytest.approx(unchanged.income)


def test_a_price_changed_in_the_workbook_prices_its_service(priced, tmp_path):
    facts, terms, _ = priced
    xlsx = workbook(facts, terms)
    price_cell = f"Inputs!D{row_of(load_workbook(io.BytesIO(xlsx)), 'Inputs', 'dermatology')}"
    evaluated = Evaluated(xlsx, tmp_path, {price_cell: 200})
    dermatology = replace(terms.services["dermatology"], first_price_gbp=200)
    changed = replace(terms, services={**terms.services, "dermatology": dermatology})
    assert_totals_agree(evaluated, price_plan(facts, changed, NONE))


def test_payback_is_the_outlay_over_the_weekly_net_contribution(priced, tmp_path):
    facts, terms, _ = priced
    plain = Evaluated(workbook(facts, terms), tmp_path)
    row = plain.row_of("Summary", PAYBACK)
    # the hand-worked example loses £24,227.72 a cycle
    assert plain.value(f"Summary!B{row}") == "Does not pay back"
    unit = facts.units[0]
    hire_row = plain.row_of("Inputs", unit)
    free = {f"Inputs!C{hire_row}": 0, f"Inputs!D{hire_row}": 0}  # no hire, no moves
    evaluated = Evaluated(workbook(facts, terms), tmp_path, free)
    units = {unit: replace(terms.units[unit], hire_per_week_gbp=0, move_gbp=0)}
    money = price_plan(facts, replace(terms, units=units), NONE)
    weekly = money.total().net_contribution / facts.weeks
    assert weekly > 0
    assert evaluated.value(f"Summary!B{row}") == math.ceil(terms.outlay_gbp / weekly)


def test_a_service_with_no_price_is_named_and_left_out_not_priced_at_nought(priced, tmp_path):
    facts, terms, _ = priced
    dermatology = replace(terms.services["dermatology"], first_price_gbp=None)
    unpriced = replace(terms, services={**terms.services, "dermatology": dermatology})
    evaluated = Evaluated(workbook(facts, unpriced), tmp_path)
    money = price_plan(facts, unpriced, NONE)
    assert money.total().missing == {"Dermatology clinic: no first attendance price"}
    inputs_row = evaluated.row_of("Inputs", "dermatology")
    assert evaluated.book["Inputs"][f"D{inputs_row}"].value is None  # empty, not nought
    assert evaluated.value(f"Inputs!F{inputs_row}") == NO_PRICE
    income_row = evaluated.row_of("Income", "dermatology")
    assert evaluated.value(f"Income!I{income_row}").startswith(f"{NO_PRICE}: leaves out")
    assert evaluated.value(f"Income!I{evaluated.row_of('Income', 'ent')}") == ""
    left_out = evaluated.value(f"Summary!B{evaluated.row_of('Summary', INCOME_LEAVES_OUT)}")
    assert "no price" in left_out
    assert_totals_agree(evaluated, money)  # the follow-ups still earn; the firsts do not


def test_a_skill_with_no_session_cost_is_named_and_left_out(priced, tmp_path):
    facts, terms, _ = priced
    uncosted = replace(terms, session_gbp_by_skill={**terms.session_gbp_by_skill, "ent": None})
    evaluated = Evaluated(workbook(facts, uncosted), tmp_path)
    money = price_plan(facts, uncosted, NONE)
    assert money.total().missing == {"ent: no session cost"}
    skill = evaluated.row_of("Inputs", "ent", after="Skill")  # the service is also "ent"
    assert evaluated.value(f"Inputs!C{skill}") == NO_COST
    ent = evaluated.row_of("Costs", "ent")
    assert evaluated.value(f"Costs!I{ent}").startswith(f"{NO_COST}: leaves out")
    assert evaluated.value(f"Costs!G{ent}") == 0
    left_out = evaluated.value(f"Summary!B{evaluated.row_of('Summary', COSTS_LEAVE_OUT)}")
    assert "no cost" in left_out
    assert_totals_agree(evaluated, money)


def test_text_from_the_plan_never_becomes_a_formula(priced):
    facts, terms, _ = priced
    named = replace(terms.services["ent"], name='=HYPERLINK("http://x","y")')
    hostile = replace(terms, services={**terms.services, "ent": named})
    book = load_workbook(io.BytesIO(workbook(facts, hostile)))
    names = [row[1].value for row in book["Income"].iter_rows(min_row=4, max_row=5)]
    assert names[1] == '\'=HYPERLINK("http://x","y")'


def test_every_input_carries_its_source_and_assumptions_are_flagged(priced, hand_book):
    facts, terms, _ = priced
    hand_book.sources = {**hand_book.sources, "discount_pct": '=HYPERLINK("http://x","y")'}
    sources = workbook_sources(hand_book)
    xlsx = business_workbook(facts, terms, NONE, title="Three weeks at Tring", sources=sources)
    book = load_workbook(io.BytesIO(xlsx))
    sheet = book["Inputs"]
    rows = [(label, "C") for label, _, _ in GENERAL.values()]
    expected = [sources.general[field] for _, field, _ in GENERAL.values()]
    rows += [(service, "G") for service in terms.services]
    expected += [sources.services[service] for service in terms.services]
    rows += [(unit, "E") for unit in terms.units]
    expected += [sources.units[unit] for unit in terms.units]
    flagged = 0
    for (label, column), source in zip(rows, expected, strict=True):
        cell = sheet[f"{column}{row_of(book, 'Inputs', label)}"]
        assert source and cell.value.lstrip("'") == source, label
        flag = sheet.cell(cell.row, cell.column + 1).value
        assert flag == (ASSUMPTION if is_assumption(source) else None), label
        flagged += flag == ASSUMPTION
    for skill in terms.session_gbp_by_skill:
        row = row_of(book, "Inputs", skill, after="Skill")
        assert sheet[f"D{row}"].value == sources.skills[skill]
        assert sheet[f"E{row}"].value == ASSUMPTION  # a consultant's cost, assumed
    assert 0 < flagged < len(rows)  # published figures are not flagged
    discount = sheet[f"C{row_of(book, 'Inputs', GENERAL['Discount'][0])}"].value
    assert discount == '\'=HYPERLINK("http://x","y")'  # source text is never a formula


def test_the_contingency_inputs_say_which_case_the_file_was_made_for(priced):
    facts, terms, book_contingency = priced

    def note(chosen):
        xlsx = business_workbook(
            facts, terms, chosen, title="Tring", book_contingency=book_contingency
        )
        book = load_workbook(io.BytesIO(xlsx))
        row = row_of(book, "Inputs", GENERAL["VolumeFactor"][0])
        return book["Inputs"][f"B{row}"].value, book["Inputs"][f"E{row}"].value

    volume, planned = note(NONE)
    assert volume == 1
    assert planned == (
        "As planned: change VolumeFactor to 0.5 and IncomeHaircut to 0.2 for the price "
        "book's contingencies."
    )
    volume, contingent = note(book_contingency)
    assert volume == 0.5
    assert contingent.startswith("With the price book's contingencies: change VolumeFactor to 1")


def cells(book, sheet: str, column: str, first: int, last: int) -> list:
    return [book[sheet][f"{column}{row}"].value for row in range(first, last + 1)]


@pytest.mark.parametrize("with_contingencies", [False, True])
def test_by_unit_site_and_week_are_the_apps_and_add_up_to_its_total(priced, with_contingencies):
    facts, terms, book_contingency = priced
    chosen = book_contingency if with_contingencies else NONE
    money = price_plan(facts, terms, chosen)
    book = load_workbook(io.BytesIO(workbook(facts, terms, chosen)))
    total = money.total().net_contribution
    for sheet, lines in (
        ("By unit", money.by_unit()),
        ("By site", money.by_site()),
        ("By week", money.by_week()),
    ):
        assert book[sheet]["A2"].value.startswith(FROM_THE_APP)
        last = row_of(book, sheet, "Total")
        assert last - 4 == len(lines)
        net = cells(book, sheet, "L", 4, last - 1)  # after the 7 costs
        assert book[sheet]["L3"].value == "Net contribution"
        assert sum(net) == pytest.approx(total, abs=CENT)
        assert book[sheet][f"L{last}"].value == pytest.approx(total, abs=CENT)
        assert sorted(net) == pytest.approx(sorted(x.net_contribution for x in lines.values()))
        appointments = cells(book, sheet, "C", 4, last - 1)
        assert sum(appointments) == pytest.approx(money.total().appointments)
    unit_row = row_of(book, "By unit", facts.units[0])
    assert book["By unit"][f"E{unit_row}"].value == money.by_unit()[facts.units[0]].staff
    assert book["By site"]["B4"].value == "Tring Sportspace"
    assert book["By site"]["B5"].value == "Off the road"  # week 3
    assert book["By week"]["A4"].value == 1
    assert book["By week"]["B4"].value.date() == facts.week_starts[0]


@pytest.mark.parametrize("with_contingencies", [False, True])
def test_break_even_is_the_apps(priced, with_contingencies):
    facts, terms, book_contingency = priced
    chosen = book_contingency if with_contingencies else NONE
    money = price_plan(facts, terms, chosen)
    book = load_workbook(io.BytesIO(workbook(facts, terms, chosen)))
    assert book["Break-even"]["A2"].value.startswith(FROM_THE_APP)
    for service, figure in money.break_even().items():
        row = row_of(book, "Break-even", service)
        assert figure.volume_factor is not None
        assert book["Break-even"][f"C{row}"].value == pytest.approx(figure.volume_factor)
        assert book["Break-even"][f"D{row}"].value == pytest.approx(figure.appointments)


def test_break_even_is_unknown_without_a_price_and_never_when_patients_cost_more(priced):
    facts, terms, _ = priced
    dermatology = replace(terms.services["dermatology"], first_price_gbp=None)
    ent = replace(terms.services["ent"], first_price_gbp=1, follow_up_price_gbp=1)
    changed = replace(terms, services={"dermatology": dermatology, "ent": ent})
    assert price_plan(facts, changed, NONE).break_even()["ent"].volume_factor is None
    book = load_workbook(io.BytesIO(workbook(facts, changed)))
    unpriced = row_of(book, "Break-even", "dermatology")
    assert book["Break-even"][f"C{unpriced}"].value == UNKNOWN_PRICE
    assert "no first attendance price" in book["Break-even"][f"E{unpriced}"].value
    assert book["Break-even"][f"C{row_of(book, 'Break-even', 'ent')}"].value == NEVER


def test_the_cash_sheet_is_the_apps_payback_week_by_week(priced):
    facts, terms, _ = priced
    cash = payback(price_plan(facts, terms, NONE), terms.outlay_gbp)
    book = load_workbook(io.BytesIO(workbook(facts, terms)))
    sheet = book["Cash"]
    assert sheet["A2"].value.startswith(FROM_THE_APP)
    assert (sheet["A4"].value, sheet["D4"].value) == (START, -terms.outlay_gbp)
    last = sheet.max_row
    assert sheet[f"A{last}"].value == MAX_YEARS * WEEKS_PER_YEAR
    assert sheet[f"D{last}"].value == pytest.approx(cash.cumulative_gbp[-1])
    assert cells(book, "Cash", "D", 5, last) == pytest.approx(list(cash.cumulative_gbp))


def test_the_summary_gives_the_apps_week_by_week_payback_beside_the_formula(priced, tmp_path):
    facts, terms, _ = priced
    plain = load_workbook(io.BytesIO(workbook(facts, terms)))
    row = row_of(plain, "Summary", APP_PAYBACK)
    assert row == row_of(plain, "Summary", PAYBACK) + 1
    assert plain["Summary"][f"B{row}"].value == f"Does not pay back within {MAX_YEARS} years"
    units = {u: replace(terms.units[u], hire_per_week_gbp=0, move_gbp=0) for u in terms.units}
    cheap = replace(terms, units=units)
    cash = payback(price_plan(facts, cheap, NONE), cheap.outlay_gbp)
    assert cash.weeks is not None
    evaluated = Evaluated(workbook(facts, cheap), tmp_path)
    assert evaluated.value(f"Summary!B{row}") == cash.weeks  # a value, kept as made
    assert evaluated.book["Summary"][f"B{row}"].value == cash.weeks
    average = evaluated.value(f"Summary!B{row - 1}")  # the formula still recomputes
    weekly = price_plan(facts, cheap, NONE).total().net_contribution / facts.weeks
    assert average == math.ceil(cheap.outlay_gbp / weekly)


def test_the_download_carries_the_books_sources_and_its_case(client, login, hand_book, hand_world):
    login("ops")
    response = client.get(f"/ops/plans/{hand_world.id}/business.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    row = row_of(book, "Inputs", GENERAL["IncomeHaircut"][0])
    assert book["Inputs"][f"C{row}"].value == hand_book.sources["income_haircut_pct"]
    assert book["Inputs"][f"D{row}"].value == ASSUMPTION
    volume = row_of(book, "Inputs", GENERAL["VolumeFactor"][0])
    assert book["Inputs"][f"E{volume}"].value.startswith("As planned: change VolumeFactor to 0.5")


def test_the_market_forces_factor_is_an_input_the_income_follows(priced, tmp_path):
    facts, terms, _ = priced
    evaluated = Evaluated(workbook(facts, terms), tmp_path, {"MarketForcesFactor": 1.1})
    money = price_plan(facts, replace(terms, market_forces_factor=1.1), NONE)
    assert_totals_agree(evaluated, money)
