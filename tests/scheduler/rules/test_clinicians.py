"""Rule 7: a session's team matches its staff; clinicians are available, rested and near."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from scheduler import Placement, Session, validate
from tests.scheduler.rules.changes import broken, with_placements, with_sessions

TUE = date(2027, 1, 5)


def derm(unit="op-1", day=TUE, session="AM", room=0, clinicians=("c-derm-1",)):
    return Session(unit, day, session, room, "derm", clinicians)


def diab(clinicians, day=TUE, session="PM", unit="op-1", room=0):
    return Session(unit, day, session, room, "diab", tuple(clinicians))


@pytest.mark.parametrize(
    ("clinicians", "expected"),
    [
        (["c-derm-1"], "has 1 clinician(s) but service diab needs 2 (diabetes, specialist-nurse)"),
        (["c-derm-1", "c-derm-1"], "names clinician c-derm-1 2 times"),
        (["c-derm-2", "c-nurse-1"], "clinicians c-derm-2, c-nurse-1 cannot be matched one to one"),
    ],
)
def test_rule_7_catches_a_team_that_does_not_match_the_staff(tiny, tiny_plan, clinicians, expected):
    day = TUE if "c-derm-2" in clinicians else date(2027, 1, 6)
    plan = with_sessions(tiny_plan, diab(clinicians, day=day))
    messages = broken(tiny, plan)[7]
    assert any(expected in m for m in messages), messages


def test_rule_7_matches_skills_one_to_one_in_any_order(tiny, tiny_plan):
    # c-derm-1 holds dermatology and diabetes; the nurse is listed first
    assert validate(tiny, with_sessions(tiny_plan, diab(["c-nurse-1", "c-derm-1"]))) == []


def test_rule_7_catches_a_clinician_outside_their_availability(tiny, tiny_plan):
    plan = with_sessions(tiny_plan, derm(day=date(2027, 1, 6), clinicians=("c-derm-2",)))
    assert broken(tiny, plan)[7] == [
        "clinician c-derm-2 is not available on Wed-AM (session op-1 2027-01-06 AM room 0)"
    ]


def test_rule_7_catches_a_clinician_on_leave(tiny, tiny_plan):
    plan = with_sessions(tiny_plan, derm(day=date(2027, 1, 13)))
    assert broken(tiny, plan)[7] == [
        "clinician c-derm-1 is on leave on 2027-01-13 (session op-1 2027-01-13 AM room 0)"
    ]


def test_rule_7_catches_a_clinician_in_two_sessions_at_once(tiny, tiny_plan):
    plan = with_sessions(tiny_plan, derm(room=1))
    assert broken(tiny, plan)[7] == [
        "clinician c-derm-1 is in 2 sessions on 2027-01-05 AM (op-1 room 0; op-1 room 1)"
    ]


def test_rule_7_catches_a_clinician_at_two_sites_in_a_day(tiny, tiny_plan):
    plan = with_placements(tiny_plan, Placement("op-2", "b", 0))
    plan = with_sessions(plan, derm(unit="op-2", session="PM"))
    assert broken(tiny, plan)[7] == ["clinician c-derm-1 works at 2 sites on 2027-01-05 (a, b)"]


def test_rule_7_holds_for_a_clinician_at_one_site_all_day(tiny, tiny_plan):
    assert validate(tiny, with_sessions(tiny_plan, derm(session="PM", room=1))) == []


def test_rule_7_catches_more_sessions_than_the_weekly_limit(tiny, tiny_plan):
    # c-derm-1 may work 3 sessions a week; this gives 4 in week 0
    plan = with_sessions(
        tiny_plan, derm(session="PM"), derm(day=date(2027, 1, 6)), derm(day=date(2027, 1, 7))
    )
    assert broken(tiny, plan)[7] == [
        "clinician c-derm-1 works 4 sessions in week 0 (2027-01-04..2027-01-10), "
        "over their limit of 3"
    ]
    assert validate(tiny, replace(plan, sessions=plan.sessions[:3])) == []


def test_rule_7_catches_a_site_beyond_the_clinicians_travel_limit(tiny, tiny_plan):
    # c-nurse-1 may travel 1 km from site a; site b is 7.4 km away
    plan = replace(tiny_plan, placements=(Placement("op-1", "b", 0),))
    plan = with_sessions(replace(plan, sessions=()), diab(["c-derm-1", "c-nurse-1"]))
    (message,) = broken(tiny, plan)[7]
    assert message.startswith("clinician c-nurse-1 would travel 7.4 km")
    assert "km from base to site b, over their limit of 1 km" in message


def test_rule_7_checks_travel_only_with_a_base(tiny, tiny_plan):
    # c-derm-2 has a 5 km limit but no base, so any site will do
    plan = replace(tiny_plan, placements=(Placement("op-1", "b", 0),))
    assert validate(tiny, replace(plan, sessions=(derm(clinicians=("c-derm-2",)),))) == []
