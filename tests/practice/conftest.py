"""A practice's world: the booking desk's example-small plan builder, a practice account of
Victoria Street Surgery (E82102, whose patients live by WD4 3AA), and the clocks pinned."""

from datetime import date

import pytest

from booking import service
from practice import views
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW, Desk

OWN, OTHER = "E82102", "E82101"  # the practice signed in, and another
# Week 1 of example-small's plan, and week 2; referred on 1 October 2026, a patient breaches
# the 18-week standard on 5 February 2027.
MON, TUE, NEXT_TUE = date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 19)
MIDDLE_SITE = "croxley-green-football-club"  # about 5.5 km from WD4 3AA


@pytest.fixture
def desk(app, example_small) -> Desk:
    return Desk()


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Pin the practice pages' and the booking service's clocks to the desk's NOW."""
    monkeypatch.setattr(views, "local_now", lambda: NOW)
    monkeypatch.setattr(service, "local_now", lambda: NOW)


@pytest.fixture
def practice_login(login):
    """Sign in as a practice account of `practice` (OWN unless given)."""

    def sign_in(practice: str = OWN, username: str = "surgery"):
        return login("practice", username=username, practice=practice)

    return sign_in


def three_sites_plan(desk: Desk):
    """Orthopaedics near (2 km), middling (5.5 km) and far (12.6 km) from WD4 3AA on three
    days, and twice near on the first: the first three ranked are both near ones and the
    middling one; a spread offers near, middling and far instead.

    Returns:
        The plan's sessions as (near Monday AM, near Monday PM, middling, far).
    """
    plan = desk.plan(
        [
            (NEAR_SITE, MON, "AM", 0, "orthopaedics", "op-2"),
            (NEAR_SITE, MON, "PM", 0, "orthopaedics", "op-2"),
            (MIDDLE_SITE, TUE, "AM", 0, "orthopaedics", "op-1"),
            (FAR_SITE, NEXT_TUE, "AM", 0, "orthopaedics", "op-1"),
        ]
    )
    by_place = {(s.date, s.period): s for s in plan.sessions}
    return tuple(by_place[key] for key in ((MON, "AM"), (MON, "PM"), (TUE, "AM"), (NEXT_TUE, "AM")))


NEXT_THU = date(2027, 1, 21)


def nearest_later_plan(desk: Desk):
    """Orthopaedics where the soonest is the furthest: far (12.6 km) on Monday, middling
    (5.5 km) on Tuesday, and near (2 km) only the next week, on Tuesday and Thursday.

    Returns:
        The plan's sessions as (far Monday, middling Tuesday, near next Tuesday, near next
        Thursday).
    """
    plan = desk.plan(
        [
            (FAR_SITE, MON, "AM", 0, "orthopaedics", "op-1"),
            (MIDDLE_SITE, TUE, "AM", 0, "orthopaedics", "op-2"),
            (NEAR_SITE, NEXT_TUE, "AM", 0, "orthopaedics", "op-1"),
            (NEAR_SITE, NEXT_THU, "AM", 0, "orthopaedics", "op-1"),
        ]
    )
    by_day = {s.date: s for s in plan.sessions}
    return tuple(by_day[day] for day in (MON, TUE, NEXT_TUE, NEXT_THU))
