"""Cancel a whole session for the service (a unit broke down, the clinician is ill)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from booking.clocks import local_now
from booking.forms import SessionCancelForm
from booking.service import BookingRefused
from booking.session_cancellation import CancellationInvalid, cancel_session, session_state
from security.access import role_required

bp = Blueprint("session_cancellation", __name__)


@bp.route("/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@role_required("booking")
def cancel(session_id: int):
    """Show the session and what cancelling it does; on confirmation, cancel it."""
    state = session_state(session_id)
    if state is None:
        abort(404)
    form = SessionCancelForm()
    if form.validate_on_submit():
        try:
            done = cancel_session(
                session_id,
                form.reason.data,
                form.detail.data or "",
                expected_bookings=request.form.get("bookings", type=int),
            )
        except CancellationInvalid as invalid:
            for field, message in invalid.errors.items():
                form[field].errors.append(message)
        except BookingRefused as refused:
            flash(str(refused), "error")
            return redirect(url_for(".cancel", session_id=session_id))
        else:
            flash(_said(len(done.booking_ids), len(done.not_noted)), "success")
            return redirect(url_for("booking.reports.rebook_list"))
    now = local_now()
    return render_template(
        "booking/cancel_session.html",
        state=state,
        refusal=state.refusal(now),
        form=form,
    ), (400 if form.errors else 200)


def _said(cancelled: int, not_noted: int) -> str:
    """What the cancellation did, for the clerk (no patient's details: a flash travels in the
    signed cookie)."""
    done = f"Cancelled the session and its {cancelled} appointment(s)."
    if cancelled:
        done += " The patients are listed below with replacement slots to offer."
    if not_noted:
        done += f" {not_noted} of them were on a pathway that had ended, so it was not noted there."
    return done
