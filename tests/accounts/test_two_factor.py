"""The second factor at sign-in, turned off, and reset by an admin: each code works once,
every refusal gets one answer and is logged, and a wrong code counts as a failed sign-in."""

import re
from datetime import timedelta

import pyotp
import pytest

from accounts import clock as account_clock
from accounts import service, sessions, totp, two_factor
from accounts.models import SignInThrottle, User
from accounts.throttle import policies
from accounts.two_factor import CODE_REFUSAL
from audit.models import AuditEvent
from extensions import db
from tests.accounts.steps import CODE_PAGE, post_code, post_password, reread, status_of
from tests.conftest import PASSWORD, TOTP_SECRET, current_code, enrol_totp
from tests.site_pages import part_of, route_urls


def _error_summary(response) -> str:
    html = response.get_data(as_text=True)
    return re.search(r'class="nhsuk-error-summary".*?</div>\s*</div>', html, re.S).group(0)


def _code_at(seconds: int) -> str:
    return pyotp.TOTP(TOTP_SECRET).at(account_clock.now() + timedelta(seconds=seconds))


@pytest.fixture
def olivia(make_user, clock) -> User:
    """An ops user with two-step sign-in on (opted in), on a stopped clock."""
    user = make_user("olivia")
    enrol_totp(user)
    return user


def test_the_password_leaves_the_session_half_signed_in_until_the_code(
    app, client, olivia, security_events
):
    response = post_password(client, path="/login?next=/audit/")
    assert response.headers["Location"] == f"{CODE_PAGE}?next=/audit/"
    with client.session_transaction() as half:
        assert sessions.USER_ID not in half and half[sessions.PENDING_USER] == olivia.id
    assert status_of(app, client) == 302
    assert b"Enter your sign-in code" in client.get(CODE_PAGE).data
    response = post_code(app, client, current_code(), f"{CODE_PAGE}?next=/audit/")
    assert response.headers["Location"] == "/audit/"
    assert status_of(app, client) == 200
    with client.session_transaction() as signed_in:
        assert sessions.PENDING_USER not in signed_in
    asked, signed = security_events("sign_in_code_asked"), security_events("sign_in")
    assert asked[0]["user_id"] == olivia.id and signed[0]["second_factor"] == "totp"


def test_a_half_signed_in_session_reaches_no_staff_page(app, client, olivia, world):
    post_password(client)
    for method, url in route_urls(app, world):
        if part_of(url) == "public" or url == CODE_PAGE:
            continue
        with app.app_context():
            response = client.open(url, method=method)
        assert response.status_code in (302, 401, 403), (method, url, response.status_code)
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/login"), (method, url)
        with client.session_transaction() as still:
            assert sessions.USER_ID not in still


def test_wrong_reused_and_far_off_codes_get_one_answer_and_are_logged(
    app, client, olivia, security_events
):
    post_password(client)
    wrong = post_code(app, client, "000000" if current_code() != "000000" else "111111")
    assert wrong.status_code == 200 and CODE_REFUSAL in _error_summary(wrong)
    assert post_code(app, client, current_code()).status_code == 302
    client.post("/logout")
    post_password(client)
    reused = post_code(app, client, current_code())  # the same step: a replay
    far_off = post_code(app, client, _code_at(-90))  # three steps ago: past the drift allowed
    assert _error_summary(reused) == _error_summary(wrong) == _error_summary(far_off)
    reasons = [entry["reason"] for entry in security_events("sign_in_failed")]
    assert reasons == ["bad_code", "code_reused", "bad_code"]
    assert all(entry["step"] == "code" for entry in security_events("sign_in_failed"))
    assert status_of(app, client) == 302


def test_a_code_of_the_next_or_last_step_is_accepted_for_clock_drift(app, client, olivia):
    post_password(client)
    assert post_code(app, client, _code_at(-30)).headers["Location"] == "/staff"
    client.post("/logout")
    post_password(client)
    assert post_code(app, client, _code_at(30)).headers["Location"] == "/staff"
    assert reread(olivia.id).totp_last_step == totp.time_step(
        account_clock.now() + timedelta(seconds=30)
    )


def test_a_code_too_late_sends_the_person_back_to_the_password(app, client, olivia, clock):
    post_password(client)
    clock.advance(seconds=sessions.PENDING_S + 1)
    response = post_code(app, client, current_code())
    assert response.headers["Location"].startswith("/login")
    assert b"The code was not typed in time" in client.get("/login").data
    with client.session_transaction() as cleared:
        assert sessions.PENDING_USER not in cleared


def _change_password_elsewhere(app, olivia) -> None:
    """Olivia signs in on another device and chooses a new password there."""
    laptop = app.test_client()
    post_password(laptop)
    post_code(app, laptop, current_code())
    new = "a-brand-new-passphrase"
    with app.app_context():
        response = laptop.post(
            "/account/password",
            data={"current_password": PASSWORD, "new_password": new, "confirm_password": new},
        )
    assert response.status_code == 302


def _disable_and_enable(olivia) -> None:
    service.disable_user(olivia.id)
    service.enable_user(olivia.id)


ACCOUNT_CHANGES = {
    "password reset": lambda app, olivia: service.reset_password(olivia.id),
    "password changed": _change_password_elsewhere,
    "disabled and enabled again": lambda app, olivia: _disable_and_enable(olivia),
    "second factor reset": lambda app, olivia: two_factor.reset(olivia.id),
}


