"""Each session's share of the referrals served, on the tiny line instances of test_kpis."""

from dataclasses import replace

import pytest

from scheduler import score
from scheduler.scoring.attribution import served_by_session
from tests.scheduler.scoring.lines import line_instance, line_plan, north


def test_the_shares_add_up_to_the_plans_served_and_split_a_node_equally():
    # 2 referrals a week for 2 weeks, waits over the cycle: the node is pooled, 5 slots.
    instance = line_instance({"x": north(0)}, {"p": ("L", north(0))}, {"p": 2.0}, weeks=2)
    plan = line_plan(instance, {("x", 0): 5})
    shares = served_by_session(instance, plan)
    assert shares == pytest.approx([4 / 5] * 5)
    assert sum(shares) == pytest.approx(score(instance, plan).served)


def test_a_week_node_gives_its_referrals_to_that_weeks_sessions():
    # Waits of 0 weeks: week 0's 3 referrals fill week 0's sessions; week 1 has 1 session.
    instance = line_instance(
        {"x": north(0)}, {"p": ("L", north(0))}, {"p": 3.0}, weeks=3, max_wait_weeks=0
    )
    plan = line_plan(instance, {("x", 0): 2, ("x", 1): 1})
    assert served_by_session(instance, plan) == pytest.approx([1.0, 1.0, 1.0])


def test_a_session_of_a_unit_standing_nowhere_serves_none():
    instance = line_instance({"x": north(0)}, {"p": ("L", north(0))}, {"p": 2.0}, weeks=2)
    plan = line_plan(instance, {("x", 0): 2, ("x", 1): 1})
    unplaced = replace(plan, placements=plan.placements[:1])  # week 1 off the road
    shares = served_by_session(instance, unplaced)
    assert shares[2] == 0.0
    assert sum(shares) == pytest.approx(2.0)
