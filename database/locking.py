"""Row locks for state changes: one writer at a time per row, reading the row afresh.

A service function that changes a booking, referral, allocation run or plan runs inside
`write_transaction` and reads the rows it will change through `lock_row` or `lock_rows`.
PostgreSQL locks each row (`SELECT ... FOR NO KEY UPDATE`, or `FOR SHARE` to keep a row as it
is while the transaction relies on it). SQLite has no row locks: `begin_write` takes its one
write lock at once (BEGIN IMMEDIATE), so writers queue. Either way the row comes from the
database, not from the session's copy read before the lock (`populate_existing`), and the
models' `version` columns make any update written from a stale copy fail instead of landing.

Lock order, which keeps PostgreSQL free of deadlocks: allocation run, scenario, plan, clinic
session, referral, booking; rows of one table in primary-key order. A deadlock or a lock wait
that ran out can still happen and ends as a refusal (`BUSY`), never as a server error.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from extensions import db

LOCK_WAIT_S = 10  # how long a change waits for another's lock before the person is told to retry
# PostgreSQL's codes for a lost race: serialization failure, deadlock, lock wait ran out.
CONFLICT_STATES = frozenset({"40001", "40P01", "55P03"})
BUSY = "Someone else was changing the same record at that moment; nothing was changed. Try again."


def begin_write() -> None:
    """Start the write transaction now, and forget every row read before it.

    SQLite's default transaction takes the write lock only at its first write, after reading
    what it will change; BEGIN IMMEDIATE takes it at once (unless an earlier write in this
    transaction holds it already). PostgreSQL waits at most LOCK_WAIT_S for each row lock.
    """
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite":
        if not db.session.connection().connection.dbapi_connection.in_transaction:
            db.session.execute(sa.text("BEGIN IMMEDIATE"))
    elif dialect == "postgresql":
        db.session.execute(sa.text(f"SET LOCAL lock_timeout = '{LOCK_WAIT_S}s'"))
    db.session.expire_all()


def is_conflict(error: Exception) -> bool:
    """Whether the database refused the transaction because another one held what it needed."""
    if isinstance(error, StaleDataError):
        return True
    if not isinstance(error, sa.exc.OperationalError):
        return False
    state = getattr(error.orig, "sqlstate", None)
    return state in CONFLICT_STATES or "database is locked" in str(error.orig)


@contextmanager
def write_transaction(refused: type[Exception]) -> Iterator[None]:
    """Run the block as one write transaction that the block commits.

    The transaction is rolled back when the block raises; a lost race (see `is_conflict`)
    becomes `refused(BUSY)`, so the person is told to try again.
    """
    try:
        begin_write()  # SQLite may run out of patience here, waiting for its write lock
        yield
    except Exception as error:
        db.session.rollback()
        if is_conflict(error):
            raise refused(BUSY) from error
        raise


def _locked(query: sa.Select, shared: bool) -> sa.Select:
    # FOR NO KEY UPDATE rather than FOR UPDATE: rows that only point at the locked one (a
    # foreign key check takes FOR KEY SHARE) can still be added meanwhile.
    return query.with_for_update(read=shared, key_share=not shared).execution_options(
        populate_existing=True
    )


def lock_row(model: type, ident, *, shared: bool = False):
    """Return the row with this primary key, read afresh and locked until the transaction ends.

    Args:
        model: a mapped class with a one-column primary key.
        ident: the primary key.
        shared: lock against changes only (FOR SHARE): others may read-lock it too.

    Returns:
        The row, or None when there is none.
    """
    key = sa.inspect(model).primary_key[0]
    return db.session.scalar(_locked(sa.select(model).where(key == ident), shared))


def lock_rows(model: type, *conditions, shared: bool = False) -> list:
    """Return the rows meeting the conditions, read afresh and locked, in primary-key order."""
    key = sa.inspect(model).primary_key[0]
    query = sa.select(model).where(*conditions).order_by(key)
    return list(db.session.scalars(_locked(query, shared)))
