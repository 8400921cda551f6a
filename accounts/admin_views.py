"""The admin's account pages: list and create staff accounts (a one-time password shown
once), disable and enable them (never delete), reset a password or two-step sign-in."""

import sqlalchemy as sa
from flask import Blueprint, flash, make_response, redirect, render_template, url_for

from accounts import service, two_factor
from accounts.forms import NewUserForm
from accounts.models import User
from extensions import db
from security.access import role_required

bp = Blueprint("admin", __name__)


@bp.route("/admin/users", methods=["GET", "POST"])
@role_required("admin")
def users():
    """List staff accounts and create one with a one-time password, shown once."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user, password = service.issue_account(
                form.username.data, form.role.data, form.practice.data
            )
        except service.AccountError as error:
            field = form[error.field] if error.field in form else form.username
            field.errors.append(str(error))
        else:
            return _show_password(user, password, "Account created")
    return _users_page(form)


@bp.post("/admin/users/<int:user_id>/disable")
@role_required("admin")
def disable(user_id: int):
    """Stop an account signing in; it is never deleted."""
    return _act(lambda: service.disable_user(user_id), "{} can no longer sign in.")


@bp.post("/admin/users/<int:user_id>/enable")
@role_required("admin")
def enable(user_id: int):
    """Let a disabled account sign in again."""
    return _act(lambda: service.enable_user(user_id), "{} can sign in again.")


@bp.post("/admin/users/<int:user_id>/reset-password")
@role_required("admin")
def reset_password(user_id: int):
    """Issue a one-time password to another account and show it once."""
    try:
        user, password = service.reset_password(user_id)
    except service.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for(".users"))
    return _show_password(user, password, "Password reset")


@bp.post("/admin/users/<int:user_id>/reset-two-factor")
@role_required("admin")
def reset_two_factor(user_id: int):
    """Take away another account's second factor (a lost phone); it sets one up again."""
    return _act(
        lambda: two_factor.reset(user_id),
        "Two-step sign-in of {} was reset and their sessions ended: they set it up again.",
    )


def _act(action, message: str):
    try:
        user = action()
    except service.AccountError as error:
        flash(str(error), "error")
    else:
        flash(message.format(user.username), "info")
    return redirect(url_for(".users"))


def _show_password(user: User, password: str, heading: str):
    """Show a one-time password once, on a page no browser or proxy may keep."""
    response = _users_page(NewUserForm(formdata=None), issued=(heading, user.username, password))
    response.headers["Cache-Control"] = "no-store"
    return response


def _users_page(form: NewUserForm, issued: tuple[str, str, str] | None = None):
    accounts = db.session.scalars(sa.select(User).order_by(User.username))
    html = render_template("accounts/users.html", form=form, users=accounts, issued=issued)
    return make_response(html)
