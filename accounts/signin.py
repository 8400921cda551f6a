"""Signing in and out: one answer and one timing for every failed attempt, with throttling.

Whatever went wrong (no such account, wrong password, disabled account, too many recent
failures) the person is told the same thing, after the same argon2 work, so neither the
answer nor its timing tells whether an account exists. Only the security log keeps the
reason.

An account with two-step sign-in is then asked for a TOTP code: until it is right the
session is only half signed in (see accounts.sessions). A wrong, reused or late code gets
one answer too, and counts as a failed sign-in for the throttle.
"""

import sqlalchemy as sa
from flask import request

from accounts import sessions, two_factor
from accounts.models import User
from accounts.passwords import check_nothing, check_password
from accounts.security_log import log_event
from accounts.session_store import end_all
from accounts.throttle import attempt, note_failure, note_success, wait_seconds
from extensions import db

REFUSAL = "The username or password is not right."


class SignInRefused(Exception):
    """A sign-in attempt that failed; its message is the same whatever the reason."""

    def __init__(self, message: str = REFUSAL):
        super().__init__(message)


class SignInExpired(Exception):
    """A code came to a session that is not (or no longer) waiting for one."""


def sign_in(username: str, password: str) -> bool:
    """Check the credentials and start a new session for their account.

    Returns:
        True when the person is signed in; False when the session waits for a code from
        their authenticator app (finish_sign_in).

    Raises:
        SignInRefused: for any failure, including a throttled attempt.
    """
    user = authenticate(username, password)
    if user.has_totp:
        sessions.start_pending(user)
        log_event("sign_in_code_asked", user=user)
        return False
    sessions.start(user)
    db.session.commit()
    log_event("sign_in", user=user, session=sessions.current_id())
    return True


def finish_sign_in(code: str) -> User:
    """Sign in the half signed-in session's account if the code is right.

    Raises:
        SignInExpired: when no sign-in waits for a code, or it has waited too long.
        SignInRefused: with one message for a wrong, reused or throttled code.
    """
    user = sessions.pending_user()
    if user is None:
        raise SignInExpired
    tried = attempt(user.username, request.remote_addr, user)
    if wait_s := wait_seconds(tried):
        log_event("sign_in_failed", user=user, reason="throttled", wait_s=wait_s, step="code")
        raise SignInRefused(two_factor.CODE_REFUSAL)
    if reason := two_factor.claim_code(user, code):
        started_s = note_failure(tried)
        db.session.commit()
        log_event("sign_in_failed", user=user, reason=reason, step="code")
        if started_s:
            log_event("sign_in_throttled", user=user, wait_s=started_s)
        raise SignInRefused(two_factor.CODE_REFUSAL)
    note_success(tried)
    sessions.start(user)
    db.session.commit()
    log_event("sign_in", user=user, session=sessions.current_id(), second_factor="totp")
    return user


def authenticate(username: str, password: str) -> User:
    """Return the account whose password this is, counting failures against the typed
    name, the client's address and the two together; refuse without checking while the
    attempt must wait (see accounts.throttle: from an address the account has signed in
    from lately, the account's own wait does not apply).

    An account that still owes a code keeps its failure count until the code is right, so
    a known password does not buy more guesses at codes.
    """
    username = username.strip()
    user = db.session.scalar(sa.select(User).where(User.username == username))
    tried = attempt(username, request.remote_addr, user)
    who = {"user": user} if user is not None else {"username": username}
    wait_s = wait_seconds(tried)
    if wait_s:
        check_nothing(password)
        log_event("sign_in_failed", **who, reason="throttled", wait_s=wait_s)
        raise SignInRefused
    if user is None or not user.active:
        check_nothing(password)
        reason = "unknown_user" if user is None else "disabled"
    elif check_password(user.password_hash, password):
        if not user.has_totp:
            note_success(tried)
            db.session.commit()
        return user
    else:
        reason = "bad_password"
    started_s = note_failure(tried)
    db.session.commit()
    log_event("sign_in_failed", **who, reason=reason)
    if started_s:
        log_event("sign_in_throttled", **who, wait_s=started_s)
    raise SignInRefused


def sign_out(user: User) -> None:
    """End every session of the account, this one included."""
    log_event("sign_out", user=user, session=sessions.current_id())
    end_all(user, "sign_out")
    db.session.commit()
    sessions.end()
