"""Session cookies, a new session at sign-in, timeouts and ending every session at once."""

from datetime import timedelta

import pytest

from accounts import session_store, sessions
from accounts.clock import aware
from accounts.models import User, UserSession
from extensions import db
from tests.conftest import PASSWORD, current_code, enrol_totp

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def _sign_in(client, username: str = "olivia", password: str = PASSWORD, **options):
    return client.post("/login", data={"username": username, "password": password}, **options)


def _row(client) -> UserSession:
    """Return the row of the client's session, read afresh."""
    with client.session_transaction() as cookie:
        token = cookie[sessions.SESSION_ID]
    db.session.expire_all()
    return db.session.get(UserSession, session_store.row_id(token))


def _staff_home(app, client) -> int:
    """Ask for the staff home in a fresh app context, as a server does for each request
    (the app fixture's context would carry the last request's user over in `g`)."""
    with app.app_context():
        return client.get("/staff").status_code


def test_cookie_is_secure_with_host_prefix_over_https(make_app):
    app = make_app(HTTPS=True)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    with app.app_context():
        from accounts.service import create_user

        create_user("olivia", PASSWORD, "ops")
    client = app.test_client()
    response = client.post(
        "/login", data={"username": "olivia", "password": PASSWORD}, base_url="https://localhost"
    )
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie
    assert "; Path=/" in cookie and "Domain=" not in cookie
    assert client.get("/staff", base_url="https://localhost").status_code == 200


def test_cookie_over_plain_http_is_httponly_and_samesite(client, make_user):
    make_user("olivia")
    cookie = _sign_in(client).headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert "; HttpOnly" in cookie and "; SameSite=Lax" in cookie and "Secure" not in cookie


def test_sign_in_starts_a_new_session(client, make_user):
    make_user("olivia")
    with client.session_transaction() as planted:
        planted["planted"] = "by an attacker"
        planted[sessions.SESSION_ID] = "fixed-id"
    before = client.get_cookie("session").value
    _sign_in(client)
    after = client.get_cookie("session").value
    assert after != before
    with client.session_transaction() as fresh:
        assert "planted" not in fresh
        first_id = fresh[sessions.SESSION_ID]
        assert first_id != "fixed-id"
    client.post("/logout")
    _sign_in(client)
    with client.session_transaction() as again:
        assert again[sessions.SESSION_ID] != first_id


def test_idle_session_ends_after_30_minutes(app, client, make_user, clock):
    make_user("olivia")
    _sign_in(client)
    clock.advance(minutes=29)
    assert _staff_home(app, client) == 200  # use keeps the session alive
    clock.advance(minutes=29)
    assert _staff_home(app, client) == 200
    clock.advance(minutes=app.config["SESSION_IDLE_MINUTES"], seconds=1)
    response = client.get("/staff")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert b"Your session has ended" in client.get("/login").data


def test_session_ends_12_hours_after_sign_in_however_busy(app, client, make_user, clock):
    make_user("olivia")
    _sign_in(client)
    for _ in range(app.config["SESSION_ABSOLUTE_HOURS"] * 3):
        clock.advance(minutes=20)
        assert _staff_home(app, client) == 200
    clock.advance(minutes=1)
    assert _staff_home(app, client) == 302


def test_sign_out_ends_every_session_of_the_account(app, make_user):
    make_user("olivia")
    laptop, desktop = app.test_client(), app.test_client()
    _sign_in(laptop), _sign_in(desktop)
    assert _staff_home(app, desktop) == 200
    laptop.post("/logout")
    assert _staff_home(app, desktop) == 302
    assert _staff_home(app, laptop) == 302


def _olivia_and_her_admin(app, make_user):
    """Olivia signed in on one client, an administrator (with the second factor) on another;
    return both clients and Olivia's account id."""
    make_user("olivia")
    enrol_totp(make_user("ada", "admin"))
    olivia, admin = app.test_client(), app.test_client()
    _sign_in(olivia), _sign_in(admin, "ada")
    admin.post("/account/sign-in-code", data={"code": current_code()})
    user_id = db.session.scalar(db.select(User.id).filter_by(username="olivia"))
    return olivia, admin, user_id


def test_disabling_an_account_ends_its_sessions(app, make_user):
    olivia, admin, user_id = _olivia_and_her_admin(app, make_user)
    admin.post(f"/admin/users/{user_id}/disable")
    assert _staff_home(app, olivia) == 302


def test_an_admins_password_reset_ends_every_session_of_the_account(app, make_user):
    olivia, admin, user_id = _olivia_and_her_admin(app, make_user)
    with app.app_context():
        assert admin.post(f"/admin/users/{user_id}/reset-password").status_code == 200
    assert _staff_home(app, olivia) == 302
    with olivia.session_transaction() as cleared:
        assert sessions.USER_ID not in cleared


def test_changing_password_ends_other_sessions_but_not_this_one(app, make_user):
    make_user("olivia")
    laptop, desktop = app.test_client(), app.test_client()
    _sign_in(laptop), _sign_in(desktop)
    new = "a-brand-new-passphrase"
    response = laptop.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm_password": new},
    )
    assert response.status_code == 302
    assert _staff_home(app, laptop) == 200
    assert _staff_home(app, desktop) == 302


@pytest.mark.parametrize("case", ["ended", "missing", "unknown token"])
def test_a_session_whose_row_is_ended_or_missing_is_refused(app, client, make_user, clock, case):
    make_user("olivia")
    _sign_in(client)
    row = _row(client)
    if case == "ended":
        row.ended_at = clock.now()
    elif case == "missing":
        db.session.delete(row)
    db.session.commit()
    if case == "unknown token":
        with client.session_transaction() as forged:
            forged[sessions.SESSION_ID] = "0" * 32
    assert _staff_home(app, client) == 302
    with client.session_transaction() as cleared:
        assert sessions.USER_ID not in cleared


def test_session_records_when_it_was_issued_and_last_used(app, client, make_user, clock):
    user = make_user("olivia")
    _sign_in(client, headers={"User-Agent": FIREFOX}, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    row = _row(client)
    assert aware(row.created_at) == aware(row.last_seen_at) == clock.now()
    assert row.user_id == user.id and row.ended_at is None
    assert row.client_address == "10.1.2.3" and row.user_agent == "Firefox on Windows"
    with client.session_transaction() as cookie:  # the cookie holds the token, not the row id
        assert cookie[sessions.SESSION_ID] != row.id and len(cookie[sessions.SESSION_ID]) == 32
    clock.advance(seconds=30)
    _staff_home(app, client)
    assert aware(_row(client).last_seen_at) == clock.now() - timedelta(seconds=30)  # < a minute
    clock.advance(minutes=5)
    _staff_home(app, client)
    assert aware(_row(client).last_seen_at) == clock.now()


def test_signing_in_again_in_one_browser_ends_its_previous_session(app, client, make_user):
    make_user("olivia")
    _sign_in(client)
    first = _row(client)
    _sign_in(client)
    db.session.expire_all()
    assert db.session.get(UserSession, first.id).end_reason == "replaced"
