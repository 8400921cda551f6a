"""Adding referrals to the waiting list: every field checked, nothing written when one is bad."""

from collections.abc import Mapping
from datetime import date, datetime

import sqlalchemy as sa

from audit.record import record
from booking.contact import parse_contact
from booking.identity import identity_errors
from booking.models import PRIORITIES, Booking, Referral
from booking.nhs_number import NhsNumberError, normalise_nhs_number
from booking.reference import parse_reference
from database.locking import lock_row, write_transaction
from extensions import db
from inputs.entities import Kind
from inputs.models import Practice, Service
from inputs.reliance import Usage, count
from sites.geo import GeoError, normalise_postcode

FIELDS = (
    "nhs_number",
    "name",
    "date_of_birth",
    "postcode",
    "practice",
    "service",
    "priority",
    "referral_date",
    "notes",
    "mobile",
    "email",
    "message_consent",
)
OLDEST_BIRTH = date(1900, 1, 1)  # earlier dates are typing mistakes, not patients
MAX_NAME, MAX_NOTES = 200, 2000
CHANGED_MEANWHILE = "The referral was changed while you had the page open; nothing was saved."
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")  # ISO, and the UK form worklists use


class ReferralInvalid(ValueError):
    """Referral fields that cannot be accepted: `errors` maps each field to its problem."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def parse_date(text: str, what: str) -> date:
    """A date as the desk takes it (ISO or 23/11/2026), or ValueError naming `what`."""
    text = (text or "").strip()
    if not text:
        raise ValueError(f"Enter the {what}.")
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"Enter the {what} as a real date, for example 2026-11-23 or 23/11/2026.")


def parse_referral(
    raw: Mapping[str, str], today: date, practices: set[str], services: set[str]
) -> tuple[dict, dict[str, str]]:
    """Check one referral's text fields; return the values for a Referral and any errors."""
    values, errors = {}, {}

    def check(field: str, parse) -> None:
        try:
            values[field] = parse((raw.get(field) or "").strip())
        except (ValueError, NhsNumberError, GeoError) as error:
            errors[field] = str(error)

    check("nhs_number", normalise_nhs_number)
    check("name", lambda text: _bounded(text, "name", MAX_NAME, required=True))
    check("date_of_birth", lambda text: parse_date(text, "date of birth"))
    check("postcode", lambda text: normalise_postcode(text))
    check("practice_id", lambda _: _known(raw.get("practice"), practices, "practice", upper=True))
    check("service_id", lambda _: _known(raw.get("service"), services, "service"))
    check("priority", lambda text: _priority(text))
    check("referral_date", lambda text: parse_date(text, "referral date"))
    check("notes", lambda text: _bounded(text, "notes", MAX_NOTES))
    contact, contact_errors = parse_contact(raw)
    values |= contact
    errors |= contact_errors
    errors = {_field(key): message for key, message in errors.items()}
    born, referred = values.get("date_of_birth"), values.get("referral_date")
    if born and (born > today or born < OLDEST_BIRTH):
        errors["date_of_birth"] = "The date of birth must be in the past (and after 1900)."
    if referred and referred > today:
        errors["referral_date"] = "The referral date cannot be in the future."
    elif referred and born and referred < born and "date_of_birth" not in errors:
        errors["referral_date"] = "The referral date cannot be before the date of birth."
    return values, errors


def _field(key: str) -> str:
    return {"practice_id": "practice", "service_id": "service"}.get(key, key)


def _bounded(text: str, what: str, limit: int, required: bool = False) -> str:
    if required and not text:
        raise ValueError(f"Enter the {what}.")
    if len(text) > limit:
        raise ValueError(f"Use at most {limit} characters for the {what}.")
    return text


def _known(text: str | None, known: set[str], what: str, upper: bool = False) -> str:
    text = (text or "").strip()
    text = text.upper() if upper else text.lower()
    if not text:
        raise ValueError(f"Choose the {what}.")
    if text not in known:
        raise ValueError(f"'{text}' is not a known {what}.")
    return text


def _priority(text: str) -> str:
    text = text.lower() or "routine"
    if text not in PRIORITIES:
        raise ValueError("Priority is urgent or routine.")
    return text


def known_codes() -> tuple[set[str], set[str]]:
    """The practice and service ids a referral may name."""
    return (
        set(db.session.scalars(sa.select(Practice.id))),
        set(db.session.scalars(sa.select(Service.id))),
    )


def _open() -> sa.Select:
    attended = sa.select(Booking.referral_id).where(Booking.status == "attended")
    return sa.select(Referral).where(Referral.id.not_in(attended))


def open_referral(
    nhs_number: str, service_id: str, practice_id: str | None = None
) -> Referral | None:
    """The patient's referral for the service that has not yet led to an attended visit
    (only one of `practice_id`'s, when one is named)."""
    query = _open().where(Referral.nhs_number == nhs_number, Referral.service_id == service_id)
    if practice_id is not None:
        query = query.where(Referral.practice_id == practice_id)
    return db.session.scalar(query)


def open_referrals() -> dict[tuple[str, str], Referral]:
    """Every open referral keyed by (NHS number, service id)."""
    return {(r.nhs_number, r.service_id): r for r in db.session.scalars(_open())}


def _search_key(text: str) -> tuple[str, str | int]:
    """What search text names: ("nhs_number", digits), ("reference", referral id) or
    ("name", the text stripped)."""
    text = text.strip()
    digits = text.replace(" ", "")
    if digits.isdigit():
        return "nhs_number", digits
    if (referral_id := parse_reference(text)) is not None:
        return "reference", referral_id
    return "name", text


