"""The backoff rule, and the counters kept in the database per account, address and pair."""

import pytest

from accounts import throttle
from accounts.models import SignInThrottle
from accounts.throttle import (
    FORGET_AFTER_CAPS,
    Attempt,
    Policy,
    backoff_seconds,
    note_failure,
    note_success,
    policies,
    throttle_keys,
    wait_seconds,
)
from extensions import db

POLICY = Policy(free_failures=5, first_wait_s=30, max_wait_s=900)


def _attempt(username: str = "olivia", address: str = "203.0.113.9", known=False) -> Attempt:
    return Attempt(throttle_keys(username, address), known_address=known)


def _scopes() -> list[tuple[str, int]]:
    rows = db.session.scalars(db.select(SignInThrottle).order_by(SignInThrottle.scope))
    return [(row.scope, row.failures) for row in rows]


@pytest.mark.parametrize(
    ("failures", "wait_s"), [(0, 0), (4, 0), (5, 30), (6, 60), (7, 120), (9, 480), (10, 900)]
)
def test_backoff_doubles_from_the_first_wait_up_to_the_cap(failures, wait_s):
    assert backoff_seconds(failures, POLICY) == wait_s


def test_backoff_never_passes_the_cap():
    assert backoff_seconds(10_000, POLICY) == POLICY.max_wait_s


def test_the_most_guesses_the_account_backoff_allows_in_an_hour(app):
    """The figures docs/security.md gives for ASVS 2.2.1 (at most 100 an hour): guessing as
    fast as allowed, 12 in the first hour and 4 an hour at the cap; pausing for failures
    to be forgotten, at most 8 an hour on average."""
    policy = policies()["account"]

    def moments_s(count: int) -> list[int]:
        """When each of `count` guesses is made, each as soon as the wait allows."""
        moments, now_s = [], 0
        for failures in range(1, count + 1):
            moments.append(now_s)
            now_s += backoff_seconds(failures, policy)
        return moments

    hour_s, forget_s = 3600, policy.max_wait_s * FORGET_AFTER_CAPS
    assert sum(moment < hour_s for moment in moments_s(50)) == 12
    assert moments_s(50)[-1] - moments_s(50)[-5] == 4 * policy.max_wait_s == hour_s
    runs = [count * hour_s / (moments_s(count)[-1] + forget_s) for count in range(1, 50)]
    assert max(runs) == 8.0  # nine guesses, then an hour's silence


def test_policies_come_from_the_settings(app):
    app.config.update(LOGIN_MAX_FAILURES=3, LOGIN_ADDRESS_MAX_FAILURES=9, LOGIN_LOCK_MINUTES=2)
    assert policies()["account"] == Policy(3, app.config["LOGIN_BACKOFF_SECONDS"], 120)
    assert policies()["address"].free_failures == 9
    assert policies()["pair"] == policies()["account"]


def test_keys_are_keyed_hashes_never_the_name_or_address(app):
    keys = throttle_keys("Olivia", "203.0.113.9")
    assert keys == throttle_keys(" olivia ", "203.0.113.9")  # one counter per name
    assert "olivia" not in keys["account"] and "203.0.113.9" not in keys["address"]
    assert {len(key) for key in keys.values()} == {64}
    assert keys["pair"] != throttle_keys("olivia", "203.0.113.10")["pair"]
    assert keys["pair"] not in (keys["account"], keys["address"])


def test_failures_are_counted_per_scope_and_a_wait_starts(app, clock):
    tried = _attempt()
    for _ in range(POLICY.free_failures - 1):
        assert note_failure(tried) == 0
    assert wait_seconds(tried) == 0
    assert note_failure(tried) == app.config["LOGIN_BACKOFF_SECONDS"]
    db.session.commit()
    assert wait_seconds(tried) > 0
    clock.advance(seconds=app.config["LOGIN_BACKOFF_SECONDS"])
    assert wait_seconds(tried) == 0
    assert _scopes() == [("account", 5), ("address", 5), ("pair", 5)]


def test_a_known_address_is_spared_the_accounts_wait_but_not_its_own(app, clock):
    for number in range(POLICY.free_failures):  # guesses from five other addresses
        note_failure(_attempt(address=f"198.51.100.{number}"))
    db.session.commit()
    assert wait_seconds(_attempt(address="203.0.113.9")) > 0  # a new address waits
    assert wait_seconds(_attempt(address="203.0.113.9", known=True)) == 0
    for _ in range(POLICY.free_failures):
        note_failure(_attempt(address="203.0.113.9", known=True))
    db.session.commit()
    assert wait_seconds(_attempt(address="203.0.113.9", known=True)) > 0  # its pair waits


def test_a_correct_password_clears_the_account_and_pair_but_not_the_address(app, clock):
    tried = _attempt()
    note_failure(tried)
    note_success(tried)
    db.session.commit()
    assert _scopes() == [("address", 1)]


def test_from_a_known_address_a_correct_password_leaves_the_accounts_count(app, clock):
    """Her signing in says nothing about guesses made elsewhere: they still count."""
    note_failure(_attempt(address="198.51.100.7"))
    known = _attempt(known=True)
    note_failure(known)
    note_success(known)
    db.session.commit()
    assert _scopes() == [("account", 2), ("address", 1), ("address", 1), ("pair", 1)]


def _counters() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(SignInThrottle))


def _quiet_s() -> int:
    """How long a counter must be left alone for its failures to be forgotten."""
    return policies()["account"].max_wait_s * FORGET_AFTER_CAPS


def test_counters_whose_failures_are_forgotten_are_purged_as_others_are_written(app, clock):
    """Every unknown name typed adds a counter; none may stay for ever."""
    for number in range(4):
        note_failure(_attempt(f"nobody{number}"))
    db.session.commit()
    before, scopes = _counters(), len(policies())
    clock.advance(seconds=_quiet_s())  # the old counters are not forgotten yet
    note_failure(_attempt("someone", "198.51.100.7"))
    db.session.commit()
    assert _counters() == before + scopes
    clock.advance(seconds=1)
    note_failure(_attempt("someone", "198.51.100.7"))
    db.session.commit()
    assert _counters() == scopes  # only the latest name's counters are left


def test_each_write_purges_a_bounded_number_of_counters(app, clock, monkeypatch):
    monkeypatch.setattr(throttle, "PURGE_BATCH", 2)
    for number in range(3):
        note_failure(_attempt(f"nobody{number}"))
    db.session.commit()
    before, scopes = _counters(), len(policies())
    clock.advance(seconds=_quiet_s() + 1)
    note_failure(_attempt("someone", "198.51.100.7"))
    db.session.commit()
    assert _counters() == before - 2 + scopes


@pytest.mark.parametrize(
    "first, second, same",
    [
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", True),  # one subscriber's /64
        ("2001:db8:1:2::1", "2001:db8:1:3::1", False),  # the next /64: another client
        ("203.0.113.9", "203.0.113.10", False),  # IPv4 addresses count one by one
        ("::ffff:203.0.113.9", "203.0.113.9", True),  # an IPv4 address written as IPv6
    ],
)
def test_an_ipv6_client_is_counted_by_its_64_block(app, first, second, same):
    a, b = throttle_keys("olivia", first), throttle_keys("olivia", second)
    assert (a["address"] == b["address"]) is same
    assert (a["pair"] == b["pair"]) is same
    assert a["account"] == b["account"]


def test_an_address_that_is_not_one_still_has_a_key(app):
    assert throttle_keys("olivia", None)["address"] == throttle_keys("olivia", "")["address"]
    assert throttle_keys("olivia", "proxy-misconfigured")["address"]
