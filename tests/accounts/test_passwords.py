"""Password hashing, one-time passwords and the rules a chosen password must meet."""

import pytest

from accounts.passwords import (
    COMMON_PASSWORDS_FILE,
    MIN_PASSWORD_LENGTH,
    check_nothing,
    check_password,
    generate_password,
    hash_password,
    password_problem,
)
from tests.conftest import PASSWORD

# The app's own argon2 settings here; every other test hashes cheaply (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("real_hashes")


def test_hashes_take_argon2s_recommended_memory_and_passes():
    # argon2-cffi's defaults, RFC 9106's second recommended option: 64 MiB, 3 passes, 4 lanes.
    assert hash_password(PASSWORD).startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_hash_is_argon2id_and_checks_only_the_right_password():
    password_hash = hash_password(PASSWORD)
    assert password_hash.startswith("$argon2id$")
    assert check_password(password_hash, PASSWORD)
    assert not check_password(password_hash, PASSWORD + "!")
    assert not check_password("not a hash", PASSWORD)


def test_check_nothing_never_lets_anyone_in():
    assert check_nothing(PASSWORD) is False


def test_generated_passwords_differ_and_meet_the_rules():
    passwords = {generate_password() for _ in range(20)}
    assert len(passwords) == 20
    assert all(password_problem(password, "olivia") is None for password in passwords)


@pytest.mark.parametrize(
    "password", [PASSWORD, "a-long-enough-password", "twelve chars", "ünïcödé-pässwörd 🙂"]
)
def test_long_uncommon_passwords_of_any_characters_are_fine(password):
    assert password_problem(password, "olivia") is None


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("eleven-char", "at least 12 characters"),
        ("x" * 129, "at most 128 characters"),
        ("olivia-smith", "must not be the username"),
        (" Olivia-Smith ", "must not be the username"),
        ("qwerty123456", "too common"),
        ("Password1234", "too common"),
    ],
)
def test_weak_passwords_are_named(password, problem):
    assert problem in password_problem(password, "olivia-smith")


def test_common_password_list_is_shipped_with_its_source():
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    assert "roycewilliams" in lines[2] and "Django" in lines[0]
    entries = [line for line in lines if not line.startswith("# ")]
    assert 10_000 <= len(entries) <= 100_000
    assert entries[:3] == ["123456", "123456789", "qwerty"]
    assert sum(len(entry) >= MIN_PASSWORD_LENGTH for entry in entries) > 100
