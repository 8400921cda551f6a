"""Carry out a queued solve job: run the planner and save its plan as a draft."""

from dataclasses import replace
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask import current_app

from audit.record import record
from extensions import db
from jobs.child import run_solver
from jobs.models import SolveJob
from jobs.replanning import kept_items, merge
from plans.bridge import plan_domain, scenario_instance, store_plan
from scheduler import instance_to_json, plan_to_json, read_plan, score


def run_solve_job(job_id: int) -> None:
    """Run one job to a finished state; the row tells the solve page what happens."""
    job = db.session.get(SolveJob, job_id)
    if job is None or job.finished:
        return
    if job.cancel_requested:
        _finish(job, "cancelled", "Cancelled before it started.")
        return
    job.status, job.started_at = "running", datetime.now(UTC)
    db.session.commit()
    instance = scenario_instance(job.scenario)
    if job.hint_plan is not None:  # re-planning: keep what is locked, published and past
        kept = kept_items(job.hint_plan, date.today())
        instance = replace(instance, fixed=merge(instance.fixed, kept))
    options = {
        "time_limit_s": job.time_limit_s,
        "seed": job.seed,
        "workers": current_app.config["SOLVER_WORKERS"],
        "hint": plan_to_json(plan_domain(job.hint_plan)) if job.hint_plan else None,
        "service_weights": job.service_weights,
    }

    def on_progress(elapsed_s: float, best_coverage: float | None, bound: float | None) -> None:
        job.elapsed_s = elapsed_s
        if best_coverage is not None:
            job.best_coverage = best_coverage
        if bound is not None:
            job.bound = bound
        db.session.commit()

    def cancelled() -> bool:
        flag = db.session.scalar(sa.select(SolveJob.cancel_requested).where(SolveJob.id == job_id))
        db.session.commit()  # end the read so the next look sees a fresh value
        return bool(flag)

    try:
        outcome = run_solver(
            instance_to_json(instance), options, on_progress=on_progress, cancelled=cancelled
        )
    except Exception as error:
        db.session.rollback()
        _finish(job, "failed", f"The planner could not run: {error}")
        raise
    job.elapsed_s = _elapsed(job)
    if outcome.status == "done":
        plan = read_plan(outcome.plan_json)
        kpis = score(instance, plan).to_json()
        # What re-planning had to keep is stored locked, so the next re-plan keeps it too.
        name = f"Planner run {job.id}" + (" (by contribution)" if job.service_weights else "")
        row = store_plan(job.scenario, plan, name=name, kpis=kpis, locked=instance.fixed)
        row.bound, row.service_weights = outcome.bound, job.service_weights
        db.session.flush()
        job.plan_id, job.best_coverage, job.bound = row.id, kpis["coverage"], outcome.bound
        record("create", "plan", row.id, after={"job": job.id, "coverage": kpis["coverage"]})
    _finish(job, outcome.status, outcome.message)


def _elapsed(job: SolveJob) -> float:
    started = job.started_at
    if started.tzinfo is None:
        started = started.replace(tzinfo=UTC)
    return (datetime.now(UTC) - started).total_seconds()


def _finish(job: SolveJob, status: str, message: str) -> None:
    job.status, job.message, job.finished_at = status, message, datetime.now(UTC)
    db.session.commit()
