"""Opening a scenario's price book and saving the page's changes to it, whole or not at all.

A save locks the book's row (database/locking.py), refuses if the book changed since the
person's page was drawn (its `version`), reads every field by its column's rule, and writes
every changed figure in one transaction with one audit event. A figure typed over takes as
its source who entered it and when, unless it is typed back to what the reference tables seed
for it, when it takes back the reference's source; the source it replaces is not kept beside
it (the reference files still hold it, and the audit event keeps the figure it had). Putting
back the reference figures re-seeds the whole book the same way, in one transaction and event.
"""

from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm.attributes import flag_modified

from audit.record import record
from business.book import GENERAL_FIELDS, ensure_book
from business.book_form import Figure, Sheet, build_sheet, read
from business.book_reference import reference
from business.book_sources import entered_by, join_service, join_unit, split_service, split_unit
from business.models import PriceBook
from database.locking import lock_row, write_transaction
from extensions import db
from plans.bridge import scenario_instance
from plans.models import Scenario

STALE = (
    "Someone else saved this price book while you had the page open, so nothing was saved. "
    "The page now shows the figures as they are: make your changes again."
)


class BookRefused(ValueError):
    """The change cannot be made (the book changed meanwhile); nothing was written."""


class BookInvalid(ValueError):
    """Some fields cannot be saved; the sheet holds what was typed and each reason."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        super().__init__(f"{len(sheet.errors)} fields cannot be saved")


def open_book(scenario: Scenario) -> Sheet:
    """The scenario's price book as a page, made from the reference tables on first use."""
    book = ensure_book(scenario)
    db.session.commit()
    return build_sheet(book, scenario, scenario_instance(scenario))


def save_book(
    scenario: Scenario,
    typed: Mapping[str, str],
    *,
    expected_version: int,
    editor: str,
    today: date,
) -> int:
    """Save every figure changed on the page in one transaction; return how many changed.

    Args:
        scenario: the scenario whose book the page shows.
        typed: the posted fields by figure key (see `business.book_form`).
        expected_version: the book's version the page was drawn from.
        editor: the username a changed figure's source names.
        today: the day it names.

    Raises:
        BookRefused: the book was saved by someone else since that version.
        BookInvalid: some field is refused by its rule; nothing is saved.
    """
    scenario_id = scenario.id
    with write_transaction(BookRefused):
        scenario, book = _lock(scenario_id, expected_version)
        sheet = build_sheet(book, scenario, scenario_instance(scenario))
        values = read(sheet, typed)
        if sheet.errors:
            raise BookInvalid(sheet)
        entered, seeded = entered_by(editor, today), reference(scenario)
        before, after = {}, {}
        for figure in sheet.figures():
            value = values.get(figure.key, figure.value)
            if figure.key in values and value != figure.value:
                before[figure.key], after[figure.key] = figure.value, value
                setattr(figure.row, figure.attribute, value)
                source = seeded.source_if_seeded(figure.key, value)
                _write_source(book, figure, entered if source is None else source)
        if after:
            flag_modified(book, "sources")  # a row's change raises the book's version too
            record("update", "price_book", scenario_id, before=before, after=after)
        db.session.commit()
    return len(after)


def put_back_reference(scenario: Scenario, *, expected_version: int) -> int:
    """Put every figure of the scenario's price book, its source and each skill's staff group
    back as the reference tables seed them, in one transaction; return how many figures
    changed.

    Raises:
        BookRefused: the book was saved by someone else since `expected_version`.
    """
    scenario_id = scenario.id
    with write_transaction(BookRefused):
        scenario, book = _lock(scenario_id, expected_version)
        sheet = build_sheet(book, scenario, scenario_instance(scenario))
        seeded = reference(scenario)
        before, after = {}, {}
        for figure in sheet.figures():
            seed = seeded.figures[figure.key]
            if seeded.source_if_seeded(figure.key, figure.value) is None:
                before[figure.key], after[figure.key] = figure.value, seed.value
                setattr(figure.row, figure.attribute, seed.value)
            _write_source(book, figure, seed.source)
        for row in book.staff:
            row.staff_group = seeded.staff_groups.get(row.skill, row.staff_group)
        flag_modified(book, "sources")  # the version rises even if only sources changed
        changed = len(after)
        after["seeded"] = "business/reference"
        record("put_back_reference", "price_book", scenario_id, before=before, after=after)
        db.session.commit()
    return changed


def _write_source(book: PriceBook, figure: Figure, source: str) -> None:
    """Put `source` beside the figure, keeping the sources of the figures beside it."""
    row, attribute = figure.row, figure.attribute
    if attribute in GENERAL_FIELDS:
        book.sources = {**(book.sources or {}), attribute: source}
    elif attribute == "first_price_gbp":
        row.source = join_service(source, split_service(row.source)[1])
    elif attribute == "follow_up_price_gbp":
        row.source = join_service(split_service(row.source)[0], source)
    elif attribute == "hire_per_week_gbp":
        row.source = join_unit(source, split_unit(row.source)[1])
    elif attribute == "move_gbp":
        row.source = join_unit(split_unit(row.source)[0], source)
    else:
        row.source = source


def _lock(scenario_id: str, expected_version: int) -> tuple[Scenario, PriceBook]:
    """Lock the scenario's price book for this transaction; refuse a stale version."""
    lock_row(PriceBook, scenario_id)
    scenario = db.session.get(Scenario, scenario_id)
    book = ensure_book(scenario)
    if book.version != expected_version:
        raise BookRefused(STALE)
    return scenario, book
