"""Password hashing with argon2, and generated passwords for new accounts."""

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
MIN_PASSWORD_LENGTH = 12  # NCSC guidance favours length over complexity rules


def hash_password(password: str) -> str:
    """Return an argon2id hash of the password."""
    return _HASHER.hash(password)


def check_password(password_hash: str, password: str) -> bool:
    """Tell whether the password matches the hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    """Return a random password that is easy to type: four groups of five letters/digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))
