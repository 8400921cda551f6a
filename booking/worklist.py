"""Import a worklist CSV of referrals: every row checked, all written or none."""

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date

from audit.record import record
from booking.identity import (
    IN_FILE_OTHERWISE,
    WHAT,
    Identity,
    differences,
    identity_errors,
    recorded_identities,
)
from booking.models import Referral
from booking.referrals import (
    FIELDS,
    audit_values,
    duplicate_message,
    known_codes,
    open_referrals,
    parse_referral,
)
from extensions import db

REQUIRED = ("nhs_number", "name", "date_of_birth", "postcode", "practice", "service")
MAX_ROWS = 20_000  # a waiting list, not a population register


@dataclass(frozen=True)
class Problem:
    """One bad cell (or a problem with the whole file when row is None)."""

    row: int | None  # the row number as a spreadsheet shows it (the header is row 1)
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}, {self.field}: " if self.row else ""
        return f"{where}{self.message}"


class WorklistRefused(ValueError):
    """The worklist was not imported; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the worklist")
        self.problems = problems


def _header(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _unreadable(reader, error: csv.Error) -> Problem:
    return Problem(None, None, f"Line {reader.line_num} is not readable as CSV ({error}).")


def read_rows(data: bytes) -> list[dict[str, str]]:
    """Read the CSV's rows keyed by normalised column name."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise WorklistRefused([Problem(None, None, "The file is not UTF-8 text (CSV).")]) from error
    reader = csv.reader(io.StringIO(text))
    try:
        header = [_header(cell) for cell in next(reader, [])]
    except csv.Error as error:
        raise WorklistRefused([_unreadable(reader, error)]) from None
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise WorklistRefused(
            [Problem(None, None, f"The header lacks column(s): {', '.join(missing)}.")]
        )
    unknown = [column for column in header if column and column not in FIELDS]
    if unknown:
        raise WorklistRefused([Problem(None, None, f"Unknown column(s): {', '.join(unknown)}.")])
    rows = []
    try:
        for cells in reader:
            if any(cells):
                rows.append(dict(zip(header, cells, strict=False)))
            if len(rows) > MAX_ROWS:  # stop reading at once: the rest would only cost time
                message = f"The worklist has more than {MAX_ROWS:,} rows; import at most that."
                raise WorklistRefused([Problem(None, None, message)])
    except csv.Error as error:
        raise WorklistRefused([_unreadable(reader, error)]) from None
    if not rows:
        raise WorklistRefused([Problem(None, None, "The worklist has no rows.")])
    return rows


def check_rows(rows: list[dict[str, str]], today: date) -> tuple[list[dict], list[Problem]]:
    """Parse every row; return the referral values and every problem found."""
    practices, services = known_codes()
    problems, accepted, seen, waiting = [], [], {}, open_referrals()
    parsed = []
    for number, row in enumerate(rows, start=2):
        raw = {"referral_date": today.isoformat()} | {k: v for k, v in row.items() if v}
        values, errors = parse_referral(raw, today, practices, services)
        problems += [Problem(number, field, message) for field, message in errors.items()]
        if not errors:
            parsed.append((number, values))
    recorded = recorded_identities(values["nhs_number"] for _, values in parsed)
    first_row: dict[str, tuple[int, Identity]] = {}  # NHS number -> its first row here
    for number, values in parsed:
        mismatched = _identity_problems(number, values, recorded, first_row)
        problems += mismatched
        if mismatched:
            continue
        key = (values["nhs_number"], values["service_id"])
        if key in seen:
            message = f"The same patient and service as row {seen[key]}."
            problems.append(Problem(number, "nhs_number", message))
        elif existing := waiting.get(key):
            problems.append(Problem(number, "nhs_number", duplicate_message(existing)))
        seen.setdefault(key, number)
        accepted.append(values)
    return accepted, sorted(problems, key=lambda problem: problem.row or 0)


def _identity_problems(number: int, values: dict, recorded, first_row) -> list[Problem]:
    """A row whose NHS number names another patient on record, or in an earlier row."""
    errors = identity_errors(values, recorded)
    if errors:
        return [Problem(number, field, message) for field, message in errors.items()]
    identity = Identity.of(values["name"], values["date_of_birth"])
    earlier, theirs = first_row.setdefault(values["nhs_number"], (number, identity))
    return [
        Problem(number, field, IN_FILE_OTHERWISE.format(row=earlier, what=WHAT[field]))
        for field in differences(identity, {theirs})
    ]


def import_worklist(data: bytes, today: date) -> int:
    """Add every referral in the CSV, audited, in one commit; return how many.

    Raises:
        WorklistRefused: any row is bad; nothing is written.
    """
    accepted, problems = check_rows(read_rows(data), today)
    if problems:
        raise WorklistRefused(problems)
    referrals = [Referral(**values) for values in accepted]
    db.session.add_all(referrals)
    db.session.flush()
    for referral in referrals:
        record("create", "referral", referral.id, after=audit_values(referral))
    # The file is named by its digest: a file name may hold a patient's name.
    digest = hashlib.sha256(data).hexdigest()[:16]
    record("import", "worklist", f"sha256:{digest}", after={"rows": len(referrals)})
    db.session.commit()
    return len(referrals)
