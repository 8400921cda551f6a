"""The admin's account pages: accounts made with a one-time password shown once, disabled and
enabled (never deleted), passwords reset; for admins only."""

from accounts.models import User
from audit.models import AuditEvent
from extensions import db
from tests.accounts.steps import post_code, post_password, reread, status_of
from tests.conftest import PASSWORD, current_code, enrol_totp


def test_admin_creates_an_account_and_sees_its_password_once(client, login):
    login("admin")
    response = client.post("/admin/users", data={"username": "bella", "role": "booking"})
    assert response.status_code == 200
    assert b"Account created" in response.data
    assert db.session.scalar(db.select(User).filter_by(username="bella")).role == "booking"
    assert b"Account created" not in client.get("/admin/users").data


def test_admin_creates_a_commissioner(client, login):
    login("admin")
    page = client.get("/admin/users").data.decode()
    assert '<option value="commissioner">Commissioner</option>' in page
    response = client.post("/admin/users", data={"username": "cara", "role": "commissioner"})
    assert b"Account created" in response.data
    assert _user("cara").role == "commissioner"


def test_admin_creates_a_practice_account_and_sees_its_practice(client, login, example_small):
    login("admin")
    response = client.post(
        "/admin/users", data={"username": "surgery", "role": "practice", "practice": "E82102"}
    )
    assert b"Account created" in response.data
    assert (_user("surgery").role, _user("surgery").practice_id) == ("practice", "E82102")
    assert "Victoria Street Surgery (E82102)" in client.get("/admin/users").data.decode()


def test_admin_form_names_the_practice_field_when_it_does_not_fit(client, login, example_small):
    login("admin")
    response = client.post("/admin/users", data={"username": "surgery", "role": "practice"})
    html = response.data.decode()
    assert "A GP practice account needs its practice&#39;s ODS code." in html
    assert 'href="#practice"' in html and 'value="surgery"' in html
    response = client.post(
        "/admin/users", data={"username": "olivia", "role": "ops", "practice": "E82102"}
    )
    assert "Only a GP practice account belongs to a practice." in response.data.decode()
    assert _user("surgery") is None and _user("olivia") is None


def test_admin_form_reshows_a_taken_username(client, login):
    login("admin")
    response = client.post("/admin/users", data={"username": "admin", "role": "ops"})
    assert b"Username &#39;admin&#39; is already taken" in response.data
    assert b'value="admin"' in response.data


def _user(username: str) -> User:
    return db.session.scalar(db.select(User).filter_by(username=username))


def _one_time_password(response) -> str:
    return response.data.decode().split('data-testid="new-password">')[1].split("<")[0]


