"""PUNs and DENs: recorded, checked, listed and marked done, audited; ops change them,
commissioners only read them."""

import re
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from accounts.models import ROLES
from audit.models import AuditEvent
from extensions import db
from referral_analysis import finding_views
from referral_analysis.findings import (
    CHANGED_MEANWHILE,
    FindingInvalid,
    findings_for,
    mark_done,
    open_findings,
    record_finding,
)
from referral_analysis.models import Finding
from tests.data import INSTANCES

TODAY = date(2026, 12, 1)
PAGE = "/ops/referrals/findings/"
NEW = PAGE + "new"
GOOD = {
    "practice": "E82100",
    "service": "orthopaedics",
    "kind": "unmet_need",
    "evidence": "Twice the area's rate of knee referrals without a trial of physiotherapy.",
    "action": "Practice meeting on the knee pathway; physiotherapy first.",
    "owner": "Dr Patel, clinical lead",
    "review_on": "2027-03-31",
}
needs_commissioner = pytest.mark.skipif(
    "commissioner" not in ROLES, reason="the commissioner role is not in accounts.models.ROLES yet"
)


@pytest.fixture(autouse=True)
def practices(runner, monkeypatch):
    """The example's practices and services, and the findings pages' clock pinned to TODAY."""
    result = runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(finding_views, "local_now", lambda: datetime(2026, 12, 1, 9, 0))


def add(**overrides) -> Finding:
    """Record a finding through the service (GOOD with overrides)."""
    return record_finding(GOOD | overrides, TODAY)


def events(action: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(
        AuditEvent.entity_type == "referral_finding", AuditEvent.action == action
    )
    return list(db.session.scalars(query))


def row_of(page: str, finding: Finding) -> str:
    """The table row of one finding on a page."""
    match = re.search(rf'<tr[^>]*data-finding="{finding.id}".*?</tr>', page, re.S)
    assert match, f"finding {finding.id} is not listed"
    return match.group(0)


def test_an_operations_manager_records_a_finding_and_it_is_audited(client, login):
    login("ops", "planner")
    response = client.post(NEW, data=GOOD)
    assert response.status_code == 302
    assert response.headers["Location"] == PAGE + "?practice=E82100"
    finding = db.session.scalar(sa.select(Finding))
    assert (finding.practice_id, finding.service_id, finding.kind) == (
        "E82100",
        "orthopaedics",
        "unmet_need",
    )
    assert (finding.status, finding.review_on, finding.created_by) == (
        "open",
        date(2027, 3, 31),
        "planner",
    )
    [event] = events("create")
    assert (event.actor, event.entity_id) == ("planner", str(finding.id))
    assert event.after["evidence"] == GOOD["evidence"] and event.after["status"] == "open"
    row = row_of(client.get(response.headers["Location"]).text, finding)
    assert "Patients&#39; unmet need (PUN)" in row and "Dr Patel, clinical lead" in row
    assert "Review overdue" not in row


def test_a_finding_without_a_service_is_about_all_services(client, login):
    login("ops")
    client.post(NEW, data=GOOD | {"service": "", "review_on": "1/12/2026"})  # today, UK form
    finding = db.session.scalar(sa.select(Finding))
    assert finding.service_id is None and finding.review_on == TODAY
    assert "All services" in row_of(client.get(PAGE).text, finding)


@pytest.mark.parametrize(
    "field, typed, problem",
    [
        ("evidence", "  ", "Enter the evidence."),
        ("practice", "E99999", "&#39;E99999&#39; is not a known practice."),
        ("service", "podiatry", "&#39;podiatry&#39; is not a known service."),
        ("kind", "complaint", "Choose whether it is a patients&#39; unmet need"),
        ("review_on", "31/02/2027", "Enter the review date as a real date"),
        ("review_on", "2026-11-30", "The review date must be today (1 December 2026) or later."),
        ("action", "x" * 2001, "Use at most 2,000 characters for the action agreed"),
        ("owner", "x" * 201, "Use at most 200 characters for the owner"),
    ],
)
def test_a_bad_finding_is_shown_again_with_the_problem_named(client, login, field, typed, problem):
    login("ops")
    response = client.post(NEW, data=GOOD | {field: typed})
    assert response.status_code == 400
    page = response.text
    summary = page.split('class="nhsuk-error-summary"')[1].split("</ul>")[0]
    assert f'href="#{field}"' in summary and problem in summary
    assert page.count(problem) == 2  # in the summary and beside the field
    assert GOOD["owner" if field != "owner" else "action"] in page  # the rest as typed
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Finding)) == 0
    assert events("create") == []


def test_every_missing_field_is_named_at_once():
    with pytest.raises(FindingInvalid) as refused:
        record_finding({}, TODAY)
    assert set(refused.value.errors) == set(GOOD) - {"service"}  # service: all of them


def test_a_practice_report_link_fills_in_the_practice_and_service(client, login):
    login("ops")
    page = client.get(NEW + "?practice=e82101&service=Ophthalmology").text
    assert re.search(r'<option selected value="E82101">', page)
    assert re.search(r'<option selected value="ophthalmology">', page)


