"""Creating accounts and signing in, with throttling of failed attempts."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from accounts.models import ROLES, User
from accounts.passwords import MIN_PASSWORD_LENGTH, check_password, hash_password
from audit.record import record
from extensions import db


class AccountError(ValueError):
    """A request about accounts that cannot be met, with a message for the person."""


def create_user(username: str, password: str, role: str) -> User:
    """Create and commit a user; refuse a taken name, an unknown role or a short password."""
    username = username.strip()
    if not username:
        raise AccountError("Enter a username.")
    if role not in ROLES:
        raise AccountError(f"Role must be one of {', '.join(ROLES)}, not '{role}'.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if db.session.scalar(sa.select(User).where(User.username == username)):
        raise AccountError(f"Username '{username}' is already taken.")
    user = User(username=username, password_hash=hash_password(password), role=role)
    db.session.add(user)
    db.session.flush()
    record("create", "user", user.id, after={"username": username, "role": role})
    db.session.commit()
    return user


def authenticate(username: str, password: str) -> User:
    """Return the user for correct credentials."""
    user = db.session.scalar(sa.select(User).where(User.username == username.strip()))
    if user is None or not user.active or not check_password(user.password_hash, password):
        raise AccountError("The username or password is not right.")
    return user


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
