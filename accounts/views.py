"""Sign in and sign out."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_user, logout_user

from accounts.access import role_required
from accounts.forms import LoginForm, NewUserForm
from accounts.models import User
from accounts.passwords import generate_password
from accounts.service import AccountError, authenticate, create_user
from extensions import db, limiter, login_manager

bp = Blueprint("accounts", __name__)
login_manager.login_view = "accounts.login"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data)
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("pages.staff_home"))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    flash("You have signed out.", "info")
    return redirect(url_for("pages.index"))


@bp.route("/admin/users", methods=["GET", "POST"])
@role_required("admin")
def users():
    """List staff accounts and create one with a generated password, shown once."""
    form = NewUserForm()
    created = None
    if form.validate_on_submit():
        password = generate_password()
        try:
            user = create_user(form.username.data, password, form.role.data)
        except AccountError as error:
            form.username.errors.append(str(error))
        else:
            created = (user.username, password)
            form = NewUserForm(formdata=None)
    accounts = db.session.scalars(sa.select(User).order_by(User.username))
    return render_template("accounts/users.html", form=form, users=accounts, created=created)


def _safe_next(target: str | None) -> str | None:
    """Only follow a 'next' address on this site, never to another host."""
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None
