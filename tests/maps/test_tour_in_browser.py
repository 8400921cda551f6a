"""Chromium draws the tour map of the small example from the app's own Leaflet."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask, abort, send_from_directory
from werkzeug.serving import make_server

from maps.tour import tour_map
from pages.views import VENDOR_DIRS
from scheduler import Placement, Plan, Session, score, validate

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def small_plan(instance) -> Plan:
    """A valid plan: op-1 moves Redbourn -> Croxley Green in week 4; th-1 joins in week 2."""
    stays = [
        *(("op-1", "redbourn-civic-centre", w) for w in range(3)),
        *(("op-1", "croxley-green-medical-centre", w) for w in range(3, 6)),
        *(("op-2", "chipperfield-retail-park-2", w) for w in range(6)),
        *(("rad-1", "croxley-green-church-hall", w) for w in range(3)),
        *(("th-1", "chipperfield-retail-park-2", w) for w in range(1, 4)),
    ]
    sessions = (
        Session("op-1", date(2027, 1, 5), "AM", 0, "orthopaedics", ("c-orthopaedic-surgery-3",)),
        Session("op-1", date(2027, 1, 5), "PM", 0, "ophthalmology", ("c-ophthalmology-2",)),
        Session("op-2", date(2027, 1, 4), "AM", 0, "ophthalmology", ("c-ophthalmology-4",)),
        Session("rad-1", date(2027, 1, 14), "AM", 0, "mri", ("c-mri-radiographer-2",)),
        Session("op-1", date(2027, 1, 26), "AM", 0, "orthopaedics", ("c-orthopaedic-surgery-3",)),
        Session("op-1", date(2027, 1, 26), "AM", 1, "ophthalmology", ("c-ophthalmology-2",)),
    )
    plan = Plan(instance.name, tuple(Placement(*s) for s in stays), sessions)
    assert validate(instance, plan) == []
    return plan


@pytest.fixture
def served(small):
    """Serve the tour map at /map and the npm packages at /vendor, on 127.0.0.1 only."""
    plan = small_plan(small)
    page = tour_map(small, plan, score(small, plan))
    app = Flask(__name__)

    @app.get("/map")
    def show_map():
        return page

    @app.get("/vendor/<package>/<path:filename>")
    def vendor(package: str, filename: str):
        if package not in VENDOR_DIRS:
            abort(404)
        return send_from_directory(VENDOR_DIRS[package], filename)

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def unit_ids(page) -> list[str]:
    return sorted(
        page.locator(".leaflet-marker-pane [data-unit]").evaluate_all(
            "nodes => nodes.map(n => n.dataset.unit)"
        )
    )


def test_tour_map_draws_markers_and_steps_through_weeks(served, browser):
    from playwright.sync_api import expect

    elsewhere: list[str] = []
    failed: list[str] = []

    def only_here(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page = browser.new_page(viewport={"width": 1100, "height": 800})
    page.route("**/*", only_here)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{served}/map")

    # Leaflet drew the 15 practices as SVG circles and the 15 sites as boxes.
    expect(page.locator("path.practice-marker")).to_have_count(15)
    expect(page.locator(".leaflet-marker-pane .site-marker")).to_have_count(15)
    assert page.locator("path.leaflet-interactive").count() >= 15
    control = page.locator(".week-control")
    expect(control).to_have_attribute("data-week", "0")
    page.add_script_tag(path=str(AXE))  # inline: no request
    problems = page.evaluate(
        "axe.run().then(r => r.violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id))"
    )
    assert problems == []
    expect(page.get_by_role("slider", name="Week")).to_have_attribute("max", "11")
    assert unit_ids(page) == ["op-1", "op-2", "rad-1"]

    page.get_by_role("button", name="Next week").click()
    expect(control).to_have_attribute("data-week", "1")
    assert unit_ids(page) == ["op-1", "op-2", "rad-1", "th-1"]

    page.get_by_role("slider", name="Week").fill("3")
    expect(control).to_have_attribute("data-week", "3")
    expect(control.locator("output")).to_contain_text("Week 4 of 12")
    expect(control.locator("output")).to_contain_text("off the road: rad-1")
    assert unit_ids(page) == ["op-1", "op-2", "th-1"]
    expect(page.locator("path.move-line")).to_have_count(1)
    expect(page.locator(".move-arrow")).to_have_count(1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "maps-tour-week-4.png"))

    page.locator("[data-unit='op-1']").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Week 4: Mon 25 Jan 2027 to Sun 31 Jan 2027")
    expect(popup).to_contain_text("Arrives from Redbourn Civic Centre")
    expect(popup).to_contain_text("Tue 26 Jan 2027: AM Ophthalmology clinic; AM Orthopaedic")
    page.wait_for_function(  # Leaflet fades popups in
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    page.screenshot(path=str(ARTIFACTS / "maps-tour-popup.png"))

    for _ in range(4):  # weeks 3, 2, 1, then round the cycle to its last week
        page.get_by_role("button", name="Previous week").click()
    expect(control).to_have_attribute("data-week", "11")
    assert unit_ids(page) == []
    expect(page.locator("path.move-line")).to_have_count(0)
    page.close()

    assert elsewhere == [], f"the map asked another host for {elsewhere}"
    assert failed == [], f"requests failed: {failed}"
