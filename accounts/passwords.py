"""Password hashing with argon2, generated one-time passwords, and the rules a chosen
password must meet."""

import secrets
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
MIN_PASSWORD_LENGTH = 12  # NCSC guidance and ASVS 2.1.1 favour length over complexity rules
MAX_PASSWORD_LENGTH = 128  # ASVS 2.1.2: at least 64 allowed; argon2 takes any length
# The most common passwords, one a line; its opening comment names where it comes from.
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt")


def hash_password(password: str) -> str:
    """Return an argon2id hash of the password."""
    return _HASHER.hash(password)


def check_password(password_hash: str, password: str) -> bool:
    """Tell whether the password matches the hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_nothing(password: str) -> bool:
    """Spend the time of a real check on a dummy hash and return False.

    Used when there is no hash to check (unknown or disabled account, throttled attempt) so
    every failed sign-in takes as long as a wrong password does.
    """
    check_password(_dummy_hash(), password)
    return False


@cache
def _dummy_hash() -> str:
    return _HASHER.hash(secrets.token_urlsafe(16))


def generate_password() -> str:
    """Return a random password that is easy to type: four groups of five letters/digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def password_problem(password: str, username: str) -> str | None:
    """Return what is wrong with a password someone chose, or None when it will do.

    The rules of ASVS 2.1: long enough, not too long to hash, not one of the most common
    passwords and not the username. Spaces and any characters are allowed; no composition
    rules.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password must be at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"The password must be at most {MAX_PASSWORD_LENGTH} characters."
    if password.strip().lower() == username.strip().lower():
        return "The password must not be the username."
    if password.lower() in _common_passwords():
        return "That password is too common: choose one that is harder to guess."
    return None


@cache
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("# "))
