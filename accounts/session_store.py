"""The user_session rows: one per signed-in session, so a person can see where they are
signed in and end any session, and an account change can end every one at once.

The cookie holds a random token; the row is keyed by its SHA-256 (see UserSession). The
idle and absolute limits are stated once here and used both to end a session at its next
request and to leave sessions past them off the list.
"""

import hashlib
import re
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, request

from accounts import clock
from accounts.models import User, UserSession
from extensions import db

TOKEN_BYTES = 16  # 128 bits: ASVS 3.2.2 asks for at least 64 bits of entropy
# How long a sign-in from an address vouches for it: the throttle spares such an address the
# account's wait (accounts.throttle), and staff sign in from their usual places weekly.
KNOWN_ADDRESS_DAYS = 90
# Browsers and systems named in a session's summary, the first match winning (Edge and
# Opera say "Chrome" too; every iPhone browser says "Safari"), each as (pattern, name).
BROWSERS = (
    (r"Edg(e|A|iOS)?/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chrome/|CriOS/|Chromium/", "Chrome"),
    (r"Safari/", "Safari"),
)
SYSTEMS = (
    (r"Windows", "Windows"),
    (r"iPhone|iPad|iPod", "iOS"),
    (r"Android", "Android"),
    (r"CrOS", "ChromeOS"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"Linux", "Linux"),
)


def row_id(token: str) -> str:
    """Return the row id of a session token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def open_row(user: User) -> str:
    """Add the row of a new session of the user; return the token for its cookie.

    The caller commits.
    """
    token, now = secrets.token_hex(TOKEN_BYTES), clock.now()
    row = UserSession(
        id=row_id(token),
        user_id=user.id,
        created_at=now,
        last_seen_at=now,
        client_address=request.remote_addr,
        user_agent=summarise(request.user_agent.string),
    )
    db.session.add(row)
    return token


def signed_in_from(user: User, address: str | None) -> bool:
    """Tell whether the account has signed in (password and any code) from this address in
    the last KNOWN_ADDRESS_DAYS with its current password: a reset password vouches for no
    address the old one was used from."""
    if not address:
        return False
    since = clock.now() - timedelta(days=KNOWN_ADDRESS_DAYS)
    query = sa.select(UserSession.id).where(
        UserSession.user_id == user.id,
        UserSession.client_address == address,
        UserSession.created_at >= since,
    )
    if user.password_changed_at is not None:
        query = query.where(UserSession.created_at >= user.password_changed_at)
    return db.session.scalar(query.limit(1)) is not None


def find(token: str | None) -> UserSession | None:
    """Return the row of a session token as the database has it now, or None."""
    if not token:
        return None
    return db.session.get(UserSession, row_id(token), populate_existing=True)


def expired_reason(row: UserSession, now: datetime) -> str | None:
    """Return why a session has run out ("idle" or "absolute"), or None while it may go on."""
    config = current_app.config
    if now - clock.aware(row.last_seen_at) > timedelta(minutes=config["SESSION_IDLE_MINUTES"]):
        return "idle"
    if now - clock.aware(row.created_at) > timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]):
        return "absolute"
    return None


def end_row(row: UserSession, reason: str) -> None:
    """End one session; the caller commits."""
    row.ended_at, row.end_reason = clock.now(), reason


def first_refusal(row: UserSession) -> bool:
    """Note that a request came with a session that may not go on; tell whether it is the
    first such request, so the refusal is logged once however often an old cookie returns.

    A conditional update, so two requests at once cannot both be first; committed here.
    """
    noted = db.session.execute(
        sa.update(UserSession)
        .where(UserSession.id == row.id, UserSession.refused_at.is_(None))
        .values(refused_at=clock.now())
    )
    db.session.commit()
    return bool(noted.rowcount)


def end_all(user: User, reason: str, *, keep: str | None = None) -> int:
    """End every live session of the user, but the one whose row id is `keep`, and every
    half signed-in one (by raising the account's session epoch); return how many rows were
    ended. The caller commits."""
    user.session_epoch = User.session_epoch + 1  # in SQL, so two changes at once both count
    query = sa.update(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None)
    )
    if keep is not None:
        query = query.where(UserSession.id != keep)
    return db.session.execute(query.values(ended_at=clock.now(), end_reason=reason)).rowcount


def live_sessions(user: User) -> list[UserSession]:
    """Return the user's sessions that are still going, the most recently used first."""
    now = clock.now()
    rows = db.session.scalars(
        sa.select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .order_by(UserSession.last_seen_at.desc())
        .execution_options(populate_existing=True)
    )
    return [row for row in rows if expired_reason(row, now) is None]


def summarise(user_agent: str) -> str:
    """Return a short name for a browser's User-Agent, such as "Firefox on Windows"."""
    browser = next((name for pattern, name in BROWSERS if re.search(pattern, user_agent)), None)
    system = next((name for pattern, name in SYSTEMS if re.search(pattern, user_agent)), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"
