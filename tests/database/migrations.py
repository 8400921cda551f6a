"""Checks of one migration that run on SQLite (test_migrate) and on PostgreSQL (test_postgres)."""

from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command

from database.migrate import alembic_config
from extensions import db
from jobs.models import SolveJob
from plans.models import Scenario


def undo_0022_with_an_undecided_run() -> None:
    """An undecided run, then 0022 undone: it becomes failed with its message, and the older
    check refuses the new word."""
    db.session.add(
        Scenario(id="s", name="S", start=date(2027, 1, 4), weeks=12, weekdays=[], periods=[])
    )
    db.session.add(SolveJob(scenario_id="s", status="undecided", time_limit_s=5, message="Why."))
    db.session.commit()
    db.session.remove()
    cfg = alembic_config()
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0021")
    with db.engine.connect() as connection:
        row = connection.execute(sa.text("SELECT status, message FROM solve_job")).one()
        assert tuple(row) == ("failed", "Why.")
        with pytest.raises(sa.exc.IntegrityError):
            connection.execute(sa.text("UPDATE solve_job SET status = 'undecided'"))
