"""The small helpers of the domain objects."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from scheduler import DemandRow, FixedSession, Session
from scheduler.contract.domain import FOLLOW_UP

MONDAY = date(2027, 1, 4)


def test_lookups_by_id_and_demand_rows_add_up(tiny):
    assert tiny.site_by_id["b"].pads == 1
    assert tiny.unit_by_id["rad-1"].capabilities == ("mri",)
    assert tiny.clinician_by_id["c-derm-2"].base_lat is None
    assert tiny.demand_per_week == {("P1", "derm"): 4.0, ("P2", "derm"): 2.5, ("P1", "mri"): 3.0}


def test_follow_up_rows_are_demand_like_any_other(tiny):
    follow_ups = (DemandRow("P1", "derm", 5.2, FOLLOW_UP), DemandRow("P1", "mri", 0.0, FOLLOW_UP))
    with_follow_ups = replace(tiny, demand=(*tiny.demand, *follow_ups))
    assert with_follow_ups.demand_per_week == {
        ("P1", "derm"): 4.0 + 5.2,
        ("P2", "derm"): 2.5,
        ("P1", "mri"): 3.0,
    }


def test_a_services_follow_ups_per_first_is_its_ratio_within_its_cap(tiny):
    derm = tiny.service_by_id["derm"]
    assert derm.follow_ups_per_first == 0.0  # no ratio given: no follow-ups
    assert replace(derm, follow_up_ratio=1.6).follow_ups_per_first == 1.6
    assert replace(derm, follow_up_ratio=1.6, follow_up_cap=1.2).follow_ups_per_first == 1.2
    assert replace(derm, follow_up_ratio=0.9, follow_up_cap=1.2).follow_ups_per_first == 0.9


def test_clinician_availability_and_leave(tiny):
    c = tiny.clinician_by_id["c-derm-2"]
    assert c.is_available(date(2027, 1, 5), "PM") and not c.is_available(date(2027, 1, 6), "AM")
    c1 = tiny.clinician_by_id["c-derm-1"]
    assert c1.leave_on(date(2027, 1, 13)) is not None and c1.leave_on(date(2027, 1, 14)) is None


def test_a_fixed_session_matches_on_the_fields_it_gives():
    s = Session("op-1", MONDAY, "AM", 1, "derm", ("c1", "c2"))
    assert FixedSession().matches(s)
    assert FixedSession(unit="op-1", room=1).matches(s)
    assert FixedSession(clinicians=("c2", "c1")).matches(s)  # a set
    assert not FixedSession(clinicians=("c1",)).matches(s)
    assert not FixedSession(session="PM").matches(s)
    assert FixedSession(unit="op-1", room=1).label() == "fixed session unit=op-1 room=1"


def test_domain_objects_are_frozen_and_hashable(tiny, tiny_plan):
    assert hash(tiny.sites[0]) == hash(tiny.sites[0])
    assert len({tiny_plan.sessions[0], tiny_plan.sessions[0]}) == 1
    try:
        tiny.sites[0].pads = 3
    except AttributeError:
        pass
    else:
        raise AssertionError("a site must be immutable")
