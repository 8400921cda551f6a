"""The price book as a page: every figure with its label, field, source and what was typed.

The page posts every figure at once, so a `Sheet` holds the lot: the figures of the book and
of its service, unit and skill rows, the text typed in each field and the reason a field was
refused. Each field is read by its column's rule (`business.columns`), the one voice that
also states the database's checks, so a form and a spreadsheet refuse a figure alike.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from business.book import GENERAL_FIELDS, skills_of
from business.book_reference import service_key, staff_key, unit_key
from business.book_sources import split_service, split_unit
from business.columns import (
    BOOK_COLUMNS,
    SERVICE_PRICE_COLUMNS,
    STAFF_COST_COLUMNS,
    UNIT_COST_COLUMNS,
)
from business.models import PriceBook
from business.terms import ACTIVITY_OF_UNIT_TYPE, ATTENDANCE, FIRST_CONTACT
from inputs.cells import CellError, format_value
from inputs.columns import Column
from plans.models import Scenario
from scheduler.contract.domain import Instance

# The database keeps pounds as NUMERIC(12, 4): eight digits before the point.
TOO_LARGE = 100_000_000
GENERAL_LABELS = {
    "market_forces_factor": "Market forces factor (the national price is paid times it)",
    "discount_pct": "Discount below the national price (%)",
    "commissioner_share_pct": "Share of each referral's price returned to the commissioner (%)",
    "site_visit_gbp": "Fee for each site visit (£)",
    "admin_per_appointment_gbp": "Booking administration per appointment (£)",
    "letters_per_appointment": "Letters per appointment",
    "letter_gbp": "Price of a letter (£)",
    "texts_per_appointment": "Text messages per appointment",
    "text_gbp": "Price of a text message (£)",
    "volume_factor_pct": "Volume factor: the share of the planned activity that happens (%)",
    "income_haircut_pct": "Income haircut: the share of income held back (%)",
    "capital_outlay_gbp": "Capital outlay (£)",
    "startup_gbp": "Start-up costs (£)",
}
SECTIONS = (
    ("General figures", GENERAL_FIELDS[:9]),
    ("Contingencies", ("volume_factor_pct", "income_haircut_pct")),
    ("Investment", ("capital_outlay_gbp", "startup_gbp")),
)
_COLUMNS = {
    column.name: column
    for column in BOOK_COLUMNS + SERVICE_PRICE_COLUMNS + UNIT_COST_COLUMNS + STAFF_COST_COLUMNS
}


@dataclass(frozen=True)
class Figure:
    """One figure of the book: the field that edits it and the row that keeps it."""

    key: str  # the form field's name, and the audit's
    id: str  # the HTML id
    label: str  # names the figure on its own, for screen readers and error messages
    row: object  # the PriceBook, ServicePrice, UnitCost or StaffCost it is kept in
    value: float | None  # as stored; None: missing
    source: str

    @property
    def column(self) -> Column:
        return _COLUMNS[self.attribute]

    @property
    def attribute(self) -> str:
        return self.key.rsplit(":", 1)[-1]


@dataclass(frozen=True)
class ServiceLine:
    name: str
    first_contact: str  # what one referral served is: a first attendance, a test, a procedure
    follow_ups_per_first: float  # the ratio within its cap, as planning uses it
    first: Figure
    follow_up: Figure

    @property
    def follow_up_matters(self) -> bool:
        return self.follow_ups_per_first > 0


@dataclass(frozen=True)
class UnitLine:
    name: str
    hire: Figure
    move: Figure


@dataclass(frozen=True)
class StaffLine:
    skill: str
    staff_group: str
    services: tuple[str, ...]  # the names of the services whose sessions need the skill
    session: Figure

    @property
    def name(self) -> str:
        """The clinicians by the services they staff, the skill's code after: "ENT clinic
        (skill: ent)"."""
        return staff_name(self.skill, self.services)


def staff_name(skill: str, services: tuple[str, ...]) -> str:
    """Clinicians with `skill`, named by the services that need it."""
    if not services:
        return f"Skill: {skill}"
    named = services[0] if len(services) == 1 else f"{', '.join(services[:-1])} and {services[-1]}"
    return f"{named} (skill: {skill})"


@dataclass
class Sheet:
    """The whole page: its figures, and the text typed and reasons refused by figure key."""

    scenario_id: str
    scenario_name: str
    version: int  # the book's version the page shows; a save decided on another is refused
    sections: tuple[tuple[str, tuple[Figure, ...]], ...]
    services: tuple[ServiceLine, ...]
    units: tuple[UnitLine, ...]
    staff: tuple[StaffLine, ...]
    text: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def figures(self) -> Iterator[Figure]:
        for _, figures in self.sections:
            yield from figures
        for line in self.services:
            yield from (line.first, line.follow_up)
        for line in self.units:
            yield from (line.hire, line.move)
        for line in self.staff:
            yield line.session

    def problems(self) -> list[tuple[Figure, str]]:
        """Each refused field with the whole sentence naming it, in the page's order."""
        return [
            (f, _sentence(f.label, self.errors[f.key]))
            for f in self.figures()
            if f.key in self.errors
        ]

    def missing(self) -> list[str]:
        """What the figures leave out for want of a price or cost, by name."""
        out = []
        for line in self.services:
            if line.first.value is None:
                out.append(
                    f"The figures leave out income from {line.name}: it has no "
                    f"{_hyphened(line.first_contact)} price."
                )
            if line.follow_up_matters and line.follow_up.value is None:
                out.append(
                    f"The figures leave out income from {line.name}'s follow-ups: it has no "
                    "follow-up price."
                )
        for line in self.staff:
            if line.session.value is None:
                out.append(
                    f"The figures leave out the cost of the clinicians for {line.name}: "
                    "they have no cost per session."
                )
        return out


