"""Staff sessions: Flask's signed cookie, made revocable and timed out.

Besides Flask-Login's user id the cookie holds a random session token whose row in
user_session (accounts.session_store) says whether the session still lives: signing out,
disabling an account or a new password ends the rows, and the session with them. Before
each request the row's times are checked against SESSION_IDLE_MINUTES and
SESSION_ABSOLUTE_HOURS.

Between a right password and a right TOTP code the session is only half signed in: it holds
the account's id, a deadline and the account's session epoch under keys of its own, and no
user id and no row, so Flask-Login treats the person as signed out everywhere. Whatever ends
every session of the account (a new password, disabling, signing out) raises the epoch, and
the half signed-in session with it.
"""

from datetime import timedelta

from flask import Flask, flash, session
from flask_login import login_user, logout_user

from accounts import clock, session_store
from accounts.models import User
from accounts.security_log import log_event
from extensions import db

USER_ID, SESSION_ID = "_user_id", "_session_id"  # the session token, never logged
PENDING_USER, PENDING_UNTIL = "_pending_user", "_pending_until"  # Unix seconds
PENDING_EPOCH = "_pending_epoch"  # the account's session_epoch when the password was right
PENDING_S = 300  # time to fetch a phone and type the code; then the password is asked again
SEEN_STEP = timedelta(minutes=1)  # last-seen is written at most once a minute per session


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
    """Sign the user in on a brand-new session: nothing of the old one survives, and the
    browser's previous session, if any, ends. Adds the new session's row; the caller
    commits."""
    if (previous := session_store.find(session.get(SESSION_ID))) and previous.ended_at is None:
        session_store.end_row(previous, "replaced")
    session.clear()
    login_user(user)
    session[SESSION_ID] = session_store.open_row(user)


def start_pending(user: User) -> None:
    """Start a new, half signed-in session: the password was right, the code is still due."""
    logout_user()
    session.clear()
    session.update(
        {
            PENDING_USER: user.id,
            PENDING_UNTIL: _now_s() + PENDING_S,
            PENDING_EPOCH: user.session_epoch,
        }
    )


def pending_user() -> User | None:
    """Return the account a half signed-in session waits to finish signing in, or None if
    there is none, its time is up, or every session of the account has since been ended (a
    new password, disabling, a second factor reset ...) or it is disabled."""
    user_id = session.get(PENDING_USER)
    if user_id is None or pending_late():
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_epoch != session.get(PENDING_EPOCH):
        return None
    return user


def is_pending() -> bool:
    """Tell whether this session is half signed in, waiting for a code (maybe too late)."""
    return PENDING_USER in session


def pending_late() -> bool:
    """Tell whether a half signed-in session has waited past its deadline for the code."""
    return is_pending() and _now_s() > session.get(PENDING_UNTIL, 0)


def end() -> None:
    """Forget the signed-in user and everything else in the session (its row is ended by
    the caller)."""
    logout_user()
    session.clear()


def load_user(user_id: str) -> User | None:
    """Return the session's user, refusing a session whose row has ended or is missing, or
    a disabled account.

    The refusal clears the cookie's session and is logged the first time only: a client
    that keeps sending the old cookie is refused each time without a line each time (a
    cookie with no row at all, from before rows were kept, is logged whenever it comes).
    """
    user = db.session.get(User, int(user_id))
    row = session_store.find(session.get(SESSION_ID))
    live = row is not None and row.ended_at is None and user is not None and row.user_id == user.id
    if not live or not user.active:
        if user is not None and (row is None or session_store.first_refusal(row)):
            log_event("session_ended", user=user, reason="revoked", session=current_id())
        session.clear()
        return None
    return user


def check_timeouts() -> None:
    """End a session that has been idle too long or has lived too long; else note its use.

    Runs before every request; the page asked for then treats the person as signed out.
    A session whose row has ended is left to load_user, which refuses it.
    """
    if USER_ID not in session:
        return
    row = session_store.find(session.get(SESSION_ID))
    if row is None or row.ended_at is not None:
        return
    now = clock.now()
    reason = session_store.expired_reason(row, now)
    if reason is None:
        if now - clock.aware(row.last_seen_at) >= SEEN_STEP:
            row.last_seen_at = now
            db.session.commit()
        return
    session_store.end_row(row, reason)
    db.session.commit()
    user = db.session.get(User, row.user_id)
    log_event("session_ended", user=user, reason=reason, session=row.id)
    end()
    flash("Your session has ended. Sign in again to go on.", "info")


def current_id() -> str | None:
    """Return this session's row id (not its token), for the security log and its row."""
    token = session.get(SESSION_ID)
    return session_store.row_id(token) if token else None


def _now_s() -> int:
    return int(clock.now().timestamp())
