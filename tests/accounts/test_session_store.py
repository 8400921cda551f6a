"""The user_session rows: short browser names, ending all but one, and the time limits."""

from datetime import timedelta

import pytest

from accounts import session_store
from accounts.models import UserSession
from extensions import db


@pytest.mark.parametrize(
    ("agent", "summary"),
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
            "Gecko) Version/18.1 Safari/605.1.15",
            "Safari on macOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox on Linux",
        ),
        ("curl/8.5.0", "Unknown browser"),
        ("", "Unknown browser"),
    ],
)
def test_browsers_get_a_short_name(agent, summary):
    assert session_store.summarise(agent) == summary


def test_the_row_id_is_the_tokens_sha256():
    assert session_store.row_id("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def _rows(app, user, count: int, clock) -> list[str]:
    """Open `count` session rows for the user; return their ids."""
    ids = []
    for _ in range(count):
        with app.test_request_context():
            ids.append(session_store.row_id(session_store.open_row(user)))
    db.session.commit()
    return ids


def test_end_all_ends_every_live_session_but_the_one_kept(app, make_user, clock):
    olivia, bella = make_user("olivia"), make_user("bella")
    kept, *others = _rows(app, olivia, 3, clock)
    (bellas,) = _rows(app, bella, 1, clock)
    assert session_store.end_all(olivia, "password_changed", keep=kept) == 2
    db.session.commit()
    ended = {row.id: row.end_reason for row in db.session.scalars(db.select(UserSession))}
    assert ended == {
        kept: None,
        others[0]: "password_changed",
        others[1]: "password_changed",
        bellas: None,
    }
    assert [row.id for row in session_store.live_sessions(olivia)] == [kept]


def test_sessions_run_out_when_idle_or_too_old(app, make_user, clock):
    (row_id,) = _rows(app, make_user("olivia"), 1, clock)
    row = db.session.get(UserSession, row_id)
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    assert session_store.expired_reason(row, clock.now() + idle) is None
    assert session_store.expired_reason(row, clock.now() + idle + timedelta(seconds=1)) == "idle"
    row.last_seen_at = clock.now() + timedelta(hours=12)
    later = clock.now() + timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"], seconds=1)
    assert session_store.expired_reason(row, later) == "absolute"


def _sign_in_row(app, user, address: str) -> None:
    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        session_store.open_row(user)
    db.session.commit()


def test_an_address_is_known_from_a_sign_in_there_in_the_last_90_days(app, make_user, clock):
    olivia, bella = make_user("olivia"), make_user("bella")
    _sign_in_row(app, olivia, "10.1.2.3")
    assert session_store.signed_in_from(olivia, "10.1.2.3")
    assert not session_store.signed_in_from(olivia, "10.1.2.4")
    assert not session_store.signed_in_from(bella, "10.1.2.3")
    assert not session_store.signed_in_from(olivia, None)
    clock.advance(days=session_store.KNOWN_ADDRESS_DAYS, seconds=1)
    assert not session_store.signed_in_from(olivia, "10.1.2.3")


def test_a_new_password_vouches_for_no_address_the_old_one_was_used_from(app, make_user, clock):
    """After a reset (perhaps because someone else had the password) trust starts afresh."""
    olivia = make_user("olivia")
    _sign_in_row(app, olivia, "10.1.2.3")
    clock.advance(minutes=1)
    olivia.password_changed_at = clock.now()
    db.session.commit()
    assert not session_store.signed_in_from(olivia, "10.1.2.3")
    _sign_in_row(app, olivia, "10.1.2.3")
    assert session_store.signed_in_from(olivia, "10.1.2.3")
