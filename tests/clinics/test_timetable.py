"""The published timetable: read from the plans, cached per version, free slots per request."""

from datetime import UTC, datetime

from booking.models import SessionCancellation
from clinics.answers import today
from clinics.timetable import current_timetable, free_appointments, published_version
from extensions import db
from plans.models import Plan
from tests.clinics.conftest import BERKHAMSTED, DERMATOLOGY_SLOTS, TRING, book, build_tour


def test_clinics_come_from_today_with_rooms_together(tour):
    table = current_timetable(today())
    assert all(clinic.date >= today() for clinic in table.clinics)
    two_rooms = [c for c in table.clinics if c.date == tour.day(3, 0) and c.site_id == TRING]
    assert len(two_rooms) == 1 and len(two_rooms[0].session_ids) == 2
    assert [c.date for c in table.clinics] == sorted(c.date for c in table.clinics)
    first = table.clinics[0]
    assert (first.site_id, first.service_id, first.date) == (
        BERKHAMSTED,
        "dermatology",
        tour.day(2, 0),
    )
    assert first.start.hour == 9 and first.end.hour == 13


def test_visits_merge_a_unit_s_weeks_at_a_site(tour):
    table = current_timetable(today())
    tring = [v for v in table.visits if v.site_id == TRING]
    assert [(v.first, v.last) for v in tring] == [
        (tour.day(2, 0), tour.day(3, 4)),
        (tour.day(14, 0), tour.day(14, 4)),
    ]
    assert tring[0].unit_name == "Outpatient unit 1"


def test_draft_plans_are_not_shown(app):
    build_tour(publish=False)
    table = current_timetable(today())
    assert table.clinics == () and table.sites == {}


def test_the_timetable_is_rebuilt_only_when_a_plan_is_published(app, tour):
    first = current_timetable(today())
    assert current_timetable(today()) is first
    tour.plan.status = "draft"
    db.session.flush()
    second = build_tour("Second tour", publish=False).plan
    second.status, second.published_at = "published", datetime.now(UTC)
    db.session.commit()
    rebuilt = current_timetable(today())
    assert rebuilt is not first and rebuilt.version == published_version()
    assert rebuilt.version.startswith(f"{second.id}@")
    assert db.session.get(Plan, tour.plan.id).status == "draft"


def test_free_slot_counts_change_when_a_booking_is_made(tour):
    table = current_timetable(today())
    clinic = next(c for c in table.clinics if c.site_id == BERKHAMSTED)
    assert free_appointments([clinic]) == {clinic: DERMATOLOGY_SLOTS}
    booking = book(tour.session("op-2", 2, 0, "AM"))
    assert free_appointments([clinic]) == {clinic: DERMATOLOGY_SLOTS - 1}
    booking.status, booking.cancelled_by = "cancelled", "patient"
    db.session.commit()
    assert free_appointments([clinic]) == {clinic: DERMATOLOGY_SLOTS}


def test_a_clinic_in_two_rooms_counts_both_rooms_slots(tour):
    table = current_timetable(today())
    clinic = next(c for c in table.clinics if len(c.session_ids) == 2)
    book(tour.session("op-1", 3, 0, "AM", room=1))
    assert free_appointments([clinic]) == {clinic: 2 * DERMATOLOGY_SLOTS - 1}


def test_a_session_the_service_cancelled_leaves_the_timetable(tour):
    first = current_timetable(today())
    [clinic] = [c for c in first.clinics if c.date == tour.day(3, 0) and c.site_id == TRING]
    off, kept = clinic.session_ids
    db.session.add(SessionCancellation(session_id=off, reason="unit_breakdown", actor="clerk"))
    db.session.commit()
    second = current_timetable(today())
    assert second is not first  # a cancellation is a new version of what patients see
    [still] = [c for c in second.clinics if c.date == tour.day(3, 0) and c.site_id == TRING]
    assert still.session_ids == (kept,)
    db.session.add(SessionCancellation(session_id=kept, reason="unit_breakdown", actor="clerk"))
    db.session.commit()
    gone = current_timetable(today()).clinics
    assert not [c for c in gone if c.date == tour.day(3, 0) and c.site_id == TRING]
