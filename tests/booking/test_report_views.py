"""The lists that call for action: patients to rebook, and the breach report and its audited
export."""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest

from audit.privacy import category
from booking import report_views
from booking.models import Booking
from booking.service import book, cancel
from booking.session_cancellation import cancel_session
from choice.record import Shown, record_offer
from extensions import db
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW, accesses

MON = date(2027, 1, 11)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Pin the reports' clock (read through local_now) to the tests' NOW."""
    monkeypatch.setattr(report_views, "local_now", lambda: NOW)


def test_the_breach_report_export_is_audited(client, login, desk):
    desk.referral(referral_date=date(2026, 1, 5))  # waited 47 weeks: breached
    login("booking", "clerk")
    response = client.get("/booking/breaches.csv")
    assert response.mimetype == "text/csv" and "Patient 1" in response.data.decode()
    stamp = NOW.date().isoformat()
    assert accesses() == [("clerk", "export", "breach_report", stamp, {"rows": 1})]


def test_a_patient_the_service_cancelled_is_on_the_rebook_list(client, login, desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    referral = desk.referral(name="Grace Hopper")
    cancel(book(referral.id, plan.sessions[0].id, now=NOW).id, "service", now=NOW)
    login("booking")
    assert "Grace Hopper" in client.get("/booking/to-rebook").data.decode()
    login("ops", "planner")
    assert client.get("/booking/to-rebook").status_code == 403


REPORTS = ("/booking/reports/rtt", "/booking/reports/diagnostics", "/booking/reports/follow-ups")


@pytest.mark.parametrize("role", ["booking", "ops"])
def test_booking_and_operations_staff_read_the_reports(client, login, desk, role):
    desk.referral(referral_date=date(2026, 3, 2))  # 39 weeks: past 18
    desk.referral(referral_date=date(2026, 11, 2))  # 4 weeks
    desk.referral(kind="follow_up", due_date=date(2026, 11, 20), name="Alan Turing")
    login(role)
    for path in REPORTS:
        assert client.get(path).status_code == 200, path
    for path in REPORTS[:2]:
        assert client.get(path + ".csv").mimetype == "text/csv", path
    page = client.get("/booking/reports/rtt").text
    assert "1 of 2 incomplete pathways (50.0%)" in page and "is <strong>not met</strong>" in page
    follow_ups = client.get("/booking/reports/follow-ups").text
    # The list of patients is the booking desk's; planners see how many.
    assert ("Alan Turing" in follow_ups) == (role == "booking")
    assert ("1 follow-up past the due date, not booked." in follow_ups) == (role == "ops")
    worklist = client.get("/booking/reports/follow-ups.csv")
    assert worklist.status_code == (200 if role == "booking" else 403)


@pytest.mark.parametrize("path", [p + ext for p in REPORTS for ext in ("", ".csv")])
def test_the_reports_are_refused_to_anyone_not_signed_in(client, desk, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_empty_reports_say_so_in_words(client, login, desk):
    login("ops")
    assert "No incomplete pathways" in client.get("/booking/reports/rtt").text
    assert "Nobody is waiting for a diagnostic test" in client.get(REPORTS[1]).text
    follow_ups = client.get("/booking/reports/follow-ups").text
    assert "No follow-up is past its due date" in follow_ups
    assert "No first or follow-up attendances in this period" in follow_ups


def test_the_rtt_csv_is_filtered_and_its_export_audited(client, login, desk):
    desk.referral(referral_date=date(2026, 11, 1))
    desk.referral(referral_date=date(2026, 11, 1), service_id="ophthalmology")
    login("ops", "planner")
    response = client.get("/booking/reports/rtt.csv?service=ophthalmology")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:4] == ["group", "name", "weeks_waited", "pathways"]
    assert rows[1] == ["all", "All pathways", "up to 6 weeks", "1", "1", "1", "1.0000", "yes"]
    assert "rtt-2026-12-01.csv" in response.headers["Content-Disposition"]
    assert accesses() == [("planner", "export", "rtt_report", "2026-12-01", {"rows": 18})]


def test_the_diagnostics_csv_names_each_test(client, login, desk):
    desk.referral(service_id="mri", referral_date=date(2026, 10, 1))  # 8 weeks
    login("booking")
    rows = list(csv.reader(io.StringIO(client.get("/booking/reports/diagnostics.csv").text)))
    assert rows[0] == [
        "group",
        "name",
        "waiting",
        "waiting_6_weeks_or_more",
        "share_6_weeks_or_more",
        "meets_1_percent",
        "longest_weeks",
    ]
    assert rows[2] == ["test", "MRI list", "1", "1", "1.0000", "no", "8"]


def test_the_follow_up_worklist_export_is_audited_as_patient_data(client, login, desk):
    step = desk.referral(kind="follow_up", due_date=date(2026, 11, 24), name="Alan Turing")
    login("booking", "clerk")
    rows = list(csv.reader(io.StringIO(client.get("/booking/reports/follow-ups.csv").text)))
    assert rows[0] == ["nhs_number", "name", "service", "locality", "due_date", "days_overdue"]
    assert rows[1] == [
        step.nhs_number,
        "Alan Turing",
        "Orthopaedic clinic",
        "Chipperfield",
        "2026-11-24",
        "7",
    ]
    assert accesses() == [("clerk", "export", "follow_up_list", "2026-12-01", {"rows": 1})]
    assert category("follow_up_list") == "patient"  # only booking staff read it in the trail


def test_the_rebook_list_offers_replacement_slots_booked_in_one_click(client, login, desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, MON, "PM", 0, "orthopaedics")]
    )
    off, spare = (s.id for s in plan.sessions)
    referral = desk.referral(name="Grace Hopper", referral_date=date(2026, 11, 1))
    book(referral.id, off, now=NOW)
    cancel_session(off, "clinician_unavailable", now=NOW)
    login("booking")
    page = client.get("/booking/to-rebook").data.decode()
    assert "Session cancelled by the service: clinician unavailable" in page
    assert "8 Mar 2027" in page and "97 days left" in page
    form = page[page.index(f'action="/booking/referrals/{referral.id}/book"') :]
    assert f'name="session_id" value="{spare}">Book this' in form
    assert f'value="{off}"' not in form  # the cancelled session is not offered
    response = client.post(f"/booking/referrals/{referral.id}/book", data={"session_id": spare})
    assert response.status_code == 302
    assert [(b.session_id, b.status) for b in referral.bookings] == [
        (off, "cancelled"),
        (spare, "booked"),
    ]
    assert "Nobody needs rebooking." in client.get("/booking/to-rebook").data.decode()


def test_a_booking_in_a_withdrawn_session_is_moved_from_the_list(client, login, desk):
    withdrawn = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    booking = book(desk.referral().id, withdrawn.sessions[0].id, now=NOW)
    withdrawn.status = "draft"
    db.session.commit()
    spare = desk.plan([(FAR_SITE, MON, "PM", 0, "orthopaedics")], name="Next").sessions[0].id
    login("booking")
    page = client.get("/booking/to-rebook").data.decode()
    form = page[page.index(f'action="/booking/bookings/{booking.id}/rebook"') :]
    assert 'name="cancelled_by" value="service"' in form
    assert f'name="version" value="{booking.version}"' in form
    data = {"session_id": spare, "cancelled_by": "service", "version": booking.version}
    client.post(f"/booking/bookings/{booking.id}/rebook", data=data)
    assert db.session.get(Booking, booking.id).cancelled_by == "service"
    assert "Nobody needs rebooking." in client.get("/booking/to-rebook").data.decode()


def test_each_reports_service_filter_offers_the_services_it_counts(client, login, desk):
    login("booking")
    rtt = client.get("/booking/reports/rtt").text
    diagnostics = client.get("/booking/reports/diagnostics").text
    follow_ups = client.get("/booking/reports/follow-ups").text
    assert 'value="mri"' not in rtt and 'value="daycase-orthopaedics"' in rtt
    assert 'value="mri"' in diagnostics and 'value="orthopaedics"' not in diagnostics
    assert 'value="orthopaedics"' in follow_ups and 'value="cataract"' not in follow_ups


def _shortlist_offered(desk, practice_id: str, sites: list[str]) -> None:
    """A shortlist of the sites, all on MON, offered to a new referral of the practice the
    day before NOW."""
    referral = desk.referral(practice_id=practice_id)
    shown = [Shown(n, site, MON, datetime(2027, 1, 11, 9), 2.0) for n, site in enumerate(sites)]
    offer = record_offer(referral.id, practice_id, shown, "shortlist")
    offer.made_at = datetime(2026, 11, 30, 12, tzinfo=UTC)
    db.session.commit()


@pytest.mark.parametrize("role", ["booking", "ops", "commissioner"])
def test_the_choice_report_is_read_by_the_desk_planners_and_commissioners(
    client, login, desk, role
):
    _shortlist_offered(desk, "E82102", [NEAR_SITE, FAR_SITE])
    _shortlist_offered(desk, "E82102", [NEAR_SITE])
    login(role)
    response = client.get("/booking/reports/choice")
    assert response.status_code == 200
    html = response.data.decode()
    row = html[html.rindex("<tr", 0, html.index('data-practice="E82102"')) :]
    row = row[: row.index("</tr>")]
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).split() == (
        "Victoria Street Surgery (E82102) 2 1 (50%) 0 (0%) 0 (0%) 0 (0%) 2 (100%)".split()
    )
    assert ("RTT report" in html) is (role != "commissioner")  # only the reports they may read


def _row_text(html: str, marker: str) -> list[str]:
    row = html[html.rindex("<tr", 0, html.index(marker)) :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row[: row.index("</tr>")])).split()


def test_the_choice_report_counts_the_desks_offers_and_says_where_each_was_made(
    client, login, desk
):
    _shortlist_offered(desk, "E82102", [NEAR_SITE, FAR_SITE])
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    referral = desk.referral(practice_id="E82102")
    booking = book(referral.id, plan.sessions[0].id, now=NOW)
    shown = [Shown(plan.sessions[0].id, NEAR_SITE, MON, datetime(2027, 1, 11, 9), 2.0)]
    offer = record_offer(
        referral.id,
        "E82102",
        shown,
        "booked",
        channel="desk",
        booking_id=booking.id,
        taken_session_id=plan.sessions[0].id,
    )
    offer.made_at = datetime(2026, 11, 30, 12, tzinfo=UTC)
    db.session.commit()
    login("commissioner")
    html = client.get("/booking/reports/choice").data.decode()
    assert "at their GP practice or by the booking desk" in html
    assert _row_text(html, 'data-channel="desk"') == (
        "Offered by the booking desk 1 0 (0%) 0 (0%) 0 (0%) 1 (100%) 0 (0%)".split()
    )
    assert _row_text(html, 'data-channel="practice"')[:8] == (
        "Offered at the GP practice 1 1 (100%)".split()
    )
    assert _row_text(html, 'data-testid="overall"')[:4] == "All practices 2 1".split()


def test_the_choice_reports_period_is_checked_and_shown_again(client, login, desk):
    login("booking")
    response = client.get("/booking/reports/choice?from=2026-12-31&to=2026-12-01")
    assert response.status_code == 400
    html = response.data.decode()
    assert "The last day must be the same as or after the first day." in html
    assert 'value="2026-12-31"' in html
    bad = client.get("/booking/reports/choice?from=yesterday")
    assert bad.status_code == 400 and "Enter the first day as a real date" in bad.data.decode()
    assert client.get("/booking/reports/choice.csv?from=yesterday").status_code == 400


def test_the_choice_csv_covers_the_period_asked_and_its_export_is_audited(client, login, desk):
    _shortlist_offered(desk, "E82101", [NEAR_SITE, FAR_SITE])
    login("commissioner", "cara")
    response = client.get("/booking/reports/choice.csv?from=2026-11-30&to=2026-11-30")
    rows = list(csv.reader(io.StringIO(response.data.decode())))
    assert rows[-1][:3] == ["", "All practices", "1"]
    empty = client.get("/booking/reports/choice.csv?from=2020-01-01&to=2020-01-31")
    assert list(csv.reader(io.StringIO(empty.data.decode())))[-1][:3] == ["", "All practices", "0"]
    assert accesses()[0][:3] == ("cara", "export", "choice_report")
    assert category("choice_report") == "patient"
