"""Apply the Alembic migrations to the app's database."""

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy.engine import Connection

from config import ROOT
from extensions import db


class ForeignKeysBroken(RuntimeError):
    """A migration left rows pointing at rows that are not there."""


def alembic_config() -> AlembicConfig:
    """Return the Alembic configuration for this project's migrations folder."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    return cfg


def upgrade(revision: str = "head") -> None:
    """Bring the current app's database up to `revision` (the latest migration by default).

    SQLite changes a table's columns or constraints by copying it to a new table and dropping
    the old one (Alembic's batch mode), and dropping a table that other rows point at is refused
    while foreign keys are enforced. So on SQLite they are not enforced during the migration,
    as SQLite's own guide to altering tables says, and checked whole before it commits.
    """
    cfg = alembic_config()
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _foreign_keys(connection, "OFF")  # outside a transaction, or SQLite ignores it
        try:
            with connection.begin():
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, revision)
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite:
                _foreign_keys(connection, "ON")


def _foreign_keys(connection: Connection, state: str) -> None:
    connection.exec_driver_sql(f"PRAGMA foreign_keys={state}")
    connection.commit()


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise ForeignKeysBroken(
            f"the migration left {len(broken)} rows pointing at missing rows, in "
            + ", ".join(tables)
        )
