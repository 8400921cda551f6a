"""Starting, listing and cancelling solve jobs."""

import sqlalchemy as sa
from flask_login import current_user

from audit.record import record
from extensions import db
from jobs.models import SolveJob
from plans.models import Plan, Scenario

MAX_TIME_LIMIT_S = 600  # a manager waits for minutes, not hours; longer runs belong in bench/


class JobError(ValueError):
    """A request about jobs that cannot be met, with a message for the person."""


def start_solve(
    scenario: Scenario,
    *,
    time_limit_s: float,
    seed: int = 0,
    hint: Plan | None = None,
    service_weights: dict[str, float] | None = None,
) -> SolveJob:
    """Record a queued job for the scenario, commit it, and hand it to the worker.

    `service_weights` (service id -> weight) asks the planner to weigh services by them
    instead of the contract's order of merit (business.weights)."""
    from jobs.tasks import solve_task

    if not 1 <= time_limit_s <= MAX_TIME_LIMIT_S:
        raise JobError(f"Time limit must be between 1 and {MAX_TIME_LIMIT_S} seconds.")
    if hint is not None and hint.scenario_id != scenario.id:
        raise JobError("A starting plan must belong to the same scenario.")
    job = SolveJob(
        scenario=scenario,
        time_limit_s=time_limit_s,
        seed=seed,
        hint_plan=hint,
        service_weights=service_weights,
        requested_by=_username(),
    )
    db.session.add(job)
    db.session.flush()
    objective = "contribution" if service_weights else "coverage"
    record(
        "start",
        "solve_job",
        job.id,
        after={"scenario": scenario.id, "limit": time_limit_s, "objective": objective},
    )
    db.session.commit()
    solve_task(job.id)
    return job


def recent_jobs(scenario: Scenario, limit: int = 10) -> list[SolveJob]:
    """The scenario's latest planner runs, newest first."""
    query = (
        sa.select(SolveJob)
        .where(SolveJob.scenario_id == scenario.id)
        .order_by(SolveJob.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def request_cancel(job: SolveJob) -> None:
    """Ask the worker to stop the job; a queued job will not start."""
    if job.finished:
        raise JobError(f"This run has already finished ({job.status}).")
    job.cancel_requested = True
    record("cancel", "solve_job", job.id)
    db.session.commit()


def _username() -> str:
    try:
        return current_user.username if current_user.is_authenticated else "system"
    except (AttributeError, RuntimeError):
        return "system"
