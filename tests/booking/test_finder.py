"""The slot finder: which slots a referral is offered, and in what order."""

import math
from dataclasses import replace
from datetime import date, datetime

from booking.clocks import clock
from booking.finder import (
    best_offers,
    find_slots,
    patient_point,
    postcode_placed,
    rank_offers,
)
from booking.openings import bookable_openings
from booking.service import book
from extensions import db
from inputs.models import Practice
from plans.bridge import scenario_instance
from scheduler import geodesic_km
from scheduler.rules.facts import Facts
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW

MON, MON_LATER, AFTER_BREACH = date(2027, 1, 11), date(2027, 2, 1), date(2027, 2, 8)
REFERRED = date(2026, 10, 1)  # 18 weeks: breaches on 5 February 2027


def _order(offers) -> list[tuple]:
    return [(o.opening.date, o.opening.site_id) for o in offers]


def test_slots_before_the_breach_date_come_first_then_soonest_then_nearest(desk):
    desk.plan(
        [
            (FAR_SITE, AFTER_BREACH, "AM", 0, "orthopaedics"),
            (NEAR_SITE, MON_LATER, "AM", 0, "orthopaedics"),
            (FAR_SITE, MON, "AM", 0, "orthopaedics", "op-1"),
            (NEAR_SITE, MON, "PM", 0, "orthopaedics"),
        ]
    )
    offers = find_slots(desk.referral(referral_date=REFERRED), NOW)
    assert _order(offers) == [
        (MON, NEAR_SITE),  # the same day as the far one, and nearer, though later in the day
        (MON, FAR_SITE),
        (MON_LATER, NEAR_SITE),
        (AFTER_BREACH, FAR_SITE),
    ]
    near, far = offers[0], offers[1]
    assert near.distance_km < 3 < 10 < far.distance_km
    assert near.in_time and not offers[-1].in_time
    assert near.within_reach and far.within_reach  # orthopaedics allows 15 km
    assert offers[0].opening.free == 12


def test_the_patients_own_appointments_are_flagged(desk):
    desk.plan(
        [
            (NEAR_SITE, MON, "AM", 0, "orthopaedics"),
            (NEAR_SITE, MON, "PM", 1, "ophthalmology"),
            (NEAR_SITE, MON_LATER, "AM", 0, "orthopaedics"),
        ]
    )
    eyes = desk.referral(service_id="ophthalmology")
    knees = desk.referral(nhs_number=eyes.nhs_number, service_id="orthopaedics")
    eye_session = next(o for o in bookable_openings(["ophthalmology"], NOW))
    book(eyes.id, eye_session.session_id, now=NOW)
    offers = find_slots(knees, NOW)
    assert [o.same_day for o in offers] == [("ophthalmology PM",), ()]
    book(knees.id, offers[1].opening.session_id, now=NOW)
    offers = find_slots(knees, NOW)  # rebooking: the current appointment is not "another"
    assert [(o.same_day, o.current) for o in offers] == [(("ophthalmology PM",), False)] + [
        ((), True)
    ]


def test_offers_found_together_are_those_found_one_by_one(desk):
    desk.plan(
        [
            (FAR_SITE, AFTER_BREACH, "AM", 0, "orthopaedics"),
            (NEAR_SITE, MON_LATER, "AM", 0, "orthopaedics"),
            (FAR_SITE, MON, "AM", 0, "orthopaedics", "op-1"),
            (NEAR_SITE, MON, "PM", 0, "orthopaedics"),
            (NEAR_SITE, MON, "PM", 1, "ophthalmology"),
        ]
    )
    eyes = desk.referral(service_id="ophthalmology")
    knees = desk.referral(nhs_number=eyes.nhs_number, referral_date=REFERRED)
    booked = desk.referral(postcode="AL3 8AA")
    book(eyes.id, next(iter(bookable_openings(["ophthalmology"], NOW))).session_id, now=NOW)
    book(booked.id, bookable_openings(["orthopaedics"], NOW)[-1].session_id, now=NOW)
    referrals = [eyes, knees, booked, desk.referral(priority="urgent")]
    together = best_offers(referrals, NOW, limit=3)
    assert together == {r.id: find_slots(r, NOW, limit=3) for r in referrals}
    assert together[knees.id][0].same_day == ("ophthalmology PM",)
    assert [o.current for o in together[booked.id]] == [False, False, False]
    assert len(together[knees.id]) == 3 and together[eyes.id][0].current


def test_full_past_and_unpublished_sessions_are_not_offered(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, MON, "PM", 0, "orthopaedics")]
    )
    desk.plan([(FAR_SITE, MON_LATER, "AM", 0, "orthopaedics")], published=False)
    for _ in range(12):
        book(desk.referral().id, plan.sessions[0].id, now=NOW)
    referral = desk.referral()
    assert [o.opening.session_id for o in find_slots(referral, NOW)] == [plan.sessions[1].id]
    assert find_slots(referral, datetime(2027, 1, 11, 13, 30)) == []  # the PM has begun


def test_ranking_flags_slots_beyond_the_usual_travel():
    from booking.openings import Opening

    def opening(session_id, lat) -> Opening:
        start = datetime(2027, 1, 11, 9)
        return Opening(
            session_id,
            1,
            start.date(),
            "AM",
            start,
            start,
            "u",
            0,
            "s",
            "S",
            "x",
            "X",
            "",
            "",
            "",
            lat,
            0.0,
            10,
            5,
        )

    wait = clock(REFERRED, 18, NOW.date())
    offers = rank_offers([opening(1, 0.5), opening(2, 0.05)], wait, (0.0, 0.0), 15.0, {})
    assert [(o.opening.session_id, o.within_reach) for o in offers] == [(2, True), (1, False)]


def test_the_desk_and_the_planner_agree_on_reach_at_the_travel_limit(desk):
    """A site exactly at the service's limit is within reach for both; a hair nearer limit
    puts it out of reach for both (they measure with the one geodesic)."""
    desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    instance = scenario_instance(desk.scenario)
    practice = next(p for p in instance.practices if p.id == "E82102")
    site = next(s for s in instance.sites if s.id == NEAR_SITE)
    [opening] = bookable_openings(["orthopaedics"], NOW)
    at_limit = geodesic_km(practice.lat, practice.lon, site.lat, site.lon)
    for limit, within in ((at_limit, True), (math.nextafter(at_limit, 0), False)):
        services = tuple(
            replace(s, max_travel_km=limit) if s.id == "orthopaedics" else s
            for s in instance.services
        )
        reach = Facts(replace(instance, services=services)).reach["E82102", "orthopaedics"]
        [offer] = rank_offers(
            [opening], clock(REFERRED, 18, NOW.date()), (practice.lat, practice.lon), limit, {}
        )
        assert (site.id in reach) is within
        assert offer.within_reach is within


def test_a_postcode_not_in_the_area_is_told_apart_and_measured_from_the_practice(desk):
    practice = db.session.get(Practice, "E82102")
    assert postcode_placed("WD4 3AA") and not postcode_placed("TR1 1AA")
    assert patient_point("TR1 1AA", practice) == (practice.lat, practice.lon)
    assert patient_point("WD4 3AA", practice) != (practice.lat, practice.lon)
