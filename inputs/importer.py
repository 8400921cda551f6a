"""All-or-nothing import of spreadsheet tables, with every bad row reported."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from audit.record import record
from extensions import db
from inputs.cells import CellError
from inputs.mapping import apply_row, key_of, to_row
from inputs.models import Demand, Practice, Service
from inputs.tables import CLINICIANS, DEMAND, PRACTICES, SERVICES, TABLES, Table


@dataclass
class RawTable:
    """A table as typed: header names and (row number, {column: text}) pairs.

    What a spreadsheet file is read into (spreadsheets.files) and what a form gives.
    """

    name: str
    label: str  # how problems name the file: 'sites.csv' or 'data.xlsx, sheet sites'
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    label: str  # the file (and sheet)
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = self.label
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class ImportRefused(ValueError):
    """The import wrote nothing because of these problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [
            f"{name}: {self.created.get(name, 0)} new, {self.updated.get(name, 0)} updated"
            for name in sorted(set(self.created) | set(self.updated))
        ]
        return "; ".join(parts) or "nothing to import"


def check_tables(
    raw_tables: dict[str, RawTable],
) -> tuple[dict[str, list[tuple[int, dict]]], list[Problem]]:
    """Parse and check every row of every table, writing nothing.

    Returns:
        The parsed rows by table (row number, values) and every problem found.
    """
    problems: list[Problem] = []
    parsed: dict[str, list[tuple[int, dict]]] = {}
    for table in TABLES:
        if table.name in raw_tables:
            parsed[table.name] = _parse_table(table, raw_tables[table.name], problems)
    _check_references(raw_tables, parsed, problems)
    return parsed, problems


def import_tables(raw_tables: dict[str, RawTable]) -> ImportReport:
    """Check every row of every table, then write them all in one transaction or none."""
    parsed, problems = check_tables(raw_tables)
    if problems:
        raise ImportRefused(problems)
    report = ImportReport()
    try:
        for table in TABLES:
            if table.name in parsed:
                _write(table, parsed[table.name], report)
        record(
            "import",
            "spreadsheet",
            ",".join(parsed),
            after={"created": report.created, "updated": report.updated},
        )
        db.session.commit()
    except sa.exc.IntegrityError as error:
        db.session.rollback()
        reason = f"the database refused the data: {error.orig}"
        raise ImportRefused([Problem("import", None, None, reason)]) from error
    return report


def _parse_table(table: Table, raw: RawTable, problems: list[Problem]) -> list[tuple[int, dict]]:
    header_problems = _check_header(table, raw)
    problems.extend(header_problems)
    if header_problems:
        return []
    rows, seen = [], {}
    for number, cells in raw.rows:
        if "\0extra" in cells:
            problems.append(Problem(raw.label, number, None, "more cells than column headers"))
        values, ok = {}, True
        for column in table.columns:
            if column.name not in raw.header:
                continue
            text = cells.get(column.name, "")
            if not column.required and not text.strip():
                values[column.name] = None
                continue
            try:
                values[column.name] = column.parse(text)
            except CellError as error:
                problems.append(Problem(raw.label, number, column.name, str(error)))
                ok = False
        if not ok:
            continue
        key = key_of(table, values)
        if key in seen:
            what = " and ".join(f"{k} '{v}'" for k, v in zip(table.key, key, strict=True))
            reason = f"duplicate {what} (also on row {seen[key]})"
            problems.append(Problem(raw.label, number, table.key[0], reason))
            continue
        seen[key] = number
        problems.extend(_check_row(table, raw.label, number, values))
        rows.append((number, values))
    return rows


def _check_header(table: Table, raw: RawTable) -> list[Problem]:
    problems = []
    for name in raw.header:
        if name and name not in table.column_names:
            expected = ", ".join(table.column_names)
            problems.append(
                Problem(raw.label, 1, name, f"unknown column (the columns are: {expected})")
            )
    for column in table.columns:
        if column.required and column.name not in raw.header:
            problems.append(Problem(raw.label, 1, column.name, "required column is missing"))
    return problems


def _check_row(table: Table, label: str, number: int, values: dict) -> list[Problem]:
    """Check what involves more than one cell of a row.

    A row that updates an entity without one of the rule's columns keeps the stored value of
    that column, so the rule is checked against it (and not left to the database).
    """
    involved = {column for rule in table.across for column in rule.columns}
    if not involved <= values.keys() and "id" in values:
        stored = db.session.get(table.model, values["id"])
        if stored is not None:
            values = to_row(table, stored) | values
    return [
        Problem(label, number, rule.columns[0], reason)
        for rule in table.across
        if (reason := rule.problem(values))
    ]


def _check_references(raw_tables, parsed, problems: list[Problem]) -> None:
    """Check that demand names known practices and services, and clinicians known skills."""
    practices = {values["id"] for _, values in parsed.get(PRACTICES.name, [])}
    practices |= set(db.session.scalars(sa.select(Practice.id)))
    services = {values["id"]: values["staff"] for _, values in parsed.get(SERVICES.name, [])}
    for service in db.session.scalars(sa.select(Service)):
        services.setdefault(service.id, service.staff)
    for number, values in parsed.get(DEMAND.name, []):
        label = raw_tables[DEMAND.name].label
        if values["practice"] not in practices:
            reason = f"unknown practice '{values['practice']}'"
            problems.append(Problem(label, number, "practice", reason))
        if values["service"] not in services:
            reason = f"unknown service '{values['service']}'"
            problems.append(Problem(label, number, "service", reason))
    skills = {skill for staff in services.values() for skill in staff}
    for number, values in parsed.get(CLINICIANS.name, []):
        for skill in values["skills"]:
            if skill not in skills:
                known = ", ".join(sorted(skills)) or "none yet: import services first"
                reason = f"unknown skill '{skill}' (no service needs it; known skills: {known})"
                label = raw_tables[CLINICIANS.name].label
                problems.append(Problem(label, number, "skills", reason))


def _write(table: Table, rows: list[tuple[int, dict]], report: ImportReport) -> None:
    for _, values in rows:
        if table is DEMAND:
            entity = db.session.scalar(
                sa.select(Demand).where(
                    Demand.practice_id == values["practice"],
                    Demand.service_id == values["service"],
                )
            )
        else:
            entity = db.session.get(table.model, values["id"])
        counter = report.updated if entity is not None else report.created
        if entity is None:
            entity = table.model()
            db.session.add(entity)
        apply_row(table, entity, values)
        counter[table.name] = counter.get(table.name, 0) + 1
    db.session.flush()
