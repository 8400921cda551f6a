"""Charts (templates/_charts.html, static/js/charts.js) drawn by Chart.js in chromium under
the page's Content-Security-Policy, on screen and printed.

The app has no page of charts of its own yet, so the test's own app gets one: a route that
renders one chart of each kind inside base.html, as the referral analysis pages will.
"""

import re
import shutil

import pytest
from flask import render_template_string

from app import create_app
from tests.browser.conftest import ARTIFACTS, live_config, serving, watched_page

pytestmark = pytest.mark.browser

FUNNEL = {
    "type": "funnel",
    "title": "Dermatology: referrals per 1,000 registered patients a year",
    "x_label": "Registered patients",
    "y_label": "Referrals per 1,000 a year",
    "area": 16.8,
    "points": [
        {"x": 43859, "y": 27.2, "label": "E82001 Rothschild House", "flag": "high_998"},
        {"x": 12000, "y": 22.9, "label": "E82002 Manor Street", "flag": "high_95"},
        {"x": 8000, "y": 16.0, "label": "E82004 Parkwood Drive", "flag": "within"},
        {"x": 20000, "y": 13.1, "label": "E82005 Kings Langley", "flag": "low_95"},
        {"x": 30000, "y": 9.0, "label": "E82007 Gossoms End", "flag": "low_998"},
    ],
    "limits": [
        {"x": 2000, "lower95": 11.1, "upper95": 23.4, "lower998": 8.9, "upper998": 26.9},
        {"x": 10000, "lower95": 14.3, "upper95": 19.5, "lower998": 13.0, "upper998": 21.0},
        {"x": 45000, "lower95": 15.6, "upper95": 18.0, "lower998": 15.0, "upper998": 18.7},
    ],
}
XMR = {
    "type": "xmr",
    "title": "Dermatology: referrals a week",
    "x_label": "Week beginning",
    "y_label": "Referrals a week",
    "points": [
        {"x": f"2026-01-{day:02d}", "y": y, "signals": signals}
        for day, y, signals in [
            (5, 12, []),
            (12, 9, []),
            (19, 21, ["outside_limits"]),
            (26, 11, ["shift", "near_limits"]),
        ]
    ],
    "mean": 11.2,
    "upper": 19.8,
    "lower": 2.6,
}
LINES = {
    "type": "lines",
    "title": "Dermatology: referrals by month",
    "x_label": "Month",
    "y_label": "Referrals",
    "labels": ["Jan", "Feb", "Mar"],
    "series": [
        {"name": "2025", "values": [120, 131, 127]},
        {"name": "2026", "values": [118, 125, None]},
    ],
}
BARS = {
    "type": "bars",
    "title": "Referrals per 1,000 registered patients a year",
    "x_label": "Referrals per 1,000 a year",
    "y_label": "Service",
    "labels": ["Dermatology", "ENT"],
    "series": [
        {"name": "This practice", "values": [17.1, 9.0]},
        {"name": "Dacorum", "values": [15.2, 10.1]},
    ],
    "horizontal": True,
}
CHARTS = {"funnel": FUNNEL, "xmr": XMR, "lines": LINES, "bars": BARS}

PAGE = """{% extends "base.html" %}
{% from "_charts.html" import chart, chart_scripts %}
{% block content %}<div class="app-report">
  <h1>Charts</h1>
  {% for id, spec in charts.items() %}
  {{ chart(id, spec) }}<table><tr><td>The figures of {{ id }}</td></tr></table>
  {% endfor %}
  <button class="nhsuk-button">Print</button>
</div>{% endblock %}
{% block scripts %}{{ chart_scripts() }}{% endblock %}"""

