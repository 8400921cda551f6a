"""`flask worker`: run the task queue's consumer."""

import click
from flask import Flask


def register(app: Flask) -> None:
    """Add the worker command to the app's command line."""

    @app.cli.command("worker")
    @click.option("--workers", default=1, show_default=True, help="Jobs run at the same time.")
    def worker(workers: int) -> None:
        """Run queued jobs (planner runs, messages) and the periodic ones until Ctrl+C."""
        import jobs.tasks  # noqa: F401  (register the tasks with the queue)
        from jobs.queue import huey

        click.echo(f"Worker running {workers} job(s) at a time (Ctrl+C to stop)")
        consumer = huey.create_consumer(
            workers=workers,
            worker_type="thread",
            periodic=True,  # the reminders to patients, every 15 minutes
            initial_delay=0.05,
            backoff=1.1,
            max_delay=0.5,
        )
        consumer.run()
