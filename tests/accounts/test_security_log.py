"""The security log: a JSON line for every kind of event, never with a password."""

from pathlib import Path

import pytest

from accounts.models import UserSession
from accounts.security_log import EVENTS, log_event, pseudonym
from extensions import db
from tests.conftest import PASSWORD

WRONG = "wrong-password!"


def _sign_in(client, username: str, password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


def test_each_line_says_when_what_who_from_where(client, make_user, security_events):
    user = make_user("olivia")
    _sign_in(client, "olivia")
    (entry,) = security_events("sign_in")
    assert entry["event"] == "sign_in" and entry["time"].endswith("+00:00")
    assert entry["username"] == "olivia" and entry["user_id"] == user.id
    assert entry["address"] == "127.0.0.1" and entry["path"] == "/login"
    (row,) = db.session.scalars(db.select(UserSession))
    assert entry["session"] == row.id  # the row's id, never the token in the cookie


def test_failed_sign_ins_keep_the_reason(app, client, make_user, security_events):
    make_user("olivia")
    disabled = make_user("dora")
    disabled.active = False
    db.session.commit()
    _sign_in(client, "nobody", WRONG)
    _sign_in(client, "olivia", WRONG)
    _sign_in(client, "dora")
    reasons = [entry["reason"] for entry in security_events("sign_in_failed")]
    assert reasons == ["unknown_user", "bad_password", "disabled"]
    unknown = security_events("sign_in_failed")[0]
    assert "username" not in unknown and unknown["username_hash"] == pseudonym("nobody")


def test_throttling_is_logged_when_it_starts_and_for_each_refusal(
    app, client, make_user, security_events
):
    make_user("olivia")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        _sign_in(client, "olivia", WRONG)
    (started,) = security_events("sign_in_throttled")
    assert started["wait_s"] == app.config["LOGIN_BACKOFF_SECONDS"]
    _sign_in(client, "olivia")
    assert security_events("sign_in_failed")[-1]["reason"] == "throttled"


def test_sign_out_and_session_ends_are_logged(app, client, make_user, clock, security_events):
    user = make_user("olivia")
    _sign_in(client, "olivia")
    client.post("/logout")
    assert security_events("sign_out")[0]["user_id"] == user.id
    _sign_in(client, "olivia")
    clock.advance(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    client.get("/staff")
    _sign_in(client, "olivia")
    for _ in range(app.config["SESSION_ABSOLUTE_HOURS"] * 2 + 1):
        clock.advance(minutes=29)
        client.get("/staff")
    _sign_in(client, "olivia")
    db.session.execute(db.update(UserSession).values(ended_at=clock.now()))  # ended elsewhere
    db.session.commit()
    with app.app_context():
        client.get("/staff")
    reasons = [entry["reason"] for entry in security_events("session_ended")]
    assert reasons == ["idle", "absolute", "revoked"]


def test_an_ended_session_coming_back_again_and_again_is_logged_once(
    app, client, make_user, clock, security_events
):
    """A client that ignores the cleared cookie (or a copy of it) does not flood the log."""
    make_user("olivia")
    _sign_in(client, "olivia")
    old_cookie = client.get_cookie("session").value
    db.session.execute(db.update(UserSession).values(ended_at=clock.now()))  # ended elsewhere
    db.session.commit()
    for _ in range(3):
        client.set_cookie("session", old_cookie)
        with app.app_context():
            assert client.get("/staff").status_code == 302
        clock.advance(minutes=1)
    (ended,) = security_events("session_ended")
    assert ended["reason"] == "revoked" and ended["user_id"] is not None


def test_a_refused_page_is_logged(client, login, security_events):
    login("ops")
    assert client.get("/admin/users").status_code == 403
    (entry,) = security_events("access_denied")
    assert entry["username"] == "ops" and entry["path"] == "/admin/users"


def test_account_changes_are_logged_with_who_made_them(app, client, login, security_events):
    login("admin")
    client.post("/admin/users", data={"username": "bella", "role": "booking"})
    bella_id = security_events("account_created")[-1]["user_id"]
    client.post(f"/admin/users/{bella_id}/disable")
    client.post(f"/admin/users/{bella_id}/enable")
    client.post(f"/admin/users/{bella_id}/reset-password")
    for event in ("account_created", "account_disabled", "account_enabled", "password_reset"):
        entry = security_events(event)[-1]
        assert entry["user_id"] == bella_id and entry["by"] == "admin", event
    new = "a-brand-new-passphrase"
    client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm_password": new},
    )
    assert security_events("password_changed")[0]["username"] == "admin"


def test_every_kind_of_event_is_known_and_no_password_is_ever_written(
    app, client, make_user, security_events
):
    make_user("olivia")
    _sign_in(client, "olivia", WRONG)
    _sign_in(client, "olivia")
    text = Path(app.config["SECURITY_LOG_PATH"]).read_text()
    assert PASSWORD not in text and WRONG not in text
    assert {entry["event"] for entry in security_events()} <= set(EVENTS)


def test_an_unknown_event_is_a_mistake(app):
    with pytest.raises(ValueError, match="Unknown security event"):
        log_event("sign_in_maybe")


def test_a_username_with_control_characters_stays_on_one_line(client, security_events):
    _sign_in(client, 'evil\n{"event": "sign_in"}', WRONG)
    assert [entry["event"] for entry in security_events()] == ["sign_in_failed"]
