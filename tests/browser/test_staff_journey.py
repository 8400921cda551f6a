"""A member of staff signs in with a real browser and sees their home page."""

import pytest

from accounts.service import create_user

pytestmark = pytest.mark.browser


def test_ops_signs_in_and_sees_staff_home(live_app, page, screenshot):
    with live_app.app_context():
        create_user("olivia", "a-long-enough-password", "ops")
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/staff")
    assert page.locator("h1").inner_text() == "Staff sign in"
    page.get_by_label("Username").fill("olivia")
    page.get_by_label("Password").fill("wrong password here")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert (
        "The username or password is not right" in page.locator(".nhsuk-error-summary").inner_text()
    )
    assert page.get_by_label("Username").input_value() == "olivia"
    screenshot("login-error")
    page.get_by_label("Password").fill("a-long-enough-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/staff")
    assert page.locator("h1").inner_text() == "Staff home"
    assert page.get_by_text("Signed in as olivia").is_visible()
    assert page.get_by_role("link", name="Plan the tour").is_visible()
    screenshot("staff-home-ops")
    page.get_by_role("link", name="Plan the tour").click()
    assert page.locator("h1").inner_text() == "Planning"
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_text("You have signed out").is_visible()
