"""The second factor: a TOTP code accepted once, enrolment, turning it off, and an admin's
reset for a lost phone.

Each change is committed once, with its audit event, and written to the security log. A
code is claimed by a conditional update of the account's last used time step, so two
requests racing with one code cannot both get through (ASVS 2.8.4).
"""

import sqlalchemy as sa
from flask import request

from accounts import clock, sessions, totp
from accounts.models import User
from accounts.security_log import log_event
from accounts.service import AccountError, account_change, actor, other_account
from accounts.session_store import end_all
from accounts.throttle import attempt, note_failure, wait_seconds
from extensions import db

BAD_CODE, REUSED_CODE = "bad_code", "code_reused"  # why a code was refused, for the log
CODE_REFUSAL = "The code is not right. Type the code your app shows now."


def claim_code(user: User, code: str) -> str | None:
    """Accept a code for the account once, recording its time step; the caller commits.

    Returns:
        None when the code is accepted, else why not: BAD_CODE or REUSED_CODE.
    """
    if user.totp_secret is None:
        return BAD_CODE
    now = clock.now()
    step = totp.matching_step(user.totp_secret, code, now, user.totp_last_step)
    if step is None:
        reused = totp.is_replay(user.totp_secret, code, now, user.totp_last_step)
        return REUSED_CODE if reused else BAD_CODE
    unused = sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step)
    claimed = db.session.execute(
        sa.update(User).where(User.id == user.id, unused).values(totp_last_step=step)
    )
    return None if claimed.rowcount else REUSED_CODE


def start_enrolment(user: User) -> str:
    """Give the account a secret to enrol with, unless one is waiting; return it.

    The secret does nothing until a code from it is confirmed, so showing the page again
    shows the same secret, already scanned or not.
    """
    if user.has_totp:
        raise AccountError("Two-step sign-in is on already.")
    if user.totp_secret is None:
        user.totp_secret = totp.new_secret()
        user.totp_last_step = None
        db.session.commit()
    return user.totp_secret


def confirm_enrolment(user: User, code: str) -> None:
    """Switch two-step sign-in on once a code from the new secret is right, ending the
    account's other sessions (signed in with the password alone); this one goes on.

    Raises:
        AccountError: on the "code" field, for a code that is not right.
    """
    if user.has_totp or user.totp_secret is None:
        raise AccountError("Start setting up two-step sign-in again.", "code")
    if reason := claim_code(user, code):
        log_event("two_factor_code_refused", user=user, purpose="enrol", reason=reason)
        raise AccountError(CODE_REFUSAL, "code")
    with account_change(user, "enable_two_factor", "two_factor_enabled"):
        user.totp_enabled_at = clock.now()
        end_all(user, "two_factor_enabled")
        sessions.start(user)


def turn_off(user: User, code: str) -> None:
    """Switch the user's own two-step sign-in off, given a current code.

    A wrong code counts as a failed sign-in, so the throttle bounds guessing from a session
    left open. Administrators must keep it on.

    Raises:
        AccountError: for an administrator, or (on the "code" field) a code that is not
            right or must wait.
    """
    if user.role == "admin":
        raise AccountError("Administrators must keep two-step sign-in on.")
    if not user.has_totp:
        raise AccountError("Two-step sign-in is off already.")
    tried = attempt(user.username, request.remote_addr, user)
    reason = "throttled" if wait_seconds(tried) else claim_code(user, code)
    if reason:
        if reason != "throttled":
            note_failure(tried)
            db.session.commit()
        log_event("two_factor_code_refused", user=user, purpose="turn_off", reason=reason)
        raise AccountError(CODE_REFUSAL, "code")
    with account_change(user, "disable_two_factor", "two_factor_disabled"):
        _forget_secret(user)


def reset(user_id: int) -> User:
    """Take another account's second factor away (a lost or replaced phone) and end its
    sessions; it enrols again at its next sign-in (at once if it is an admin)."""
    user = other_account(user_id, "reset your own two-step sign-in")
    with account_change(user, "reset_two_factor", "two_factor_reset", by=actor()):
        _forget_secret(user)
        end_all(user, "two_factor_reset")
    return user


def _forget_secret(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
