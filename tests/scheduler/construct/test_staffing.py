"""staff_week: CP-SAT staffs one week's sessions under every part of rule 7."""

from __future__ import annotations

from datetime import date

from scheduler import Placement, Plan, validate
from scheduler.construct.roster import Roster
from scheduler.construct.staffing import WeekGoal, first_solution, staff_week
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import two_services


def test_targets_are_met_with_valid_teams(tiny):
    placements = (Placement("op-1", "a", 0), Placement("op-1", "a", 1))
    roster = Roster(Facts(tiny), placements)
    held = staff_week(
        roster, 0, WeekGoal({("op-1", "derm"): 3, ("op-1", "diab"): 2}, {}), time_limit_s=5
    )
    assert held == {("a", "derm"): 3, ("a", "diab"): 2}
    plan = Plan("tiny", placements, tuple(roster.sessions))
    assert validate(tiny, plan) == []
    diabetes = [s for s in roster.sessions if s.service == "diab"]
    assert all(set(s.clinicians) == {"c-derm-1", "c-nurse-1"} for s in diabetes)


def test_clinician_limits_cap_what_a_week_can_hold(tiny):
    placements = (Placement("op-1", "a", 0),)
    roster = Roster(Facts(tiny), placements)
    # c-derm-1 works 3 sessions a week at most, c-derm-2 Tuesdays only: 5 dermatology.
    held = staff_week(roster, 0, WeekGoal({("op-1", "derm"): 20}, {}), time_limit_s=5)
    assert held == {("a", "derm"): 5}
    assert validate(tiny, Plan("tiny", placements, tuple(roster.sessions))) == []


def test_extra_sessions_follow_what_a_slot_is_worth(tiny):
    placements = (Placement("rad-1", "a", 0),)
    roster = Roster(Facts(tiny), placements)
    assert staff_week(roster, 0, WeekGoal({}, {}), time_limit_s=5) == {}
    held = staff_week(roster, 0, WeekGoal({}, {("a", "mri"): 0.5}), time_limit_s=5)
    assert held == {("a", "mri"): 8}  # one scanner, eight working half-days


def test_the_first_solution_follows_the_allocation_lp(tiny):
    """The LP's whole sessions on its own half-days with its clinicians first; the rest of
    a target where a room and a team are free."""
    placements = (Placement("op-1", "a", 0),)
    roster = Roster(Facts(tiny), placements)
    tuesday_pm = (date(2027, 1, 5), "PM")
    goal = WeekGoal(
        {("op-1", "derm"): 2},
        {},
        guide={("op-1", tuesday_pm, "derm"): 1.4},
        people={("c-derm-2", "op-1", tuesday_pm): 1.0},
    )
    offered = {("op-1", hd, "derm") for hd in roster.facts.halfdays[0]}
    first, second = first_solution(roster, 0, goal, offered)
    assert (first.date, first.session, first.clinicians) == (*tuesday_pm, ("c-derm-2",))
    assert (second.date, second.session) == tuesday_pm  # the LP's half-day, a room free
    assert second.clinicians == ("c-derm-1",)
    assert roster.sessions == [first, second]
    assert validate(tiny, Plan("tiny", placements, tuple(roster.sessions))) == []


def test_a_service_s_worth_decides_which_target_the_room_keeps():
    """Two sessions a week, one room: both targets cannot be met, the worthier one is."""
    instance = two_services()
    placements = (Placement("op-1", "a", 0), Placement("op-1", "a", 1))  # no setup day
    targets = {("op-1", "derm"): 2, ("op-1", "diab"): 2}
    plain = Roster(Facts(instance), placements)
    assert staff_week(plain, 0, WeekGoal(targets, {}), time_limit_s=5) == {("a", "derm"): 2}
    weighted = Roster(Facts(instance), placements)
    goal = WeekGoal(targets, {}, worth={"derm": 0.1, "diab": 3.0})
    assert staff_week(weighted, 0, goal, time_limit_s=5) == {("a", "diab"): 2}
    assert validate(instance, Plan(instance.name, placements, tuple(weighted.sessions))) == []
