"""Staff sessions: Flask's signed cookie, made revocable and timed out.

Besides Flask-Login's user id the session holds the account's session version (raised to
end every session of the account at once), a random session id for the security log, and
when the session was issued and last used, checked before each request against
SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS.

Between a right password and a right TOTP code the session is only half signed in: it holds
the account's id, session version and a deadline under keys of its own, and no user id, so
Flask-Login treats the person as signed out everywhere.
"""

import secrets

from flask import Flask, current_app, flash, session
from flask_login import login_user, logout_user

from accounts import clock
from accounts.models import User
from accounts.security_log import log_event
from extensions import db

USER_ID, VERSION, SESSION_ID = "_user_id", "_version", "_session_id"
ISSUED, SEEN = "_issued", "_seen"  # Unix seconds
SEEN_STEP_S = 60  # last-seen moves at most once a minute, so few responses rewrite the cookie
PENDING_USER, PENDING_VERSION, PENDING_UNTIL = "_pending_user", "_pending_version", "_pending_until"
PENDING_S = 300  # time to fetch a phone and type the code; then the password is asked again


def configure(app: Flask) -> None:
    """Set the session cookie's flags from the HTTPS setting.

    Over HTTPS the cookie is Secure and named with the __Host- prefix, which browsers only
    accept from a secure page, for the whole site (Path=/) and without a Domain.
    """
    https = app.config["HTTPS"]
    app.config.update(
        SESSION_COOKIE_SECURE=https,
        SESSION_COOKIE_NAME="__Host-session" if https else "session",
        SESSION_COOKIE_PATH="/",
        SESSION_COOKIE_DOMAIN=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )


def start(user: User) -> None:
    """Sign the user in on a brand-new session: nothing of the old one survives."""
    session.clear()
    login_user(user)
    now_s = _now_s()
    session.update(
        {
            VERSION: user.session_version,
            SESSION_ID: secrets.token_hex(16),
            ISSUED: now_s,
            SEEN: now_s,
        }
    )


def start_pending(user: User) -> None:
    """Start a new, half signed-in session: the password was right, the code is still due."""
    logout_user()
    session.clear()
    session.update(
        {
            PENDING_USER: user.id,
            PENDING_VERSION: user.session_version,
            PENDING_UNTIL: _now_s() + PENDING_S,
        }
    )


def pending_user() -> User | None:
    """Return the account a half signed-in session waits to finish signing in, or None if
    there is none, its time is up, or the account has since been disabled or revoked."""
    user_id = session.get(PENDING_USER)
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    if (
        user is None
        or not user.active
        or session.get(PENDING_VERSION) != user.session_version
        or _now_s() > session.get(PENDING_UNTIL, 0)
    ):
        return None
    return user


def is_pending() -> bool:
    """Tell whether this session is half signed in, waiting for a code (maybe too late)."""
    return PENDING_USER in session


def end() -> None:
    """Forget the signed-in user and everything else in the session."""
    logout_user()
    session.clear()


def load_user(user_id: str) -> User | None:
    """Return the session's user, refusing a session the account has since revoked (its
    version was raised) or a disabled account."""
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or session.get(VERSION) != user.session_version:
        if user is not None:
            log_event("session_ended", user=user, reason="revoked", session=current_id())
        session.clear()
        return None
    return user


def check_timeouts() -> None:
    """End a session that has been idle too long or has lived too long; else note its use.

    Runs before every request; the page asked for then treats the person as signed out.
    """
    if USER_ID not in session:
        return
    now_s = _now_s()
    issued, seen = session.get(ISSUED, 0), session.get(SEEN, 0)
    config = current_app.config
    if now_s - seen > config["SESSION_IDLE_MINUTES"] * 60:
        reason = "idle"
    elif now_s - issued > config["SESSION_ABSOLUTE_HOURS"] * 3600:
        reason = "absolute"
    else:
        if now_s - seen >= SEEN_STEP_S:
            session[SEEN] = now_s
        return
    user = db.session.get(User, int(session[USER_ID]))
    log_event("session_ended", user=user, reason=reason, session=current_id())
    end()
    flash("Your session has ended. Sign in again to go on.", "info")


def _now_s() -> int:
    return int(clock.now().timestamp())


def current_id() -> str | None:
    """Return the random id of this session, for the security log."""
    return session.get(SESSION_ID)
