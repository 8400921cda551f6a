"""The booking desk's pages pass axe-core's checks (no serious or critical problem) in a real
browser: the waiting list with a follow-up step, a referral page with its outcome form and
pathway (and the form shown again with a problem), the clinic register and its bulk outcome
form, the day's sessions, cancelling a session, the patients to rebook and the three reports.

One seeded database, one server and one signed-in browser page serve every test here: the
tests only read, or post forms that are refused and change nothing.
"""

import shutil
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from accounts.service import create_user
from app import create_app
from booking.outcomes import record_outcome
from booking.service import book, record_attendance
from booking.session_cancellation import cancel_session
from tests.booking.conftest import NEAR_SITE, Desk
from tests.browser.conftest import live_config, serving, stop_desk_clock, watched_page
from tests.data import INSTANCES

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-password"
MON = date(2027, 1, 11)  # the clinic day the desk's clock stands on
BOOKED_ON = datetime(2026, 12, 1, 9, 0)
AFTER_CLINIC = datetime(2027, 1, 11, 13, 0)
DUPLICATE_IDS = """() => {
  const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}"""


def day(n: int) -> date:
    return MON + timedelta(days=n)


def _seed(app) -> dict[str, int]:
    """This morning's orthopaedic clinic held (one outcome to record, a follow-up and an MRI
    asked for, one patient still in the waiting room), next week's clinic called off (its
    patient to rebook), a clinic in two weeks that could be, an MRI list and later clinics
    with free slots. Returns the ids the tests open."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
    assert result.exit_code == 0, result.output
    desk = Desk()
    rows = [(NEAR_SITE, day(n), "AM", 0, "orthopaedics") for n in (0, 7, 14, 42)]
    rows += [(NEAR_SITE, day(14), "AM", 0, "mri", "rad-1")]
    plan = desk.plan(rows)
    sessions = {(s.service_id, (s.date - MON).days): s.id for s in plan.sessions}
    today, next_week, fortnight = (sessions["orthopaedics", n] for n in (0, 7, 14))

    referral_of = {}

    def booked(name: str, session_id: int, **overrides) -> int:
        referral = desk.referral(name=name, **overrides)
        referral_of[name] = referral.id
        return book(referral.id, session_id, now=BOOKED_ON).id

    ada = booked("Ada Lovelace", today)
    record_attendance(ada, "attended", now=AFTER_CLINIC)
    ben = booked("Ben Okafor", today)
    record_attendance(ben, "attended", now=AFTER_CLINIC)
    record_outcome(ben, {"outcome": "follow_up", "weeks": "6"})
    cat = booked("Cat Nguyen", today)
    record_attendance(cat, "attended", now=AFTER_CLINIC)
    record_outcome(cat, {"outcome": "refer_on_diagnostic", "service": "mri"})
    dan = booked("Dan Price", today, priority="urgent")
    record_attendance(dan, "arrived", now=AFTER_CLINIC)
    booked("Eve Shah", next_week)
    cancel_session(next_week, "unit_breakdown", "hydraulic lift failed", now=AFTER_CLINIC)
    booked("Fay Adams", fortnight)
    desk.referral(name="Gus Wood", referral_date=date(2026, 8, 3))
    create_user("bea", PASSWORD, "booking")
    return {
        "today": today,
        "fortnight": fortnight,
        "ada": referral_of["Ada Lovelace"],
        "cat": referral_of["Cat Nguyen"],
    }


@pytest.fixture(scope="module")
def desk_site(migrated_template, tmp_path_factory, browser):
    """A live server on the seeded desk, its clock at 13:00 on the clinic day, and a browser
    page signed in as a booking clerk: (page, base address, ids)."""
    path = tmp_path_factory.mktemp("desk") / "live.sqlite3"
    shutil.copy(migrated_template, path)
    app = create_app(live_config(path))
    with pytest.MonkeyPatch.context() as monkeypatch, serving(app) as base:
        stop_desk_clock(monkeypatch, [AFTER_CLINIC])
        with app.app_context():
            ids = _seed(app)
        with watched_page(browser) as page:
            page.goto(f"{base}/login")
            page.get_by_label("Username").fill("bea")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("button", name="Sign out")).to_be_visible()
            yield page, base, ids


def test_the_waiting_list_with_a_follow_up_step(desk_site, axe):
    page, base, _ = desk_site
    page.goto(f"{base}/booking/")
    ben = page.locator("table.app-waiting-list tr", has_text="Ben Okafor")
    expect(ben).to_contain_text("Follow-up, due by 22 Feb 2027")
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []


def test_a_referral_page_with_its_outcome_form_and_pathway(desk_site, axe):
    page, base, ids = desk_site
    page.goto(f"{base}/booking/referrals/{ids['ada']}")
    expect(page.get_by_test_id("outcome-form")).to_be_visible()
    expect(page.locator("table.app-pathway-events tbody tr")).to_have_count(3)
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []
    page.goto(f"{base}/booking/referrals/{ids['cat']}")  # with a diagnostic wait
    expect(page.get_by_role("heading", name="Diagnostic waits")).to_be_visible()
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []


def test_the_outcome_form_s_conditional_fields_by_keyboard(desk_site, axe):
    page, base, ids = desk_site
    page.goto(f"{base}/booking/referrals/{ids['ada']}")
    form = page.get_by_test_id("outcome-form")
    weeks = form.get_by_label("Weeks until the follow-up")
    expect(weeks).to_be_hidden()
    form.get_by_label("Follow-up in N weeks").focus()
    page.keyboard.press("Space")
    expect(form.get_by_label("Follow-up in N weeks")).to_be_checked()
    page.keyboard.press("Tab")
    expect(weeks).to_be_focused()
    page.keyboard.press("Tab")
    expect(form.get_by_label("Book the follow-up now")).to_be_focused()
    form.get_by_label("Refer on for a diagnostic test").focus()
    page.keyboard.press("Space")
    expect(weeks).to_be_hidden()
    page.keyboard.press("Tab")
    expect(form.get_by_label("Diagnostic test", exact=True)).to_be_focused()
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []


def test_the_outcome_form_shown_again_names_the_field(desk_site, axe):
    page, base, ids = desk_site
    page.goto(f"{base}/booking/referrals/{ids['ada']}")
    form = page.get_by_test_id("outcome-form")
    form.get_by_label("Follow-up in N weeks").check()
    form.get_by_role("button", name="Record the outcome").click()
    summary = page.get_by_test_id("outcome-problems")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    weeks = page.get_by_test_id("outcome-form").get_by_label("Weeks until the follow-up")
    expect(weeks).to_be_visible()  # the outcome chosen stays chosen, its field shown
    link = summary.get_by_role("link")
    assert link.get_attribute("href") == "#weeks"
    message = page.locator("#weeks-error")
    expect(message).to_be_visible()
    expect(weeks).to_have_attribute("aria-describedby", "weeks-error")
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []
    link.click()
    expect(weeks).to_be_focused()


def test_the_clinic_register_with_its_bulk_outcome_form(desk_site, axe):
    page, base, ids = desk_site
    page.goto(f"{base}/booking/sessions/{ids['today']}/register")
    bulk = page.get_by_test_id("bulk-outcomes")
    expect(bulk).to_contain_text("Ada Lovelace")
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []
    bulk.get_by_label("Outcome (Ada Lovelace)").select_option("follow_up")
    bulk.get_by_role("button", name="Record the outcomes").click()
    told = page.get_by_test_id("outcomes-told")
    expect(told).to_contain_text("0 recorded, 1 needs attention")
    expect(told).to_be_focused()  # at the top of the page, not below the register
    assert page.title().startswith("Error: ")
    weeks = page.get_by_label("Weeks until the follow-up (Ada Lovelace)")
    link = told.get_by_role("link")
    assert link.get_attribute("href") == f"#{weeks.get_attribute('id')}"
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []
    link.click()
    expect(weeks).to_be_focused()


def test_the_day_s_sessions(desk_site, axe):
    page, base, _ = desk_site
    page.goto(f"{base}/booking/sessions")
    expect(page.locator("h1")).to_contain_text("Monday 11 January 2027")
    expect(page.get_by_role("link", name="Register of Orthopaedic clinic")).to_have_count(1)
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []


def test_cancelling_a_session_and_its_problem(desk_site, axe):
    page, base, ids = desk_site
    page.goto(f"{base}/booking/sessions/{ids['fortnight']}/cancel")
    confirm = page.get_by_role("button", name="Cancel the session and its 1 appointment")
    expect(confirm).to_be_visible()
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []
    confirm.click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []


def test_the_patients_to_rebook_with_replacement_slots(desk_site, axe):
    page, base, _ = desk_site
    page.goto(f"{base}/booking/to-rebook")
    eve = page.locator("tr", has_text="Eve Shah")
    expect(eve.get_by_role("button", name="Book this")).not_to_have_count(0)
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []
    eve.get_by_role("link", name="Mon 18 Jan 2027 AM").click()  # the register it was on
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text("Session cancelled")
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("reports/rtt", "Referral to treatment"),
        ("reports/diagnostics", "Diagnostic"),
        ("reports/follow-ups", "Follow-up"),
    ],
)
def test_the_reports(desk_site, axe, path, heading):
    page, base, _ = desk_site
    page.goto(f"{base}/booking/{path}")
    expect(page.locator("h1")).to_contain_text(heading)
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []


def test_the_check_lets_through_only_aria_expanded_on_a_revealing_radio(page, axe):
    radios = """<!DOCTYPE html><html lang="en"><head><title>Radios</title></head><body><main>
      <h1>Radios</h1><fieldset><legend>Pick</legend>
      <input type="radio" id="a" name="x" aria-controls="more" aria-expanded="true"{extra}>
      <label for="a">A</label><div id="more"><label for="b">B</label><input id="b"></div>
      </fieldset></main></body></html>"""
    page.set_content(radios.format(extra=""))
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []
    page.set_content(radios.format(extra=' aria-pressed="true"'))
    assert [v["id"] for v in axe(page)] == ["aria-allowed-attr"]


def test_confirming_a_first_appointment_dna(desk_site, axe):
    page, base, ids = desk_site
    page.goto(f"{base}/booking/sessions/{ids['today']}/register")
    dan = page.get_by_test_id("register").locator("tr", has_text="Dan Price")
    dan.get_by_role("button", name="Did not attend").click()
    expect(page.locator("h1")).to_contain_text("did not attend their first appointment")
    expect(page.get_by_text("This ends the pathway")).to_be_visible()
    assert axe(page) == []
    assert page.evaluate(DUPLICATE_IDS) == []
    page.get_by_role("link", name="Go back").click()  # nothing recorded: the tests stay apart
    expect(page.locator("h1")).to_contain_text("Orthopaedic clinic")
