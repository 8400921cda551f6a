"""A clinic day in a real browser: book a patient, mark them arrived and attended on the
clinic's register, ask for a follow-up in 6 weeks and book it at once, and see the pathway's
clock on the referral page."""

from datetime import date, datetime

import pytest
from playwright.sync_api import expect

from accounts.service import create_user
from tests.booking.conftest import NEAR_SITE, Desk
from tests.data import INSTANCES

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-password"
MON = date(2027, 1, 11)
FOLLOW_UP_DAY = date(2027, 2, 22)  # six weeks on


def _seed(app) -> None:
    with app.app_context():
        runner = app.test_cli_runner()
        result = runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
        assert result.exit_code == 0, result.output
        desk = Desk()
        desk.plan([(NEAR_SITE, day, "AM", 0, "orthopaedics") for day in (MON, FOLLOW_UP_DAY)])
        desk.referral(name="Ada Lovelace")
        create_user("bea", PASSWORD, "booking")


def test_book_attend_follow_up_and_see_the_clock(live_app, page, clock, screenshot):
    _seed(live_app)
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill("bea")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/booking/")
    page.get_by_role("link", name="Ada Lovelace").click()
    page.locator("table.app-slots tbody tr").first.get_by_role("button", name="Book").click()
    expect(page.get_by_text("Booked for Monday 11 January 2027 at 09:00")).to_be_visible()

    clock[0] = datetime(2027, 1, 11, 9, 5)  # the clinic's morning
    page.get_by_role("link", name="Clinic register of this session").click()
    expect(page.locator("h1")).to_contain_text("Orthopaedic clinic, Monday 11 January 2027, AM")
    ada = page.get_by_test_id("register").locator("tr", has_text="Ada Lovelace")
    ada.get_by_role("button", name="Arrived").click()
    expect(page.get_by_text("Recorded: Ada Lovelace, arrived.")).to_be_visible()
    ada.get_by_role("button", name="Attended").click()
    expect(page.get_by_text("Recorded: Ada Lovelace, attended.")).to_be_visible()
    expect(ada).to_contain_text("To record")
    expect(page.get_by_test_id("bulk-outcomes")).to_contain_text("Ada Lovelace")
    screenshot("clinic-register")
    page.emulate_media(media="print")  # the printed register: the list, nothing to click
    expect(page.get_by_test_id("register")).to_be_visible()
    expect(page.get_by_role("button", name="Record the outcomes")).to_be_hidden()
    link_after = "getComputedStyle(document.querySelector('[data-testid=register] a'), '::after')"
    assert page.evaluate(f"{link_after}.content") == "none"  # names, not their addresses
    expect(page.get_by_role("navigation", name="Booking desk")).to_be_hidden()
    page.emulate_media(media="screen")

    ada.get_by_role("link", name="Ada Lovelace").click()
    form = page.get_by_test_id("outcome-form")
    expect(form.get_by_label("Weeks until the follow-up")).to_be_hidden()  # until chosen
    form.get_by_label("Follow-up in N weeks").check()
    form.get_by_label("Weeks until the follow-up").fill("6")
    form.get_by_label("Book the follow-up now").check()
    form.get_by_role("button", name="Record the outcome").click()
    expect(
        page.get_by_text("Recorded: follow-up in 6 weeks, due by 22 February 2027.")
    ).to_be_visible()
    expect(page.locator("h1")).to_contain_text("follow-up")
    page.locator("table.app-slots tbody tr").first.get_by_role("button", name="Book").click()
    expect(page.get_by_text("Booked for Monday 22 February 2027 at 09:00")).to_be_visible()

    due = page.locator(".nhsuk-summary-list__row", has_text="Due by")
    expect(due).to_contain_text("22 February 2027")
    expect(page.get_by_test_id("pathway-clock")).to_contain_text("Running")
    expect(page.get_by_test_id("pathway-clock")).to_contain_text("18-week breach date")
    events = page.locator("table.app-pathway-events")
    follow_up = events.locator("tr", has_text="Follow-up in 6 weeks, due by 22 February 2027")
    expect(follow_up).to_contain_text("bea")
    expect(events.locator("tr", has_text="Attended")).to_contain_text("11 Jan 2027")
    screenshot("pathway-clock")