@pytest.mark.parametrize("change", ACCOUNT_CHANGES)
def test_a_half_signed_in_session_ends_when_the_account_changes(app, client, olivia, clock, change):
    """The right password was typed before the change: the code alone must not finish it."""
    post_password(client)
    ACCOUNT_CHANGES[change](app, olivia)
    enrol_totp(reread(olivia.id))  # a second factor again, where it was reset
    clock.advance(seconds=30)  # a code not used yet
    response = post_code(app, client, current_code())
    assert response.headers["Location"].startswith("/login")
    assert b"Sign in again" in client.get("/login").data
    with client.session_transaction() as cleared:
        assert sessions.PENDING_USER not in cleared
    assert status_of(app, client) == 302


def test_signing_out_half_signed_in_forgets_the_password_step(app, client, olivia):
    post_password(client)
    with app.app_context():
        assert client.post("/logout").status_code == 302
    with client.session_transaction() as cleared:
        assert sessions.PENDING_USER not in cleared and sessions.PENDING_UNTIL not in cleared
    assert post_code(app, client, current_code()).headers["Location"].startswith("/login")
    assert status_of(app, client) == 302


def test_wrong_codes_count_as_failed_sign_ins_and_a_password_does_not_clear_them(
    app, client, olivia, clock, security_events
):
    free = policies()["account"].free_failures
    post_password(client)
    for _ in range(free - 1):
        post_code(app, client, "999999" if current_code() != "999999" else "888888")
    post_password(client)  # the right password again buys no fresh guesses at the code
    post_code(app, client, "999999" if current_code() != "999999" else "888888")
    assert security_events("sign_in_throttled")
    right = post_code(app, client, current_code())
    assert right.status_code == 200 and CODE_REFUSAL in _error_summary(right)
    assert security_events("sign_in_failed")[-1]["reason"] == "throttled"
    clock.advance(seconds=policies()["account"].first_wait_s + 1)
    post_password(client)
    assert post_code(app, client, current_code()).headers["Location"] == "/staff"


@pytest.mark.parametrize("typed", ["１２３４５６", "١٢٣٤٥٦"], ids=["full-width", "arabic-indic"])
@pytest.mark.parametrize("page", ["sign-in", "enrol", "turn-off"])
def test_digits_of_other_scripts_are_a_wrong_code_on_every_page(
    app, client, make_user, clock, security_events, page, typed
):
    """Full-width or Arabic-Indic digits get the wrong-code answer, not a server error."""
    user = make_user("olivia")
    if page != "enrol":
        enrol_totp(user)
    if page == "sign-in":
        post_password(client)
        path, event = CODE_PAGE, "sign_in_failed"
    else:
        post_password(client)
        path = "/account/two-factor/enrol" if page == "enrol" else "/account/two-factor/turn-off"
        event = "two_factor_code_refused"
        if page == "turn-off":
            post_code(app, client, current_code())
        else:
            client.get(path)  # the secret to enrol with
    response = post_code(app, client, typed, path)
    assert response.status_code == 200 and CODE_REFUSAL in _error_summary(response)
    assert security_events(event)[-1]["reason"] == "bad_code"
    if page != "enrol":  # a wrong code counts as a failed sign-in; setting up risks nothing
        counted = db.session.scalar(db.select(SignInThrottle).filter_by(scope="account"))
        assert counted.failures == 1


def test_her_usual_address_gets_past_the_accounts_wait_at_the_code_step_too(
    app, client, olivia, clock
):
    post_password(client)
    post_code(app, client, current_code())  # she has signed in from here before
    with app.app_context():
        client.post("/logout")
    clock.advance(seconds=30)  # a code not used yet
    attacker = app.test_client()
    for number in range(policies()["account"].free_failures):
        with app.app_context():
            attacker.post(
                "/login",
                data={"username": "olivia", "password": "wrong-password!"},
                environ_base={"REMOTE_ADDR": f"198.51.100.{number}"},
            )
    assert post_password(client).headers["Location"].startswith(CODE_PAGE)
    assert post_code(app, client, current_code()).headers["Location"] == "/staff"


def test_others_turn_two_factor_off_only_with_a_current_code(
    app, client, login, clock, security_events
):
    user = login("ops", "olivia")
    enrol_totp(user)
    wrong = client.post("/account/two-factor/turn-off", data={"code": "12345x"})
    assert CODE_REFUSAL in _error_summary(wrong)
    assert reread(user.id).has_totp
    assert security_events("two_factor_code_refused")[0]["purpose"] == "turn_off"
    response = client.post("/account/two-factor/turn-off", data={"code": current_code()})
    assert response.status_code == 302
    user = reread(user.id)
    assert not user.has_totp and user.totp_secret is None
    assert security_events("two_factor_disabled")[0]["user_id"] == user.id
    (event,) = db.session.scalars(db.select(AuditEvent).filter_by(action="disable_two_factor"))
    assert event.before["two_factor"] and not event.after["two_factor"]


def test_an_admin_cannot_turn_two_factor_off(client, login, clock):
    admin = login("admin")
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Administrators must keep it on" in page and "turn-off" not in page
    clock.advance(seconds=30)  # a code not used yet
    response = client.post(
        "/account/two-factor/turn-off", data={"code": current_code()}, follow_redirects=True
    )
    assert b"Administrators must keep two-step sign-in on" in response.data
    assert reread(admin.id).has_totp
