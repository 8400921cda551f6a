"""Searching a practice's appointments: by patient (NHS number), slot, status and day.

A client finds only its own practice's patients' appointments, as it reads them one by one;
a search of another practice's patient finds nothing rather than being refused, so it tells
nothing. Days are whole days (a time of day is refused): the search is counted and paged in
the database, whose rows know a session's day and morning or afternoon, not its clock times.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from booking.models import Booking, Referral
from booking.nhs_number import NhsNumberError, normalise_nhs_number
from booking.openings import load_openings
from extensions import db
from fhir_api.appointments import FHIR_STATUSES, STATUSES, appointment
from fhir_api.cancellation_reasons import cancel_reasons
from fhir_api.clients import Caller
from fhir_api.datatypes import NHS_NUMBER_SYSTEM
from fhir_api.ids import parse_slot_id, reference_id
from fhir_api.outcomes import refuse
from fhir_api.search import date_window, token_code
from plans.models import ClinicSession

PATIENT = "patient:identifier"
DATE_NAMES = ("date", "start")  # FHIR's name for Appointment.start, and GP Connect's
BOOKING_STATUSES = {code: status for status, code in STATUSES.items()}


@dataclass(frozen=True)
class AppointmentFilter:
    """What an Appointment search narrows to (None: anything): patients' NHS numbers, slots
    as (session, number), booking statuses, and days from `first_day` to `last_day`."""

    nhs_numbers: frozenset[str] | None = None
    slots: frozenset[tuple[int, int]] | None = None
    statuses: frozenset[str] | None = None
    first_day: date | None = None
    last_day: date | None = None


def _values(args, name: str) -> list[str] | None:
    given = args.getlist(name)
    return [v.strip() for text in given for v in text.split(",")] if given else None


def _nhs_number(value: str) -> str:
    code = token_code(value, NHS_NUMBER_SYSTEM)
    if not code:  # another identifier system: no patient of this service
        return ""
    try:
        return normalise_nhs_number(code)
    except NhsNumberError as error:
        raise refuse(422, "value", f"{PATIENT}: {error}", PATIENT) from None


def _days(args, name: str) -> tuple[date | None, date | None]:
    """The first and last day a date parameter asks for (None: open)."""
    window = date_window(args.getlist(name), name, max_days=None)
    bounds = {window.start, window.end} - {datetime.min, datetime.max}
    if any(bound.time() != time() for bound in bounds):
        raise refuse(
            422,
            "not-supported",
            f"Search appointments by whole days: {name}=ge2027-01-04 without a time.",
            name,
        )
    first = None if window.start == datetime.min else window.start.date()
    last = None if window.end == datetime.max else date.fromordinal(window.end.toordinal() - 1)
    return first, last


def _known_statuses(codes: list[str]) -> None:
    unknown = [code for code in codes if code not in FHIR_STATUSES]
    if unknown:
        raise refuse(
            422,
            "code-invalid",
            f"status {', '.join(unknown)} is no Appointment status; "
            f"search by {', '.join(sorted(FHIR_STATUSES))}.",
            "status",
        )


def appointment_search(args) -> AppointmentFilter:
    """The filter of an Appointment search's parameters (several values of one parameter
    match any of them; different parameters must all match).

    Raises:
        FhirError: 422 naming the parameter: an NHS number that fails its check digit, a
            status that is no FHIR Appointment status, or a date range that is unreadable,
            reversed or has a time of day.
    """
    found = {}
    if (patients := _values(args, PATIENT)) is not None:
        found["nhs_numbers"] = frozenset(_nhs_number(value) for value in patients)
    if (slots := _values(args, "slot")) is not None:
        ids = (parse_slot_id(reference_id(s, "Slot") or s) for s in slots)
        found["slots"] = frozenset(i for i in ids if i is not None)
    if (codes := _values(args, "status")) is not None:
        _known_statuses(codes)
        found["statuses"] = frozenset(BOOKING_STATUSES.get(code, "") for code in codes)
    firsts, lasts = [], []
    for name in DATE_NAMES:
        if args.getlist(name):
            first, last = _days(args, name)
            firsts += [first] if first else []
            lasts += [last] if last else []
    return AppointmentFilter(
        **found, first_day=max(firsts, default=None), last_day=min(lasts, default=None)
    )


def _query(wanted: AppointmentFilter, caller: Caller) -> sa.Select:
    query = (
        sa.select(Booking)
        .join(Referral, Referral.id == Booking.referral_id)
        .join(ClinicSession, ClinicSession.id == Booking.session_id)
        .where(Referral.practice_id == caller.practice_id)
    )
    if wanted.nhs_numbers is not None:
        query = query.where(Referral.nhs_number.in_(sorted(wanted.nhs_numbers)))
    if wanted.slots is not None:
        query = query.where(
            sa.tuple_(Booking.session_id, Booking.slot_number).in_(sorted(wanted.slots))
            if wanted.slots
            else sa.false()
        )
    if wanted.statuses is not None:
        query = query.where(Booking.status.in_(sorted(wanted.statuses)))
    if wanted.first_day is not None:
        query = query.where(ClinicSession.date >= wanted.first_day)
    if wanted.last_day is not None:
        query = query.where(ClinicSession.date <= wanted.last_day)
    return query


def find_appointments(
    wanted: AppointmentFilter, caller: Caller, offset: int, count: int
) -> tuple[int, list[dict]]:
    """How many of the caller's practice's appointments match, and the Appointments on the
    page asked for, soonest first."""
    query = _query(wanted, caller)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    page = db.session.scalars(
        query.options(contains_eager(Booking.referral))
        .order_by(ClinicSession.date, ClinicSession.period, Booking.slot_number, Booking.id)
        .offset(offset)
        .limit(count)
    ).all()
    sessions = sa.select(ClinicSession).where(ClinicSession.id.in_({b.session_id for b in page}))
    openings = {o.session_id: o for o in load_openings(sessions, include_full=True)}
    reasons = cancel_reasons(b.id for b in page if b.status == "cancelled")
    return total, [appointment(b, openings[b.session_id], reasons) for b in page]
