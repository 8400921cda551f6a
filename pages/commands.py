"""`flask serve`: serve the app with waitress on http://127.0.0.1:5000."""

import click
from flask import Flask


def register(app: Flask) -> None:
    """Add the serve command to the app's command line."""

    @app.cli.command("serve")
    @click.option("--threads", default=8, show_default=True)
    def serve(threads: int) -> None:
        """Serve the app with a production WSGI server (waitress)."""
        from waitress import serve as waitress_serve

        host, port = app.config["SERVER_HOST"], app.config["SERVER_PORT"]
        click.echo(f"Serving on http://{host}:{port} (Ctrl+C to stop)")
        waitress_serve(app, host=host, port=port, threads=threads)
