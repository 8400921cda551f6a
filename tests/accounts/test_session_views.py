"""The "Your sessions" page: every live session listed, and another one or all others
ended for good once the password is typed again (ASVS 3.3.4)."""

import re

import pytest

from accounts import session_store, sessions
from accounts.models import UserSession
from accounts.throttle import policies
from extensions import db
from tests.conftest import PASSWORD

PAGE = "/account/sessions"
BROWSERS = {
    "laptop": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "phone": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "desktop": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
}


@pytest.fixture
def devices(app, make_user, clock):
    """Olivia signed in on three devices, each a client of its own."""
    make_user("olivia")
    clients = {}
    for number, (name, agent) in enumerate(BROWSERS.items()):
        clients[name] = app.test_client()
        clients[name].environ_base |= {"HTTP_USER_AGENT": agent, "REMOTE_ADDR": f"10.0.0.{number}"}
        with app.app_context():
            clients[name].post("/login", data={"username": "olivia", "password": PASSWORD})
        clock.advance(minutes=1)
    return clients


def _request(app, client, method: str = "GET", **options):
    """Make a request in a fresh app context, as a server does for each one."""
    with app.app_context():
        return client.open(PAGE, method=method, **options)


def _row_id(client) -> str:
    with client.session_transaction() as cookie:
        return session_store.row_id(cookie[sessions.SESSION_ID])


def _signed_in(app, client) -> bool:
    with app.app_context():
        return client.get("/staff").status_code == 200


def test_the_page_lists_every_live_session_and_marks_this_one(app, devices):
    html = _request(app, devices["laptop"]).get_data(as_text=True)
    assert html.count('data-testid="session-row"') == 3
    for summary in ("Firefox on Windows", "Safari on iOS", "Chrome on Linux"):
        assert summary in html
    assert "10.0.0.1" in html and html.count("This session") == 1
    assert re.search(r"Firefox on Windows <strong class=\"nhsuk-tag\">This session", html)
    assert "All other sessions (2)" in html


def test_ending_one_session_signs_out_that_device_only(app, devices, security_events):
    phone = _row_id(devices["phone"])
    response = _request(app, devices["laptop"], "POST", data={"which": phone, "password": PASSWORD})
    assert response.headers["Location"] == PAGE
    assert not _signed_in(app, devices["phone"])
    assert _signed_in(app, devices["laptop"]) and _signed_in(app, devices["desktop"])
    db.session.expire_all()
    assert db.session.get(UserSession, phone).end_reason == "ended_by_user"
    (entry,) = security_events("sessions_ended")
    assert entry["ended"] == phone and entry["count"] == 1
    assert entry["session"] == _row_id(devices["laptop"])
    html = _request(app, devices["laptop"]).get_data(as_text=True)
    assert html.count('data-testid="session-row"') == 2 and "Safari on iOS" not in html


def test_ending_all_others_keeps_this_one(app, devices):
    response = _request(
        app, devices["desktop"], "POST", data={"which": "others", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert not _signed_in(app, devices["laptop"]) and not _signed_in(app, devices["phone"])
    assert _signed_in(app, devices["desktop"])
    html = _request(app, devices["desktop"]).get_data(as_text=True)
    assert "You are not signed in anywhere else" in html and "End sessions" not in html


@pytest.mark.parametrize("password", ["", "not-my-password"])
def test_the_password_must_be_typed_again(app, devices, password):
    response = _request(
        app, devices["laptop"], "POST", data={"which": "others", "password": password}
    )
    assert response.status_code == 200
    message = "Enter your password" if not password else "Your password is not right"
    assert message in response.get_data(as_text=True)
    assert all(_signed_in(app, client) for client in devices.values())


def test_wrong_passwords_count_as_failed_sign_ins(app, devices, clock, security_events):
    laptop = devices["laptop"]
    for _ in range(policies()["account"].free_failures):
        _request(app, laptop, "POST", data={"which": "others", "password": "not-my-password"})
    refused = _request(app, laptop, "POST", data={"which": "others", "password": PASSWORD})
    assert refused.status_code == 200 and "Your password is not right" in refused.text
    assert all(_signed_in(app, client) for client in devices.values())
    failed = security_events("sign_in_failed")
    assert [entry["reason"] for entry in failed] == ["bad_password"] * 5 + ["throttled"]
    assert {entry["purpose"] for entry in failed} == {"end_sessions"}
    clock.advance(seconds=policies()["account"].first_wait_s + 1)
    ended = _request(app, laptop, "POST", data={"which": "others", "password": PASSWORD})
    assert ended.status_code == 302 and not _signed_in(app, devices["phone"])


def test_a_session_of_someone_else_cannot_be_ended(app, devices, make_user):
    make_user("bella", "booking")
    bella = app.test_client()
    with app.app_context():
        bella.post("/login", data={"username": "bella", "password": PASSWORD})
    response = _request(
        app, devices["laptop"], "POST", data={"which": _row_id(bella), "password": PASSWORD}
    )
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert _signed_in(app, bella)


def test_sessions_past_their_time_are_not_listed(app, devices, clock):
    clock.advance(minutes=app.config["SESSION_IDLE_MINUTES"] - 2)  # the laptop went quiet first
    html = _request(app, devices["desktop"]).get_data(as_text=True)
    assert html.count('data-testid="session-row"') == 2 and "Firefox on Windows" not in html


def test_the_page_needs_sign_in_and_is_linked_from_the_password_page(client, login):
    assert client.get(PAGE).headers["Location"].startswith("/login")
    login("ops")
    assert f'href="{PAGE}"' in client.get("/account/password").get_data(as_text=True)
