"""The RTT and diagnostics reports: waits counted into their bands, against the standards."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest

from booking.pathway_reports import (
    Waits,
    diagnostics_csv,
    diagnostics_report,
    rtt_csv,
    rtt_report,
)
from booking.service import book, record_attendance
from extensions import db
from tests.booking.conftest import NEAR_SITE, TODAY

REDBOURN = "E82103"  # a practice in Redbourn; the desk's default, E82102, is in Chipperfield


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def by_label(rows) -> dict:
    return {(row.group, row.label): row for row in rows}


@pytest.fixture
def pathways(desk):
    """Four running clocks (10, 126, 127 and 400 days), three that no longer run and a
    direct-access MRI."""
    desk.referral(referral_date=ago(10))
    desk.referral(referral_date=ago(126), practice_id=REDBOURN)  # 18 weeks to the day
    desk.referral(referral_date=ago(127))  # a day past 18 weeks
    desk.referral(referral_date=ago(400), service_id="ophthalmology", practice_id=REDBOURN)
    stopped, nullified, ended = (desk.referral(referral_date=ago(300)) for _ in range(3))
    stopped.pathway.stopped = ago(200)
    nullified.pathway.nullified = True
    ended.pathway.stopped = ended.pathway.ended = ago(250)
    desk.referral(referral_date=ago(300), service_id="mri")
    db.session.commit()
    return desk


def test_running_clocks_are_counted_into_their_bands(pathways):
    rows = by_label(rtt_report(TODAY))
    everyone = rows[("all", "All pathways")]
    assert everyone.bands == (1, 0, 1, 1, 0, 1)  # 0-6, 6-12, 12-18, 18-26, 26-52, 52+
    assert (everyone.total, everyone.within_18_weeks, everyone.share_within) == (4, 2, 0.5)
    assert everyone.meets_standard is False
    assert everyone.p92_weeks == 57  # the 4th of 4 waits: 400 days
    assert rows[("service", "Orthopaedic clinic")].bands == (1, 0, 1, 1, 0, 0)
    assert rows[("service", "Ophthalmology clinic")].bands == (0, 0, 0, 0, 0, 1)
    assert rows[("locality", "Chipperfield")].within_18_weeks == 1
    assert rows[("locality", "Redbourn")].bands == (0, 0, 1, 0, 0, 1)


def test_18_weeks_to_the_day_is_within_the_standard_and_a_day_more_is_not(desk):
    desk.referral(referral_date=ago(126))
    [row] = [r for r in rtt_report(TODAY) if r.group == "all"]
    assert (row.bands[2], row.within_18_weeks, row.meets_standard) == (1, 1, True)
    [row] = [r for r in rtt_report(TODAY + timedelta(days=1)) if r.group == "all"]
    assert (row.bands[3], row.within_18_weeks, row.meets_standard) == (1, 0, False)


def test_the_filters_choose_the_pathways(pathways):
    rows = rtt_report(TODAY, locality="Redbourn")
    assert [(r.group, r.label, r.total) for r in rows] == [
        ("all", "All pathways", 2),
        ("service", "Ophthalmology clinic", 1),
        ("service", "Orthopaedic clinic", 1),
        ("locality", "Redbourn", 2),
    ]
    assert rtt_report(TODAY, service="diabetes")[0].total == 0


def test_the_92nd_percentile_is_the_nearest_rank():
    waits = Waits({7 * week: 1 for week in range(100)})  # 0 to 99 weeks, one each
    assert waits.percentile_weeks(92) == 91
    assert Waits({}).percentile_weeks(92) is None


def test_the_rtt_csv_has_a_row_per_group_and_band(pathways):
    rows = list(csv.reader(io.StringIO(rtt_csv(rtt_report(TODAY)))))
    assert rows[0] == [
        "group",
        "name",
        "weeks_waited",
        "pathways",
        "group_pathways",
        "within_18_weeks",
        "share_within_18_weeks",
        "meets_92_percent",
    ]
    assert rows[1] == ["all", "All pathways", "up to 6 weeks", "1", "4", "2", "0.5000", "no"]
    assert len(rows) == 1 + 6 * 5  # all, two services, two localities


def test_diagnostic_waits_of_six_weeks_or_more_count_against_the_standard(desk):
    first = desk.referral(referral_date=ago(100))
    for days in (41, 42):  # requested at a clinic, on the patient's pathway
        desk.referral(
            kind="diagnostic", service_id="mri", referral_date=ago(days), pathway=first.pathway
        )
    desk.referral(service_id="mri", referral_date=ago(50))  # a GP's direct-access request
    desk.referral(service_id="mri", referral_date=ago(60), closed_on=ago(1))
    rows = diagnostics_report(TODAY)
    assert [(r.group, r.label, r.waiting, r.six_weeks_or_more, r.longest_weeks) for r in rows] == [
        ("all", "All tests", 3, 2, 7),
        ("test", "MRI list", 3, 2, 7),
    ]
    assert rows[0].meets_standard is False


def test_an_attended_test_waits_no_more(desk):
    day = date(2027, 1, 11)
    plan = desk.plan([(NEAR_SITE, day, "AM", 0, "mri", "rad-1")])
    scan = desk.referral(service_id="mri", referral_date=ago(100))
    booking = book(scan.id, plan.sessions[0].id, now=datetime.combine(TODAY, datetime.min.time()))
    assert diagnostics_report(TODAY)[0].waiting == 1  # booked, still waiting
    record_attendance(booking.id, "attended", now=datetime.combine(day, datetime.max.time()))
    assert diagnostics_report(day)[0].waiting == 0


def test_the_diagnostics_csv(desk):
    desk.referral(service_id="mri", referral_date=ago(3))
    rows = list(csv.reader(io.StringIO(diagnostics_csv(diagnostics_report(TODAY)))))
    assert rows[0][:4] == ["group", "name", "waiting", "waiting_6_weeks_or_more"]
    assert rows[1] == ["all", "All tests", "1", "0", "0.0000", "yes", "0"]