def test_the_list_shows_open_findings_filtered_by_practice_and_marks_overdue_reviews(
    client, login, monkeypatch
):
    due = add(review_on="2026-12-01")
    other = add(practice="E82101", kind="educational_need")
    login("ops")
    page = client.get(PAGE).text
    assert "2 open findings" in page
    assert "Doctors&#39; educational need (DEN)" in row_of(page, other)
    monkeypatch.setattr(finding_views, "local_now", lambda: datetime(2026, 12, 2, 9, 0))
    page = client.get(PAGE).text
    assert "Review overdue" in row_of(page, due) and "Review overdue" not in row_of(page, other)
    assert "2 open findings, 1 with the review overdue" in page
    page = client.get(PAGE + "?practice=E82101").text
    assert f'data-finding="{other.id}"' in page and f'data-finding="{due.id}"' not in page


def test_marking_a_finding_done_is_audited_and_takes_it_off_the_open_list(client, login):
    finding = add()
    login("ops", "planner")
    response = client.post(
        f"{PAGE}{finding.id}/done", data={"note": "Meeting held 1 Dec.", "version": "1"}
    )
    assert response.status_code == 302 and response.headers["Location"] == PAGE
    db.session.refresh(finding)
    assert (finding.status, finding.done_on, finding.done_note) == (
        "done",
        TODAY,
        "Meeting held 1 Dec.",
    )
    [event] = events("done")
    assert event.actor == "planner" and event.after["done_note"] == "Meeting held 1 Dec."
    assert f'data-finding="{finding.id}"' not in client.get(PAGE).text
    row = row_of(client.get(PAGE + "?done=yes").text, finding)
    assert "Done" in row and "Meeting held 1 Dec." in row and "Mark done" not in row


def test_a_finding_is_not_marked_done_without_a_note(client, login):
    finding = add()
    login("ops")
    response = client.post(f"{PAGE}{finding.id}/done", data={"note": " ", "version": "1"})
    assert response.status_code == 400
    assert f'href="#note-{finding.id}">Enter the note of what was done.' in response.text
    assert db.session.get(Finding, finding.id).status == "open" and events("done") == []


def test_a_finding_changed_since_the_form_was_shown_is_not_marked_done(client, login):
    finding = add()
    finding.owner = "Practice manager"  # someone else's change: version 2
    db.session.commit()
    login("ops")
    response = client.post(f"{PAGE}{finding.id}/done", data={"note": "Done.", "version": "1"})
    assert response.status_code == 400
    assert CHANGED_MEANWHILE.replace("'", "&#39;") in response.text
    assert "Done." in row_of(response.text, finding)  # the note as typed, to send again
    assert db.session.get(Finding, finding.id).status == "open" and events("done") == []


def test_a_finding_done_already_is_not_done_again(client, login):
    finding = add()
    mark_done(finding.id, "First.", None, TODAY)
    login("ops")
    response = client.post(
        f"{PAGE}{finding.id}/done", data={"note": "Second.", "version": "2"}, follow_redirects=True
    )
    assert "This finding was marked done on 1 December 2026 already." in response.text
    assert db.session.get(Finding, finding.id).done_note == "First."
    with pytest.raises(FindingInvalid, match="marked done on 1 December 2026 already"):
        mark_done(finding.id, "", None, TODAY)  # said before the missing note
    assert len(events("done")) == 1


def test_a_practices_findings_come_open_first_by_review_date_then_done_latest_first():
    late, soon = add(review_on="2027-06-01"), add(review_on="2027-01-01")
    done_first, done_last = add(), add()
    mark_done(done_first.id, "One.", None, date(2026, 12, 1))
    mark_done(done_last.id, "Two.", None, date(2026, 12, 3))
    elsewhere = add(practice="E82101")
    assert findings_for("E82100") == [soon, late, done_last, done_first]
    assert open_findings("E82100") == [soon, late]
    assert elsewhere in open_findings() and len(open_findings()) == 3


def test_booking_staff_are_refused_everything(client, login):
    finding = add()
    login("booking")
    assert client.get(PAGE).status_code == 403
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, data=GOOD).status_code == 403
    assert client.post(f"{PAGE}{finding.id}/done", data={"note": "x"}).status_code == 403
    assert db.session.get(Finding, finding.id).status == "open"


@needs_commissioner
def test_commissioners_read_the_findings_but_change_nothing(client, login):
    finding = add()
    login("commissioner")
    page = client.get(PAGE)
    assert page.status_code == 200 and f'data-finding="{finding.id}"' in page.text
    assert "Record a finding" not in page.text and "Mark done" not in page.text
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, data=GOOD).status_code == 403
    assert client.post(f"{PAGE}{finding.id}/done", data={"note": "x"}).status_code == 403
    assert db.session.get(Finding, finding.id).status == "open"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Finding)) == 1


def test_operations_managers_see_the_controls(client, login):
    add()
    login("ops")
    page = client.get(PAGE).text
    assert "Record a finding" in page and "Mark done" in page


@pytest.mark.parametrize(
    "method, path", [("GET", PAGE), ("GET", NEW), ("POST", NEW), ("POST", PAGE + "1/done")]
)
def test_anonymous_people_are_sent_to_sign_in(client, method, path):
    response = client.open(path, method=method, data=GOOD)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
