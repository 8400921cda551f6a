"""A member of staff signs in with a real browser and sees their home page."""

import pytest
from playwright.sync_api import expect

from accounts.service import create_user

pytestmark = pytest.mark.browser


def test_ops_signs_in_and_sees_staff_home(live_app, page, screenshot):
    with live_app.app_context():
        create_user("olivia", "a-long-enough-password", "ops")
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/staff")
    expect(page.locator("h1")).to_have_text("Staff sign in")
    page.get_by_label("Username").fill("olivia")
    page.get_by_label("Password").fill("wrong password here")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("The username or password is not right")
    expect(page.get_by_label("Username")).to_have_value("olivia")
    screenshot("login-error")
    page.get_by_label("Password").fill("a-long-enough-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/staff")
    expect(page.locator("h1")).to_have_text("Staff home")
    expect(page.get_by_text("Signed in as olivia")).to_be_visible()
    expect(page.get_by_role("link", name="Plan the tour")).to_be_visible()
    screenshot("staff-home-ops")
    page.get_by_role("link", name="Plan the tour").click()
    expect(page.locator("h1")).to_have_text("Planning")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()
