"""From a rotation to a plan, and keeping only valid plans."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bench.generate import generate_family
from scheduler import Placement, Session, baseline, read_instance, score, validate
from scheduler.construct.realize import allocate, keep_valid, staff
from scheduler.model.linear import LpLinear
from scheduler.model.weights import Weights
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic


def test_a_rotation_becomes_a_valid_staffed_plan():
    instance = one_clinic()
    stay = (Placement("op-1", "a", 0), Placement("op-1", "a", 1))
    facts = Facts(instance)
    allocated = allocate(facts, stay, Weights(), lp_time_s=10, deterministic=True)
    served = allocated.served
    plan = staff(facts, allocated, week_time_s=2, seed=0, workers=1)
    assert served == pytest.approx(20.0)
    assert validate(instance, plan) == []
    assert score(instance, plan).coverage == pytest.approx(2 / 3)


def test_the_allocation_lp_without_its_second_solve_serves_as_much(monkeypatch):
    instance = read_instance(generate_family("clinician-bound", 1, shrink=True))
    facts = Facts(instance)
    placements = baseline(instance).placements
    solves = []
    real = LpLinear.solve

    def counted(self, time_limit_s):
        solves.append(time_limit_s)
        return real(self, time_limit_s)

    monkeypatch.setattr(LpLinear, "solve", counted)
    both = allocate(facts, placements, Weights(), lp_time_s=30, deterministic=True)
    assert len(solves) == 2  # coverage, then travel and equity
    first = allocate(facts, placements, Weights(), lp_time_s=30, deterministic=True, refine=False)
    assert len(solves) == 3
    assert first.served == pytest.approx(both.served)
    assert first.allocation.targets


def test_keep_valid_drops_sessions_that_break_rules(tiny, tiny_plan):
    facts = Facts(tiny)
    assert keep_valid(facts, tiny_plan) is tiny_plan
    clash = Session("op-1", date(2027, 1, 5), "AM", 1, "derm", ("c-derm-1",))  # busy then
    on_leave = Session("op-1", date(2027, 1, 13), "AM", 0, "derm", ("c-derm-1",))
    wrong = Session("op-1", date(2027, 1, 6), "AM", 0, "mri", ("c-mri-1",))  # rule 6
    broken = replace(tiny_plan, sessions=(*tiny_plan.sessions, clash, on_leave, wrong))
    repaired = keep_valid(facts, broken)
    assert validate(tiny, repaired) == []
    assert repaired.sessions == tiny_plan.sessions


def test_keep_valid_gives_up_on_placements_that_break_rules(tiny, tiny_plan):
    doubled = replace(tiny_plan, placements=(*tiny_plan.placements, Placement("op-2", "a", 0)))
    assert keep_valid(Facts(tiny), doubled) is None  # two units on a one-pad site
