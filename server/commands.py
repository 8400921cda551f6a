"""`flask serve`: gunicorn (a worker process per core) and, beside it, the queue's worker."""

# Starts this app's own queue worker: a fixed command line, no shell, no user input.
import gc
import subprocess  # nosec B404
import sys

import click
from flask import Flask

from extensions import db
from server.gunicorn import serve as gunicorn_serve

FLASK = [sys.executable, "-m", "flask", "--app", "app"]


def forked(app: Flask) -> Flask:
    """The app in a worker just forked: drop database connections made before the fork, and
    move the objects made at start-up (about 230,000) out of the garbage collector's reach,
    so that a request's collections walk only what requests made: the waiting list's p90
    fell from 387 to 227 ms with 10,000 referrals (docs/benchmarks.md)."""
    with app.app_context():
        db.engine.dispose(close=False)
    gc.freeze()
    return app


def _start(command: str) -> subprocess.Popen:
    """Start one of this app's own commands beside the server."""
    return subprocess.Popen([*FLASK, command])  # nosec B603


def register(app: Flask) -> None:
    """Add the serve command to the app's command line."""

    @app.cli.command("serve")
    @click.option("--workers", type=int, help="Web worker processes [default: one per core].")
    @click.option("--threads", type=int, help="Threads in each worker process.")
    @click.option("--no-worker", is_flag=True, help="Do not start a worker (one runs elsewhere).")
    def serve(workers: int | None, threads: int | None, no_worker: bool) -> None:
        """Serve the app with gunicorn, with a queue worker for planner runs and messages
        (and, with NOTIFY_STAND_IN=1, the local stand-in for GOV.UK Notify)."""
        helpers = []
        if not no_worker:
            helpers.append(_start("worker"))
        if app.config.get("NOTIFY_STAND_IN"):  # development: messages go to the stand-in
            helpers.append(_start("notify-stand-in"))
        host, port = app.config["SERVER_HOST"], app.config["SERVER_PORT"]
        workers = workers or app.config["SERVER_WORKERS"]
        threads = threads or app.config["SERVER_THREADS"]
        click.echo(
            f"Serving on http://{host}:{port} with {workers} worker process(es) of {threads} "
            "threads (Ctrl+C to stop)"
        )
        try:
            gunicorn_serve(
                lambda: forked(app), host=host, port=port, workers=workers, threads=threads
            )
        finally:
            for helper in helpers:
                helper.terminate()
                helper.wait(timeout=10)
