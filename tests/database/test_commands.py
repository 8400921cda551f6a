"""`flask init-db` migrates the configured database."""

import sqlalchemy as sa

from app import create_app
from extensions import db
from tests.conftest import _config


def test_init_db_creates_the_schema_on_an_empty_database(tmp_path):
    app = create_app(_config(tmp_path / "empty.sqlite3"))
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert result.output == "Database is up to date.\n"
    with app.app_context():
        assert {"site", "plan", "audit_event"} <= set(sa.inspect(db.engine).get_table_names())
        db.engine.dispose()


def test_init_db_on_a_migrated_database_keeps_its_rows(runner, make_user):
    make_user("ops")
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.text("SELECT count(*) FROM user_account")) == 1
