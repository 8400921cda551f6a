"""Sign-in, roles, CSRF, throttling and the account pages."""

import pytest

from accounts.throttle import policies
from accounts.views import safe_next
from tests.conftest import PASSWORD, _config


def test_login_page_renders(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Staff sign in" in response.data


def test_login_and_see_staff_home(client, make_user):
    make_user("olivia", "ops")
    response = client.post(
        "/login", data={"username": "olivia", "password": PASSWORD}, follow_redirects=True
    )
    assert response.status_code == 200
    assert b"Signed in as olivia" in response.data
    assert b"Plan the tour" in response.data


def test_wrong_password_is_refused_and_username_kept(client, make_user):
    make_user("olivia", "ops")
    response = client.post("/login", data={"username": "olivia", "password": "wrong-password!"})
    assert response.status_code == 200
    assert b"The username or password is not right" in response.data
    assert b'value="olivia"' in response.data


def test_empty_form_names_each_missing_field(client):
    response = client.post("/login", data={"username": "", "password": ""})
    assert b"Enter your username" in response.data
    assert b"Enter your password" in response.data


def test_login_requests_are_rate_limited(migrated_template, tmp_path, make_user):
    import shutil

    from app import create_app

    shutil.copy(migrated_template, tmp_path / "limited.sqlite3")
    limited = create_app(_config(tmp_path / "limited.sqlite3") | {"RATELIMIT_ENABLED": True})
    client = limited.test_client()
    codes = [
        client.post("/login", data={"username": "x", "password": "y"}).status_code
        for _ in range(12)
    ]
    assert codes.count(429) >= 1
    assert b"too many requests" in client.post("/login", data={}).data.lower()


def test_staff_home_needs_sign_in(client):
    response = client.get("/staff")
    assert response.status_code == 302
    assert "/login?next=%2Fstaff" in response.headers["Location"]


NASTY_NEXT = [
    "https://evil.example/steal",
    "http:evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\x00evil",
    " /staff",
    "/staff evil",
    "/\u3000/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "staff",
    "/ops//evil.example",
    "/" + "a" * 3000,
    "",
]


@pytest.mark.parametrize("target", NASTY_NEXT)
def test_next_address_must_be_a_plain_path_on_this_site(target):
    assert safe_next(target) is None


def test_percent_encoded_tricks_stay_paths_on_this_site():
    """A browser takes `/%09/evil.example` as a path here, never as another host."""
    assert safe_next("/%09/evil.example") == "/%09/evil.example"


@pytest.mark.parametrize("target", ["/staff", "/ops/?week=3", "/admin/users#top", "/ops/data/"])
def test_next_address_on_this_site_is_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", ["https://evil.example/steal", "/\\evil.example", "//evil"])
def test_sign_in_never_sends_anyone_off_site(client, make_user, target):
    make_user("olivia", "ops")
    response = client.post(
        "/login", query_string={"next": target}, data={"username": "olivia", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/staff"


def test_sign_in_follows_a_next_path_on_this_site(client, make_user):
    make_user("olivia", "ops")
    response = client.post("/login?next=/ops/", data={"username": "olivia", "password": PASSWORD})
    assert response.headers["Location"] == "/ops/"


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/ops/", {"ops", "admin"}),
        ("/ops/data.xlsx", {"ops", "admin"}),
        ("/admin/users", {"admin"}),
    ],
)
@pytest.mark.parametrize("role", ["ops", "booking", "admin"])
def test_staff_pages_refuse_the_wrong_role(client, login, path, allowed, role):
    login(role)
    response = client.get(path)
    assert response.status_code == (200 if role in allowed else 403)
    if role not in allowed:
        assert b"You cannot see this page" in response.data


def test_form_post_without_csrf_token_is_refused(migrated_template, tmp_path):
    import shutil

    from app import create_app

    shutil.copy(migrated_template, tmp_path / "csrf.sqlite3")
    strict = create_app(_config(tmp_path / "csrf.sqlite3") | {"WTF_CSRF_ENABLED": True})
    with strict.app_context():
        from accounts.service import create_user

        create_user("olivia", PASSWORD, "ops")
    client = strict.test_client()
    response = client.post("/login", data={"username": "olivia", "password": PASSWORD})
    assert response.status_code == 400
    assert b"CSRF" in response.data
    page = client.get("/login").data.decode()
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/login", data={"username": "olivia", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_logout(client, login):
    login("ops")
    response = client.post("/logout", follow_redirects=True)
    assert b"You have signed out" in response.data
    assert client.get("/staff").status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "confirm", "field", "message"),
    [
        (
            "not-my-password",
            "a-brand-new-passphrase",
            None,
            "current_password",
            "current password is not right",
        ),
        (PASSWORD, "short-one", None, "new_password", "at least 12 characters"),
        (PASSWORD, "QwertyUiop123", None, "new_password", "too common"),
        (PASSWORD, "Olivia-Longname", None, "new_password", "must not be the username"),
        (
            PASSWORD,
            "a-brand-new-passphrase",
            "a-different-phrase",
            "confirm_password",
            "not the same",
        ),
        (PASSWORD, "", None, "new_password", "Enter a new password"),
    ],
)
def test_change_password_reshows_the_form_naming_the_problem(
    client, make_user, current, new, confirm, field, message
):
    make_user("olivia-longname", "ops")
    client.post("/login", data={"username": "olivia-longname", "password": PASSWORD})
    response = client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm_password": confirm or new},
    )
    assert response.status_code == 200
    html = response.data.decode()
    assert message in html
    assert f'id="{field}-error"' in html
    assert 'name="new_password"' in html


def test_change_password_keeps_this_session_and_lets_the_new_password_in(app, client, login):
    login("ops")
    new = "a-brand-new-passphrase"
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm_password": new},
        follow_redirects=True,
    )
    assert b"Your password has been changed" in response.data
    other = app.test_client()
    with app.app_context():
        assert (
            other.post("/login", data={"username": "ops", "password": PASSWORD}).status_code == 200
        )
        assert other.post("/login", data={"username": "ops", "password": new}).status_code == 302


def test_wrong_current_passwords_count_as_failed_sign_ins(
    app, client, login, clock, security_events
):
    """A session left open is no faster a way to guess the password than the sign-in page."""
    login("ops")
    new = "a-brand-new-passphrase"

    def change(current: str):
        with app.app_context():
            return client.post(
                "/account/password",
                data={"current_password": current, "new_password": new, "confirm_password": new},
            )

    for _ in range(policies()["account"].free_failures):
        assert b"Your current password is not right" in change("not-my-password").data
    refused = change(PASSWORD)  # right, but during the wait: the same answer, unchecked
    assert refused.status_code == 200 and b"Your current password is not right" in refused.data
    longest_min = policies()["account"].max_wait_s // 60
    assert f"waits a little before it checks again, up to {longest_min} minutes" in refused.text
    failed = security_events("sign_in_failed")
    assert [entry["reason"] for entry in failed] == ["bad_password"] * 5 + ["throttled"]
    assert {(entry["step"], entry["purpose"]) for entry in failed} == {
        ("password_again", "change_password")
    }
    assert security_events("sign_in_throttled")
    with app.app_context():  # the sign-in page counts them too, from anywhere else
        elsewhere = app.test_client().post(
            "/login",
            data={"username": "ops", "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "192.0.2.7"},
        )
    assert elsewhere.status_code == 200
    clock.advance(seconds=policies()["account"].first_wait_s + 1)
    assert change(PASSWORD).status_code == 302


def test_change_password_needs_sign_in(client):
    assert client.get("/account/password").status_code == 302
