"""`flask load-sample`: the sample loaded once, planned and published."""

from extensions import db
from plans.bridge import plan_domain, scenario_instance
from plans.models import Plan, Scenario
from scheduler import validate


def test_load_sample_is_idempotent_and_marked_as_sample(runner):
    assert "Loaded sample" in runner.invoke(args=["load-sample", "--plan-seconds", "0"]).output
    scenario = db.session.get(Scenario, "dacorum-sample")
    assert scenario.is_sample and scenario.start.weekday() == 0 and scenario.weeks == 16
    assert "loaded already" in runner.invoke(args=["load-sample", "--plan-seconds", "0"]).output
    assert db.session.scalar(db.select(db.func.count()).select_from(Scenario)) == 1


def test_load_sample_plans_and_publishes_a_valid_plan(runner):
    result = runner.invoke(args=["load-sample", "--start", "2027-01-04", "--plan-seconds", "5"])
    assert result.exit_code == 0, result.output
    assert "Published the sample plan: coverage" in result.output
    plan = db.session.scalar(db.select(Plan).where(Plan.status == "published"))
    assert plan.scenario_id == "dacorum-sample" and plan.kpis["sessions"] > 100
    assert validate(scenario_instance(plan.scenario), plan_domain(plan)) == []
    assert plan.bound is not None and plan.bound >= plan.kpis["coverage"] - 1e-6
