"""All-or-nothing import of referral copies from a CSV file, every bad cell reported.

The file is read by the spreadsheet importer's reader (spreadsheets.files: its limits, and the
export's quote before formula characters undone), and problems are worded as that importer's
(`FILE row N, column C: reason`). A file is loaded once: copies carry no patient, so two equal
rows may be two patients, and what tells a second load of the same file from new copies is its
source. docs/data-formats.md ("Referral copies") describes the format.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

import sqlalchemy as sa

from audit.models import AuditEvent
from audit.record import record
from extensions import db
from inputs import cells
from inputs.cells import CellError
from inputs.importer import ImportRefused, Problem, RawTable
from inputs.models import Practice, Service
from referral_analysis.models import PRIORITIES, ReferralCopy
from spreadsheets.files import read_csv_as

REQUIRED = ("practice", "service", "referred_on")
OPTIONAL = ("priority", "provider", "seen_on", "seen_at", "missed")
COLUMNS = REQUIRED + OPTIONAL
AUDIT_ID_CHARS = AuditEvent.__table__.c.entity_id.type.length  # a longer source is cut there
Parse = Callable[[str], object]


@dataclass(frozen=True)
class Imported:
    """What an import loaded: how many copies, referred from `first` to `last`."""

    rows: int
    first: date
    last: date


def read_copies(path: Path) -> RawTable:
    """Read a CSV file of referral copies, whatever it is called."""
    with path.open("rb") as stream:
        return read_csv_as(stream, path.name, "referral_copies")


def import_copies(raw: RawTable, source: str, today: date) -> Imported:
    """Check every row, then insert them all with one audit event, and commit.

    Args:
        raw: the file as read (`read_copies`).
        source: kept on every copy; a source already loaded is refused.
        today: no referral or first appointment may be later.

    Raises:
        ImportRefused: with every problem found; nothing was written.
    """
    problems = _source_problems(raw.label, source)
    rows = _parse(raw, today, problems)
    if problems:
        raise ImportRefused(problems)
    for row in rows:
        row["source"] = source
    db.session.execute(sa.insert(ReferralCopy.__table__), rows)
    dates = [row["referred_on"] for row in rows]
    imported = Imported(len(rows), min(dates), max(dates))
    after = {"rows": imported.rows, "first": imported.first.isoformat()}
    after |= {"last": imported.last.isoformat(), "source": source}
    record("import", "referral_copy", source[:AUDIT_ID_CHARS], after=after)
    db.session.commit()
    return imported


def _source_problems(label: str, source: str) -> list[Problem]:
    """Refuse a source that is too long, or whose copies are loaded already."""
    limit = ReferralCopy.__table__.c.source.type.length
    if len(source) > limit:
        return [Problem(label, None, None, f"the source is longer than {limit} characters")]
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(ReferralCopy).where(ReferralCopy.source == source)
    )
    if not count:
        return []
    event = db.session.scalar(
        sa.select(AuditEvent)
        .where(
            AuditEvent.entity_type == "referral_copy",
            AuditEvent.action == "import",
            AuditEvent.entity_id == source[:AUDIT_ID_CHARS],
        )
        .order_by(AuditEvent.at.desc())
        .limit(1)
    )
    when = f" on {event.at.day} {event.at:%B %Y}" if event else ""
    reason = (
        f"source '{source}' was imported already{when} ({count:,} rows); "
        "use another --source to load it again"
    )
    return [Problem(label, None, None, reason)]


def _parse(raw: RawTable, today: date, problems: list[Problem]) -> list[dict]:
    """The rows as ReferralCopy columns; what is wrong with them goes to `problems`."""
    header_problems = _header_problems(raw)
    problems.extend(header_problems)
    if header_problems:
        return []
    if not raw.rows:
        problems.append(Problem(raw.label, None, None, "no referral copies below the header"))
        return []
    parsers = _parsers(today)
    rows = []
    for number, cells_by_name in raw.rows:
        if "\0extra" in cells_by_name:
            problems.append(Problem(raw.label, number, None, "more cells than column headers"))
        found: list[Problem] = []
        values = {}
        for name, parse in parsers.items():
            try:
                values[name] = parse(cells_by_name.get(name, ""))
            except CellError as error:
                found.append(Problem(raw.label, number, name, str(error)))
        found += [Problem(raw.label, number, name, reason) for name, reason in _across(values)]
        problems.extend(found)
        if not found:
            rows.append(_row(values))
    return rows


def _header_problems(raw: RawTable) -> list[Problem]:
    """Unknown, repeated and missing columns, named on row 1."""
    problems = []
    for index, name in enumerate(raw.header):
        if name and name not in COLUMNS:
            reason = f"unknown column (the columns are: {', '.join(COLUMNS)})"
            problems.append(Problem(raw.label, 1, name, reason))
        elif name and name in raw.header[:index]:
            problems.append(Problem(raw.label, 1, name, "the column is there twice"))
    for name in REQUIRED:
        if name not in raw.header:
            problems.append(Problem(raw.label, 1, name, "required column is missing"))
    return problems


def _parsers(today: date) -> dict[str, Parse]:
    """How each column's cell is read; an empty optional cell gives its default."""
    practices = set(db.session.scalars(sa.select(Practice.id)))
    services = set(db.session.scalars(sa.select(Service.id)))
    columns = ReferralCopy.__table__.c
    return {
        "practice": partial(_known, "practice", practices),
        "service": partial(_known, "service", services),
        "referred_on": partial(_past_date, today=today),
        "priority": lambda text: cells.choice(text, PRIORITIES) if text.strip() else "routine",
        "provider": partial(_short_text, limit=columns.provider.type.length, empty=""),
        "seen_on": lambda text: _past_date(text, today) if text.strip() else None,
        "seen_at": partial(_short_text, limit=columns.seen_at.type.length, empty=None),
        "missed": lambda text: cells.integer(text, minimum=0) if text.strip() else 0,
    }


def _known(what: str, known: set[str], text: str) -> str:
    value = cells.text(text)
    if value not in known:
        raise CellError(f"unknown {what} '{value}'")
    return value


def _past_date(text: str, today: date) -> date:
    value = cells.iso_date(cells.text(text))
    if value > today:
        raise CellError(f"{value} is in the future (today is {today})")
    return value


def _short_text(text: str, limit: int, empty: str | None) -> str | None:
    value = text.strip()
    if len(value) > limit:
        raise CellError(f"longer than {limit} characters ({len(value)})")
    return value or empty


def _across(values: dict) -> list[tuple[str, str]]:
    """What is wrong between the cells of a row that were read: (column, reason) pairs."""
    found = []
    seen_on, referred_on = values.get("seen_on"), values.get("referred_on")
    if seen_on is not None and referred_on is not None and seen_on < referred_on:
        found.append(("seen_on", f"{seen_on} is before the referral on {referred_on}"))
    if values.get("seen_at") is not None and "seen_on" in values and seen_on is None:
        found.append(("seen_at", "where the patient was seen needs seen_on, the date seen"))
    return found


def _row(values: dict) -> dict:
    """A parsed row as the columns of the referral_copy table."""
    row = {name: values[name] for name in OPTIONAL + ("referred_on",)}
    return row | {"practice_id": values["practice"], "service_id": values["service"]}
