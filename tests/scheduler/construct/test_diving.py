"""dive: fix the LP's surest unit-weeks a batch at a time, re-solving in between."""

from __future__ import annotations

from dataclasses import replace

from scheduler import FixedItems, Placement, Plan, validate
from scheduler.construct.diving import dive, unfix
from scheduler.construct.rotation import choose_rotation
from scheduler.model.relaxation import Relaxation
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import one_clinic, two_towns


def dived(instance, **options):
    facts = Facts(instance)
    relaxation = Relaxation(facts, arrivals=True)
    relaxation.max_served(30)
    values = dive(relaxation, facts, relaxation.at_values(), **options)
    return facts, relaxation, values


def test_every_unit_week_ends_fixed_and_counts_double():
    facts, relaxation, values = dived(one_clinic(weeks=4), batch_share=0.5, stick=0.7, lp_time_s=10)
    by_week = {}
    for (_, _, w), v in values.items():
        by_week.setdefault(w, []).append(v)
    assert all(sorted(vs) in ([0.0, 2.0], [0.0, 0.0]) for vs in by_week.values())
    unfix(relaxation)
    assert all(var.lb() == 0 and var.ub() == 1 for var in relaxation.placements.at.values())


def test_a_dive_follows_the_lp_even_where_fractions_mislead_it():
    # Each town has 10 referrals a cycle, so one session in each serves them all. The LP
    # serves town b from a tenth of a unit-week there; the dive, surest first, keeps the
    # unit in town a. (`solve` tries other roundings too; see test_solver.)
    instance = two_towns(weeks=2)
    instance = replace(
        instance, demand=tuple(replace(row, per_week=5.0) for row in instance.demand)
    )
    facts, _, values = dived(instance, batch_share=0.34, stick=0.7, lp_time_s=10)
    rotation = choose_rotation(facts, values, move_cost={}, time_limit_s=5, workers=1)
    assert {p.site for p in rotation.placements} == {"a"}


def test_a_dive_that_meets_the_rules_only_fractionally_is_completed_by_cp_sat():
    fixed = FixedItems((Placement("op-1", "a", 0),), ())
    instance = one_clinic(weeks=3, min_weeks_b=1, fixed=fixed)
    facts, _, values = dived(instance, batch_share=1.0, stick=0.0, lp_time_s=10)
    rotation = choose_rotation(facts, values, move_cost={}, time_limit_s=5, workers=1)
    assert validate(instance, Plan(instance.name, rotation.placements, ())) == []