# Every chart's canvas: drawn by Chart.js, its size, and whether any pixel is painted.
DRAWN = """() => [...document.querySelectorAll("canvas[data-chart]")].map((canvas) => {
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    return {
        id: canvas.dataset.chart, chart: Chart.getChart(canvas) !== undefined,
        painted: pixels.some((value) => value !== 0), width: canvas.style.width,
        label: canvas.getAttribute("aria-label"), role: canvas.getAttribute("role"),
    };
})"""
# What a chart's tooltip says on hovering over one of its points.
TOOLTIP = """([id, dataset, index]) => {
    const canvas = document.querySelector(`canvas[data-chart="${id}"]`);
    canvas.scrollIntoView();
    const point = Chart.getChart(canvas).getDatasetMeta(dataset).data[index];
    const box = canvas.getBoundingClientRect();
    return [box.left + point.x, box.top + point.y];
}"""
TOOLTIP_TEXT = """(id) => {
    const tooltip = Chart.getChart(document.querySelector(`canvas[data-chart="${id}"]`)).tooltip;
    return tooltip.opacity > 0 && tooltip.body.flatMap((part) => [...part.lines, ...part.after]);
}"""
A4_PT = (595, 842)  # A4 in PDF points (1/72 inch), rounded
PRINT_WIDTH_PX = 680  # as static/js/charts.js sizes a chart for printing on A4


@pytest.fixture
def charts_app(migrated_template, tmp_path):
    """The app, serving a page of one chart of each kind at /charts (in this test only)."""
    path = tmp_path / "live.sqlite3"
    shutil.copy(migrated_template, path)
    app = create_app(live_config(path))
    app.add_url_rule("/charts", "charts", lambda: render_template_string(PAGE, charts=CHARTS))
    with serving(app) as url:
        app.config["LIVE_URL"] = url
        yield app


def test_every_kind_of_chart_is_drawn_within_the_policy_and_prints(charts_app, browser, axe):
    with watched_page(browser) as page:  # fails on a request elsewhere or a CSP refusal
        errors, refused = [], []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        # The page's own report of what its Content-Security-Policy blocked.
        page.expose_function("refused", lambda directive: refused.append(directive))
        page.add_init_script(
            'document.addEventListener("securitypolicyviolation",'
            " (event) => refused(event.violatedDirective));"
        )
        page.goto(f"{charts_app.config['LIVE_URL']}/charts")
        charts = page.evaluate(DRAWN)
        assert [chart["id"] for chart in charts] == list(CHARTS)
        for chart in charts:
            assert chart["chart"] and chart["painted"], chart
            assert chart["role"] == "img"
            title = CHARTS[chart["id"]]["title"]
            assert chart["label"] == f"{title}. The figures are in the table below."
        assert axe(page) == []

        assert _hover(page, "funnel", 0, 0) == [
            "E82001 Rothschild House",
            "Referrals per 1,000 a year: 27.2",
            "Registered patients: 43,859",
            "Above the 99.8% limit",
        ]
        assert _hover(page, "xmr", 0, 3) == [
            "Referrals a week: 11",
            "Run on one side of the mean",
            "Two of three near a limit",
        ]

        page.evaluate('() => window.dispatchEvent(new Event("beforeprint"))')
        assert {chart["width"] for chart in page.evaluate(DRAWN)} == {f"{PRINT_WIDTH_PX}px"}
        page.emulate_media(media="print")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "charts-print.png"), full_page=True)
        assert page.locator("header.nhsuk-header").is_hidden()
        assert page.get_by_role("button", name="Print").is_hidden()
        assert _page_size_pt(page.pdf(prefer_css_page_size=True)) == A4_PT

        page.emulate_media(media="screen")
        page.evaluate('() => window.dispatchEvent(new Event("afterprint"))')
        assert f"{PRINT_WIDTH_PX}px" not in {chart["width"] for chart in page.evaluate(DRAWN)}
        page.screenshot(path=str(ARTIFACTS / "charts.png"), full_page=True)
        assert errors == []
        assert refused == []


def _hover(page, chart_id: str, dataset: int, index: int) -> list[str]:
    """Move the mouse over a chart's point; return the lines of the tooltip it shows."""
    x, y = page.evaluate(TOOLTIP, [chart_id, dataset, index])
    page.mouse.move(x, y)
    # Chart.js handles the mouse once a frame: wait for the tooltip it draws.
    return page.wait_for_function(TOOLTIP_TEXT, arg=chart_id).json_value()


def _page_size_pt(pdf: bytes) -> tuple[int, int]:
    """The first page's width and height in a PDF, in points, rounded."""
    width, height = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups()
    return round(float(width)), round(float(height))
