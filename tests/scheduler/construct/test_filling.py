"""Leftover rooms filled with the most-wanted service the first free clinicians can staff
(`construct/filling.py`)."""

from __future__ import annotations

from dataclasses import replace

from scheduler import Plan, baseline, validate
from scheduler.construct.filling import fill_rooms
from scheduler.construct.roster import Roster
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic


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
