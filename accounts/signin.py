"""Signing in and out: one answer and one timing for every failed attempt, with throttling.

Whatever went wrong (no such account, wrong password, disabled account, too many recent
failures) the person is told the same thing, after the same argon2 work, so neither the
answer nor its timing tells whether an account exists. Only the security log keeps the
reason.
"""

import sqlalchemy as sa
from flask import request

from accounts import sessions
from accounts.models import User
from accounts.passwords import check_nothing, check_password
from accounts.security_log import log_event
from accounts.throttle import forget_account, note_failure, throttle_keys, wait_seconds
from extensions import db

REFUSAL = "The username or password is not right."


class SignInRefused(Exception):
    """A sign-in attempt that failed; its message is the same whatever the reason."""

    def __init__(self):
        super().__init__(REFUSAL)


def sign_in(username: str, password: str) -> User:
    """Check the credentials and start a new session for their account.

    Raises:
        SignInRefused: for any failure, including a throttled attempt.
    """
    user = authenticate(username, password)
    sessions.start(user)
    log_event("sign_in", user=user, session=sessions.current_id())
    return user


def authenticate(username: str, password: str) -> User:
    """Return the account whose password this is, counting failures against the typed
    name and the client's address; refuse without checking while either must wait."""
    username = username.strip()
    keys = throttle_keys(username, request.remote_addr)
    user = db.session.scalar(sa.select(User).where(User.username == username))
    who = {"user": user} if user is not None else {"username": username}
    wait_s = wait_seconds(keys)
    if wait_s:
        check_nothing(password)
        log_event("sign_in_failed", **who, reason="throttled", wait_s=wait_s)
        raise SignInRefused
    if user is None or not user.active:
        check_nothing(password)
        reason = "unknown_user" if user is None else "disabled"
    elif check_password(user.password_hash, password):
        forget_account(keys)
        db.session.commit()
        return user
    else:
        reason = "bad_password"
    started_s = note_failure(keys)
    db.session.commit()
    log_event("sign_in_failed", **who, reason=reason)
    if started_s:
        log_event("sign_in_throttled", **who, wait_s=started_s)
    raise SignInRefused


def sign_out(user: User) -> None:
    """End every session of the account, this one included."""
    log_event("sign_out", user=user, session=sessions.current_id())
    user.session_version += 1
    db.session.commit()
    sessions.end()
