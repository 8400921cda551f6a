"""Apply the Alembic migrations to the app's database."""

from alembic import command
from alembic.config import Config as AlembicConfig

from config import ROOT
from extensions import db


def alembic_config() -> AlembicConfig:
    """Return the Alembic configuration for this project's migrations folder."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    return cfg


def upgrade() -> None:
    """Bring the current app's database up to the latest migration."""
    cfg = alembic_config()
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
