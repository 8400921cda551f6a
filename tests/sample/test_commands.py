"""`flask load-sample`: the sample loaded once, planned and published, with a waiting list
that fills the booking desk."""

import re

import pytest
import sqlalchemy as sa

from booking.clocks import local_now
from booking.models import Booking, Referral
from extensions import db
from plans.bridge import plan_domain, scenario_instance
from plans.models import Plan, Scenario
from sample.loading import default_start
from scheduler import validate

QUICK = ["--plan-seconds", "0", "--no-waiting-list"]


def test_load_sample_is_idempotent_and_marked_as_sample(runner):
    assert "Loaded sample" in runner.invoke(args=["load-sample", *QUICK]).output
    scenario = db.session.get(Scenario, "dacorum-sample")
    assert scenario.is_sample and scenario.start.weekday() == 0 and scenario.weeks == 16
    assert "loaded already" in runner.invoke(args=["load-sample", *QUICK]).output
    assert db.session.scalar(db.select(db.func.count()).select_from(Scenario)) == 1


@pytest.mark.slow  # about 15 s alone: the sample loaded and planned for 5 s
def test_load_sample_plans_and_publishes_a_valid_plan(runner):
    result = runner.invoke(
        args=["load-sample", "--start", "2027-01-04", "--plan-seconds", "5", "--no-waiting-list"]
    )
    assert result.exit_code == 0, result.output
    assert "Published the sample plan: coverage" in result.output
    plan = db.session.scalar(db.select(Plan).where(Plan.status == "published"))
    assert plan.scenario_id == "dacorum-sample" and plan.kpis["sessions"] > 100
    assert validate(scenario_instance(plan.scenario), plan_domain(plan)) == []
    assert plan.bound is not None and plan.bound >= plan.kpis["coverage"] - 1e-6


def _total(page: str) -> int:
    """The count of referrals a waiting-list page states."""
    return int(re.search(r"([\d,]+) referrals?\b", page).group(1).replace(",", ""))


@pytest.mark.slow  # about 15 s: the whole command, planning included
def test_load_sample_fills_the_booking_desk_of_a_tour_under_way(runner, client, login):
    result = runner.invoke(args=["load-sample", "--plan-seconds", "1"])
    assert result.exit_code == 0, result.output
    assert "Added the sample's waiting list: " in result.output
    today = local_now().date()
    assert db.session.get(Scenario, "dacorum-sample").start == default_start(today) < today
    login("booking")
    assert _total(client.get("/booking/").get_data(as_text=True)) > 1000
    assert _total(client.get("/booking/?status=booked").get_data(as_text=True)) > 50
    assert db.session.scalar(sa.select(sa.func.count()).where(Booking.outcome.is_not(None)))
    cancelled = db.session.scalar(
        sa.select(Referral.name)
        .join(Booking, Booking.referral_id == Referral.id)
        .where(Booking.cancelled_by == "service")
        .limit(1)
    )
    assert cancelled in client.get("/booking/to-rebook").get_data(as_text=True)
