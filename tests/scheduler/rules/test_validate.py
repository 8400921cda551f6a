"""Each hard rule: a plan that breaks it is caught, and one that keeps it passes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler import (
    FixedItems,
    FixedSession,
    Placement,
    Plan,
    Service,
    Session,
    score,
    validate,
)
from scheduler.rules.validate import rotation_fits
from tests.scheduler.planner_instances import two_sites
from tests.scheduler.rules.changes import broken, with_placements, with_sessions

TUE = date(2027, 1, 5)
MON = date(2027, 1, 4)


def tiny_plan_for_moves():
    """op-1 at site b in week 0 and site a in week 1: it arrives in both weeks."""
    return Plan("tiny", (Placement("op-1", "b", 0), Placement("op-1", "a", 1)), ())


def derm(unit="op-1", day=TUE, session="AM", room=0, clinicians=("c-derm-1",)):
    return Session(unit, day, session, room, "derm", clinicians)


def test_the_base_plan_is_valid(tiny, tiny_plan):
    assert validate(tiny, tiny_plan) == []


# Rule 1
def test_rule_1_catches_unknown_ids_weeks_and_dates(tiny, tiny_plan):
    plan = with_placements(tiny_plan, Placement("op-9", "a", 0), Placement("op-2", "b", 2))
    plan = with_sessions(
        plan,
        derm(clinicians=("c-nobody",)),
        Session("op-1", date(2027, 1, 18), "AM", 1, "derm", ("c-derm-2",)),
        Session("op-1", TUE, "PM", 0, "podiatry", ()),
    )
    messages = broken(tiny, plan)[1]
    assert "placement of unit op-9 at site a in week 0: unknown unit 'op-9'" in messages
    assert "placement of unit op-2 at site b in week 2: week 2 is outside [0, 2)" in messages
    assert any("unknown clinician 'c-nobody'" in m for m in messages)
    assert any("2027-01-18 is outside the cycle 2027-01-04..2027-01-17" in m for m in messages)
    assert any("unknown service 'podiatry'" in m for m in messages)


def test_rule_1_catches_a_plan_for_another_instance(tiny, tiny_plan):
    assert broken(tiny, replace(tiny_plan, instance="other")) == {
        1: ["plan is for instance 'other', not 'tiny'"]
    }


# Rule 2
def test_rule_2_catches_two_placements_of_a_unit_in_a_week(tiny, tiny_plan):
    plan = with_placements(tiny_plan, Placement("op-1", "b", 0))
    assert broken(tiny, plan)[2] == ["unit op-1 has 2 placements in week 0 (a, b)"]


def test_rule_2_catches_a_placement_in_a_week_touching_unavailable_dates(tiny, tiny_plan):
    # rad-1 is off the road on Sunday 2027-01-17, the last day of week 1
    plan = replace(tiny_plan, placements=(Placement("rad-1", "a", 1), Placement("op-1", "a", 0)))
    (message,) = broken(tiny, plan)[2]
    assert message.startswith("unit rad-1 is placed at site a in week 1 (2027-01-11..2027-01-17)")
    assert "unavailable dates 2027-01-17..2027-01-18" in message


def test_rule_2_holds_for_one_placement_a_week_outside_unavailable_dates(tiny, tiny_plan):
    plan = with_placements(tiny_plan, Placement("rad-1", "b", 0), Placement("op-2", "b", 1))
    assert 2 not in broken(tiny, plan)


# Rule 3
def test_rule_3_catches_a_unit_type_the_site_cannot_host(tiny, tiny_plan):
    plan = with_placements(tiny_plan, Placement("rad-1", "b", 0))
    assert broken(tiny, plan)[3] == [
        "site b cannot host unit rad-1 of type radiology in week 0 (it hosts outpatient)"
    ]


def test_rule_3_catches_more_units_than_pads(tiny, tiny_plan):
    plan = with_placements(tiny_plan, Placement("rad-1", "a", 0))
    assert broken(tiny, plan)[3] == [
        "site a holds 2 units in week 0 (op-1, rad-1) but has 1 pad(s)"
    ]


def test_rule_3_catches_a_placement_while_the_site_is_unavailable(tiny, tiny_plan):
    plan = with_placements(tiny_plan, Placement("op-2", "b", 1))
    (message,) = broken(tiny, plan)[3]
    assert message.startswith("site b has unit op-2 in week 1")
    assert message.endswith("unavailable dates 2027-01-16..2027-01-16")


def test_rule_3_holds_within_types_pads_and_dates(tiny, tiny_plan):
    assert 3 not in broken(tiny, with_placements(tiny_plan, Placement("op-2", "b", 0)))


# Rule 4
@pytest.mark.parametrize(
    ("day", "session", "expected"),
    [
        (date(2027, 1, 9), "AM", "Sat is not a working weekday of the horizon"),
        (date(2027, 1, 8), "AM", "2027-01-08 is a closed date"),
        (TUE, "PM", "PM is not a session of the horizon"),
    ],
)
def test_rule_4_catches_sessions_off_the_horizon(tiny, tiny_plan, day, session, expected):
    instance = replace(tiny, horizon=replace(tiny.horizon, sessions=("AM",)))
    plan = with_sessions(tiny_plan, derm(day=day, session=session, room=1))
    (message,) = broken(instance, plan)[4]
    assert message.endswith(expected)


def test_rule_4_catches_a_session_on_a_unit_not_placed_that_week(tiny, tiny_plan):
    plan = with_sessions(tiny_plan, derm(unit="op-2", clinicians=("c-derm-2",)))
    assert broken(tiny, plan)[4] == [
        "session op-2 2027-01-05 AM room 0: unit op-2 has no placement in week 0"
    ]


def test_rule_4_catches_a_session_on_a_setup_day_after_arrival(tiny):
    # op-1 alternates sites, so it arrives in both weeks (week 0 cyclically after week 1);
    # its one setup day is the first working day of each week
    plan = replace(
        tiny_plan_for_moves(),
        sessions=(derm(day=MON), derm(day=TUE), derm(day=date(2027, 1, 11), session="PM")),
    )
    messages = broken(tiny, plan)[4]
    assert len(messages) == 2
    assert messages[0].startswith("session op-1 2027-01-04 AM room 0: unit op-1 is setting up")
    assert "site b in week 0" in messages[0]


def test_rule_4_setup_days_count_working_days_only(tiny):
    # Monday 2027-01-04 closed: the single setup day of week 0 becomes Tuesday
    instance = replace(tiny, horizon=replace(tiny.horizon, closed_dates=(MON,)))
    plan = replace(tiny_plan_for_moves(), sessions=(derm(day=TUE), derm(day=date(2027, 1, 6))))
    assert [m[:34] for m in broken(instance, plan)[4]] == ["session op-1 2027-01-05 AM room 0:"]


def test_rule_4_holds_for_a_unit_that_stays_put_all_cycle(tiny, tiny_plan):
    # op-1 stands at a in both weeks: it never arrives, so Monday is a working day
    assert validate(tiny, with_sessions(tiny_plan, derm(day=MON))) == []


def test_rule_4_a_unit_returning_from_off_road_arrives(tiny):
    plan = Plan("tiny", (Placement("op-1", "a", 1),), (derm(day=date(2027, 1, 11)),))
    assert "setting up" in broken(tiny, plan)[4][0]


# Rule 5
def test_rule_5_catches_a_room_out_of_range_and_a_double_booked_room(tiny, tiny_plan):
    plan = with_sessions(
        tiny_plan, derm(room=2, clinicians=("c-derm-2",)), derm(session="PM", room=-1)
    )
    assert broken(tiny, plan)[5] == [
        "session op-1 2027-01-05 AM room 2: room 2 is outside [0, 2) of unit op-1",
        "session op-1 2027-01-05 PM room -1: room -1 is outside [0, 2) of unit op-1",
    ]
    plan = with_sessions(tiny_plan, derm(clinicians=("c-derm-2",)))
    assert broken(tiny, plan)[5] == ["unit op-1 has 2 sessions in room 0 on 2027-01-05 AM"]


def test_rule_5_holds_for_side_by_side_rooms(tiny, tiny_plan):
    assert validate(tiny, with_sessions(tiny_plan, derm(room=1, clinicians=("c-derm-2",)))) == []


# Rule 6
def test_rule_6_catches_a_service_on_the_wrong_unit_type(tiny, tiny_plan):
    plan = with_sessions(tiny_plan, Session("op-1", TUE, "PM", 0, "mri", ("c-mri-1",)))
    assert broken(tiny, plan)[6] == [
        "session op-1 2027-01-05 PM room 0: service mri needs a radiology unit, "
        "but unit op-1 is outpatient",
        "session op-1 2027-01-05 PM room 0: service mri needs capability mri, "
        "which unit op-1 lacks",
    ]


def test_rule_6_catches_a_missing_capability(tiny):
    ct = Service("ct", "CT", "radiology", "ct", 20, ("mri-radiographer",), 6, 25)
    instance = replace(tiny, services=tiny.services + (ct,))
    plan = Plan(
        "tiny", (Placement("rad-1", "a", 0),), (Session("rad-1", TUE, "AM", 0, "ct", ("c-mri-1",)),)
    )
    assert broken(instance, plan)[6] == [
        "session rad-1 2027-01-05 AM room 0: service ct needs capability ct, which unit rad-1 lacks"
    ]
    mri_plan = replace(plan, sessions=(replace(plan.sessions[0], service="mri"),))
    assert validate(instance, mri_plan) == []


# Rule 7: see rules/test_clinicians.py


# Rule 8
def test_rule_8_catches_a_site_the_tour_never_reaches(tiny, tiny_plan):
    site_b = replace(tiny.site_by_id["b"], min_weeks=1)
    instance = replace(tiny, sites=(tiny.sites[0], site_b))
    assert broken(instance, tiny_plan) == {
        8: ["site b has a unit in 0 week(s) of the cycle but needs at least 1"]
    }
    assert validate(instance, with_placements(tiny_plan, Placement("op-2", "b", 0))) == []


# Rule 9
def test_rule_9_catches_a_missing_fixed_placement(tiny, tiny_plan):
    fixed = FixedItems(placements=(Placement("op-2", "b", 0),))
    instance = replace(tiny, fixed=fixed)
    assert broken(instance, tiny_plan) == {
        9: ["fixed placement of unit op-2 at site b in week 0 is missing from the plan"]
    }
    assert validate(instance, with_placements(tiny_plan, Placement("op-2", "b", 0))) == []


def test_rule_9_matches_fixed_sessions_on_the_fields_they_give(tiny, tiny_plan):
    given = FixedSession(unit="op-1", date=TUE, service="derm", clinicians=("c-derm-1",))
    instance = replace(tiny, fixed=FixedItems(sessions=(given,)))
    assert validate(instance, tiny_plan) == []
    other_team = replace(tiny_plan, sessions=(derm(clinicians=("c-derm-2",)),))
    assert broken(instance, other_team) == {
        9: [
            "fixed session unit=op-1 date=2027-01-05 service=derm clinicians=c-derm-1 "
            "is missing from the plan"
        ]
    }


def test_rule_9_needs_one_plan_session_per_fixed_session(tiny, tiny_plan):
    given = FixedSession(unit="op-1", date=TUE, service="derm")
    instance = replace(tiny, fixed=FixedItems(sessions=(given, given)))
    assert list(broken(instance, tiny_plan)) == [9]
    second = with_sessions(tiny_plan, derm(room=1, clinicians=("c-derm-2",)))
    assert validate(instance, second) == []


def test_violations_read_as_rule_and_message(tiny, tiny_plan):
    (violation,) = validate(tiny, with_sessions(tiny_plan, derm(day=date(2027, 1, 13))))
    assert str(violation) == (
        "rule 7: clinician c-derm-1 is on leave on 2027-01-13 (session op-1 2027-01-13 AM room 0)"
    )


@pytest.mark.parametrize("example", ["example-small", "example-medium"], indirect=True)
def test_a_greedy_plan_for_each_example_is_valid(example, make_naive_plan):
    plan = make_naive_plan(example)
    assert len(plan.sessions) > 100
    assert validate(example, plan) == []


ids = st.sampled_from
placements = st.builds(
    Placement, ids(["op-1", "op-2", "rad-1", "op-9"]), ids(["a", "b", "z"]), st.integers(-1, 2)
)
sessions = st.builds(
    Session,
    ids(["op-1", "op-2", "rad-1", "op-9"]),
    st.dates(date(2027, 1, 1), date(2027, 1, 20)),
    ids(["AM", "PM"]),
    st.integers(-1, 2),
    ids(["derm", "diab", "mri", "x"]),
    st.lists(ids(["c-derm-1", "c-derm-2", "c-nurse-1", "c-mri-1", "c-9"]), max_size=3).map(tuple),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(placements, max_size=6), st.lists(sessions, max_size=8))
def test_any_plan_is_checked_and_scored_without_crashing(tiny, placed, held):
    plan = Plan("tiny", tuple(placed), tuple(held))
    violations = validate(tiny, plan)
    assert all(1 <= v.rule <= 9 and v.message for v in violations)
    assert [v.rule for v in violations] == sorted(v.rule for v in violations)
    kpis = score(tiny, plan)
    assert 0 <= kpis.coverage <= 1 + 1e-9 and kpis.sessions == len(held)


def test_a_rotation_fits_only_within_pads_and_least_visits():
    # Before it has sessions, a rotation is checked against rules 3 and 8 alone.
    instance = two_sites(weeks=2, units=2, min_weeks_b=1)
    a0, a0_other, b1 = (
        Placement("op-1", "a", 0),
        Placement("op-2", "a", 0),
        Placement("op-2", "b", 1),
    )
    assert rotation_fits(instance, (a0, Placement("op-2", "b", 0), b1))
    assert not rotation_fits(instance, (a0, a0_other, b1))  # site a has one pad
    assert not rotation_fits(instance, (a0, Placement("op-1", "a", 1)))  # site b wants a week
