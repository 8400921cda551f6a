"""The price book of the Dacorum sample in a real browser at 1280 px: every table fits the page
with nothing cut off, a price changed and set back saves with the right source, and the
reference figures are put back."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.service import create_user
from sample.loading import SAMPLE_ID, load_sample

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-password"
VIEWPORT_PX = 1280
UROLOGY_FIRST = "Urology clinic: first attendance national price (£)"

# The page's widest parts: how far the page and each table reach past where they may.
OVERFLOW = """() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    scrollers: [...document.querySelectorAll('.app-table-scroll')]
        .map((s) => s.scrollWidth - s.clientWidth),
    tables: [...document.querySelectorAll('main table')].map((table) =>
        Math.ceil(table.getBoundingClientRect().right
            - table.closest('.app-table-scroll, main').getBoundingClientRect().right)),
})"""


def source_beneath(page, label: str) -> str:
    """The text of the table cell holding the field `label`: its input's note and source."""
    return page.get_by_label(label, exact=True).locator("xpath=ancestor::td[1]").inner_text()


def test_the_price_book_fits_the_page_and_saves_a_changed_price(live_app, page, axe, screenshot):
    with live_app.app_context():
        load_sample(date(2027, 1, 4))
        create_user("olive", PASSWORD, "ops")
    url = live_app.config["LIVE_URL"]
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill("olive")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{url}/ops/scenarios/{SAMPLE_ID}/prices")
    assert page.viewport_size["width"] == VIEWPORT_PX
    screenshot("price-book")

    overflow = page.evaluate(OVERFLOW)
    assert overflow["page"] <= 0, "the page scrolls sideways"
    assert len(overflow["scrollers"]) == len(overflow["tables"]) == 6
    assert max(overflow["scrollers"]) <= 0, f"a table scrolls sideways: {overflow}"
    assert max(overflow["tables"]) <= 0, f"a table is cut off: {overflow}"
    region = page.get_by_role("region", name="National prices by service")
    assert region.get_attribute("tabindex") == "0"
    assert axe(page) == []

    assert "prices.csv op_first_101_2526" in source_beneath(page, UROLOGY_FIRST)
    sonographers = page.get_by_role("row", name=re.compile(r"\(skill: sonography\)")).inner_text()
    assert "Assumption" in sonographers and "many are band 7" in sonographers
    page.get_by_label(UROLOGY_FIRST, exact=True).fill("£170")
    page.get_by_role("button", name="Save the price book").click()
    expect(page.locator("main")).to_contain_text("Price book saved: 1 figure changed.")
    assert page.get_by_label(UROLOGY_FIRST, exact=True).input_value() == "170"
    assert "entered by olive on " in source_beneath(page, UROLOGY_FIRST)

    page.get_by_label(UROLOGY_FIRST, exact=True).fill("165")
    page.get_by_role("button", name="Save the price book").click()
    expect(page.locator("main")).to_contain_text("Price book saved: 1 figure changed.")
    assert "prices.csv op_first_101_2526" in source_beneath(page, UROLOGY_FIRST)
    assert "entered by" not in source_beneath(page, UROLOGY_FIRST)

    page.get_by_label("Start-up costs (£)", exact=True).fill("5,000")
    page.get_by_role("button", name="Save the price book").click()
    expect(page.locator("main")).to_contain_text("Price book saved: 1 figure changed.")
    page.get_by_role("button", name="Put back the reference figures").click()
    expect(page.locator("main")).to_contain_text(
        "Price book put back to the reference figures and sources: 1 figure changed."
    )
    assert page.get_by_label("Start-up costs (£)", exact=True).input_value() == "0"
