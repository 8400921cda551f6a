"""Recording the outcome of an attended appointment from the referral page.

The outcome service (booking/outcomes.py) checks everything and names the field at fault;
this page shows the form again with what was typed and the problem beside that field.
"""

from collections.abc import Mapping

from flask import Blueprint, flash, redirect, request, url_for

from audit.record import record_access
from booking.clocks import local_now
from booking.forms import ActionForm
from booking.models import Booking, Referral
from booking.outcomes import OUTCOMES, OutcomeInvalid, Recorded, record_outcome
from booking.referral_page import OutcomeEntry, render_referral
from extensions import db
from security.access import role_required

bp = Blueprint("outcomes", __name__)
MAX_TYPED = 100  # characters of each field kept to show back; no outcome field needs more


def typed_outcome(form: Mapping[str, str], prefix: str = "") -> dict[str, str]:
    """The outcome fields as typed, under `prefix` (a register row's, say), as
    record_outcome reads them, with the "book it now" box.

    The referral page has a service list per onward outcome (`service-<outcome>`), the
    register one list (`service`): the one for the outcome chosen is the service.
    """

    def text(name: str) -> str:
        return (form.get(prefix + name) or "").strip()[:MAX_TYPED]

    outcome = text("outcome")
    return {
        "outcome": outcome,
        "weeks": text("weeks"),
        "expiry": text("expiry"),
        "service": text(f"service-{outcome}") or text("service"),
        "book_now": "yes" if text("book_now") else "",
    }


def recorded_message(done: Recorded) -> str:
    """What a clerk is told once an outcome is recorded (no patient details: flashes travel
    in the session cookie)."""
    outcome, step = done.booking.outcome, done.step
    if outcome == "follow_up" and step is not None:
        weeks = (step.due_date - done.booking.session.date).days // 7
        return (
            f"Recorded: follow-up in {weeks} week{'' if weeks == 1 else 's'}, "
            f"due by {step.due_date:%-d %B %Y}."
        )
    said = f"Recorded: {OUTCOMES[outcome][0].lower()}{OUTCOMES[outcome][1:]}."
    if step is not None:
        said += " The new step waits on the waiting list."
    return said


@bp.post("/bookings/<int:booking_id>/outcome")
@role_required("booking")
def record(booking_id: int):
    booking = db.get_or_404(Booking, booking_id)
    back = url_for("booking.referral", referral_id=booking.referral_id)
    if not ActionForm().validate_on_submit():
        return redirect(back)
    typed = typed_outcome(request.form)
    try:
        done = record_outcome(
            booking_id, typed, expected_version=request.form.get("version", type=int)
        )
    except OutcomeInvalid as invalid:
        booking = db.session.get(Booking, booking_id)
        record_access("view", "referral", booking.referral_id)
        return render_referral(
            db.session.get(Referral, booking.referral_id),
            local_now(),
            outcome=OutcomeEntry(booking, typed, invalid.errors),
            status=400,
        )
    if done.step is not None and done.step.kind == "follow_up" and typed["book_now"]:
        flash(f"{recorded_message(done)} Choose the follow-up's slot below.", "success")
        return redirect(url_for("booking.referral", referral_id=done.step.id))
    flash(recorded_message(done), "success")
    return redirect(back)
