"""The appointments shown, read again from the sessions: in the order given, each with its
site, date, first free time and distance; ids that are not sessions of the referral's
service are dropped, and none beyond the bound is read."""

from datetime import date, datetime

from booking.openings import session_opening
from booking.service import book
from booking.shown import first_free_start, shown_sessions, shown_slot
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)


def _plan(desk):
    """Orthopaedics near on Monday and far on Tuesday, and ophthalmology near on Monday."""
    plan = desk.plan(
        [
            (NEAR_SITE, MON, "AM", 0, "orthopaedics"),
            (FAR_SITE, TUE, "PM", 0, "orthopaedics", "op-1"),
            (NEAR_SITE, MON, "AM", 1, "ophthalmology"),
        ]
    )
    by_service = {(s.service_id, s.date): s.id for s in plan.sessions}
    return (
        by_service[("orthopaedics", MON)],
        by_service[("orthopaedics", TUE)],
        by_service[("ophthalmology", MON)],
    )


def test_the_sessions_shown_keep_the_order_given_with_their_own_facts(desk):
    near, far, _ = _plan(desk)
    shown = shown_sessions(desk.referral(), [far, near, far], most=10)
    assert [(s.session_id, s.site_id, s.date) for s in shown] == [
        (far, FAR_SITE, TUE),
        (near, NEAR_SITE, MON),
    ]
    assert shown[1].starts_at == datetime(2027, 1, 11, 9, 0)
    assert shown[1].distance_km < 3 < 12 < shown[0].distance_km


def test_ids_that_are_not_sessions_of_the_service_are_dropped(desk):
    near, far, eyes = _plan(desk)
    shown = shown_sessions(desk.referral(), [999_999, eyes, near, -1], most=10)
    assert [s.session_id for s in shown] == [near]
    assert shown_sessions(desk.referral(), [], most=10) == []


def test_no_more_than_the_bound_are_read(desk):
    near, far, _ = _plan(desk)
    assert [s.session_id for s in shown_sessions(desk.referral(), [far, near], most=1)] == [far]


def test_the_time_shown_is_the_first_free_slot(desk):
    near, *_ = _plan(desk)
    opening = session_opening(near)
    assert first_free_start(opening, "first") == datetime(2027, 1, 11, 9, 0)
    book(desk.referral().id, near, now=NOW)  # slot 0 taken
    assert first_free_start(opening, "first") == datetime(2027, 1, 11, 9, 20)


def test_a_slot_chosen_by_number_is_shown_at_its_own_time(desk):
    near, _, eyes = _plan(desk)
    referral = desk.referral()
    [shown] = shown_slot(referral, near, 4)
    assert (shown.session_id, shown.starts_at) == (near, datetime(2027, 1, 11, 10, 20))
    assert shown_slot(referral, eyes, 4) == []  # another service's session


def test_a_postcode_not_in_the_area_is_shown_as_measured_from_the_practice(desk):
    near, *_ = _plan(desk)
    [home] = shown_sessions(desk.referral(), [near], most=1)
    [away] = shown_sessions(desk.referral(postcode="TR1 1AA"), [near], most=1)
    assert (home.from_practice, away.from_practice) == (False, True)
    assert away.distance_km is not None  # from Victoria Street Surgery, not from Truro
