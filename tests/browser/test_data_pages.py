"""The operations manager keeps the planning data in a real browser, on a desk and a phone."""

import pytest
from playwright.sync_api import expect

from accounts.service import create_user
from extensions import db
from inputs.models import Clinician, Demand, Practice, Service, Unit

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-password"
PHONE = {"width": 320, "height": 720}


def _seed() -> None:
    create_user("olivia", PASSWORD, "ops")
    db.session.add_all(
        [
            Service(
                id="dermatology",
                name="Dermatology clinic",
                unit_type="outpatient",
                slots_per_session=8,
                staff=["dermatology"],
            ),
            Service(
                id="xray",
                name="X-ray",
                unit_type="radiology",
                slots_per_session=30,
                staff=["radiographer"],
            ),
            Clinician(
                id="c-derm-1",
                name="Dr Zeb Trialby",
                skills=["dermatology"],
                availability=["Mon-AM", "Mon-PM"],
            ),
            Practice(
                id="E82001",
                name="Rothschild House Group",
                locality="Tring",
                postcode="HP23 6PU",
                lat=51.7908,
                lon=-0.6689,
                list_size=43859,
            ),
        ]
    )
    db.session.flush()
    db.session.add(Demand(practice_id="E82001", service_id="dermatology", per_week=11.47))
    db.session.commit()


def _fill_site(page, pads: str) -> None:
    page.get_by_label("Site id").fill("S17")
    page.get_by_label("Name", exact=True).fill("Berkhamsted Civic Centre")
    page.get_by_label("Locality").fill("Berkhamsted")
    page.get_by_label("Postcode").fill("hp4 3hd")
    page.get_by_label("Latitude").fill("51.7606")
    page.get_by_label("Longitude").fill("-0.5636")
    page.get_by_label("Pads").fill(pads)


def test_ops_adds_a_site_and_changes_a_job_plan(live_app, page, screenshot):
    with live_app.app_context():
        _seed()
    base = live_app.config["LIVE_URL"]
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill("olivia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/ops/")
    page.get_by_role("link", name="Sites, practices, units, services, clinicians").click()
    expect(page.locator("h1")).to_have_text("Planning data")
    screenshot("data-overview")

    page.get_by_role("link", name="Sites", exact=True).click()
    page.get_by_role("button", name="Add a site").click()
    _fill_site(page, pads="two")
    page.get_by_label("Outpatient").check()
    page.get_by_label("Dates it is unavailable").fill("2027-02-15..2027-02-19\n2027-04-02")
    page.get_by_role("button", name="Add site").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Pads: 'two' is not a whole number")
    assert "'two' is not a whole number" in page.locator("#pads-error").inner_text()
    assert page.get_by_label("Pads").input_value() == "two"
    assert page.get_by_label("Name", exact=True).input_value() == "Berkhamsted Civic Centre"
    assert page.get_by_label("Outpatient").is_checked()
    assert "2027-04-02" in page.get_by_label("Dates it is unavailable").input_value()
    screenshot("data-site-error")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "pads"

    page.get_by_label("Pads").fill("2")
    page.get_by_role("button", name="Add site").click()
    expect(page.get_by_text("Site S17 added.")).to_be_visible()
    row = page.get_by_role("row", name="S17")
    assert "Berkhamsted Civic Centre" in row.inner_text()
    assert "HP4 3HD" in row.inner_text()
    screenshot("data-sites-list")

    page.goto(f"{base}/ops/data/clinicians/")
    page.get_by_role("link", name="c-derm-1").first.click()
    assert page.get_by_label("Monday PM").is_checked()
    page.get_by_label("Monday PM").uncheck()
    page.get_by_label("Wednesday AM").check()
    page.get_by_label("Thursday PM").check()
    screenshot("data-clinician-grid")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Clinician c-derm-1 saved.")).to_be_visible()
    with live_app.app_context():
        clinician = db.session.get(Clinician, "c-derm-1")
        assert clinician.availability == ["Mon-AM", "Wed-AM", "Thu-PM"]

    page.set_viewport_size(PHONE)
    page.goto(f"{base}/ops/data/sites/new")
    page.get_by_role("button", name="Add site").click()
    expect(page.locator("#name-error")).to_be_visible()
    assert _fits(page), "the form overflows a 320 px screen"
    screenshot("data-site-error-320px")
    page.goto(f"{base}/ops/data/clinicians/c-derm-1/edit")
    assert page.get_by_label("Wednesday AM").is_checked()
    assert _fits(page), "the job plan overflows a 320 px screen"
    screenshot("data-clinician-grid-320px")
    page.goto(f"{base}/ops/data/sites/")
    screenshot("data-sites-list-320px")
    page.goto(f"{base}/ops/data/demand")
    page.get_by_label("Referrals per week from Rothschild House Group for X-ray").fill("lots")
    page.get_by_role("button", name="Save demand").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("'lots' is not a number")
    screenshot("data-demand-error-320px")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/ops/data/upload")
    bad = b"id,name,type,rooms\nop-1,Outpatient unit 1,outpatient,3\nop-2,,bus,0\n"
    page.set_input_files(
        "input[name=files]", files=[{"name": "units.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Nothing was imported")
    problems = page.get_by_role("table", name="Problems found")
    expect(problems).to_contain_text("'bus' is not one of outpatient, theatre, radiology")
    expect(problems.get_by_role("row")).to_have_count(4)  # the header and three problems
    screenshot("data-upload-problems")
    with live_app.app_context():
        assert db.session.get(Unit, "op-1") is None


def _fits(page) -> bool:
    """Nothing but the scrolling tables is wider than the screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
