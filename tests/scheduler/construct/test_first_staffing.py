"""first_solution: the greedy week that follows the allocation LP; offered: where it may
look."""

from __future__ import annotations

from datetime import date

from scheduler import Placement, Plan, validate
from scheduler.construct.first_staffing import WeekGoal, first_solution, offered
from scheduler.construct.roster import Roster
from scheduler.rules.facts import Facts


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


def test_offered_is_every_hosting_half_day_of_the_services_wanted(tiny):
    """Half-days the unit stands and holds sessions (not its setup day, not weekends), for
    the services with a target or a positive slot price (MRI does not fit an outpatient unit);
    teams are left to the greedy."""
    placements = (Placement("op-1", "a", 0),)  # arrives in week 0: Monday is set-up
    roster = Roster(Facts(tiny), placements)
    goal = WeekGoal({("op-1", "derm"): 1}, {("a", "diab"): 0.3})
    where = offered(roster, 0, goal)
    assert {k for _, _, k in where} == {"derm", "diab"}
    priceless = WeekGoal({("op-1", "derm"): 1}, {("a", "diab"): 0.0})
    assert {k for _, _, k in offered(roster, 0, priceless)} == {"derm"}
    days = {hd for _, hd, _ in where}
    hosting = {hd for hd in roster.facts.halfdays[0] if roster.hosts("op-1", *hd)}
    assert days == hosting and len(days) < len(roster.facts.halfdays[0])
    assert offered(roster, 1, goal) == set()  # op-1 stands nowhere in week 1
