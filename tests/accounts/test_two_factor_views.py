"""The two-step sign-in pages: setting it up takes a right code, administrators must set it
up before anything else, and the status page."""

import re

import pyotp

from accounts import totp
from accounts.models import User
from accounts.two_factor import CODE_REFUSAL
from audit.models import AuditEvent
from extensions import db
from tests.conftest import PASSWORD

ENROL = "/account/two-factor/enrol"


def _fresh(user_id: int) -> User:
    """Read the account afresh: the requests changed it in sessions of their own."""
    db.session.expire_all()
    return db.session.get(User, user_id)


def _shown_secret(response) -> str:
    html = response.get_data(as_text=True)
    return re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")


def test_setting_up_shows_a_qr_code_and_the_secret_on_a_page_never_stored(client, login):
    user = login("ops", "olivia")
    response = client.get(ENROL)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert '<img src="data:image/svg+xml' in html and 'data-testid="qr-code"' in html
    secret = _shown_secret(response)
    assert secret == _fresh(user.id).totp_secret and len(secret) == 32
    assert re.search(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", html)  # groups of four
    assert _shown_secret(client.get(ENROL)) == secret  # the same until confirmed
    assert not _fresh(user.id).has_totp


def test_setting_up_needs_a_right_code_before_it_is_on(client, login, clock, security_events):
    user = login("ops", "olivia")
    secret = _shown_secret(client.get(ENROL))
    wrong = client.post(ENROL, data={"code": "000000"})
    if pyotp.TOTP(secret).at(clock.now()) != "000000":
        assert wrong.status_code == 200 and CODE_REFUSAL in wrong.get_data(as_text=True)
        assert not _fresh(user.id).has_totp
        (refused,) = security_events("two_factor_code_refused")
        assert refused["purpose"] == "enrol" and refused["reason"] == "bad_code"
    response = client.post(ENROL, data={"code": pyotp.TOTP(secret).at(clock.now())})
    assert response.headers["Location"] == "/staff"
    user = _fresh(user.id)
    assert user.has_totp and user.totp_last_step == totp.time_step(clock.now())
    assert security_events("two_factor_enabled")[0]["user_id"] == user.id
    (event,) = db.session.scalars(db.select(AuditEvent).filter_by(action="enable_two_factor"))
    assert event.after["two_factor"] and "totp_secret" not in str(event.after)
    assert client.get(ENROL).headers["Location"] == "/account/two-factor"
    assert b"Two-step sign-in is <strong>on</strong>" in client.get("/account/two-factor").data


def test_turning_it_on_signs_out_the_other_sessions(app, client, login, clock):
    login("ops", "olivia")
    other = app.test_client()
    with app.app_context():
        other.post("/login", data={"username": "olivia", "password": PASSWORD})
    secret = _shown_secret(client.get(ENROL))
    client.post(ENROL, data={"code": pyotp.TOTP(secret).at(clock.now())})
    with app.app_context():
        assert other.get("/staff").status_code == 302
    with app.app_context():
        assert client.get("/staff").status_code == 200


def test_an_admin_without_two_factor_must_set_it_up_before_anything_else(
    app, client, make_user, clock
):
    admin = make_user("ada", "admin")
    client.post("/login", data={"username": "ada", "password": PASSWORD})
    for path in ("/staff", "/admin/users", "/ops/", "/account/password", "/", "/audit/"):
        with app.app_context():
            assert client.get(path).headers.get("Location") == ENROL, path
    page = client.get(ENROL)
    assert page.status_code == 200 and b"Administrators sign in with a password and a code" in (
        page.data
    )
    client.post(ENROL, data={"code": pyotp.TOTP(_shown_secret(page)).at(clock.now())})
    assert _fresh(admin.id).has_totp
    with app.app_context():
        assert client.get("/admin/users").status_code == 200
    with app.app_context():
        assert client.post("/logout").headers["Location"] == "/"


def test_an_admin_changes_a_one_time_password_first_then_sets_up_two_factor(app, client, make_user):
    admin = make_user("ada", "admin")
    admin.must_change_password = True
    db.session.commit()
    client.post("/login", data={"username": "ada", "password": PASSWORD})
    assert client.get(ENROL).headers["Location"] == "/account/password"


def test_the_demo_admin_signs_in_and_is_asked_to_set_up_two_factor(app, client, runner):
    output = runner.invoke(args=["create-demo-users"]).output
    line = next(line for line in output.splitlines() if "username: admin " in line)
    password = line.split("password: ")[1].strip()
    response = client.post("/login", data={"username": "admin", "password": password})
    assert response.headers["Location"] == "/staff"
    assert client.get("/staff").headers["Location"] == ENROL


def test_the_status_page_offers_setting_up_to_those_without(client, login):
    login("booking", "bella")
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "is <strong>off</strong>" in page and f'href="{ENROL}"' in page
    assert 'href="/account/two-factor"' in client.get("/account/password").get_data(as_text=True)


def test_the_users_page_shows_who_has_two_factor_and_offers_a_reset(client, login, make_user):
    login("admin")
    make_user("bella", "booking")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Not set up yet" not in page and ">On<" in page.replace("\n", "").replace(" ", "")
    assert page.count("reset-two-factor") == 0  # the admin's own row offers no actions
