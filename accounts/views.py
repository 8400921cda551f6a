"""Sign in (password, then a code where two-step sign-in is on) and out, and change one's
password; the two-step sign-in pages are in accounts.two_factor_views, the "Your sessions"
page in accounts.session_views and the admin's account pages in accounts.admin_views."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from accounts import service, sessions
from accounts.admin_views import bp as admin_bp
from accounts.forms import ChangePasswordForm, CodeForm, LoginForm
from accounts.session_views import bp as sessions_bp
from accounts.signin import SignInExpired, SignInRefused, finish_sign_in, sign_in, sign_out
from accounts.throttle import longest_wait_min
from accounts.two_factor_views import bp as two_factor_bp
from extensions import limiter, login_manager

bp = Blueprint("accounts", __name__)
bp.register_blueprint(two_factor_bp)
bp.register_blueprint(sessions_bp)
bp.register_blueprint(admin_bp)
bp.record_once(lambda state: sessions.configure(state.app))
bp.before_app_request(sessions.check_timeouts)
login_manager.user_loader(sessions.load_user)
login_manager.login_view = "accounts.login"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"

# What someone who must first change their password, or set up two-step sign-in, may reach.
ALWAYS_OPEN = {"accounts.logout", "static", "pages.vendor"}
OPEN_WHILE_CHANGING = ALWAYS_OPEN | {"accounts.change_password"}
OPEN_WHILE_ENROLLING = ALWAYS_OPEN | {"accounts.two_factor.enrol"}


@bp.before_app_request
def account_setup_first():
    """Send someone signed in with a one-time password to choose their own first, and an
    administrator without two-step sign-in to set it up (ASVS 4.3.1)."""
    if not current_user.is_authenticated:
        return None
    if current_user.must_change_password and request.endpoint not in OPEN_WHILE_CHANGING:
        return redirect(url_for("accounts.change_password"))
    if current_user.must_enrol_totp and request.endpoint not in OPEN_WHILE_ENROLLING:
        return redirect(url_for("accounts.two_factor.enrol"))
    return None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    """Sign in; every failure gets the same answer (see accounts.signin)."""
    form = LoginForm()
    next_page = safe_next(request.args.get("next"))
    if form.validate_on_submit():
        try:
            signed_in = sign_in(form.username.data, form.password.data)
        except SignInRefused as error:
            form.password.errors.append(str(error))
        else:
            if not signed_in:
                return redirect(url_for("accounts.sign_in_code", next=next_page))
            return redirect(next_page or url_for("pages.staff_home"))
    return render_template("accounts/login.html", form=form, longest_wait_min=longest_wait_min())


@bp.route("/account/sign-in-code", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def sign_in_code():
    """Finish signing in with a code from an authenticator app, after the password."""
    if current_user.is_authenticated:
        return redirect(url_for("pages.staff_home"))
    if sessions.pending_user() is None:
        return _sign_in_again()
    form = CodeForm()
    if form.validate_on_submit():
        try:
            finish_sign_in(form.code.data)
        except SignInExpired:
            return _sign_in_again()
        except SignInRefused as error:
            form.code.errors.append(str(error))
        else:
            return redirect(safe_next(request.args.get("next")) or url_for("pages.staff_home"))
    return render_template("accounts/sign_in_code.html", form=form)


def _sign_in_again():
    """Send someone whose code came too late, or whose account changed meanwhile (or who
    was never asked for one), back to the password."""
    was_pending, too_late = sessions.is_pending(), sessions.pending_late()
    sessions.end()
    if too_late:
        flash("The code was not typed in time. Sign in again.", "info")
    elif was_pending:
        flash("Your account changed while the code was due. Sign in again.", "info")
    return redirect(url_for("accounts.login", next=safe_next(request.args.get("next"))))


@bp.post("/logout")
def logout():
    """Sign out, ending every session of the account; a half signed-in session (a code still
    due) forgets its right password too."""
    if current_user.is_authenticated:
        sign_out(current_user)
    else:
        sessions.end()
    flash("You have signed out.", "info")
    return redirect(url_for("pages.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def change_password():
    """Let the signed-in person choose a new password (their current one required)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            user = current_user._get_current_object()  # the session is restarted for it
            service.change_password(user, form.current_password.data, form.new_password.data)
        except service.AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            flash("Your password has been changed. Other sessions have been signed out.", "info")
            return redirect(url_for("pages.staff_home"))
    return render_template(
        "accounts/change_password.html", form=form, longest_wait_min=longest_wait_min()
    )


def safe_next(target: str | None) -> str | None:
    """Return a 'next' address only if it is a path on this site, else None.

    Browsers read a backslash as a slash and skip control characters, so `/\\evil.example`
    or `/\\t/evil.example` would leave the site; anything unusual is refused.
    """
    if not target or len(target) > 2048:
        return None
    if not target.startswith("/") or "//" in target or "\\" in target:
        return None
    if any(not char.isprintable() or char.isspace() for char in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target