def build_sheet(book: PriceBook, scenario: Scenario, instance: Instance) -> Sheet:
    """The page of `book`, the price book of `scenario` (`instance`: its planning instance),
    with a row for each of the scenario's services, units and skills (see `ensure_book`)."""
    sources = book.sources or {}
    sections = tuple(
        (
            title,
            tuple(_figure(n, n, GENERAL_LABELS[n], book, sources.get(n, "")) for n in names),
        )
        for title, names in SECTIONS
    )
    return Sheet(
        scenario.id,
        scenario.name,
        book.version,
        sections,
        _services(book, scenario, instance),
        _units(book, scenario),
        _staff(book, scenario),
    )


def _figure(key: str, html_id: str, label: str, row, source: str) -> Figure:
    """The figure its field `key` names, kept in `row` under the key's last part."""
    return Figure(key, html_id, label, row, getattr(row, key.rsplit(":", 1)[-1]), source)


def _services(book: PriceBook, scenario: Scenario, instance: Instance) -> tuple[ServiceLine, ...]:
    rows = {row.service_id: row for row in book.services}
    lines = []
    for i, service in enumerate(scenario.services, start=1):
        row, name, id_ = rows[service.id], service.name, service.id
        first_contact = FIRST_CONTACT[ACTIVITY_OF_UNIT_TYPE.get(service.unit_type, ATTENDANCE)]
        first, follow_up = split_service(row.source)
        lines.append(
            ServiceLine(
                name,
                first_contact,
                instance.service_by_id[id_].follow_ups_per_first,
                _figure(
                    service_key(id_, "first_price_gbp"),
                    f"service-{i}-first",
                    f"{name}: {first_contact} national price (£)",
                    row,
                    first,
                ),
                _figure(
                    service_key(id_, "follow_up_price_gbp"),
                    f"service-{i}-follow-up",
                    f"{name}: follow-up attendance national price (£)",
                    row,
                    follow_up,
                ),
            )
        )
    return tuple(lines)


def _units(book: PriceBook, scenario: Scenario) -> tuple[UnitLine, ...]:
    rows = {row.unit_id: row for row in book.units}
    lines = []
    for i, unit in enumerate(scenario.units, start=1):
        row, name = rows[unit.id], unit.name
        hire, move = split_unit(row.source)
        hire_key, move_key = unit_key(unit.id, "hire_per_week_gbp"), unit_key(unit.id, "move_gbp")
        lines.append(
            UnitLine(
                name,
                _figure(hire_key, f"unit-{i}-hire", f"{name}: hire per week (£)", row, hire),
                _figure(move_key, f"unit-{i}-move", f"{name}: cost of a move (£)", row, move),
            )
        )
    return tuple(lines)


def _staff(book: PriceBook, scenario: Scenario) -> tuple[StaffLine, ...]:
    rows = {row.skill: row for row in book.staff}
    lines = []
    for i, skill in enumerate(skills_of(scenario), start=1):
        row = rows[skill]
        services = tuple(s.name for s in scenario.services if skill in s.staff)
        label = f"Clinicians for {staff_name(skill, services)}: cost per session (£)"
        session = _figure(staff_key(skill), f"staff-{i}-session", label, row, row.source)
        lines.append(StaffLine(skill, row.staff_group, services, session))
    return tuple(lines)


def read(sheet: Sheet, typed: Mapping[str, str]) -> dict[str, float | None]:
    """The value typed for each figure, by key; a refused field's reason goes in
    `sheet.errors` and what was typed in `sheet.text`.

    A figure whose field was not posted (a service added since the page was drawn) is left
    out, and so left as it is. An empty field is refused unless its column may be empty
    (a price or a session cost), when it means the figure is missing.
    """
    values: dict[str, float | None] = {}
    for figure in sheet.figures():
        if figure.key not in typed:
            continue
        text = typed[figure.key].strip()
        sheet.text[figure.key] = text
        if not text and not figure.column.required:
            values[figure.key] = None
            continue
        try:
            value = figure.column.parse(text)
        except CellError as error:
            sheet.errors[figure.key] = str(error)
            continue
        if value >= TOO_LARGE:
            sheet.errors[figure.key] = f"must be less than {TOO_LARGE:,}, not {text}"
            continue
        values[figure.key] = value
    return values


def shown(sheet: Sheet, figure: Figure) -> str:
    """What a field holds: the text typed, else the stored figure."""
    return sheet.text.get(figure.key, format_value(figure.value))


def _sentence(label: str, reason: str) -> str:
    return f"{label} {reason}" if reason.startswith("must") else f"{label}: {reason}"


def _hyphened(first_contact: str) -> str:
    """'first attendance' as a compound before 'price': 'first-attendance'."""
    return first_contact if "-" in first_contact else first_contact.replace(" ", "-")
