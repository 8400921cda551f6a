"""Account changes: creating accounts, passwords chosen and reset, disabling and enabling,
and ending one's own sessions.

The second factor's changes are in accounts.two_factor.

Each change is committed once, with its audit event, and written to the security log.
Accounts are never deleted: a disabled account keeps its audit history.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask import has_request_context, request
from flask_login import current_user

from accounts import clock, sessions
from accounts.models import ROLES, User, UserSession
from accounts.passwords import (
    check_nothing,
    check_password,
    generate_password,
    hash_password,
    password_problem,
)
from accounts.security_log import log_event
from accounts.session_store import end_all, end_row
from accounts.throttle import attempt, note_failure, note_success, wait_seconds
from audit.record import record
from extensions import db
from inputs.models import Practice

ALL_OTHERS = "others"  # ending every session but this one


class AccountError(ValueError):
    """A request about accounts that cannot be met, with a message for the person and the
    form field it is about."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def create_user(
    username: str,
    password: str,
    role: str,
    *,
    one_time: bool = False,
    practice_id: str | None = None,
) -> User:
    """Create and commit a user; refuse a taken name, an unknown role or a weak password.

    Args:
        one_time: the password was issued by an admin and must be changed at first
            sign-in.
        practice_id: the ODS code of a practice account's practice (that role only).
    """
    username = username.strip()
    if not username:
        raise AccountError("Enter a username.", "username")
    if role not in ROLES:
        raise AccountError(f"Role must be one of {', '.join(ROLES)}, not '{role}'.", "role")
    practice_id = account_practice(role, practice_id)
    if problem := password_problem(password, username):
        raise AccountError(problem, "password")
    if db.session.scalar(sa.select(User).where(User.username == username)):
        raise AccountError(f"Username '{username}' is already taken.", "username")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        practice_id=practice_id,
        must_change_password=one_time,
        password_changed_at=clock.now(),
    )
    db.session.add(user)
    db.session.flush()
    record("create", "user", user.id, after=audited_state(user))
    db.session.commit()
    log_event("account_created", user=user, by=actor(), role=role)
    return user


def account_practice(role: str, practice_id: str | None) -> str | None:
    """The known practice a practice account acts for (its ODS code); None for other roles.

    Raises:
        AccountError: about the practice field, for a practice account without a known
            practice or another role given one.
    """
    code = (practice_id or "").strip().upper()
    if role != "practice":
        if code:
            raise AccountError("Only a GP practice account belongs to a practice.", "practice")
        return None
    if not code:
        raise AccountError("A GP practice account needs its practice's ODS code.", "practice")
    if db.session.get(Practice, code) is None:
        raise AccountError(f"No practice has the ODS code '{code}'.", "practice")
    return code


def issue_account(username: str, role: str, practice_id: str | None = None) -> tuple[User, str]:
    """Create an account with a one-time password; return it with the password to show
    once."""
    password = generate_password()
    user = create_user(username, password, role, one_time=True, practice_id=practice_id)
    return user, password


def change_password(user: User, current: str, new: str) -> None:
    """Change the user's own password, ending their other sessions; this one goes on.

    Raises:
        AccountError: naming the field at fault, for a wrong current password or a new
            one that breaks the rules.
    """
    if not _password_again(user, current, "change_password"):
        raise AccountError("Your current password is not right.", "current_password")
    if problem := password_problem(new, user.username):
        raise AccountError(problem, "new_password")
    with account_change(user, "change_password", "password_changed"):
        user.password_hash = hash_password(new)
        user.must_change_password = False
        _new_password_ends_sessions(user, "password_changed")
        sessions.start(user)


