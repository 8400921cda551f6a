"""The day's clinic sessions, each session's register, and its outcomes recorded at once.

Reading a register reads patients' details, so each showing is audited. Outcomes posted
together are recorded one by one: those that fail are shown again as typed, with the
problem beside the field, and the others stay recorded.
"""

import re
from datetime import date, timedelta

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from audit.record import record_access
from booking.clocks import local_now
from booking.forms import ActionForm
from booking.models import Booking
from booking.outcome_views import typed_outcome
from booking.outcomes import ONWARD, OUTCOMES, OutcomeInvalid, onward_services, record_outcome
from booking.referral_page import OutcomeEntry
from booking.register import cancelled_sessions, clinic_register, day_sessions
from booking.session_cancellation import already_cancelled, session_state
from extensions import db
from pathways.models import STEP_LABELS
from plans.models import ClinicSession
from security.access import role_required

bp = Blueprint("register", __name__)
ROW = re.compile(r"^b(\d+)-outcome$")  # a register row's outcome field: b<booking id>-outcome


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


@bp.get("/sessions")
@role_required("booking")
def sessions():
    """The sessions of one day (today unless another is asked for), to open their registers."""
    day = _day(request.args.get("day")) or local_now().date()
    openings = day_sessions(day)
    return render_template(
        "booking/sessions.html",
        day=day,
        openings=openings,
        cancelled=cancelled_sessions([o.session_id for o in openings]),
        before=day - timedelta(days=1),
        after=day + timedelta(days=1),
    )


@bp.get("/sessions/<int:session_id>/register")
@role_required("booking")
def register(session_id: int):
    return _register_page(session_id, {})


def _register_page(session_id: int, entries: dict[int, OutcomeEntry], status: int = 200, **more):
    """The register, with the outcome form's rows (as typed, where `entries` has them)."""
    found = clinic_register(session_id)
    if found is None:
        abort(404)
    record_access("view", "session_register", session_id, rows=len(found.booked))
    rows = [
        (row, entries.get(row.booking.id) or OutcomeEntry(row.booking))
        for row in found.awaiting_outcome
    ]
    state, now = session_state(session_id), local_now()
    return render_template(
        "booking/register.html",
        register=found,
        opening=found.opening,
        outcome_rows=rows,
        outcomes=OUTCOMES,
        onward={kind: onward_services(kind) for kind in ONWARD},
        now=now,
        step_labels=STEP_LABELS,
        cancelled=already_cancelled(state.cancellation) if state.cancellation else None,
        cancellable=state.refusal(now) is None,
        **more,
    ), status


@bp.post("/sessions/<int:session_id>/outcomes")
@role_required("booking")
def record_outcomes(session_id: int):
    """Record each row's outcome on its own; show the rows that need attention again."""
    back = url_for(".register", session_id=session_id)
    db.get_or_404(ClinicSession, session_id)
    if not ActionForm().validate_on_submit():
        return redirect(back)
    here = set(db.session.scalars(sa.select(Booking.id).where(Booking.session_id == session_id)))
    given = [
        int(match.group(1))
        for name, value in request.form.items()
        if (match := ROW.match(name)) and value.strip()
    ]
    chosen = [booking_id for booking_id in given if booking_id in here]  # not another session's
    if not chosen:
        flash("Choose an outcome for at least one patient.", "error")
        return redirect(back)
    recorded, failed = 0, {}
    for booking_id in chosen:
        prefix = f"b{booking_id}-"
        typed = typed_outcome(request.form, prefix)
        version = request.form.get(prefix + "version", type=int)
        try:
            record_outcome(booking_id, typed, expected_version=version)
        except OutcomeInvalid as invalid:
            failed[booking_id] = (typed, invalid.errors)
        else:
            recorded += 1
    if not failed:
        flash(f"{recorded} outcome{'' if recorded == 1 else 's'} recorded.", "success")
        return redirect(back)
    entries = {
        booking_id: OutcomeEntry(db.session.get(Booking, booking_id), typed, errors)
        for booking_id, (typed, errors) in failed.items()
    }
    told = f"{recorded} recorded, {len(failed)} need{'s' if len(failed) == 1 else ''} attention"
    return _register_page(session_id, entries, 400, told=told, failed=entries)
