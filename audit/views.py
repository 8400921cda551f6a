"""The audit page (/audit/): read the trail of changes, filtered; nothing here changes it."""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask import Blueprint, render_template, request

from accounts.access import role_required
from audit.models import AuditEvent
from booking.models import Booking, Referral
from extensions import db

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_ROWS = 200  # newest first; filters narrow the trail down


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _patient_events(patient: str):
    """Events about the patient's referrals and bookings, found by NHS number or name."""
    digits = patient.replace(" ", "")
    who = Referral.nhs_number == digits if digits.isdigit() else Referral.name.ilike(f"%{patient}%")
    referrals = [str(i) for i in db.session.scalars(sa.select(Referral.id).where(who))]
    bookings = [
        str(i)
        for i in db.session.scalars(
            sa.select(Booking.id).where(Booking.referral_id.in_([int(r) for r in referrals]))
        )
    ]
    return sa.or_(
        sa.and_(AuditEvent.entity_type == "referral", AuditEvent.entity_id.in_(referrals)),
        sa.and_(AuditEvent.entity_type == "booking", AuditEvent.entity_id.in_(bookings)),
    )


def audit_events(patient: str, user: str, start: date | None, end: date | None):
    """The newest events matching the filters, and how many match in all."""
    query = sa.select(AuditEvent)
    if patient.strip():
        query = query.where(_patient_events(patient.strip()))
    if user.strip():
        query = query.where(AuditEvent.actor == user.strip())
    if start:
        query = query.where(AuditEvent.at >= datetime.combine(start, time.min))
    if end:
        query = query.where(AuditEvent.at < datetime.combine(end + timedelta(days=1), time.min))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(AuditEvent.id.desc()).limit(PAGE_ROWS))
    return list(rows), total


@bp.get("/")
@role_required("ops")
def index():
    args = request.args
    start, end = _day(args.get("from", "")), _day(args.get("to", ""))
    events, total = audit_events(args.get("patient", ""), args.get("user", ""), start, end)
    actors = db.session.scalars(sa.select(AuditEvent.actor).distinct().order_by(AuditEvent.actor))
    return render_template(
        "audit/index.html",
        events=events,
        total=total,
        actors=list(actors),
        args=args,
        page_rows=PAGE_ROWS,
    )
