"""The business case of a plan in a real browser: its figures, its charts drawn, its switch to
the contingencies, and printed on A4 with nothing cut off at the side."""

import re

import pytest
from playwright.sync_api import expect

from accounts.service import create_user
from tests.browser.conftest import ARTIFACTS
from tests.business.conftest import build_hand_world, set_hand_book

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-password"
A4_PRINTABLE_PX = 680  # 210 mm less 15 mm margins each side, at 96 px an inch


def test_the_operations_manager_reads_and_prints_a_plans_business_case(live_app, page):
    with live_app.app_context():
        plan = build_hand_world()
        set_hand_book(plan)
        plan_id = plan.id
        create_user("olive", PASSWORD, "ops")
    url = live_app.config["LIVE_URL"]
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill("olive")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{url}/ops/scenarios/hand")
    page.get_by_role("link", name=re.compile("Business case")).first.click()
    page.wait_for_load_state()  # its scripts run (the click waits only for the page to start)
    assert page.url.endswith(f"/ops/plans/{plan_id}/business")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Business case: Three weeks at Tring"
    )
    assert (
        page.get_by_role("row", name=re.compile("Net contribution"))
        .first.inner_text()
        .count("−£24,227.72")
        == 1
    )
    drawn = "() => [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c))"
    assert page.evaluate(drawn)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "business-case.png"), full_page=True)

    page.get_by_role("link", name="With contingencies").click()
    # expect waits for the new page: the click does not wait for it to load.
    expect(page.get_by_text("20% of income is held back")).to_be_visible()
    assert (
        "−£27,613.86"
        in page.get_by_role("row", name=re.compile("Net contribution")).first.inner_text()
    )

    page.set_viewport_size({"width": A4_PRINTABLE_PX, "height": 900})
    page.evaluate('() => window.dispatchEvent(new Event("beforeprint"))')
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / "business-case-print.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= A4_PRINTABLE_PX
    widest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.app-report table')]"
        ".map((table) => table.getBoundingClientRect().right))"
    )
    assert widest <= A4_PRINTABLE_PX, "a table runs off the side of the page"
    assert page.locator("header.nhsuk-header").is_hidden()
