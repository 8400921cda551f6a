"""One answer and one amount of password-hashing work for every failed sign-in, and a
throttle that slows guessing without locking anyone out for good."""

import re

import pytest
from argon2 import PasswordHasher

from accounts.clock import aware
from accounts.models import SignInThrottle
from accounts.signin import REFUSAL
from accounts.throttle import policies
from extensions import db
from tests.conftest import PASSWORD

WRONG = "wrong-password!"


def _attempt(client, username: str, password: str = WRONG, address: str = "127.0.0.1"):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _error_summary(response) -> str:
    """The error summary's text: what the person is told."""
    html = response.data.decode()
    return re.search(r'class="nhsuk-error-summary".*?</div>\s*</div>', html, re.S).group(0)


@pytest.fixture
def verifications(monkeypatch) -> list[str]:
    """Count argon2 verifications (each the cost of checking one password)."""
    calls = []
    real = PasswordHasher.verify

    def counting(self, hash_, password):
        calls.append(password)
        return real(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return calls


def _throttle(client, username: str) -> None:
    for _ in range(policies()["account"].free_failures):
        _attempt(client, username)


@pytest.mark.parametrize("case", ["unknown", "wrong", "disabled", "throttled"])
def test_every_failure_gets_the_same_answer_after_the_same_work(
    app, client, make_user, verifications, case
):
    user = make_user("olivia")
    password = WRONG
    username = "nobody" if case == "unknown" else "olivia"
    if case == "disabled":
        user.active = False
        db.session.commit()
        password = PASSWORD  # even the right password gets nowhere, and says nothing
    if case == "throttled":
        _throttle(client, "olivia")
        password = PASSWORD
    verifications.clear()
    response = _attempt(client, username, password)
    assert verifications == [password]  # one argon2 check, as for a wrong password
    assert response.status_code == 200
    assert REFUSAL in _error_summary(response)
    assert _error_summary(response) == _error_summary(_attempt(client, "someone-else"))


def test_a_successful_sign_in_does_one_verification(client, make_user, verifications):
    make_user("olivia")
    verifications.clear()
    assert _attempt(client, "olivia", PASSWORD).status_code == 302
    assert verifications == [PASSWORD]


def test_unknown_names_are_throttled_like_real_ones(client, make_user):
    """Otherwise the wait would tell which usernames exist."""
    _throttle(client, "nobody")
    assert db.session.scalar(db.select(SignInThrottle).filter_by(scope="account")).blocked_until


def test_the_wait_grows_and_stops_at_the_cap(app, client, make_user, clock):
    make_user("olivia")
    policy = policies()["account"]
    waits = []
    for _ in range(policy.free_failures + 8):
        _attempt(client, "olivia")
        row = db.session.scalar(db.select(SignInThrottle).filter_by(scope="account"))
        until = row.blocked_until
        waits.append(round(aware(until).timestamp() - clock.now().timestamp()) if until else 0)
        clock.advance(seconds=waits[-1] + 1)  # wait out each pause, then guess again
    assert waits[: policy.free_failures - 1] == [0] * (policy.free_failures - 1)
    growing = waits[policy.free_failures - 1 :]
    assert growing[0] == policy.first_wait_s
    assert all(later >= earlier for earlier, later in zip(growing, growing[1:], strict=False))
    assert growing[1] == 2 * growing[0]
    assert max(growing) == policy.max_wait_s == app.config["LOGIN_LOCK_MINUTES"] * 60


def test_right_password_is_refused_during_the_wait_and_works_after_it(
    client, make_user, clock, security_events
):
    make_user("olivia")
    _throttle(client, "olivia")
    assert _attempt(client, "olivia", PASSWORD).status_code == 200
    clock.advance(seconds=policies()["account"].first_wait_s + 1)
    assert _attempt(client, "olivia", PASSWORD).status_code == 302
    assert db.session.scalar(db.select(SignInThrottle).filter_by(scope="account")) is None


def test_guessing_from_one_address_at_many_names_is_throttled(client, make_user):
    make_user("olivia")
    for number in range(policies()["address"].free_failures):
        _attempt(client, f"name{number}", address="203.0.113.9")
    assert _attempt(client, "olivia", PASSWORD, address="203.0.113.9").status_code == 200
    assert _attempt(client, "olivia", PASSWORD, address="198.51.100.7").status_code == 302


def test_a_quiet_spell_forgets_old_failures(client, make_user, clock):
    make_user("olivia")
    policy = policies()["account"]
    for _ in range(policy.free_failures - 1):
        _attempt(client, "olivia")
    clock.advance(hours=2)
    _attempt(client, "olivia")
    row = db.session.scalar(db.select(SignInThrottle).filter_by(scope="account"))
    assert row.failures == 1 and row.blocked_until is None
