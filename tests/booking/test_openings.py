"""Openings: the published sessions still to begin with a free slot, and any one session."""

from dataclasses import replace
from datetime import date, datetime

from booking.openings import bookable_openings, session_opening
from booking.service import book
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)


def test_openings_are_the_published_sessions_to_come_soonest_first(desk):
    plan = desk.plan(
        [(FAR_SITE, TUE, "PM", 0, "orthopaedics"), (NEAR_SITE, MON, "AM", 0, "orthopaedics")]
    )
    desk.plan([(NEAR_SITE, MON, "PM", 0, "orthopaedics")], published=False, name="Draft")
    openings = bookable_openings(["orthopaedics"], NOW)
    by_date = sorted(plan.sessions, key=lambda session: session.date)
    assert [o.session_id for o in openings] == [session.id for session in by_date]
    monday = openings[0]
    assert (monday.site_id, monday.date, monday.period) == (NEAR_SITE, MON, "AM")
    assert (monday.start, monday.end) == (datetime(2027, 1, 11, 9), datetime(2027, 1, 11, 13))
    assert (monday.slots, monday.free, monday.service_name) == (12, 12, "Orthopaedic clinic")


def test_a_session_that_has_begun_or_is_full_is_not_bookable(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "PM", 0, "orthopaedics")]
    )
    monday, tuesday = plan.sessions
    during_monday = datetime(2027, 1, 11, 9, 30)
    assert [o.session_id for o in bookable_openings(None, during_monday)] == [tuesday.id]
    for _ in range(12):
        book(desk.referral().id, tuesday.id, now=NOW)
    assert [o.session_id for o in bookable_openings(None, NOW)] == [monday.id]


def test_only_the_services_asked_for_and_within_the_weeks_ahead(desk):
    desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, TUE, "AM", 0, "general-surgery")]
    )
    assert {o.service_id for o in bookable_openings(["general-surgery"], NOW)} == {
        "general-surgery"
    }
    assert bookable_openings(None, NOW, weeks_ahead=1) == []  # the plan starts in six weeks
    assert len(bookable_openings(None, NOW, weeks_ahead=6)) == 2


def test_any_session_reads_as_an_opening_full_or_not_published(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")], published=False)
    opening = session_opening(plan.sessions[0].id)
    assert opening.site_name and opening.slots == 0 and opening.free == 0
    assert session_opening(plan.sessions[0].id + 100) is None


def test_slots_split_the_session_evenly(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    opening = session_opening(plan.sessions[0].id)
    assert opening.slot_time(0) == datetime(2027, 1, 11, 9, 0)
    assert opening.slot_time(1) == datetime(2027, 1, 11, 9, 20)  # 4 hours in 12 slots
    assert opening.slot_time(11) == datetime(2027, 1, 11, 12, 40)


def test_slots_start_on_the_whole_minute(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    opening = replace(session_opening(plan.sessions[0].id), slots=14)  # 17 min 8.6 s each
    assert opening.slot_time(1) == datetime(2027, 1, 11, 9, 17)
    assert opening.slot_time(7) == datetime(2027, 1, 11, 11, 0)
    assert opening.slot_time(13) == datetime(2027, 1, 11, 12, 42)
    assert opening.slot_time(14) == datetime(2027, 1, 11, 13, 0)  # the last one ends on time
