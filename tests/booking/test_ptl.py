"""The patient-level RTT list: incomplete pathways, longest wait first, and its CSV."""

import csv
import io
from datetime import date, datetime

import pytest

from booking import report_views
from booking.outcomes import record_outcome
from booking.ptl import ptl, ptl_csv
from booking.service import book, record_attendance
from tests.booking.conftest import NEAR_SITE, NOW, accesses

MON = date(2027, 1, 11)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(report_views, "local_now", lambda: NOW)


def test_the_ptl_lists_running_clocks_longest_first_with_the_next_step(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, MON, "AM", 0, "mri", "rad-1")]
    )
    clinic, scan = (s.id for s in plan.sessions)
    seen = desk.referral(name="Ada Lovelace", referral_date=date(2026, 6, 1))
    booking = book(seen.id, clinic, now=NOW)
    record_attendance(booking.id, "attended", now=datetime(2027, 1, 11, 13, 0))
    test = record_outcome(booking.id, {"outcome": "refer_on_diagnostic", "service": "mri"}).step
    book(test.id, scan, now=NOW)
    waiting = desk.referral(name="Alan Turing", referral_date=date(2026, 11, 2))
    treated = desk.referral(name="Grace Hopper", referral_date=date(2026, 5, 1))
    done = book(treated.id, clinic, now=NOW)
    record_attendance(done.id, "attended", now=datetime(2027, 1, 11, 13, 0))
    record_outcome(done.id, {"outcome": "treated"})  # clock stopped: not on the list
    desk.referral(name="Direct Access", service_id="mri")  # the diagnostics report's
    today = date(2027, 1, 12)
    rows = ptl(today)
    assert [row.referral.id for row in rows] == [seen.id, waiting.id]
    assert rows[0].waiting_for == ("Diagnostic test: MRI list",) and rows[0].next_appointment
    assert rows[1].waiting_for == ("First appointment: Orthopaedic clinic",)
    lines = list(csv.reader(io.StringIO(ptl_csv(rows, today))))
    assert lines[1][5:9] == ["2026-06-01", "32", "2026-10-06", "-98"]


def test_the_ptl_csv_is_the_desks_and_its_export_audited(client, login, desk):
    desk.referral(name="Alan Turing", referral_date=date(2026, 11, 2))
    login("ops")
    assert client.get("/booking/reports/rtt/ptl.csv").status_code == 403
    assert "patient-level list" not in client.get("/booking/reports/rtt").text
    login("booking", "clerk")
    assert "patient-level list" in client.get("/booking/reports/rtt").text
    response = client.get("/booking/reports/rtt/ptl.csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][0] == "nhs_number" and rows[1][1] == "Alan Turing"
    assert accesses()[-1] == ("clerk", "export", "rtt_ptl", "2026-12-01", {"rows": 1})
