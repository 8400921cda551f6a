"""Password boxes as a person uses them: show what was typed, and see how strong it is."""

import pytest
from playwright.sync_api import expect

from accounts.service import create_user

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-password"


def test_the_sign_in_password_can_be_shown_and_hidden(live_app, page):
    page.goto(f"{live_app.config['LIVE_URL']}/login")
    box = page.get_by_label("Password")
    box.fill("typed-carefully")
    expect(box).to_have_attribute("type", "password")
    page.get_by_role("button", name="Show").click()
    expect(box).to_have_attribute("type", "text")
    expect(page.get_by_role("button", name="Hide")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Hide").click()
    expect(box).to_have_attribute("type", "password")


def test_a_new_password_is_measured_as_it_is_typed(live_app, page, screenshot):
    with live_app.app_context():
        create_user("olivia", PASSWORD, "ops")
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill("olivia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/staff")
    page.goto(f"{base}/account/password")
    new = page.locator('input[autocomplete="new-password"]').first
    meter = page.locator("meter.app-password-meter")
    expect(meter).to_have_count(1)
    new.fill("short")
    expect(page.get_by_text("Too short: 5 of 12 characters.")).to_be_visible()
    new.fill("olivia")
    expect(page.get_by_text("Not allowed: this is your username.")).to_be_visible()
    new.fill("harbour lantern thistle")
    expect(page.get_by_text("Strong: long passwords are the hardest to guess.")).to_be_visible()
    expect(meter).to_have_attribute("value", "3")
    screenshot("change-password-meter")
