"""The waiting list's filters fit their panel on a desktop and a phone, and the list pages."""

from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.service import create_user
from booking.views import PAGE_ROWS
from extensions import db
from inputs.models import Practice
from tests.booking.conftest import Desk
from tests.data import INSTANCES

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-password"
LONG_NAME = "The Highfield Surgery and Bennetts End Community Health Partnership (Hemel Hempstead)"
# Every control of the filter panel lies inside the panel (1 px for rounding).
FITS = """() => {
  const panel = document.querySelector('.app-filter').getBoundingClientRect();
  return [...document.querySelectorAll('.app-filter select, .app-filter input, .app-filter button')]
    .filter(e => e.type !== 'hidden')
    .filter(e => {
      const r = e.getBoundingClientRect();
      return r.right > panel.right + 1 || r.left < panel.left - 1;
    })
    .map(e => e.name);
}"""


def _seed(app, referrals: int) -> None:
    with app.app_context():
        runner = app.test_cli_runner()
        result = runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
        assert result.exit_code == 0, result.output
        db.session.get(Practice, "E82102").name = LONG_NAME
        db.session.commit()
        desk = Desk()
        for n in range(referrals):
            desk.referral(name=f"Patient {n:03d}", referral_date=date(2026, 9, 1))
        create_user("bea", PASSWORD, "booking")


def _sign_in(page, base: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill("bea")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/booking/")
    expect(page.locator("h1")).to_have_text("Waiting list")


@pytest.mark.parametrize("width", [1280, 320])
def test_the_filters_fit_their_panel_with_a_long_practice_name(live_app, page, screenshot, width):
    _seed(live_app, 3)
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, live_app.config["LIVE_URL"])
    page.get_by_label("Practice").select_option("E82102")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_label("Practice")).to_have_value("E82102")
    assert page.evaluate(FITS) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(f"booking-waiting-list-{width}px")


def test_the_list_pages_past_its_first_rows_keeping_a_search(live_app, page, screenshot):
    _seed(live_app, PAGE_ROWS + 5)
    _sign_in(page, live_app.config["LIVE_URL"])
    rows = page.locator("table.app-waiting-list tbody tr")
    expect(rows).to_have_count(PAGE_ROWS)
    expect(page.get_by_text(f"{PAGE_ROWS + 5} referrals: 1 to {PAGE_ROWS} shown")).to_be_visible()
    page.get_by_role("button", name="Next page").click()
    expect(rows).to_have_count(5)
    expect(
        page.get_by_text(f"{PAGE_ROWS + 1} to {PAGE_ROWS + 5} shown, page 2 of 2")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Next page")).to_have_count(0)
    screenshot("booking-waiting-list-page-2")
    page.get_by_role("button", name="Previous page").click()
    expect(rows).to_have_count(PAGE_ROWS)

    search = page.get_by_label("Name or NHS number")
    search.fill("Patient 2")  # Patient 200 to 204
    page.get_by_role("button", name="Apply").click()
    expect(rows).to_have_count(5)
    search.fill("patient")  # every one of them: the search pages too, and stays
    page.get_by_role("button", name="Apply").click()
    expect(rows).to_have_count(PAGE_ROWS)
    page.get_by_role("button", name="Next page").click()
    expect(rows).to_have_count(5)
    expect(search).to_have_value("patient")
    assert "atient" not in page.url  # a searched name never goes into the address
