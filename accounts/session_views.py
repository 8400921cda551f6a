"""The "Your sessions" page: where the signed-in person is signed in, and ending any other
session or all of them (ASVS 3.3.4).

A blueprint nested in accounts.views' own, so its endpoint is "accounts.sessions.index".
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from accounts import clock, service, sessions
from accounts.forms import EndSessionsForm
from accounts.session_store import live_sessions
from accounts.throttle import longest_wait_min
from extensions import limiter

bp = Blueprint("sessions", __name__)


@bp.route("/account/sessions", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def index():
    """List the person's live sessions; end another one, or all others, given the password."""
    user = current_user._get_current_object()
    this = sessions.current_id()
    rows = live_sessions(user)
    others = [row for row in rows if row.id != this]
    form = EndSessionsForm()
    form.which.choices = [(service.ALL_OTHERS, "All other sessions")] + [
        (row.id, row.user_agent) for row in others
    ]
    if others and form.validate_on_submit():
        try:
            count = service.end_sessions(user, form.password.data, form.which.data)
        except service.AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            ended = "1 session" if count == 1 else f"{count} sessions"
            flash(f"{ended} ended: whoever used it must sign in again.", "info")
            return redirect(url_for(".index"))
    return render_template(
        "accounts/sessions.html",
        form=form,
        rows=rows,
        this=this,
        others=others,
        local=clock.local,
        all_others=service.ALL_OTHERS,
        longest_wait_min=longest_wait_min(),
    )
