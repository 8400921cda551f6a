"""staff_week: CP-SAT staffs one week's sessions under every part of rule 7."""

from __future__ import annotations

import threading
from collections import Counter

from ortools.sat.python import cp_model

from scheduler import Placement, Plan, validate
from scheduler.construct import staffing
from scheduler.construct.first_staffing import WeekGoal, first_solution
from scheduler.construct.roster import Roster
from scheduler.construct.staffing import staff_week, staff_weeks
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


def test_without_time_for_cp_sat_the_first_solution_is_booked(tiny, monkeypatch):
    """No search (a limit of 0) or none finished in time: the first solution stands, not
    an empty week (at 120 sites CP-SAT often has no solution within a short limit)."""
    placements = (Placement("op-1", "a", 0), Placement("op-1", "a", 1))
    goal = WeekGoal({("op-1", "derm"): 3, ("op-1", "diab"): 2}, {})
    greedy = Roster(Facts(tiny), placements)
    offered = {("op-1", hd, k) for hd in greedy.facts.halfdays[0] for k in ("derm", "diab")}
    first = first_solution(greedy, 0, goal, offered)
    # The greedy gives c-derm-1's three sessions to dermatology, so diabetes (which needs
    # c-derm-1 too) gets none: CP-SAT, given time, holds both targets (first test).
    assert [s.service for s in first] == ["derm"] * 3
    roster = Roster(Facts(tiny), placements)
    assert staff_week(roster, 0, goal, time_limit_s=0) == {("a", "derm"): 3}
    assert roster.sessions == first

    class OutOfTime(cp_model.CpSolver):
        def solve(self, model, callback=None):
            return cp_model.UNKNOWN

    monkeypatch.setattr(staffing, "new_solver", lambda *args: OutOfTime())
    roster = Roster(Facts(tiny), placements)
    assert staff_week(roster, 0, goal, time_limit_s=5) == {("a", "derm"): 3}
    assert roster.sessions == first
    assert validate(tiny, Plan("tiny", placements, tuple(roster.sessions))) == []


def test_two_workers_staff_weeks_two_at_a_time_one_cp_sat_worker_each(tiny, monkeypatch):
    """Each week as `staff_week` staffs it alone, in the same wall time: small models in two
    lanes, each week's CP-SAT with one worker and twice a week's time (two weeks, one round
    of lanes); larger ones week after week with both workers."""
    placements = (Placement("op-1", "a", 0), Placement("op-1", "a", 1))
    goals = [(w, WeekGoal({("op-1", "derm"): 3, ("op-1", "diab"): 2}, {})) for w in (0, 1)]
    alone = Roster(Facts(tiny), placements)
    for week, goal in goals:
        staff_week(alone, week, goal, time_limit_s=5)
    solvers, threads = [], []
    new_solver = staffing.new_solver

    class Recorded(cp_model.CpSolver):
        def solve(self, model, callback=None):
            threads.append(threading.current_thread().name)
            return super().solve(model, callback)

    def spy(time_limit_s, seed, workers):
        solvers.append(new_solver(time_limit_s, seed, workers))
        return solvers[-1]

    monkeypatch.setattr(cp_model, "CpSolver", Recorded)  # what `new_solver` makes
    monkeypatch.setattr(staffing, "new_solver", spy)
    roster = Roster(Facts(tiny), placements)
    staff_weeks(roster, goals, week_time_s=2.5, seed=3, workers=2)
    assert [(s.parameters.num_workers, s.parameters.max_time_in_seconds) for s in solvers] == [
        (1, 5.0),
        (1, 5.0),
    ]
    assert all(name.startswith("staffing") for name in threads) and len(threads) == 2
    assert (
        held(roster)
        == held(alone)
        == {(w, k): n for w in (0, 1) for k, n in (("derm", 3), ("diab", 2))}
    )
    assert validate(tiny, Plan("tiny", placements, tuple(roster.sessions))) == []
    # larger models: week after week, with both workers each
    monkeypatch.setattr(staffing, "LANES_UP_TO", 0)
    solvers.clear()
    threads.clear()
    larger = Roster(Facts(tiny), placements)
    staff_weeks(larger, goals, week_time_s=2.5, seed=3, workers=2)
    assert [(s.parameters.num_workers, s.parameters.max_time_in_seconds) for s in solvers] == [
        (2, 2.5),
        (2, 2.5),
    ]
    assert held(larger) == held(alone)
    assert threads == [threading.current_thread().name] * 2
    # one worker: week after week, as `staff_week` does (runs repeat)
    solvers.clear()
    staff_weeks(Roster(Facts(tiny), placements), goals, week_time_s=2.5, seed=3, workers=1)
    assert [s.parameters.num_workers for s in solvers] == [1, 1]
    assert {s.parameters.relative_gap_limit for s in solvers} == {staffing.GAP_LIMIT}
    # 2.5 s a week buys 0.5 of CP-SAT's deterministic units (`DETERMINISTIC_PER_S`)
    assert [s.parameters.max_deterministic_time for s in solvers] == [0.5, 0.5]


def held(roster: Roster) -> Counter:
    """Sessions per (week, service)."""
    return Counter((roster.facts.horizon.week_of(s.date), s.service) for s in roster.sessions)


def test_weeks_solved_two_at_a_time_keep_their_first_solutions_when_out_of_time(tiny, monkeypatch):
    placements = (Placement("op-1", "a", 0), Placement("op-1", "a", 1))
    goals = [(w, WeekGoal({("op-1", "derm"): 3, ("op-1", "diab"): 2}, {})) for w in (0, 1)]

    class OutOfTime(cp_model.CpSolver):
        def solve(self, model, callback=None):
            return cp_model.UNKNOWN

    monkeypatch.setattr(staffing, "new_solver", lambda *args: OutOfTime())
    roster = Roster(Facts(tiny), placements)
    staff_weeks(roster, goals, week_time_s=1, workers=2)
    firsts = Roster(Facts(tiny), placements)
    for week, goal in goals:
        staff_week(firsts, week, goal, time_limit_s=0)
    assert roster.sessions == firsts.sessions and len(roster.sessions) >= 3
