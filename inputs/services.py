"""List, save and delete sites, practices, units, services and clinicians; one commit each.

A form is checked as the spreadsheet import checks one row: its cells go through the
importer's own row checks, so the cell parsers, the rule across cells (a base needs both
coordinates) and the rule across tables (a clinician's skills must be needed by some
service) are the import's, with the import's messages.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from audit.record import record
from extensions import db
from inputs.cells import format_value
from inputs.entities import KINDS, Kind

# The importer offers its per-table checks only as private helpers; a form is one row of
# one table, so it uses them as they are rather than copying their rules.
from inputs.importer import RawTable, check_tables
from inputs.mapping import apply_row, to_row
from inputs.models import Demand, Service
from inputs.reliance import Usage, new_violations, remove_uses, usage
from inputs.tables import Table

FORM_LABEL = "form"  # stands in for a file name in the importer's Problem
FORM_ROW = 2  # the row under the header, as a spreadsheet counts
# The database may still refuse what the checks let through (a name too long for its
# column on PostgreSQL, an id taken meanwhile by someone else); say so, never crash.
_REFUSED = (sa.exc.IntegrityError, sa.exc.DataError)


class RowInvalid(ValueError):
    """The form's cells break the import's rules; reasons by column."""

    def __init__(self, reasons: dict[str, list[str]]):
        self.reasons = reasons
        super().__init__(str(reasons))


class NeedsConfirmation(ValueError):
    """The change has consequences the person must agree to first."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


class DeleteRefused(ValueError):
    """The entity cannot be deleted, for these reasons."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__("\n".join(reasons))


@dataclass(frozen=True)
class Listing:
    """One page of a list: the rows to show and how they were chosen."""

    rows: list[dict]  # the listed columns' values, as to_row gives them
    total: int  # before the search
    sort: str
    descending: bool
    query: str


def list_rows(
    kind: Kind, *, sort: str = "id", descending: bool = False, query: str = ""
) -> Listing:
    """Return the kind's entities as rows, searched (any listed column) and sorted."""
    sort = sort if sort in kind.listed else "id"
    model = kind.table.model
    rows = [to_row(kind.table, e) for e in db.session.scalars(sa.select(model).order_by(model.id))]
    total, needle = len(rows), query.strip().casefold()
    if needle:
        rows = [
            row
            for row in rows
            if any(needle in format_value(row[column]).casefold() for column in kind.listed)
        ]
    present = [row for row in rows if row[sort] not in (None, "", [])]
    absent = [row for row in rows if row[sort] in (None, "", [])]
    present.sort(key=lambda row: _sort_key(row[sort]), reverse=descending)
    return Listing(present + absent, total, sort, descending, query.strip())


def counts() -> dict[str, int]:
    """How many rows each table holds, for the overview."""
    models = {name: kind.table.model for name, kind in KINDS.items()} | {"demand": Demand}
    return {
        name: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for name, model in models.items()
    }


def form_choices(kind: Kind) -> dict[str, tuple[str, ...]]:
    """Checkbox choices that depend on the data: a clinician's skills are those services need."""
    if kind.name != "clinicians":
        return {}
    skills = {skill for staff in db.session.scalars(sa.select(Service.staff)) for skill in staff}
    return {"skills": tuple(sorted(skills))}


def entity_row(kind: Kind, entity_id: str) -> dict:
    """Return the entity's values (404 if there is none)."""
    return to_row(kind.table, db.get_or_404(kind.table.model, entity_id))


def save_entity(
    kind: Kind, cells: dict[str, str], *, entity_id: str | None = None, confirmed: bool = False
):
    """Create (entity_id None) or update an entity from spreadsheet cells; commit and audit.

    Raises:
        RowInvalid: a cell breaks the import's rules, or the id is taken.
        NeedsConfirmation: the edit would make a published plan break a rule.
    """
    values, reasons = check_cells(kind.table, cells)
    if reasons:
        raise RowInvalid(reasons)
    try:
        if entity_id is None:
            entity = _create(kind, values)
        else:
            entity = _update(kind, entity_id, values, confirmed)
        db.session.commit()
    except _REFUSED as error:
        db.session.rollback()
        raise RowInvalid({"id" if entity_id is None else "name": [_refused(error)]}) from error
    return entity


