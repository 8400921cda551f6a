"""`flask init-db`: apply the database migrations."""

from pathlib import Path

import click
from flask import Flask

from database.migrate import upgrade


def register(app: Flask) -> None:
    """Add the database commands to the app's command line."""

    @app.cli.command("init-db")
    def init_db() -> None:
        """Create or upgrade the database schema (Alembic migrations)."""
        Path(app.instance_path).mkdir(exist_ok=True)
        upgrade()
        click.echo("Database is up to date.")
