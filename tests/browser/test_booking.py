"""Booking staff add a referral, book it, move it and print the letter in a real browser."""

from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.service import create_user
from tests.booking.conftest import FAR_SITE, NEAR_SITE, Desk
from tests.data import INSTANCES

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-password"


def _seed(app) -> None:
    with app.app_context():
        runner = app.test_cli_runner()
        result = runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
        assert result.exit_code == 0, result.output
        Desk().plan(
            [
                (NEAR_SITE, date(2027, 1, 11), "AM", 0, "orthopaedics"),
                (FAR_SITE, date(2027, 1, 19), "PM", 0, "orthopaedics"),
            ]
        )
        create_user("bea", PASSWORD, "booking")


def test_booking_staff_book_rebook_and_print_a_letter(live_app, page, screenshot):
    _seed(live_app)
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill("bea")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Booking desk").click()
    expect(page.locator("h1")).to_have_text("Waiting list")

    page.get_by_role("navigation", name="Booking desk").get_by_role(
        "link", name="Add a referral"
    ).click()
    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Date of birth").fill("1950-12-10")
    page.get_by_label("Postcode").fill("WD4 3AA")
    page.get_by_label("Registered GP practice").select_option("E82102")
    page.get_by_label("Service").select_option("orthopaedics")
    page.get_by_label("Referral date").fill("2026-11-02")
    page.get_by_role("button", name="Add to the waiting list").click()
    expect(page.locator("h1")).to_contain_text("Ada Lovelace")
    expect(page.get_by_text("Added the referral to the waiting list.")).to_be_visible()
    rows = page.locator("table.app-slots tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Chipperfield Sports Club")  # sooner, and nearer
    screenshot("booking-slot-finder")

    rows.first.get_by_role("button", name="Book").click()
    expect(page.get_by_text("Booked for Monday 11 January 2027 at 09:00")).to_be_visible()
    expect(page.get_by_test_id("appointment")).to_contain_text("Monday 11 January 2027 at 09:00")

    page.get_by_label("The service").nth(1).check()  # who asked for the change
    page.locator("table.app-slots tbody tr").filter(has_text="Redbourn").get_by_role(
        "button", name="Move here"
    ).click()
    expect(
        page.get_by_text("Moved the appointment to Tuesday 19 January 2027 at 13:30")
    ).to_be_visible()
    expect(page.get_by_test_id("appointment")).to_contain_text("Redbourn Civic Centre")
    expect(page.locator("table").last).to_contain_text("Cancelled by the service")
    screenshot("booking-rebooked")

    page.get_by_role("link", name="Print the letter").click()
    expect(page.locator("h1")).to_have_text("Your orthopaedic clinic appointment")
    expect(page.get_by_test_id("letter-date")).to_have_text("Tuesday 19 January 2027")
    expect(page.locator("svg.app-letter-map")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Print this letter")).to_be_hidden()
    screenshot("booking-letter-print")