def _create(kind: Kind, values: dict):
    model = kind.table.model
    if db.session.get(model, values["id"]) is not None:
        raise RowInvalid({"id": [f"'{values['id']}' is the id of another {kind.singular}"]})
    entity = model()
    apply_row(kind.table, entity, values)
    db.session.add(entity)
    record("create", kind.singular, entity.id, after=_snapshot(kind, entity))
    return entity


def _update(kind: Kind, entity_id: str, values: dict, confirmed: bool):
    entity = db.get_or_404(kind.table.model, entity_id)
    before = _snapshot(kind, entity)
    broken = new_violations(kind, entity_id, lambda: apply_row(kind.table, entity, values))
    if broken and not confirmed:
        db.session.rollback()
        raise NeedsConfirmation(broken)
    after = _snapshot(kind, entity)
    changed = [column for column in after if after[column] != before[column]]
    if changed:
        record(
            "update",
            kind.singular,
            entity.id,
            before={c: before[c] for c in changed},
            after={c: after[c] for c in changed},
        )
    return entity


def check_cells(table: Table, cells: dict[str, str]) -> tuple[dict | None, dict[str, list[str]]]:
    """Parse a form's cells as one imported row.

    Args:
        table: the spreadsheet table the form edits.
        cells: the text of every column, as it would stand in a spreadsheet cell.

    Returns:
        The parsed values (None if any cell is bad) and the reasons by column.
    """
    raw = RawTable(table.name, FORM_LABEL, list(table.column_names), [(FORM_ROW, dict(cells))])
    tables, problems = check_tables({table.name: raw})
    parsed = tables.get(table.name, [])
    reasons: dict[str, list[str]] = {}
    for problem in problems:
        reasons.setdefault(problem.column or table.key[0], []).append(problem.reason)
    if reasons or not parsed:
        return None, reasons
    return parsed[0][1], {}


def delete_usage(kind: Kind, entity_id: str) -> Usage:
    """Return what keeps the entity, and what deleting it would also remove (404 if none)."""
    return usage(kind, db.get_or_404(kind.table.model, entity_id))


def delete_entity(kind: Kind, entity_id: str, *, confirmed: bool = False) -> None:
    """Delete the entity, taking it out of draft plans, scenarios and demand; commit.

    Raises:
        DeleteRefused: a published plan or a scenario's fixed items rely on it.
        NeedsConfirmation: deleting would also remove other things and confirmed is False.
    """
    entity = db.get_or_404(kind.table.model, entity_id)
    found = usage(kind, entity)
    if found.refusals:
        raise DeleteRefused(found.refusals)
    if found.consequences and not confirmed:
        raise NeedsConfirmation(found.consequences)
    before = _snapshot(kind, entity)
    try:
        remove_uses(found)
        db.session.flush()  # first: demand and plans have no ORM link to delete them in order
        record("delete", kind.singular, entity.id, before=before)
        db.session.delete(entity)
        db.session.commit()
    except _REFUSED as error:
        db.session.rollback()
        what = f"{kind.singular.capitalize()} {entity_id}"
        raise DeleteRefused([f"{what} cannot be deleted: {_refused(error)}"]) from error


def _refused(error: sa.exc.DBAPIError) -> str:
    return f"the database refused the change ({error.orig})"


def _snapshot(kind: Kind, entity) -> dict[str, str]:
    """The entity as spreadsheet cells: what the audit trail keeps."""
    return {column: format_value(value) for column, value in to_row(kind.table, entity).items()}


def _sort_key(value):
    if isinstance(value, int | float):
        return (0, value, "")
    return (1, 0, format_value(value).casefold())
