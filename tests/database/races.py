"""Race tests: an app on PostgreSQL, and clerks acting at the same moment.

PostgreSQL is used when TEST_POSTGRES_URL names an empty database (`.ci/run` starts one); its
schema is migrated afresh for each test and removed after it. Under pytest-xdist each worker
process has a database of its own beside it, so that two workers never migrate one schema.
The fixtures that give each race test an app on each database are in
tests/database/race_fixtures.py.
"""

import functools
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from alembic import command

from app import create_app
from database.migrate import alembic_config, upgrade
from extensions import db

URL = os.environ.get("TEST_POSTGRES_URL")
needs_postgres = pytest.mark.skipif(not URL, reason="TEST_POSTGRES_URL is not set")
WAIT_S = 30  # a thread still running after this long has hung: the test fails, not the run


@functools.cache
def database_url() -> str:
    """The URL of this test process's PostgreSQL database.

    Run in one process, it is TEST_POSTGRES_URL's. A pytest-xdist worker (PYTEST_XDIST_WORKER
    is "gw0", "gw1"...) makes its own afresh at first use, named after the worker beside that
    database, since the tests migrate and downgrade the whole schema (`.ci/postgres` lets the
    test user create databases).
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return URL
    url = sa.make_url(URL)
    name = f"{url.database}_{worker}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        # FORCE: a run stopped halfway may have left a connection to it open.
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _downgrade() -> None:
    cfg = alembic_config()
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")


@contextmanager
def postgres_app(tmp_path) -> Iterator:
    """An app on the PostgreSQL test database with every migration applied."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url(),
            "HUEY_SQLITE_PATH": str(tmp_path / "huey.sqlite3"),
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        _downgrade()
        upgrade()
        yield app
        db.session.remove()
        _downgrade()
        db.engine.dispose()


def clerks_app(app, clerks: int):
    """An app on the same database with a connection for each clerk, each waiting up to 30 s
    for SQLite's write lock."""
    options = {"pool_size": clerks, "max_overflow": 2}
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options["connect_args"] = {"timeout": 30}
    return create_app(app.config | {"SQLALCHEMY_ENGINE_OPTIONS": options})


def at_once(app, calls: list[Callable[[], object]]) -> list[tuple[str, object]]:
    """Run each call in a thread of its own, all released together, each in an app context
    (so a session and connection) of its own.

    Returns:
        For each call in order, ("ok", what it returned) or ("refused", the exception).
    """
    db.session.remove()  # the test's own connection holds no lock while the clerks run
    clerks = clerks_app(app, len(calls))
    start = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        with clerks.app_context():
            start.wait()
            try:
                outcomes[index] = ("ok", call())
            except Exception as error:  # what a clerk is told, kept for the test to check
                outcomes[index] = ("refused", error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT_S)
    with clerks.app_context():
        db.engine.dispose()
    assert all(outcome is not None for outcome in outcomes), "a clerk hung"
    return outcomes


class Paused:
    """Hold one clerk inside a change, under its locks, until the test lets go.

    Wrap a function the change calls: the first call under `when` signals `inside` and waits
    for `release`; every other call goes straight through.
    """

    def __init__(self, real: Callable, when: Callable[..., bool] = lambda *a, **k: True):
        self.real, self.when = real, when
        self.inside, self.release = threading.Event(), threading.Event()
        self._used = False

    def __call__(self, *args, **kwargs):
        if not self._used and self.when(*args, **kwargs):
            self._used = True
            self.inside.set()
            self.release.wait(timeout=WAIT_S)
        return self.real(*args, **kwargs)


def in_thread(app, call: Callable[[], object]) -> tuple[threading.Thread, list]:
    """Start one clerk's call in a thread of its own; the list receives its outcome."""
    outcome: list = []

    def run() -> None:
        with app.app_context():
            try:
                outcome.append(("ok", call()))
            except Exception as error:  # kept for the test to check
                outcome.append(("refused", error))
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome
