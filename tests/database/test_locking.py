"""Row locks read afresh, and a lost race ends as a refusal, on SQLite and on PostgreSQL."""

import sqlite3
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from app import create_app
from database import locking
from database.locking import BUSY, begin_write, is_conflict, lock_row, write_transaction
from extensions import db
from plans.models import Plan
from tests.database.races import WAIT_S, at_once, in_thread

pytest_plugins = ["tests.database.race_fixtures"]  # race_app, race_desk


class Refused(ValueError):
    """What the tests' changes raise when they cannot be made."""


def _plan(race_desk) -> int:
    return race_desk.plan([], published=False).id


def _rename_elsewhere(app, plan_id: int, name: str) -> None:
    """Another person's committed change, made through a connection of its own."""
    thread, outcome = in_thread(app, lambda: _rename(plan_id, name))
    thread.join(timeout=WAIT_S)
    assert outcome == [("ok", None)]


def _rename(plan_id: int, name: str) -> None:
    with write_transaction(Refused):
        lock_row(Plan, plan_id).name = name
        db.session.commit()


def test_a_locked_row_is_read_afresh_not_from_the_sessions_copy(race_app, race_desk):
    plan_id = _plan(race_desk)
    page = db.session.get(Plan, plan_id)
    assert page.name == "Test plan"
    _rename_elsewhere(race_app, plan_id, "Renamed")
    with write_transaction(Refused):
        assert lock_row(Plan, plan_id).name == "Renamed" and page.name == "Renamed"
        assert lock_row(Plan, -1) is None
        db.session.commit()


def test_an_update_from_a_stale_copy_fails_on_the_version(race_app, race_desk):
    plan_id = _plan(race_desk)
    page = db.session.get(Plan, plan_id)
    page.name  # noqa: B018  (loaded before the other change)
    _rename_elsewhere(race_app, plan_id, "Renamed")
    page.name = "Mine"  # written without the lock, from the stale copy
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(Plan, plan_id).name == "Renamed"


def test_a_deadlock_ends_as_a_refusal(race_app, race_desk):
    if race_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite has one write lock and no row locks, so no deadlocks")
    first, second = _plan(race_desk), _plan(race_desk)
    both_hold_one = threading.Barrier(2)

    def lock_in_order(ids):
        def change():
            with write_transaction(Refused):
                lock_row(Plan, ids[0])
                both_hold_one.wait(timeout=10)
                lock_row(Plan, ids[1])  # the other holds it and waits for ours
                db.session.commit()

        return change

    outcomes = at_once(race_app, [lock_in_order((first, second)), lock_in_order((second, first))])
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    [refusal] = [error for kind, error in outcomes if kind == "refused"]
    assert type(refusal) is Refused and str(refusal) == BUSY


def test_a_lock_wait_that_runs_out_ends_as_a_refusal(race_app, race_desk, monkeypatch):
    plan_id = _plan(race_desk)
    url = race_app.config["SQLALCHEMY_DATABASE_URI"]
    monkeypatch.setattr(locking, "LOCK_WAIT_S", 0.2)  # PostgreSQL's wait for a row lock
    options = {"connect_args": {"timeout": 0.2}} if url.startswith("sqlite") else {}
    impatient = create_app(race_app.config | {"SQLALCHEMY_ENGINE_OPTIONS": options})
    holder = sa.create_engine(url).connect()
    if url.startswith("sqlite"):
        holder.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        holder.execute(sa.text("SELECT id FROM plan WHERE id = :id FOR UPDATE"), {"id": plan_id})
    try:
        thread, outcome = in_thread(impatient, lambda: _rename(plan_id, "Mine"))
        thread.join(timeout=WAIT_S)
    finally:
        holder.rollback()
        holder.close()
        with impatient.app_context():
            db.engine.dispose()
    [(kind, error)] = outcome
    assert kind == "refused" and type(error) is Refused and str(error) == BUSY


def test_begin_write_after_a_write_keeps_the_lock_it_holds(race_app, race_desk):
    plan_id = _plan(race_desk)
    db.session.get(Plan, plan_id).name = "Flushed"
    db.session.flush()  # SQLite's write lock is taken; BEGIN IMMEDIATE would fail now
    begin_write()
    assert db.session.get(Plan, plan_id).name == "Flushed"
    db.session.rollback()


def test_only_lost_races_count_as_conflicts():
    locked = sa.exc.OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))
    missing = sa.exc.OperationalError("SELECT", {}, sqlite3.OperationalError("no such table"))
    duplicate = sa.exc.IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE"))
    assert is_conflict(locked) and is_conflict(StaleDataError())
    assert not is_conflict(missing) and not is_conflict(duplicate)
