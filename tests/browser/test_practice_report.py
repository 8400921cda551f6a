"""A practice's referral feedback report in a real browser: drawn, read-only for a
commissioner, and printed on A4 with nothing cut off at the side."""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from accounts.service import create_user
from extensions import db
from referral_analysis.models import Finding, ReferralCopy
from tests.browser.conftest import ARTIFACTS
from tests.data import INSTANCES

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-password"
A4_PT = (595, 842)  # A4 in PDF points, rounded
A4_PRINTABLE_PX = 680  # 210 mm less 15 mm margins each side, at 96 px an inch


def _seed(app) -> None:
    result = app.test_cli_runner().invoke(
        args=["import-instance", str(INSTANCES / "example-small.json")]
    )
    assert result.exit_code == 0, result.output
    start = date(2025, 12, 1)
    rows = [
        dict(
            practice_id=practice,
            service_id=service,
            referred_on=start + timedelta(days=day),
            seen_on=start + timedelta(days=day + 30),
            seen_at="Hemel Hempstead Hospital",
            missed=int(day % 15 == 0),
        )
        for practice in ("E82100", "E82101", "E82102", "E82103", "E82104")
        for service, every in (("orthopaedics", 3), ("mri", 5), ("ophthalmology", 4))
        for day in range(0, 360, every if practice != "E82104" else every // 2 or 1)
    ]
    db.session.execute(sa.insert(ReferralCopy), rows)
    db.session.add(
        Finding(
            practice_id="E82104", service_id="orthopaedics", kind="educational_need",
            evidence="Twice the area's rate of knee referrals",
            action="Practice learning time on knee pain", owner="Clinical lead",
            review_on=date(2027, 3, 1), created_by="ops",
        )
    )  # fmt: skip
    create_user("carol", PASSWORD, "commissioner")
    db.session.commit()


def test_a_commissioner_prints_a_practice_report_on_a4(live_app, page):
    with live_app.app_context():
        _seed(live_app)
    url = live_app.config["LIVE_URL"]
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{url}/ops/referrals/practices/E82104")
    assert "(E82104)" in page.get_by_role("heading", level=1).inner_text()
    assert page.evaluate("() => Chart.getChart(document.querySelector('canvas')) !== undefined")
    assert page.get_by_text("Twice the area's rate of knee referrals").is_visible()
    assert page.get_by_role("link", name=re.compile("Record a finding")).count() == 0

    page.set_viewport_size({"width": A4_PRINTABLE_PX, "height": 900})
    page.evaluate('() => window.dispatchEvent(new Event("beforeprint"))')
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "practice-report-print.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= A4_PRINTABLE_PX
    widest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.app-report table')]"
        ".map((table) => table.getBoundingClientRect().right))"
    )
    assert widest <= A4_PRINTABLE_PX, "a table runs off the side of the page"
    assert page.locator("header.nhsuk-header").is_hidden()
    assert page.locator("form.app-filter").is_hidden()
    pdf = page.pdf(prefer_css_page_size=True)
    width, height = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups()
    assert (round(float(width)), round(float(height))) == A4_PT
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 3, f"the report takes {pages} A4 pages"
