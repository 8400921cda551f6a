"""`flask serve`: the web server (waitress) and, beside it, the task queue's worker."""

import subprocess
import sys

import click
from flask import Flask


def register(app: Flask) -> None:
    """Add the serve command to the app's command line."""

    @app.cli.command("serve")
    @click.option("--threads", default=8, show_default=True)
    @click.option("--no-worker", is_flag=True, help="Do not start a worker (one runs elsewhere).")
    def serve(threads: int, no_worker: bool) -> None:
        """Serve the app with waitress, with a queue worker for planner runs."""
        from waitress import serve as waitress_serve

        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker"])
        host, port = app.config["SERVER_HOST"], app.config["SERVER_PORT"]
        click.echo(f"Serving on http://{host}:{port} (Ctrl+C to stop)")
        try:
            waitress_serve(app, host=host, port=port, threads=threads)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
