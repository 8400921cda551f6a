"""The application factory: test settings over the environment's, SQLite's lock wait filled
in, every feature's pages and commands registered, and SQLite made to keep foreign keys."""

import sqlalchemy as sa

from extensions import db

COMMANDS = {"serve", "worker", "load-sample", "send-reminders", "notify-stand-in"}
BLUEPRINTS = {"accounts", "booking", "clinics", "plans", "spreadsheets", "jobs", "messages"}


def test_the_test_settings_win_and_the_gaps_are_filled(app):
    assert app.testing and app.config["WTF_CSRF_ENABLED"] is False
    assert app.config["SECRET_KEY"] == "test-secret"  # configured: none generated
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {"connect_args": {"timeout": 30}}


def test_every_feature_is_registered(app):
    assert BLUEPRINTS <= set(app.blueprints)
    assert COMMANDS <= set(app.cli.list_commands(app.app_context()))


def test_sqlite_enforces_foreign_keys(app):
    assert db.session.scalar(sa.text("PRAGMA foreign_keys")) == 1
