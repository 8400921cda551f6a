"""PUNs and DENs: a patients' unmet need or a doctors' educational need found in a practice's
referrals, with the action agreed, who owns it and when it is reviewed.

A finding is open until someone marks it done with a note of what was done. Each change is
audited (entity type "referral_finding") and committed by the function that makes it; a
finding changed since its form was shown is refused, never overwritten.
"""

from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from audit.record import record, who
from booking.referrals import parse_date as desk_date
from database.locking import lock_row, write_transaction
from extensions import db
from inputs.models import Practice, Service
from referral_analysis.models import FINDING_KINDS, Finding

ENTITY = "referral_finding"  # the audit trail's name for a finding
MAX_TEXT = 2000  # evidence, action and a done note: a paragraph or two, not a report
MAX_OWNER = 200  # the owner column's width
FIELDS = ("practice", "service", "kind", "evidence", "action", "owner", "review_on")
CHANGED_MEANWHILE = "This finding was changed while you had the page open; nothing was changed."


class FindingInvalid(ValueError):
    """A finding that cannot be recorded or closed: `errors` maps each field to its problem."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def parse_finding(raw: Mapping[str, str], today: date) -> tuple[dict, dict[str, str]]:
    """Check a finding form's text; return the values for a Finding and a problem per field.

    The practice must exist; the service may be left empty (all services) but must exist when
    given; the review date is today or later.
    """
    values: dict = {}
    errors: dict[str, str] = {}

    def check(field: str, key: str, parse) -> None:
        try:
            values[key] = parse((raw.get(field) or "").strip())
        except ValueError as error:
            errors[field] = str(error)

    check("practice", "practice_id", _practice)
    check("service", "service_id", _service)
    check("kind", "kind", _kind)
    check("evidence", "evidence", lambda text: _text(text, "evidence", MAX_TEXT))
    check("action", "action", lambda text: _text(text, "action agreed", MAX_TEXT))
    check("owner", "owner", lambda text: _text(text, "owner", MAX_OWNER))
    check("review_on", "review_on", lambda text: desk_date(text, "review date"))
    if values.get("review_on") and values["review_on"] < today:
        errors["review_on"] = f"The review date must be today ({today:%-d %B %Y}) or later."
    return values, errors


def _practice(code: str) -> str:
    code = code.upper()
    if not code:
        raise ValueError("Choose the practice.")
    if db.session.get(Practice, code) is None:
        raise ValueError(f"'{code}' is not a known practice.")
    return code


def _service(code: str) -> str | None:
    code = code.lower()
    if not code:
        return None  # the finding is about all the practice's referrals
    if db.session.get(Service, code) is None:
        raise ValueError(f"'{code}' is not a known service.")
    return code


def _kind(text: str) -> str:
    if text not in FINDING_KINDS:
        raise ValueError(
            "Choose whether it is a patients' unmet need or a doctors' educational need."
        )
    return text


def _text(text: str, what: str, limit: int) -> str:
    if not text:
        raise ValueError(f"Enter the {what}.")
    if len(text) > limit:
        used = f"you used {len(text):,}"
        raise ValueError(f"Use at most {limit:,} characters for the {what} ({used}).")
    return text


def audit_values(finding: Finding) -> dict:
    """The finding's fields as the audit trail keeps them."""
    return {
        "practice_id": finding.practice_id,
        "service_id": finding.service_id,
        "kind": finding.kind,
        "evidence": finding.evidence,
        "action": finding.action,
        "owner": finding.owner,
        "review_on": finding.review_on.isoformat(),
        "status": finding.status,
    }


def record_finding(values: Mapping[str, str], today: date) -> Finding:
    """Check and record a finding from a form's text, audited, and commit.

    Raises:
        FindingInvalid: a field is bad, naming each one.
    """
    checked, errors = parse_finding(values, today)
    if errors:
        raise FindingInvalid(errors)
    finding = Finding(**checked, status="open", created_by=who()[1])
    db.session.add(finding)
    db.session.flush()
    record("create", ENTITY, finding.id, after=audit_values(finding))
    db.session.commit()
    return finding


def mark_done(finding_id: int, note: str, expected_version: int | None, today: date) -> Finding:
    """Close an open finding with a note of what was done, audited, and commit.

    Args:
        finding_id: the finding.
        note: what was done; required.
        expected_version: the finding's version when the form was shown (None: do not check).
        today: the day it is done.

    Raises:
        FindingInvalid: under "note", when the finding does not exist, is done already or
            changed since `expected_version`, or the note is missing or too long.
    """
    with write_transaction(lambda message: FindingInvalid({"note": message})):
        finding = lock_row(Finding, finding_id)
        if finding is None:
            raise FindingInvalid({"note": "That finding does not exist."})
        if finding.status == "done":
            raise FindingInvalid(
                {"note": f"This finding was marked done on {finding.done_on:%-d %B %Y} already."}
            )
        if expected_version is not None and finding.version != expected_version:
            raise FindingInvalid({"note": CHANGED_MEANWHILE})
        try:
            note = _text((note or "").strip(), "note of what was done", MAX_TEXT)
        except ValueError as error:
            raise FindingInvalid({"note": str(error)}) from error
        finding.status, finding.done_on, finding.done_note = "done", today, note
        db.session.flush()
        record(
            "done",
            ENTITY,
            finding.id,
            before={"status": "open"},
            after={"status": "done", "done_on": today.isoformat(), "done_note": note},
        )
        db.session.commit()
    return finding


def _listed(*conditions) -> sa.Select:
    """Findings with their practice and service read in the same query."""
    return (
        sa.select(Finding)
        .options(joinedload(Finding.practice), joinedload(Finding.service))
        .where(*conditions)
    )


def _of(practice_id: str | None) -> tuple:
    return (Finding.practice_id == practice_id,) if practice_id else ()


def open_findings(practice_id: str | None = None) -> list[Finding]:
    """The open findings (of one practice, or all), the earliest review date first."""
    query = _listed(Finding.status == "open", *_of(practice_id))
    return list(db.session.scalars(query.order_by(Finding.review_on, Finding.id)))


def done_findings(practice_id: str | None = None) -> list[Finding]:
    """The findings marked done (of one practice, or all), the latest done first."""
    query = _listed(Finding.status == "done", *_of(practice_id))
    return list(db.session.scalars(query.order_by(Finding.done_on.desc(), Finding.id.desc())))


def findings_for(practice_id: str | None) -> list[Finding]:
    """Every finding of a practice (None: of all): the open ones as `open_findings` orders
    them, then the done ones, the latest done first."""
    return open_findings(practice_id) + done_findings(practice_id)


def is_overdue(finding: Finding, today: date) -> bool:
    """Whether an open finding's review date has passed."""
    return finding.status == "open" and finding.review_on < today
