"""Carrying out a queued run in this process: a draft plan, or the reason there is none."""

import json

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from extensions import db
from jobs import runner as job_runner
from jobs.child import Outcome
from jobs.models import SolveJob
from jobs.runner import run_solve_job
from jobs.service import request_cancel, start_solve
from plans.models import Plan, Scenario
from tests.data import INSTANCES


@pytest.fixture
def scenario(runner) -> Scenario:
    path = INSTANCES / "example-small.json"
    result = runner.invoke(args=["import-instance", str(path)])
    assert result.exit_code == 0, result.output
    return db.session.get(Scenario, json.loads(path.read_text())["name"])


def _job(job_id: int) -> SolveJob:
    db.session.expire_all()
    return db.session.get(SolveJob, job_id)


def test_a_run_stores_a_scored_draft_plan_and_audits_it(scenario):
    job = start_solve(scenario, time_limit_s=2)
    run_solve_job(job.id)
    done = _job(job.id)
    assert done.status == "done", done.message
    assert done.started_at is not None and done.finished_at is not None and done.elapsed_s > 0
    plan = db.session.get(Plan, done.plan_id)
    assert plan.status == "draft" and plan.name == f"Planner run {job.id}"
    assert plan.kpis["coverage"] == done.best_coverage > 0
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.entity_type == "plan"))
    assert (event.action, event.entity_id, event.after["job"]) == ("create", str(plan.id), job.id)


def test_a_run_cancelled_while_queued_never_starts(scenario, monkeypatch):
    monkeypatch.setattr(job_runner, "run_solver", pytest.fail)
    job = start_solve(scenario, time_limit_s=2)
    request_cancel(job)
    run_solve_job(job.id)
    cancelled = _job(job.id)
    assert cancelled.status == "cancelled" and cancelled.started_at is None
    assert cancelled.message == "Cancelled before it started."


def test_a_finished_run_is_left_alone(scenario, monkeypatch):
    monkeypatch.setattr(job_runner, "run_solver", pytest.fail)
    job = start_solve(scenario, time_limit_s=2)
    request_cancel(job)
    run_solve_job(job.id)
    run_solve_job(job.id)  # again: nothing happens
    assert _job(job.id).status == "cancelled"
    run_solve_job(job.id + 1)  # no such job: nothing happens


@pytest.mark.parametrize("status", ["infeasible", "undecided", "failed"])
def test_a_run_without_a_plan_keeps_the_reason(scenario, monkeypatch, status):
    monkeypatch.setattr(
        job_runner, "run_solver", lambda *args, **kwargs: Outcome(status, message="Site S01 ...")
    )
    job = start_solve(scenario, time_limit_s=2)
    run_solve_job(job.id)
    finished = _job(job.id)
    assert (finished.status, finished.message, finished.plan_id) == (status, "Site S01 ...", None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Plan)) == 0


def test_progress_is_saved_on_the_job(scenario, monkeypatch):
    seen = []

    def solver(instance_json, options, *, on_progress, cancelled):
        on_progress(1.5, 0.75, 0.9)
        seen.append((_job(job.id).elapsed_s, _job(job.id).best_coverage, _job(job.id).bound))
        return Outcome("cancelled", message="Cancelled before it finished.")

    monkeypatch.setattr(job_runner, "run_solver", solver)
    job = start_solve(scenario, time_limit_s=2)
    run_solve_job(job.id)
    assert seen == [(1.5, 0.75, 0.9)]
    assert _job(job.id).status == "cancelled"
