"""The patient-level RTT list (PTL): every incomplete pathway, longest wait first, with what
it waits for next. Validators work through it to check each clock against the patient's
record; it is the RTT report's figures one patient at a time, so it is the booking desk's."""

import csv
import io
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from booking.models import LIVE_STATUSES, Booking, Referral
from booking.pathway_reports import incomplete_rtt
from extensions import db
from inputs.models import Practice, Service
from pathways.models import STEP_LABELS, Pathway
from pathways.rtt import Clock
from plans.models import ClinicSession
from spreadsheets.safe_cells import safe_row

CSV_COLUMNS = (
    "nhs_number",
    "name",
    "practice",
    "locality",
    "service",
    "clock_start",
    "weeks_waited",
    "breach_date",
    "days_to_breach",
    "waiting_for",
    "next_appointment",
)


@dataclass(frozen=True)
class PtlRow:
    """One incomplete pathway: its patient (from the GP's referral), clock and next step."""

    referral: Referral  # the first step
    service_name: str
    locality: str
    clock: Clock
    waiting_for: tuple[str, ...]  # the open steps, in words
    next_appointment: date | None


def ptl(today: date, service: str = "", locality: str = "") -> list[PtlRow]:
    """The incomplete RTT pathways (the RTT report's), longest wait first."""
    first = aliased(Referral)
    query = (
        sa.select(first, Pathway.started, Service.name, Practice.locality)
        .join(Pathway, Pathway.id == first.pathway_id)
        .join(Service, Service.id == first.service_id)
        .join(Practice, Practice.id == first.practice_id)
        .where(first.kind == "first", *incomplete_rtt())
        .order_by(Pathway.started, first.id)
    )
    if service:
        query = query.where(first.service_id == service)
    if locality:
        query = query.where(Practice.locality == locality)
    rows = db.session.execute(query).all()
    pathway_ids = [row[0].pathway_id for row in rows]
    steps, appointments = _open_steps(pathway_ids), _next_appointments(pathway_ids)
    return [
        PtlRow(
            referral,
            service_name,
            place,
            Clock(started=started),
            steps.get(referral.pathway_id, ()),
            appointments.get(referral.pathway_id),
        )
        for referral, started, service_name, place in rows
    ]


def _open_steps(pathway_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """What each pathway's open steps wait for, in words: steps neither closed nor seen."""
    seen = sa.select(Booking.referral_id).where(Booking.status == "attended")
    names = dict(db.session.execute(sa.select(Service.id, Service.name)).all())
    found: dict[int, list[str]] = {}
    query = sa.select(Referral.pathway_id, Referral.kind, Referral.service_id).where(
        Referral.pathway_id.in_(pathway_ids),
        Referral.closed_on.is_(None),
        Referral.id.not_in(seen),
    )
    for pathway_id, kind, service_id in db.session.execute(query.order_by(Referral.id)):
        found.setdefault(pathway_id, []).append(f"{STEP_LABELS[kind]}: {names[service_id]}")
    return {key: tuple(value) for key, value in found.items()}


def _next_appointments(pathway_ids: list[int]) -> dict[int, date]:
    """Each pathway's soonest appointment still to come, across its steps."""
    query = (
        sa.select(Referral.pathway_id, sa.func.min(ClinicSession.date))
        .join(Booking, Booking.referral_id == Referral.id)
        .join(ClinicSession, ClinicSession.id == Booking.session_id)
        .where(Referral.pathway_id.in_(pathway_ids), Booking.status.in_(LIVE_STATUSES))
        .group_by(Referral.pathway_id)
    )
    return dict(db.session.execute(query).all())


def ptl_csv(rows: list[PtlRow], today: date) -> str:
    """The PTL as CSV, one row per pathway, its text safe from formula injection."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        referral, clock = row.referral, row.clock
        writer.writerow(
            safe_row(
                [
                    referral.nhs_number,
                    referral.name,
                    referral.practice_id,
                    row.locality,
                    row.service_name,
                    clock.started.isoformat(),
                    clock.weeks_waited(today),
                    clock.breach_date().isoformat(),
                    (clock.breach_date() - today).days,
                    "; ".join(row.waiting_for),
                    row.next_appointment.isoformat() if row.next_appointment else "",
                ]
            )
        )
    return out.getvalue()
