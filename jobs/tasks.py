"""The queue's tasks; each runs inside the app this process was started with."""

from jobs.queue import bound_app, huey
from jobs.runner import run_solve_job


@huey.task()
def solve_task(job_id: int) -> None:
    """Run a solve job in the worker."""
    with bound_app().app_context():
        run_solve_job(job_id)