def end_sessions(user: User, password: str, which: str) -> int:
    """End one of the user's other sessions (by its row id) or, for ALL_OTHERS, every
    session but this one, once the user has typed their password again (ASVS 3.3.4).

    Returns:
        How many sessions were ended.

    Raises:
        AccountError: naming the field at fault, for a wrong password or a session that is
            not another live one of the user's.
    """
    if not _password_again(user, password, "end_sessions"):
        raise AccountError("Your password is not right.", "password")
    this = sessions.current_id()
    if which == ALL_OTHERS:
        ended = end_all(user, "ended_by_user", keep=this)
    else:
        row = db.session.get(UserSession, which)
        if row is None or row.user_id != user.id or row.id == this or row.ended_at:
            raise AccountError("That session has ended already.", "which")
        end_row(row, "ended_by_user")
        ended = 1
    db.session.commit()
    log_event("sessions_ended", user=user, session=this, ended=which, count=ended)
    return ended


def reset_password(user_id: int) -> tuple[User, str]:
    """Give another account a one-time password, to be changed at its next sign-in;
    return the account and the password to show once."""
    user = other_account(user_id, "reset your own password")
    password = generate_password()
    with account_change(user, "reset_password", "password_reset", by=actor()):
        user.password_hash = hash_password(password)
        user.must_change_password = True
        _new_password_ends_sessions(user, "password_reset")
    return user, password


def disable_user(user_id: int) -> User:
    """Stop another account signing in and end its sessions; its history stays."""
    user = other_account(user_id, "disable your own account")
    with account_change(user, "disable", "account_disabled", by=actor()):
        user.active = False
        user.disabled_at = clock.now()
        end_all(user, "disabled")
    return user


def enable_user(user_id: int) -> User:
    """Let a disabled account sign in again."""
    user = other_account(user_id, "enable your own account")
    with account_change(user, "enable", "account_enabled", by=actor()):
        user.active = True
        user.disabled_at = None
    return user


def other_account(user_id: int, action: str) -> User:
    """Return another account by id (404 if none); refuse the signed-in admin's own."""
    user = db.get_or_404(User, user_id)
    if has_request_context() and current_user.is_authenticated and user.id == current_user.id:
        raise AccountError(f"You cannot {action} here.")
    return user


def _password_again(user: User, password: str, purpose: str) -> bool:
    """Tell whether the signed-in person typed their password right, as a sign-in would:
    a wrong one counts against the same backoff (accounts.throttle) and is logged, and
    none is checked while the attempt must wait, so a session left open is no faster a way
    to guess it. A right one clears the counts a sign-in would; the caller commits.
    """
    tried = attempt(user.username, request.remote_addr, user)
    about = {"user": user, "step": "password_again", "purpose": purpose}
    if wait_s := wait_seconds(tried):
        check_nothing(password)
        log_event("sign_in_failed", **about, reason="throttled", wait_s=wait_s)
        return False
    if check_password(user.password_hash, password):
        note_success(tried)
        return True
    started_s = note_failure(tried)
    db.session.commit()
    log_event("sign_in_failed", **about, reason="bad_password")
    if started_s:
        log_event("sign_in_throttled", user=user, wait_s=started_s)
    return False


def _new_password_ends_sessions(user: User, reason: str) -> None:
    user.password_changed_at = clock.now()
    end_all(user, reason)


@contextmanager
def account_change(user: User, action: str, event: str, **details) -> Iterator[None]:
    """Make the change in the block one step: audited (the account's state before and after),
    committed once, then written to the security log; nothing of it if the block raises."""
    before = audited_state(user)
    yield
    record(action, "user", user.id, before=before, after=audited_state(user))
    db.session.commit()
    log_event(event, user=user, **details)


def audited_state(user: User) -> dict:
    """Return the audited state of an account: never its password, hash or TOTP secret."""
    return {
        "username": user.username,
        "role": user.role,
        "practice_id": user.practice_id,
        "active": user.active,
        "must_change_password": user.must_change_password,
        "two_factor": user.has_totp,
    }


def actor() -> str:
    """Return who is making a change: the signed-in user's name, or the command line."""
    if has_request_context() and current_user.is_authenticated:
        return current_user.username
    return "command line"
