"""Automatic allocation: priorities, capacity and travel in the min-cost flow."""

from datetime import date, datetime, timedelta

from booking.allocation import Candidate, allocate, weight
from booking.openings import Opening

TODAY = date(2026, 12, 1)
HOME = (51.70, -0.48)


def _opening(session_id: int, day: date, free: int, lat: float = 51.70, service: str = "s"):
    start = datetime.combine(day, datetime.min.time()).replace(hour=9)
    return Opening(
        session_id=session_id,
        plan_id=1,
        date=day,
        period="AM",
        start=start,
        end=start + timedelta(hours=4),
        unit_id="u",
        room=0,
        service_id=service,
        service_name=service,
        site_id=f"site-{session_id}",
        site_name=f"Site {session_id}",
        address="",
        postcode="",
        locality="",
        lat=lat,
        lon=-0.48,
        slots=free,
        free=free,
    )


def _candidate(referral_id: int, priority="routine", breach_in_days=100, service="s", **kw):
    return Candidate(
        referral_id=referral_id,
        service_id=service,
        priority=priority,
        breach_date=TODAY + timedelta(days=breach_in_days),
        point=kw.get("point", HOME),
        max_travel_km=kw.get("max_travel_km", 15.0),
    )


def test_capacity_is_never_exceeded_and_urgent_referrals_go_first():
    routine = [_candidate(i) for i in range(1, 5)]
    urgent = [_candidate(i, "urgent", breach_in_days=120) for i in range(5, 7)]
    placed = allocate(routine + urgent, [_opening(100, date(2027, 1, 11), free=3)], TODAY)
    assert len(placed) == 3
    assert {5, 6} <= set(placed)  # both urgent referrals, though their breach is later


def test_closest_to_breach_is_placed_first_when_slots_are_scarce():
    candidates = [_candidate(1, breach_in_days=90), _candidate(2, breach_in_days=20)]
    placed = allocate(candidates, [_opening(100, date(2027, 1, 4), free=1)], TODAY)
    assert placed == {2: 100}


def test_the_slot_before_the_breach_date_goes_to_who_needs_it():
    soon, later = _candidate(1, breach_in_days=30), _candidate(2, breach_in_days=120)
    early, late = _opening(100, date(2026, 12, 14), 1), _opening(101, date(2027, 1, 25), 1)
    assert allocate([later, soon], [early, late], TODAY) == {1: 100, 2: 101}


def test_the_nearer_session_wins_when_nothing_else_differs():
    near, far = _opening(100, date(2027, 1, 11), 5), _opening(101, date(2027, 1, 11), 5, lat=51.78)
    assert allocate([_candidate(1)], [far, near], TODAY) == {1: 100}


def test_sessions_beyond_the_travel_limit_or_of_other_services_are_never_used():
    beyond = _opening(100, date(2027, 1, 11), 5, lat=51.95)  # about 28 km north
    other = _opening(101, date(2027, 1, 11), 5, service="other")
    assert allocate([_candidate(1)], [beyond, other], TODAY) == {}


def test_weights_rank_urgency_above_any_nearness_to_breach():
    assert weight(_candidate(1, "routine", breach_in_days=-50), TODAY) < weight(
        _candidate(2, "urgent", breach_in_days=500), TODAY
    )
