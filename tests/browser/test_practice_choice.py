"""A GP practice refers a patient and chooses an appointment with them in a real browser:
three choices at different sites and dates, nearest and soonest first, one booked; or a
shortlist printed on A4 with the booking reference."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.service import create_user
from tests.booking.conftest import FAR_SITE, NEAR_SITE, Desk
from tests.data import INSTANCES

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-password"
MIDDLE_SITE = "croxley-green-football-club"
A4_PRINTABLE_PX = 680  # 210 mm less 15 mm margins each side, at 96 px an inch


def _seed(app) -> None:
    with app.app_context():
        runner = app.test_cli_runner()
        result = runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
        assert result.exit_code == 0, result.output
        Desk().plan(
            [
                (NEAR_SITE, date(2027, 1, 11), "AM", 0, "orthopaedics", "op-2"),
                (NEAR_SITE, date(2027, 1, 11), "PM", 0, "orthopaedics", "op-2"),
                (MIDDLE_SITE, date(2027, 1, 12), "AM", 0, "orthopaedics", "op-1"),
                (FAR_SITE, date(2027, 1, 19), "PM", 0, "orthopaedics", "op-1"),
            ]
        )
        create_user("surgery", PASSWORD, "practice", practice_id="E82102")


def _refer(page, base: str, nhs_number: str, name: str) -> None:
    """Sign in from the staff home and refer a patient of Victoria Street Surgery."""
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill("surgery")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Your practice").click()
    expect(page.locator("h1")).to_contain_text("Your referrals")
    page.get_by_role("navigation", name="Your practice").get_by_role(
        "link", name="Refer a patient"
    ).click()
    page.get_by_label("NHS number").fill(nhs_number)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Date of birth").fill("1950-12-10")
    page.get_by_label("Postcode").fill("WD4 3AA")
    page.get_by_label("Service").select_option("orthopaedics")
    page.get_by_role("button", name="Refer and choose an appointment").click()


def test_a_practice_refers_a_patient_and_books_one_of_three_choices(
    live_app, clock, page, screenshot, axe
):
    _seed(live_app)
    base = live_app.config["LIVE_URL"]
    _refer(page, base, "943 476 5919", "Ada Lovelace")

    expect(page.locator("h1")).to_contain_text("Choose an appointment with Ada Lovelace")
    choices = page.get_by_test_id("choice")
    expect(choices).to_have_count(3)
    expect(choices.nth(0)).to_contain_text("Monday 11 January 2027")
    expect(choices.nth(0)).to_contain_text("Chipperfield Sports Club")
    expect(choices.nth(1)).to_contain_text("Tuesday 12 January 2027")
    expect(choices.nth(2)).to_contain_text("Redbourn Civic Centre")
    distances = [float(re.search(r"([\d.]+) km", choices.nth(n).inner_text()).group(1))
                 for n in range(3)]  # fmt: skip
    assert distances == sorted(distances) and distances[0] < 3 < 12 < distances[2] < 15
    expect(page.get_by_test_id("reference")).to_have_text(re.compile(r"^DMC-\d{3}-\d{3}-\d$"))
    assert axe(page) == []
    screenshot("practice-choices")

    choices.nth(1).get_by_role("button", name=re.compile("^Book")).click()
    expect(page.get_by_text("Booked for Tuesday 12 January 2027 at 09:00")).to_be_visible()
    expect(page.get_by_test_id("appointment")).to_contain_text("Tuesday 12 January 2027 at 09:00")
    expect(page.get_by_test_id("appointment")).to_contain_text("Croxley Green Football Club")
    expect(page.get_by_text("Booked one")).to_be_visible()  # the offer, recorded
    screenshot("practice-booked")

    page.get_by_role("link", name="Your referrals").click()
    row = page.get_by_test_id("practice-referrals").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.first).to_contain_text("Booked")
    expect(row.first).to_contain_text("Tue 12 Jan 2027, 09:00")


def test_a_practice_prints_a_shortlist_on_a4(live_app, clock, page, screenshot):
    _seed(live_app)
    base = live_app.config["LIVE_URL"]
    _refer(page, base, "943 476 5919", "Grace Hopper")
    expect(page.get_by_test_id("choice")).to_have_count(3)
    page.get_by_role("button", name="Print a shortlist for the patient").click()
    expect(page.locator("h1")).to_contain_text("Your appointment choices")
    expect(page.get_by_test_id("shortlisted")).to_have_count(3)
    reference = page.get_by_test_id("reference").inner_text()
    assert re.fullmatch(r"DMC-\d{3}-\d{3}-\d", reference)

    page.set_viewport_size({"width": A4_PRINTABLE_PX, "height": 900})
    page.emulate_media(media="print")
    screenshot("practice-shortlist-print")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= A4_PRINTABLE_PX
    assert page.locator("header.nhsuk-header").is_hidden()
    expect(page.get_by_role("link", name="Print this shortlist")).to_be_hidden()
    expect(page.get_by_text(reference).first).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    width, height = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups()
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
