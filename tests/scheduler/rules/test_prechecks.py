"""precheck: cheap proofs of infeasibility, one requirement at a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from scheduler import FixedItems, FixedSession
from scheduler.rules.facts import Facts
from scheduler.rules.prechecks import Problem, precheck
from tests.scheduler.planner_instances import one_clinic


def test_a_feasible_instance_passes(tiny):
    assert precheck(Facts(tiny)) == []


def test_problems_name_their_rule():
    assert str(Problem(8, "site b needs more")) == "rule 8: site b needs more"


def test_fixed_sessions_sharing_a_room_or_a_clinician():
    day = date(2027, 1, 4)
    first = FixedSession("op-1", day, "AM", 0, "derm", ("c1",))
    second = FixedSession("op-1", day, "AM", 0, "derm", ("c1",))
    problems = precheck(Facts(one_clinic(fixed=FixedItems((), (first, second)))))
    messages = [str(p) for p in problems]
    assert "rule 7: clinician c1 is in 2 fixed sessions on 2027-01-04 AM" in messages
    assert "rule 5: 2 fixed sessions share room 0 of unit op-1 on 2027-01-04 AM" in messages
    assert any("over their limit of 1 a week" in m for m in messages)


def test_fixed_sessions_with_the_wrong_room_unit_or_team(tiny):
    day = date(2027, 1, 5)
    bad = (
        FixedSession("op-2", day, "AM", 3, "derm", ("c-derm-1",)),
        FixedSession("op-1", day, "PM", 0, "mri", ("c-mri-1",)),
        FixedSession("op-1", day, "AM", 1, "diab", ("c-derm-1", "c-mri-1")),
    )
    problems = precheck(Facts(replace(tiny, fixed=FixedItems((), bad))))
    # room 3 of a one-room unit; MRI on an outpatient unit; a team that cannot fill the
    # diabetes places; c-derm-1 in two fixed sessions on Tuesday morning
    assert sorted(p.rule for p in problems) == [5, 6, 7, 7]
