"""The operations manager's journey in a real browser, with a real queue worker."""

from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.service import create_user
from sample.loading import load_sample
from tests.conftest import spawn_worker

pytestmark = pytest.mark.browser


@pytest.fixture
def worker(live_app):
    process = spawn_worker(live_app)
    yield process
    process.terminate()
    process.wait(timeout=20)


@pytest.mark.slow  # about 20 s: a real planner run behind a real browser
def test_copy_solve_watch_view_map_and_publish(live_app, worker, page, screenshot):
    with live_app.app_context():
        load_sample(date(2027, 1, 4))
        create_user("olivia", "a-long-enough-password", "ops")
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill("olivia")
    page.get_by_label("Password").fill("a-long-enough-password")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/ops/")
    page.get_by_role("link", name="Dacorum sample: 16-week tour", exact=True).click()
    page.get_by_role("button", name="Copy for a what-if").click()
    expect(page.locator("main")).to_contain_text("Copied the scenario")
    page.get_by_role("button", name="Save the scenario").click()
    assert page.locator("h1").inner_text().startswith("Dacorum sample: 16-week tour (copy 1)")

    page.get_by_label("Time limit in seconds").fill("8")
    page.get_by_role("button", name="Start planning").click()
    assert page.locator("h1").inner_text().startswith("Planner run")
    expect(page.locator("#job-status")).not_to_have_text("queued", timeout=15_000)
    screenshot("ops-solve-progress")
    expect(page.locator("#job-status")).to_have_text("done", timeout=90_000)
    assert page.locator("#job-coverage").inner_text().endswith("%")
    screenshot("ops-solve-done")
    page.get_by_role("link", name="Open the plan").click()

    expect(page.get_by_role("heading", name="Where each unit stands")).to_be_visible()
    expect(page.locator(".app-kpis")).to_be_visible()
    screenshot("ops-plan-timeline")
    page.locator(".app-timeline__cell a").first.click()
    page.wait_for_url("**unit=*")
    expect(page.locator("#sessions")).to_be_visible(timeout=15_000)

    page.get_by_role("link", name="Tour map").first.click()
    frame = page.frame_locator("iframe.app-map-frame")
    frame.locator(".week-control").wait_for()
    assert frame.locator("path.practice-marker").count() > 0
    units_week_1 = frame.locator(".leaflet-marker-pane [data-unit]").all_inner_texts()
    frame.get_by_role("button", name="Next week").click()
    frame.locator(".week-control[data-week='1']").wait_for()
    units_week_2 = frame.locator(".leaflet-marker-pane [data-unit]").all_inner_texts()
    assert units_week_1 and (units_week_1 != units_week_2 or len(units_week_2) > 0)
    screenshot("ops-tour-map")

    page.get_by_role("link", name="Timeline and figures").click()
    page.get_by_role("button", name="Publish this plan").click()
    expect(page.locator("main")).to_contain_text("Patients and booking staff now see it")
    screenshot("ops-published")
