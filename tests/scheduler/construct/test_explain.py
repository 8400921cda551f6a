"""Each kind of infeasibility is explained in words naming the rule, entities and dates."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import date

import pytest
from ortools.sat.python import cp_model

from scheduler import DateRange, FixedItems, FixedSession, Placement, Unit
from scheduler.construct import explain as explain_module
from scheduler.construct import rotation
from scheduler.construct.explain import Unsettled, clashing_requirements, explain
from scheduler.rules.facts import Facts
from scheduler.rules.prechecks import precheck
from tests.scheduler.planner_instances import one_clinic

TUESDAY = date(2027, 1, 12)


def explained(instance) -> str:
    text = explain(Facts(instance))
    assert text is not None, "expected the instance to be infeasible"
    assert text.startswith("No valid plan exists:")
    return text


def test_a_feasible_instance_has_no_explanation():
    assert explain(Facts(one_clinic(min_weeks_b=1))) is None


def test_min_weeks_beyond_the_weeks_the_site_can_be_reached():
    instance = one_clinic(min_weeks_b=1)
    closed = DateRange(date(2027, 1, 4), date(2027, 1, 17))  # both weeks of the cycle
    instance = replace(
        instance, sites=(instance.sites[0], replace(instance.sites[1], unavailable=(closed,)))
    )
    text = explained(instance)
    assert "rule 8: site b needs a unit in 1 week(s) (min_weeks)" in text
    assert "unavailable in every week it is open" in text


def test_min_weeks_of_a_site_no_unit_can_serve():
    instance = one_clinic(min_weeks_b=1)
    b = replace(instance.sites[1], unit_types=("theatre",))
    text = explained(replace(instance, sites=(instance.sites[0], b)))
    assert "there is no unit of the type(s) it hosts (theatre)" in text


def test_min_weeks_of_several_sites_beyond_the_units_weeks_on_the_road():
    instance = one_clinic(min_weeks_b=2)
    a = replace(instance.sites[0], min_weeks=1)
    text = explained(replace(instance, sites=(a, instance.sites[1])))
    assert "need 3 unit-weeks" in text and "on the road for 2 weeks" in text


def test_fixed_session_on_a_closed_date():
    instance = one_clinic(fixed=FixedItems((), (FixedSession("op-1", TUESDAY, "AM"),)))
    instance = replace(instance, horizon=replace(instance.horizon, closed_dates=(TUESDAY,)))
    assert f"falls on {TUESDAY}, a closed date" in explained(instance)


def test_fixed_session_with_a_clinician_on_leave():
    booked = FixedSession("op-1", TUESDAY, "AM", 0, "derm", ("c1",))
    instance = one_clinic(availability=("Tue-AM",), fixed=FixedItems((), (booked,)))
    c1 = replace(instance.clinicians[0], leave=(DateRange(TUESDAY, TUESDAY),))
    text = explained(replace(instance, clinicians=(c1,)))
    assert f"rule 7: fixed session unit=op-1 date={TUESDAY}" in text
    assert f"clinician c1 is on leave on {TUESDAY}" in text


def test_fixed_session_on_a_half_day_the_clinician_does_not_work():
    booked = FixedSession("op-1", TUESDAY, "PM", 0, "derm", ("c1",))
    text = explained(one_clinic(fixed=FixedItems((), (booked,))))
    assert "clinician c1 does not work Tue-PM" in text


def test_clinician_shortage_for_a_fixed_session():
    booked = FixedSession("op-1", TUESDAY, "PM", service="derm")
    text = explained(one_clinic(fixed=FixedItems((), (booked,))))
    assert "needs 1 dermatology clinician(s) on 2027-01-12 PM, but too few are free" in text
    assert "c1 does not work Tue-PM" in text


def test_pads_exceeded_by_fixed_placements():
    instance = one_clinic()
    op2 = Unit("op-2", "Outpatient 2", "outpatient", 1)
    fixed = FixedItems((Placement("op-1", "a", 0), Placement("op-2", "a", 0)), ())
    text = explained(replace(instance, units=(*instance.units, op2), fixed=fixed))
    assert "rule 3: site a has 1 pad(s) but 2 units are fixed there in week 0: op-1, op-2" in text


def test_fixed_placement_at_a_site_of_another_type():
    instance = one_clinic()
    b = replace(instance.sites[1], unit_types=("radiology",))
    fixed = FixedItems((Placement("op-1", "b", 1),), ())
    text = explained(replace(instance, sites=(instance.sites[0], b), fixed=fixed))
    assert "unit op-1 is fixed at site b in week 1" in text
    assert "cannot host outpatient units" in text


def test_fixed_placement_while_the_unit_is_off_the_road():
    instance = one_clinic(fixed=FixedItems((Placement("op-1", "a", 1),), ()))
    off = DateRange(date(2027, 1, 13), date(2027, 1, 13))
    units = (replace(instance.units[0], unavailable=(off,)),)
    text = explained(replace(instance, units=units))
    assert "rule 2: unit op-1 is fixed at site a in week 1" in text
    assert "unavailable 2027-01-13..2027-01-13" in text


def test_a_clash_between_requirements_is_found_by_cp_sat():
    # Each requirement holds alone: b needs both weeks, but op-1 is fixed at a in week 0.
    instance = one_clinic(min_weeks_b=2, fixed=FixedItems((Placement("op-1", "a", 0),), ()))
    facts = Facts(instance)
    assert precheck(facts) == []
    clash = clashing_requirements(facts, time_limit_s=5)
    assert {p.rule for p in clash} == {8, 9}
    text = explained(instance)
    assert "these requirements cannot all hold together" in text
    assert "site b needs a unit in 2 week(s)" in text
    assert "unit op-1 is fixed at site a in week 0" in text


def test_a_fixed_session_in_setup_days_clashes_with_a_forced_arrival():
    # Monday of week 1 is a setup day if op-1 moves from a (week 0) to b (week 1).
    monday = date(2027, 1, 11)
    fixed = FixedItems(
        (Placement("op-1", "a", 0), Placement("op-1", "b", 1)),
        (FixedSession("op-1", monday, "AM", 0, "derm", ("c1",)),),
    )
    text = explained(one_clinic(fixed=fixed))
    assert "fixed session unit=op-1 date=2027-01-11" in text
    assert "must run" in text


def test_the_clash_search_keeps_a_deterministic_unit_a_second(monkeypatch):
    # One worker's CP-SAT budgets buy `DETERMINISTIC_PER_S` units a second since 2026-11-30;
    # the explanation keeps one a second, so that an instance it settled before is not left
    # "undecided" (a 1 s budget at 0.2 units did that to one that needs 0.45).
    made = []

    def spy(*args, **kwargs):
        made.append(rotation.new_solver(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(explain_module, "new_solver", spy)
    instance = one_clinic(min_weeks_b=2, fixed=FixedItems((Placement("op-1", "a", 0),), ()))
    assert {p.rule for p in clashing_requirements(Facts(instance), time_limit_s=5)} == {8, 9}
    assert [(s.parameters.num_workers, s.parameters.max_deterministic_time) for s in made] == [
        (1, 5.0)
    ]


class OutOfTime:
    """A CP-SAT solver whose time ran out before it settled anything."""

    def solve(self, model) -> int:
        return cp_model.UNKNOWN


def test_out_of_time_claims_nothing_and_says_what_was_not_settled(monkeypatch):
    # CP-SAT out of time settles nothing: no "No valid plan exists", which would be a claim.
    monkeypatch.setattr(explain_module, "new_solver", lambda *args, **kwargs: OutOfTime())
    with pytest.raises(Unsettled) as raised:
        explain(Facts(one_clinic(min_weeks_b=2)), time_limit_s=4)
    assert raised.value.time_limit_s == 4
    assert str(raised.value) == (
        "the planner could not tell in 4 s whether the sites' minimum visits and the fixed "
        "items can all be met"
    )
    again = pickle.loads(pickle.dumps(raised.value))  # crosses a process boundary intact
    assert (str(again), again.time_limit_s) == (str(raised.value), 4)
