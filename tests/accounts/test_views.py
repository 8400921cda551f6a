"""Sign-in, roles, CSRF, throttling and the account pages."""

import pytest

from accounts.models import User
from extensions import db
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


def test_account_locks_after_repeated_failures(app, client, make_user):
    make_user("olivia", "ops")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/login", data={"username": "olivia", "password": "wrong-password!"})
    response = client.post("/login", data={"username": "olivia", "password": PASSWORD})
    assert b"Too many failed attempts" in response.data
    assert db.session.scalar(db.select(User).filter_by(username="olivia")).locked_until


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


def test_next_address_must_stay_on_this_site(client, make_user):
    make_user("olivia", "ops")
    response = client.post(
        "/login?next=https://evil.example/steal",
        data={"username": "olivia", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/staff"


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


def test_admin_creates_an_account_and_sees_its_password_once(client, login):
    login("admin")
    response = client.post("/admin/users", data={"username": "bella", "role": "booking"})
    assert response.status_code == 200
    assert b"Account created" in response.data
    assert db.session.scalar(db.select(User).filter_by(username="bella")).role == "booking"
    assert b"Account created" not in client.get("/admin/users").data


def test_admin_form_reshows_a_taken_username(client, login):
    login("admin")
    response = client.post("/admin/users", data={"username": "admin", "role": "ops"})
    assert b"Username &#39;admin&#39; is already taken" in response.data
    assert b'value="admin"' in response.data


def test_logout(client, login):
    login("ops")
    response = client.post("/logout", follow_redirects=True)
    assert b"You have signed out" in response.data
    assert client.get("/staff").status_code == 302
