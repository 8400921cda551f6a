"""The migrations bring any database to the latest schema, and can be undone."""

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from app import create_app
from config import ROOT
from database.migrate import alembic_config, upgrade
from extensions import db
from tests.conftest import _config
from tests.database.migrations import undo_0022_with_an_undecided_run


def _revision() -> str | None:
    return db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))


def test_the_configuration_finds_the_projects_migrations():
    cfg = alembic_config()
    assert cfg.get_main_option("script_location") == str(ROOT / "migrations")
    assert ScriptDirectory.from_config(cfg).get_current_head() is not None


def test_upgrade_brings_an_empty_database_to_the_head_and_again_changes_nothing(tmp_path):
    app = create_app(_config(tmp_path / "empty.sqlite3"))
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with app.app_context():
        assert sa.inspect(db.engine).get_table_names() == []
        upgrade()
        assert _revision() == head
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"site", "plan", "audit_event"} <= tables
        upgrade()
        assert _revision() == head
        assert set(sa.inspect(db.engine).get_table_names()) == tables
        db.session.remove()
        db.engine.dispose()


def test_migrations_go_down_and_up_again(app):
    cfg = alembic_config()
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")
    assert "site" not in sa.inspect(db.engine).get_table_names()
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
    assert {"site", "plan", "audit_event"} <= set(sa.inspect(db.engine).get_table_names())


def test_services_stored_before_clinic_templates_migrate_with_no_follow_ups(app):
    cfg = alembic_config()
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0011")
        connection.execute(
            sa.text(
                "INSERT INTO service (id, name, unit_type, slots_per_session, staff, source) "
                "VALUES ('derm', 'Dermatology', 'outpatient', 8, '[\"dermatology\"]', '')"
            )
        )
        command.upgrade(cfg, "head")
    row = db.session.execute(
        sa.text(
            "SELECT follow_up_slots, follow_up_ratio, follow_up_cap, follow_up_weeks "
            "FROM service WHERE id = 'derm'"
        )
    ).one()
    assert tuple(row) == (0, 0, None, None)


def test_undoing_the_commissioner_role_is_refused_while_a_commissioner_exists(app, make_user):
    make_user("cara", "commissioner")
    cfg = alembic_config()
    with pytest.raises(RuntimeError, match="1 commissioner account"):
        with db.engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0015")
    assert _revision() == ScriptDirectory.from_config(cfg).get_current_head()
    assert db.session.scalar(sa.text("SELECT role FROM user_account")) == "commissioner"


def test_a_database_with_staff_and_their_audit_upgrades_through_the_account_changes(tmp_path):
    # 0016 and 0019 rebuild user_account (SQLite's batch mode), which audit events and
    # sessions point at: with foreign keys enforced, dropping the old table was refused.
    app = create_app(_config(tmp_path / "live.sqlite3"))
    with app.app_context():
        upgrade("0015")
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO user_account (username, password_hash, role, active, "
                    "must_change_password, session_epoch) VALUES ('olive', 'x', 'ops', 1, 0, 0)"
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO audit_event (user_id, actor, action, entity_type, entity_id, at) "
                    "VALUES (1, 'olive', 'sign_in', 'user_account', '1', CURRENT_TIMESTAMP)"
                )
            )
        upgrade()
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert _revision() == head
        assert db.session.execute(
            sa.text("SELECT username, practice_id FROM user_account")
        ).all() == [("olive", None)]
        with db.engine.connect() as connection:  # enforced again afterwards
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.session.remove()
        db.engine.dispose()


def test_an_undecided_run_becomes_failed_when_0022_is_undone_keeping_its_message(app):
    # The schema before 0022 has no "undecided": the run did end without a plan.
    undo_0022_with_an_undecided_run()
