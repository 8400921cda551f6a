"""The backoff rule, and the counters kept in the database per account and address."""

import pytest

from accounts import throttle
from accounts.models import SignInThrottle
from accounts.throttle import (
    FORGET_AFTER_CAPS,
    Policy,
    backoff_seconds,
    forget_account,
    note_failure,
    policies,
    throttle_keys,
    wait_seconds,
)
from extensions import db

POLICY = Policy(free_failures=5, first_wait_s=30, max_wait_s=900)


@pytest.mark.parametrize(
    ("failures", "wait_s"), [(0, 0), (4, 0), (5, 30), (6, 60), (7, 120), (9, 480), (10, 900)]
)
def test_backoff_doubles_from_the_first_wait_up_to_the_cap(failures, wait_s):
    assert backoff_seconds(failures, POLICY) == wait_s


def test_backoff_never_passes_the_cap():
    assert backoff_seconds(10_000, POLICY) == POLICY.max_wait_s


def test_policies_come_from_the_settings(app):
    app.config.update(LOGIN_MAX_FAILURES=3, LOGIN_ADDRESS_MAX_FAILURES=9, LOGIN_LOCK_MINUTES=2)
    assert policies()["account"] == Policy(3, app.config["LOGIN_BACKOFF_SECONDS"], 120)
    assert policies()["address"].free_failures == 9


def test_keys_are_keyed_hashes_never_the_name_or_address(app):
    keys = throttle_keys("Olivia", "203.0.113.9")
    assert keys == throttle_keys(" olivia ", "203.0.113.9")  # one counter per name
    assert "olivia" not in keys["account"] and "203.0.113.9" not in keys["address"]
    assert len(keys["account"]) == len(keys["address"]) == 64


def test_failures_are_counted_per_scope_and_a_wait_starts(app, clock):
    keys = throttle_keys("olivia", "203.0.113.9")
    for _ in range(POLICY.free_failures - 1):
        assert note_failure(keys) == 0
    assert wait_seconds(keys) == 0
    assert note_failure(keys) == app.config["LOGIN_BACKOFF_SECONDS"]
    db.session.commit()
    assert wait_seconds(keys) > 0
    clock.advance(seconds=app.config["LOGIN_BACKOFF_SECONDS"])
    assert wait_seconds(keys) == 0
    rows = db.session.scalars(db.select(SignInThrottle).order_by(SignInThrottle.scope)).all()
    assert [(row.scope, row.failures) for row in rows] == [("account", 5), ("address", 5)]


def test_a_correct_password_clears_the_account_but_not_the_address(app, clock):
    keys = throttle_keys("olivia", "203.0.113.9")
    note_failure(keys)
    forget_account(keys)
    db.session.commit()
    assert db.session.scalars(db.select(SignInThrottle.scope)).all() == ["address"]


def _counters() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(SignInThrottle))


def _quiet_s() -> int:
    """How long a counter must be left alone for its failures to be forgotten."""
    return policies()["account"].max_wait_s * FORGET_AFTER_CAPS


def test_counters_whose_failures_are_forgotten_are_purged_as_others_are_written(app, clock):
    """Every unknown name typed adds a counter; none may stay for ever."""
    for number in range(4):
        note_failure(throttle_keys(f"nobody{number}", "203.0.113.9"))
    db.session.commit()
    before, scopes = _counters(), len(throttle_keys("someone", "198.51.100.7"))
    clock.advance(seconds=_quiet_s())  # the old counters are not forgotten yet
    note_failure(throttle_keys("someone", "198.51.100.7"))
    db.session.commit()
    assert _counters() == before + scopes
    clock.advance(seconds=1)
    note_failure(throttle_keys("someone", "198.51.100.7"))
    db.session.commit()
    assert _counters() == scopes  # only the latest name's counters are left


def test_each_write_purges_a_bounded_number_of_counters(app, clock, monkeypatch):
    monkeypatch.setattr(throttle, "PURGE_BATCH", 2)
    for number in range(3):
        note_failure(throttle_keys(f"nobody{number}", "203.0.113.9"))
    db.session.commit()
    before, scopes = _counters(), len(throttle_keys("someone", "198.51.100.7"))
    clock.advance(seconds=_quiet_s() + 1)
    note_failure(throttle_keys("someone", "198.51.100.7"))
    db.session.commit()
    assert _counters() == before - 2 + scopes
