"""The task queue keeps its tasks where the app says: a SQLite file, or Redis."""

from huey.storage import RedisStorage, SqliteStorage

from jobs import queue


def test_the_app_binds_the_queue_to_its_sqlite_file(app):
    assert queue.bound_app() is app
    assert isinstance(queue.huey.storage, SqliteStorage)
    assert queue.huey.storage.filename == app.config["HUEY_SQLITE_PATH"]


def test_a_redis_url_puts_the_queue_in_redis(app):
    app.config["REDIS_URL"] = "redis://127.0.0.1:6399/3"  # not connected until used
    try:
        queue.init_app(app)
        assert isinstance(queue.huey.storage, RedisStorage)
        where = queue.huey.storage.conn.connection_pool.connection_kwargs
        assert (where["port"], where["db"]) == (6399, 3)
    finally:
        del app.config["REDIS_URL"]
        queue.init_app(app)
    assert isinstance(queue.huey.storage, SqliteStorage)
