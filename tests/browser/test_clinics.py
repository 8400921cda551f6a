"""A patient finds the next clinic near them by postcode or town, on a desktop and a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.clinics.conftest import DERMATOLOGY_SLOTS, build_tour

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 720}


@pytest.fixture
def base(live_app) -> str:
    with live_app.app_context():
        build_tour()
    return live_app.config["LIVE_URL"]


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_search_by_postcode_on_a_desktop(base, page, screenshot, axe):
    page.goto(f"{base}/")
    page.get_by_label("Enter a postcode, or a town or village").fill("hp23 5jd")
    page.get_by_role("button", name="Search").click()
    assert page.locator("h1").inner_text() == "Mobile clinics near HP23 5JD"
    results = page.locator(".app-results__name")
    assert results.first.inner_text().startswith("1. Tring Sportspace")
    page.get_by_label("Show clinics for").select_option(label="Dermatology clinic")
    page.get_by_role("button", name="Update results").click()
    assert page.locator("h1").inner_text() == "Dermatology clinic near HP23 5JD"
    assert "service=dermatology" in page.url and "postcode=HP23+5JD" in page.url
    assert page.locator(".app-soonest").is_visible()
    soonest = page.locator(".app-dates__item--soonest")
    assert soonest.count() == 1 and "Milton House" in soonest.locator("xpath=../../..").inner_text()
    assert f"{DERMATOLOGY_SLOTS} appointments free" in soonest.inner_text()
    page.locator("iframe.app-map").scroll_into_view_if_needed()
    frame = page.frame_locator("iframe.app-map")
    frame.locator(".result-marker").first.wait_for()
    assert frame.locator(".result-marker").count() == 3
    assert axe(page) == []
    screenshot("clinics-postcode-desktop")


def test_a_mistyped_town_gets_a_suggestion_on_a_desktop(base, page, screenshot, axe):
    page.goto(f"{base}/clinics")
    assert page.locator("h1").inner_text() == "Where do you want to find a clinic near?"
    page.get_by_label("Where do you want to find a clinic near?").fill("Trnig")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    expect(page.locator("#postcode-error")).to_contain_text("We cannot find a place called 'Trnig'")
    assert page.title().startswith("Error: ")
    assert axe(page) == []
    screenshot("clinics-town-error-desktop")
    page.get_by_role("link", name="Tring", exact=True).click()
    assert page.locator("h1").inner_text() == "Mobile clinics near Tring"
    assert axe(page) == []


def test_search_by_town_on_a_320px_phone(base, page, screenshot, axe):
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/clinics")
    page.get_by_label("Where do you want to find a clinic near?").fill("Tring")
    page.get_by_role("button", name="Search").click()
    assert page.locator("h1").inner_text() == "Mobile clinics near Tring"
    assert page.locator(".app-results__name").first.inner_text().startswith("1. Tring Sportspace")
    assert page.get_by_text("Distances are from the centre of Tring").is_visible()
    assert fits_the_width(page)
    assert axe(page) == []
    screenshot("clinics-town-320px")


def test_search_by_postcode_on_a_320px_phone_then_the_site(base, page, screenshot, axe):
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/clinics?postcode=HP23%205JD&service=dermatology")
    assert page.locator("h1").inner_text() == "Dermatology clinic near HP23 5JD"
    assert page.locator(".app-soonest").is_visible() and fits_the_width(page)
    assert axe(page) == []
    screenshot("clinics-postcode-320px")
    page.locator(".app-results__name a").first.click()
    assert "Tring Sportspace" in page.locator("h1").inner_text()
    assert page.get_by_role(
        "link", name="Add all 5 clinic dates here to your calendar"
    ).is_visible()
    assert fits_the_width(page)
    assert axe(page) == []
    screenshot("clinics-site-320px")


def test_the_service_page_on_a_desktop(base, page, screenshot, axe):
    page.goto(f"{base}/services")
    page.get_by_role("link", name="Dermatology clinic").click()
    # expect waits for the new page: the click does not wait for it to load.
    expect(page.locator("h1")).to_have_text(re.compile(r"Dermatology clinic$"))
    expect(page.get_by_text("Next: ")).to_be_visible()
    assert axe(page) == []
    screenshot("clinics-service-desktop")
