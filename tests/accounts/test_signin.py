"""One answer and one amount of password-hashing work for every failed sign-in, and a
throttle that slows guessing without locking anyone out for good."""

import re
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher

from accounts.clock import aware
from accounts.models import SignInThrottle
from accounts.signin import REFUSAL
from accounts.throttle import policies
from extensions import db
from tests.conftest import PASSWORD

WRONG = "wrong-password!"
OFFICE = "10.20.30.40"  # where Olivia has signed in before


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


def _rotating(number: int) -> str:
    """A new address for every guess, as from a botnet or a block of IPv6 addresses."""
    return f"198.51.{number // 250}.{number % 250 + 1}"


def _post(app, client, username: str, password: str = WRONG, address: str = "127.0.0.1"):
    """Post a sign-in in a fresh app context, as a server does for each request."""
    with app.app_context():
        return _attempt(client, username, password, address)


def _sign_out(app, client) -> None:
    with app.app_context():
        client.post("/logout")


def test_guesses_from_ever_new_addresses_cannot_keep_her_out_where_she_signs_in(
    app, make_user, clock, quick_hashes
):
    """One wrong password a minute, each from a new address, for three hours: whenever she
    tries from her office, where she has signed in before, she gets in."""
    make_user("olivia")
    olivia, attacker = app.test_client(), app.test_client()
    assert _post(app, olivia, "olivia", PASSWORD, OFFICE).status_code == 302
    _sign_out(app, olivia)
    answers = []
    for minute in range(180):
        _post(app, attacker, "olivia", address=_rotating(minute))
        clock.advance(minutes=1)
        if minute % 15 == 14:
            answers.append(_post(app, olivia, "olivia", PASSWORD, OFFICE).status_code)
            _sign_out(app, olivia)
    assert answers == [302] * 12


def test_guesses_from_ever_new_addresses_stay_within_the_accounts_bound(
    app, make_user, clock, quick_hashes, security_events
):
    """A guess every 20 seconds for three hours, each from a new address: at most 12 are
    tried in any hour, and 4 an hour once the wait is at its cap (ASVS 2.2.1 allows 100)."""
    make_user("olivia")
    attacker = app.test_client()
    for number in range(3 * 180):
        _post(app, attacker, "olivia", address=_rotating(number))
        clock.advance(seconds=20)
    tried = [
        datetime.fromisoformat(entry["time"])
        for entry in security_events("sign_in_failed")
        if entry["reason"] == "bad_password"
    ]
    hour = timedelta(hours=1)
    most_in_an_hour = max(sum(start <= t < start + hour for t in tried) for start in tried)
    assert most_in_an_hour == 12
    assert sum(t >= clock.now() - hour for t in tried) == 4


def test_while_the_account_waits_only_where_she_signed_in_before_gets_past(app, make_user, clock):
    """The price of the bound: a place she has never signed in from waits like a guesser."""
    make_user("olivia")
    olivia, attacker = app.test_client(), app.test_client()
    _post(app, olivia, "olivia", PASSWORD, OFFICE)
    _sign_out(app, olivia)
    for number in range(policies()["account"].free_failures):
        _post(app, attacker, "olivia", address=_rotating(number))
    assert _post(app, app.test_client(), "olivia", PASSWORD, "192.0.2.7").status_code == 200
    assert _post(app, olivia, "olivia", PASSWORD, OFFICE).status_code == 302
    # Her signing in cleared nothing the guessers had earned: the account still waits.
    assert _post(app, app.test_client(), "olivia", PASSWORD, "192.0.2.8").status_code == 200


def test_wrong_passwords_from_her_own_address_hold_it_back_there(app, make_user, clock):
    """Where she has signed in before is spared the account's wait, not a wait of its own."""
    make_user("olivia")
    olivia = app.test_client()
    _post(app, olivia, "olivia", PASSWORD, OFFICE)
    _sign_out(app, olivia)
    for _ in range(policies()["account"].free_failures):
        _post(app, olivia, "olivia", address=OFFICE)
    assert _post(app, olivia, "olivia", PASSWORD, OFFICE).status_code == 200
    clock.advance(seconds=policies()["account"].first_wait_s + 1)
    assert _post(app, olivia, "olivia", PASSWORD, OFFICE).status_code == 302
