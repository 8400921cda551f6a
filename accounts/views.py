"""Sign in and sign out."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_user, logout_user

from accounts.forms import LoginForm
from accounts.models import User
from accounts.service import AccountError, authenticate
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


def _safe_next(target: str | None) -> str | None:
    """Only follow a 'next' address on this site, never to another host."""
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None