def names_a_patient(text: str) -> bool:
    """Tell whether search text is an NHS number or a booking reference rather than part of
    a name: it names one patient, whose referrals are wanted whatever their status (a
    patient ringing with a shortlist may have been booked meanwhile)."""
    return _search_key(text)[0] != "name"


def patient_matches(text: str) -> sa.ColumnElement[bool]:
    """Match referrals by NHS number (spaces ignored), by booking reference (a patient
    ringing with a practice's shortlist) or by part of the patient's name."""
    kind, key = _search_key(text)
    if kind == "nhs_number":
        return Referral.nhs_number == key
    if kind == "reference":
        return Referral.id == key
    return Referral.name.ilike(f"%{key}%") if key else sa.false()


def referral_ids_matching(text: str) -> list[int]:
    """The ids of the referrals of the patient searched for by NHS number or name."""
    query = sa.select(Referral.id).where(patient_matches(text)).order_by(Referral.id)
    return list(db.session.scalars(query))


def audit_subjects(referral_ids: list[int]) -> dict[str, list[str]]:
    """The referrals and their bookings as the audit trail names them (type -> ids)."""
    bookings = sa.select(Booking.id).where(Booking.referral_id.in_(referral_ids))
    return {
        "referral": [str(i) for i in referral_ids],
        "booking": [str(i) for i in db.session.scalars(bookings)],
    }


def duplicate_message(existing: Referral) -> str:
    return (
        f"This patient is already waiting for {existing.service_id} "
        f"(referred {existing.referral_date:%-d %B %Y})."
    )


def audit_values(referral: Referral) -> dict:
    """The referral's fields for the audit trail, which keeps the values of the codes and
    dates and only the names of the patient's details (see audit.privacy)."""
    return {
        "nhs_number": referral.nhs_number,
        "name": referral.name,
        "date_of_birth": referral.date_of_birth.isoformat(),
        "postcode": referral.postcode,
        "practice_id": referral.practice_id,
        "service_id": referral.service_id,
        "priority": referral.priority,
        "referral_date": referral.referral_date.isoformat(),
        "notes": referral.notes,
        "mobile": referral.mobile,
        "email": referral.email,
        "message_consent": referral.message_consent,
    }


def check_referral(
    raw: Mapping[str, str], today: date, acting_for: str | None = None
) -> tuple[dict, dict[str, str]]:
    """Check a new referral's fields, and that its NHS number names the patient it does on
    record (booking.identity); return the values for a Referral and any errors by field.

    The record is consulted only for a referral that is otherwise good: one that would be
    written if it matched, so that no half-typed form can probe someone's details.

    Args:
        acting_for: the practice of the user or API client referring (None for the booking
            desk): a number on record with another practice is refused with one message
            that tells nothing of that record, and only the practice's records are compared.
    """
    values, errors = parse_referral(raw, today, *known_codes())
    if not errors and acting_for is not None and values["practice_id"] != acting_for:
        errors = {"practice": "A practice refers its own patients only."}
    if not errors:
        errors = identity_errors(values, acting_for=acting_for)
    return values, errors


def add_referral(raw: Mapping[str, str], today: date, acting_for: str | None = None) -> Referral:
    """Check and add one referral, audited, and commit.

    Args:
        acting_for: the practice referring, for a practice's user (None for the desk); see
            check_referral.

    Raises:
        ReferralInvalid: a field is bad, the NHS number is recorded with another name or
            date of birth (or, for a practice, with another practice), or the patient
            already waits for the service.
    """
    values, errors = check_referral(raw, today, acting_for)
    if not errors and (
        existing := open_referral(values["nhs_number"], values["service_id"], acting_for)
    ):
        errors["nhs_number"] = duplicate_message(existing)
    if errors:
        raise ReferralInvalid(errors)
    referral = Referral(**values)
    db.session.add(referral)
    db.session.flush()
    record("create", "referral", referral.id, after=audit_values(referral))
    db.session.commit()
    return referral


def referral_uses(kind: Kind, entity) -> Usage:
    """Practices and services that referrals name are kept: referrals are the record."""
    if kind.name not in ("practices", "services"):
        return Usage()
    column = Referral.practice_id if kind.name == "practices" else Referral.service_id
    number = db.session.scalar(sa.select(sa.func.count()).where(column == entity.id))
    if not number:
        return Usage()
    what = f"{kind.singular.capitalize()} {entity.id}"
    return Usage(
        refusals=[
            f"{what} is named by {count(number, 'referral')} (the waiting list and its "
            "history). Referrals are kept for the record, so it must stay."
        ]
    )


def update_contact(
    referral_id: int, raw: Mapping[str, str], expected_version: int | None
) -> Referral:
    """Check and save the patient's mobile number, email and consent to messages, audited.

    Raises:
        ReferralInvalid: a field is bad, or the referral changed since `expected_version`.
    """
    values, errors = parse_contact(raw)
    if errors:
        raise ReferralInvalid(errors)
    with write_transaction(lambda message: ReferralInvalid({"mobile": message})):
        referral = lock_row(Referral, referral_id)
        if referral is None:
            raise ReferralInvalid({"mobile": "That referral does not exist."})
        if expected_version is not None and referral.version != expected_version:
            raise ReferralInvalid({"mobile": CHANGED_MEANWHILE})
        before = audit_values(referral)
        for field, value in values.items():
            setattr(referral, field, value)
        db.session.flush()
        record("update", "referral", referral.id, before=before, after=audit_values(referral))
        db.session.commit()
    return referral
