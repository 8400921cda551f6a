"""Roster: what is free for the next session; fixed sessions booked and completed."""

from __future__ import annotations

from datetime import date

from scheduler import FixedItems, FixedSession, Placement, Session
from scheduler.construct.roster import Roster, book_fixed
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic

STAY = (Placement("op-1", "a", 0), Placement("op-1", "a", 1))
TUESDAY = date(2027, 1, 5)


def test_a_booked_clinician_is_busy_and_tied_to_the_site_that_date(tiny, tiny_plan):
    roster = Roster(Facts(tiny), tiny_plan.placements)
    assert roster.hosts("op-1", TUESDAY, "AM") == "a"
    assert roster.team("derm", "a", TUESDAY, "AM") == ("c-derm-1",)
    roster.book(tiny_plan.sessions[0])
    assert not roster.can_work("c-derm-1", "a", TUESDAY, "AM")
    assert not roster.can_work("c-derm-1", "b", TUESDAY, "PM")  # one site per date
    assert roster.can_work("c-derm-1", "a", TUESDAY, "PM")
    assert roster.team("derm", "a", TUESDAY, "AM") == ("c-derm-2",)
    assert roster.free_rooms("op-1", TUESDAY, "AM") == [1]


def test_weekly_limits_leave_and_travel(tiny):
    roster = Roster(Facts(tiny), (Placement("op-1", "b", 0),))
    assert not roster.can_work("c-nurse-1", "b", TUESDAY, "AM")  # 1 km limit from a
    assert not roster.can_work("c-derm-1", "a", date(2027, 1, 13), "AM")  # leave
    for day in (5, 6, 7):
        roster.book(Session("op-1", date(2027, 1, day), "PM", 0, "derm", ("c-derm-1",)))
    assert not roster.can_work("c-derm-1", "b", date(2027, 1, 7), "AM")  # 3 a week


def test_setup_days_and_closed_dates_host_nothing(tiny):
    roster = Roster(Facts(tiny), (Placement("op-1", "a", 0),))
    assert roster.hosts("op-1", date(2027, 1, 4), "AM") is None  # arrival: Monday lost
    assert roster.hosts("op-1", date(2027, 1, 8), "AM") is None  # closed Friday
    assert roster.hosts("op-1", date(2027, 1, 11), "AM") is None  # not placed in week 1


def test_fixed_sessions_are_booked_and_completed():
    given = FixedSession("op-1", TUESDAY, "AM", 0, "derm", ("c1",))
    partial = FixedSession(unit="op-1", date=date(2027, 1, 12), service="derm")
    instance = one_clinic(availability=("Tue-AM",), fixed=FixedItems((), (given, partial)))
    roster = Roster(Facts(instance), STAY)
    assert book_fixed(roster) == []
    assert roster.sessions[0] == Session("op-1", TUESDAY, "AM", 0, "derm", ("c1",))
    assert partial.matches(roster.sessions[1])


def test_a_fixed_session_that_cannot_be_booked_is_returned():
    lonely = FixedSession("op-1", date(2027, 1, 5), "PM", service="derm")
    instance = one_clinic(fixed=FixedItems((), (lonely,)))
    assert book_fixed(Roster(Facts(instance), STAY)) == [lonely]


def test_a_team_is_drawn_from_the_preferred_clinicians_first(tiny, tiny_plan):
    roster = Roster(Facts(tiny), tiny_plan.placements)
    assert roster.team("derm", "a", TUESDAY, "AM", prefer={"c-derm-2": 0.6}) == ("c-derm-2",)
    # A preference for someone who cannot work then changes nothing.
    assert roster.team("derm", "a", TUESDAY, "AM", prefer={"c-nurse-1": 1.0}) == ("c-derm-1",)
