"""Leftover rooms filled with the most-wanted service the first free clinicians can staff
(`construct/filling.py`)."""

from __future__ import annotations

from dataclasses import replace

from scheduler import Plan, baseline, validate
from scheduler.construct.filling import fill_rooms
from scheduler.construct.roster import Roster
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic, two_services


def filled(instance) -> Plan:
    placements = baseline(instance).placements
    roster = Roster(Facts(instance), placements)
    fill_rooms(Facts(instance), roster)
    return Plan(instance.name, roster.placements, tuple(roster.sessions))


def test_empty_rooms_get_sessions_that_obey_every_rule():
    instance = one_clinic(weeks=4)
    plan = filled(instance)
    assert plan.sessions
    assert validate(instance, plan) == []


def test_a_room_stays_empty_when_no_clinician_can_staff_it():
    instance = one_clinic(weeks=4)
    nobody = replace(instance, clinicians=())
    assert filled(nobody).sessions == ()


def test_no_session_is_added_for_a_service_nobody_is_referred_to():
    instance = one_clinic(weeks=4)
    no_demand = replace(instance, demand=tuple(replace(r, per_week=0.0) for r in instance.demand))
    assert filled(no_demand).sessions == ()


def test_with_service_weights_rooms_go_to_the_most_value_first():
    instance = two_services()
    facts = Facts(instance)
    placements = baseline(instance).placements
    plain = Roster(facts, placements)
    fill_rooms(facts, plain)
    weighted = Roster(facts, placements)
    fill_rooms(facts, weighted, {"derm": 0.1, "diab": 3.0})
    # Most referrals left first: dermatology (40 against 20) until 10 are left.
    assert [s.service for s in plain.sessions] == ["derm", "derm", "derm", "diab"]
    assert [s.service for s in weighted.sessions] == ["diab"] * 4
    assert validate(instance, Plan(instance.name, placements, tuple(weighted.sessions))) == []


def test_a_service_worth_nothing_only_takes_rooms_no_other_service_wants():
    base = two_services()
    derm, diab = base.demand
    instance = replace(base, demand=(derm, replace(diab, per_week=5.0)))
    facts = Facts(instance)
    roster = Roster(facts, baseline(instance).placements)
    fill_rooms(facts, roster, {"derm": 0.0, "diab": 1.0})
    # Diabetes until its 10 referrals have slots (two 5-slot sessions), then dermatology.
    assert [s.service for s in roster.sessions] == ["diab", "diab", "derm", "derm"]