def test_account_made_by_an_admin_must_change_its_password_first(app, client, login):
    login("admin")
    response = client.post("/admin/users", data={"username": "bella", "role": "booking"})
    assert response.headers["Cache-Control"] == "no-store"
    password = _one_time_password(response)
    assert _user("bella").must_change_password
    bella = app.test_client()
    with app.app_context():
        bella.post("/login", data={"username": "bella", "password": password})
    with app.app_context():
        response = bella.get("/booking/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/password"
    new = "bella-picks-her-own-words"
    with app.app_context():
        bella.post(
            "/account/password",
            data={"current_password": password, "new_password": new, "confirm_password": new},
        )
    with app.app_context():
        assert bella.get("/staff").status_code == 200
    assert not _user("bella").must_change_password


def test_admin_page_never_shows_a_password_again(client, login):
    login("admin")
    password = _one_time_password(
        client.post("/admin/users", data={"username": "bella", "role": "booking"})
    )
    page = client.get("/admin/users").data.decode()
    assert password not in page and "one-time password" not in page
    assert _user("bella").password_hash not in page


def test_admin_disables_and_enables_an_account(client, login, make_user):
    login("admin")
    bella = make_user("bella", "booking")
    response = client.post(f"/admin/users/{bella.id}/disable", follow_redirects=True)
    assert b"bella can no longer sign in" in response.data
    assert b"Disabled since" in response.data
    assert not _user("bella").active and _user("bella").disabled_at
    response = client.post(f"/admin/users/{bella.id}/enable", follow_redirects=True)
    assert b"bella can sign in again" in response.data
    assert _user("bella").active and _user("bella").disabled_at is None


def test_admin_resets_a_password_to_a_one_time_one(app, client, login, make_user):
    login("admin")
    bella = make_user("bella", "booking")
    response = client.post(f"/admin/users/{bella.id}/reset-password")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert b"Password reset" in response.data
    password = _one_time_password(response)
    assert _user("bella").must_change_password
    other = app.test_client()
    with app.app_context():
        assert (
            other.post("/login", data={"username": "bella", "password": PASSWORD}).status_code
            == 200
        )
        assert (
            other.post("/login", data={"username": "bella", "password": password}).status_code
            == 302
        )


def test_admin_cannot_disable_or_reset_their_own_account(client, login):
    admin = login("admin")
    response = client.post(f"/admin/users/{admin.id}/disable", follow_redirects=True)
    assert b"You cannot disable your own account here" in response.data
    assert _user("admin").active
    response = client.post(f"/admin/users/{admin.id}/reset-password", follow_redirects=True)
    assert b"You cannot reset your own password here" in response.data


def test_accounts_cannot_be_deleted_from_the_pages(app, client, login, make_user):
    login("admin")
    bella = make_user("bella", "booking")
    assert client.delete(f"/admin/users/{bella.id}").status_code in (404, 405)
    assert client.post(f"/admin/users/{bella.id}/delete").status_code == 404
    assert not [
        rule for rule in app.url_map.iter_rules() if "delete" in rule.rule and "user" in rule.rule
    ]
    assert _user("bella") is not None


def test_account_actions_are_for_admins_only(client, login, make_user):
    bella = make_user("bella", "booking")
    login("ops")
    for action in ("disable", "enable", "reset-password"):
        assert client.post(f"/admin/users/{bella.id}/{action}").status_code == 403
    assert _user("bella").active and not _user("bella").must_change_password


def test_an_admin_resets_anothers_two_factor_and_ends_their_sessions(
    app, client, login, make_user, clock, security_events
):
    login("admin")
    bella = make_user("bella", "booking")
    enrol_totp(bella)
    phone = app.test_client()
    post_password(phone, "bella")
    post_code(app, phone, current_code())
    assert status_of(app, phone) == 200
    with app.app_context():
        assert client.get(f"/admin/users/{bella.id}/reset-two-factor").status_code == 405
        response = client.post(f"/admin/users/{bella.id}/reset-two-factor")
    assert response.headers["Location"] == "/admin/users"
    bella = reread(bella.id)
    assert not bella.has_totp and bella.totp_secret is None and bella.totp_last_step is None
    assert status_of(app, phone) == 302
    (entry,) = security_events("two_factor_reset")
    assert entry["user_id"] == bella.id and entry["by"] == "admin"
    (event,) = db.session.scalars(db.select(AuditEvent).filter_by(action="reset_two_factor"))
    assert event.actor == "admin" and event.entity_id == str(bella.id)
    assert post_password(phone, "bella").headers["Location"] == "/staff"  # opted in: now off


def test_an_admin_cannot_reset_their_own_two_factor(client, login):
    admin = login("admin")
    response = client.post(f"/admin/users/{admin.id}/reset-two-factor", follow_redirects=True)
    assert b"You cannot reset your own two-step sign-in here" in response.data
    assert reread(admin.id).has_totp


def test_an_admin_whose_two_factor_is_reset_must_set_it_up_again(
    app, client, login, make_user, clock
):
    login("admin")
    other = make_user("ada", "admin")
    enrol_totp(other)
    with app.app_context():
        client.post(f"/admin/users/{other.id}/reset-two-factor")
    laptop = app.test_client()
    assert post_password(laptop, "ada").headers["Location"] == "/staff"
    with app.app_context():
        assert laptop.get("/admin/users").headers["Location"] == "/account/two-factor/enrol"


def test_a_password_reset_leaves_two_factor_on(app, client, login, make_user, clock):
    """A one-time password seen by someone else is still not enough to get in."""
    login("admin")
    bella = make_user("bella", "booking")
    enrol_totp(bella)
    with app.app_context():
        client.post(f"/admin/users/{bella.id}/reset-password")
    assert reread(bella.id).has_totp
