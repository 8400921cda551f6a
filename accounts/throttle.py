"""Sign-in throttling: after a run of failures, a wait that doubles up to a cap.

Counters are kept per account (the pseudonym of the typed username, whether or not such an
account exists), per client address, and per pair of the two, in the database so every
server process sees them. There is no permanent lock: a wait never exceeds
LOGIN_LOCK_MINUTES, and a quiet spell forgets the failures. Counters whose failures are
forgotten are purged a few at a time as others are written, so names typed once do not pile
up.

The account's wait holds back attempts from every address but those the account has signed
in from lately (accounts.session_store.signed_in_from): there the pair's own count, with
the same backoff, takes its place. So an attacker guessing from ever new addresses gets no
more guesses than the account's backoff allows, and cannot keep its owner out of it from
where she usually signs in.
"""

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from accounts import clock, session_store
from accounts.models import SignInThrottle, User
from accounts.security_log import pseudonym
from extensions import db

IPV6_CLIENT_PREFIX = 64  # the block an IPv6 subscriber is given (RFC 6177), counted as one client

# A counter whose last failure is older than this many caps starts afresh, so a few
# typos a day from a shared office address never add up to a wait.
FORGET_AFTER_CAPS = 4
# Counters purged per write at most: a write adds at most one per scope, so the table shrinks
# back to what is remembered while no request waits on a long delete.
PURGE_BATCH = 100


@dataclass(frozen=True)
class Policy:
    """How many failures are free, the first wait and the longest wait."""

    free_failures: int
    first_wait_s: int
    max_wait_s: int


@dataclass(frozen=True)
class Attempt:
    """One try at an account's password or code: the counter key of each scope, and
    whether it comes from an address the account has signed in from lately (which the
    account's wait spares, leaving it to the pair's)."""

    keys: dict[str, str]
    known_address: bool = False


def backoff_seconds(failures: int, policy: Policy) -> int:
    """Return the wait after this many failures in a row: none while they are free, then
    the first wait, doubling with each further failure, never beyond the cap."""
    if failures < policy.free_failures:
        return 0
    doublings = min(failures - policy.free_failures, 30)  # 2**30 s is past any cap
    return min(policy.first_wait_s * 2**doublings, policy.max_wait_s)


def policies() -> dict[str, Policy]:
    """Return the policy of each scope from the app's settings; a pair (an account at one
    address) is held like an account."""
    config = current_app.config
    first, cap = config["LOGIN_BACKOFF_SECONDS"], config["LOGIN_LOCK_MINUTES"] * 60
    account = Policy(config["LOGIN_MAX_FAILURES"], first, cap)
    return {
        "account": account,
        "address": Policy(config["LOGIN_ADDRESS_MAX_FAILURES"], first, cap),
        "pair": account,
    }


def longest_wait_min() -> int:
    """Return the longest wait in minutes, for telling people how long it may be."""
    return policies()["account"].max_wait_s // 60


def client_block(address: str | None) -> str:
    """The block of addresses one client holds: an IPv4 address, or an IPv6 /64.

    An IPv6 subscriber is usually given a whole /64 (2^64 addresses), so counting each
    address alone would let one client try from a fresh address every time.
    """
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:  # an IPv4 client written as IPv6
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/{IPV6_CLIENT_PREFIX}", strict=False))


def throttle_keys(username: str, address: str | None) -> dict[str, str]:
    """Return the counter key of each scope for a sign-in attempt."""
    address = client_block(address)
    return {
        "account": pseudonym(username),
        "address": pseudonym(address),
        # An address holds no newline, so no other name and address make the same text.
        "pair": pseudonym(f"{username.strip()}\n{address}"),
    }


def attempt(username: str, address: str | None, user: User | None) -> Attempt:
    """Return the attempt at the typed username (its account, if any) from an address."""
    known = user is not None and session_store.signed_in_from(user, address)
    return Attempt(throttle_keys(username, address), known)


def wait_seconds(tried: Attempt) -> int:
    """Return how long the attempt must still wait (0 when it may go on)."""
    now = clock.now()
    waits_s = [
        math.ceil((clock.aware(row.blocked_until) - now).total_seconds())
        for row in _rows(tried.keys)
        if row.blocked_until and not (tried.known_address and row.scope == "account")
    ]
    return max([0, *waits_s])


def note_failure(tried: Attempt) -> int:
    """Count a failed attempt against every key (the account's too, wherever it comes
    from); return the longest wait it starts (0 for none).

    The caller commits.
    """
    now = clock.now()
    _purge_forgotten(now)
    _insert_missing(tried.keys, now)
    rows = {row.scope: row for row in _rows(tried.keys, for_update=True)}
    longest = 0
    for scope, policy in policies().items():
        row = rows[scope]
        if _forgotten(row.last_failure_at, now, policy):
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        wait_s = backoff_seconds(row.failures, policy)
        row.blocked_until = now + timedelta(seconds=wait_s) if wait_s else None
        longest = max(longest, wait_s)
    return longest


def note_success(tried: Attempt) -> None:
    """Clear the counts a correct password (and code) answers for; the caller commits.

    The pair's count goes. The account's goes only when the attempt was subject to it:
    from an address it knows, the owner signing in says nothing about guesses made
    elsewhere, and clearing them would hand an attacker a fresh run of free tries. The
    address keeps its count, so signing in to one's own account does not buy an attacker
    more guesses at others.
    """
    scopes = ["pair"] if tried.known_address else ["pair", "account"]
    cleared = [
        sa.and_(SignInThrottle.scope == scope, SignInThrottle.key == tried.keys[scope])
        for scope in scopes
    ]
    db.session.execute(sa.delete(SignInThrottle).where(sa.or_(*cleared)))


def _rows(keys: dict[str, str], for_update: bool = False) -> list[SignInThrottle]:
    wanted = [sa.and_(SignInThrottle.scope == s, SignInThrottle.key == k) for s, k in keys.items()]
    query = sa.select(SignInThrottle).where(sa.or_(*wanted))
    if for_update:  # lock the rows (PostgreSQL) and read them afresh
        query = query.with_for_update().execution_options(populate_existing=True)
    return list(db.session.scalars(query))


def _insert_missing(keys: dict[str, str], now: datetime) -> None:
    """Add a zero counter for each key that has none; another process may add the same
    row at the same moment, which the conflict clause lets through."""
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    rows = [
        {"scope": scope, "key": key, "failures": 0, "last_failure_at": now}
        for scope, key in keys.items()
    ]
    db.session.execute(
        insert(SignInThrottle).values(rows).on_conflict_do_nothing(index_elements=["scope", "key"])
    )


def _forgotten(last_failure_at: datetime, now: datetime, policy: Policy) -> bool:
    return now - clock.aware(last_failure_at) > _quiet(policy)


def _quiet(policy: Policy) -> timedelta:
    """Return how long a counter must be left alone for its failures to be forgotten."""
    return timedelta(seconds=policy.max_wait_s * FORGET_AFTER_CAPS)


def _purge_forgotten(now: datetime) -> None:
    """Delete up to PURGE_BATCH counters that every scope's policy has forgotten (such a
    counter blocks nothing: a wait is never longer than the quiet spell)."""
    cutoff = now - max(_quiet(policy) for policy in policies().values())
    old = (
        sa.select(SignInThrottle.id)
        .where(SignInThrottle.last_failure_at < cutoff)
        .limit(PURGE_BATCH)
        .scalar_subquery()
    )
    db.session.execute(
        sa.delete(SignInThrottle).where(SignInThrottle.id.in_(old)),
        execution_options={"synchronize_session": False},
    )
