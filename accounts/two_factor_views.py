"""The signed-in person's two-step sign-in pages: its status, setting it up, turning it off.

A blueprint nested in accounts.views' own, so its endpoints are "accounts.two_factor.*".
"""

from flask import Blueprint, flash, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required

from accounts import totp, two_factor
from accounts.forms import CodeForm
from accounts.service import AccountError
from extensions import limiter

bp = Blueprint("two_factor", __name__)


@bp.get("/account/two-factor")
@login_required
def status():
    """Say whether two-step sign-in is on, with a way to set it up or turn it off."""
    return render_template("accounts/two_factor.html", form=CodeForm())


@bp.route("/account/two-factor/enrol", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def enrol():
    """Show a new secret as a QR code and as text, and switch two-step sign-in on once a
    code from it is right; the page is never stored by a browser or proxy."""
    user = current_user._get_current_object()  # the session is restarted on success
    if user.has_totp:
        return redirect(url_for(".status"))
    secret = two_factor.start_enrolment(user)
    form = CodeForm()
    if form.validate_on_submit():
        try:
            two_factor.confirm_enrolment(user, form.code.data)
        except AccountError as error:
            form.code.errors.append(str(error))
        else:
            flash("Two-step sign-in is on. Other sessions have been signed out.", "info")
            return redirect(url_for("pages.staff_home"))
    html = render_template(
        "accounts/enrol.html",
        form=form,
        qr_image=totp.qr_image(secret, user.username),
        secret_groups=totp.grouped(secret),
        issuer=totp.ISSUER,
    )
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/account/two-factor/turn-off")
@login_required
@limiter.limit("10 per minute")
def turn_off():
    """Turn two-step sign-in off, given a current code (not for administrators)."""
    form = CodeForm()
    if form.validate_on_submit():
        try:
            two_factor.turn_off(current_user._get_current_object(), form.code.data)
        except AccountError as error:
            if error.field is None:
                flash(str(error), "error")
                return redirect(url_for(".status"))
            form.code.errors.append(str(error))
        else:
            flash("Two-step sign-in is off.", "info")
            return redirect(url_for(".status"))
    return render_template("accounts/two_factor.html", form=form)
