"""Starting, listing and cancelling planner runs: limits checked, each step audited, a
finished run left alone."""

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from extensions import db
from jobs.models import SolveJob
from jobs.service import JobError, recent_jobs, request_cancel, start_solve
from plans.models import Scenario


def _audited(action: str) -> list[str]:
    query = sa.select(AuditEvent.entity_id).filter_by(entity_type="solve_job", action=action)
    return list(db.session.scalars(query))


def test_time_limit_is_checked(app, import_tiny_plan):
    scenario = import_tiny_plan().scenario
    try:
        start_solve(scenario, time_limit_s=0)
    except JobError as error:
        assert "between 1 and" in str(error)
    else:
        raise AssertionError("a zero time limit is refused")


def test_a_started_run_is_queued_committed_and_audited(app, import_tiny_plan):
    plan = import_tiny_plan()
    job = start_solve(plan.scenario, time_limit_s=30, seed=7, hint=plan)
    db.session.expire_all()
    stored = db.session.get(SolveJob, job.id)
    assert (stored.status, stored.seed, stored.hint_plan_id) == ("queued", 7, plan.id)
    assert stored.requested_by == "system"  # no one signed in: the command line
    assert _audited("start") == [str(job.id)]


def test_a_starting_plan_from_another_scenario_is_refused(app, import_tiny_plan):
    plan = import_tiny_plan()
    other = Scenario(
        id="other", name="Other", start=plan.scenario.start, weeks=1, weekdays=[], periods=[]
    )
    db.session.add(other)
    db.session.commit()
    with pytest.raises(JobError, match="same scenario"):
        start_solve(other, time_limit_s=30, hint=plan)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SolveJob)) == 0


def test_recent_jobs_lists_the_scenarios_latest_first(app, import_tiny_plan):
    scenario = import_tiny_plan().scenario
    ids = [start_solve(scenario, time_limit_s=5).id for _ in range(3)]
    assert [job.id for job in recent_jobs(scenario)] == ids[::-1]
    assert [job.id for job in recent_jobs(scenario, limit=2)] == ids[:0:-1]


def test_cancelling_flags_the_run_and_a_finished_run_is_refused(app, import_tiny_plan):
    job = start_solve(import_tiny_plan().scenario, time_limit_s=5)
    request_cancel(job)
    assert job.cancel_requested and _audited("cancel") == [str(job.id)]
    job.status = "done"
    db.session.commit()
    with pytest.raises(JobError, match=r"already finished \(done\)"):
        request_cancel(job)
