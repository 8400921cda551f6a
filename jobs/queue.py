"""The Huey task queue: SQLite storage by default, Redis when REDIS_URL is set."""

from flask import Flask
from huey import MemoryHuey, RedisHuey
from huey.storage import SqliteStorage

QUEUE_NAME = "mobile-units"
# Tasks are declared on this queue at import; init_app gives it the app's storage. Until then
# it keeps tasks in memory (no file in a shared folder such as /tmp that others could plant).
huey = MemoryHuey(QUEUE_NAME)
_bound: dict[str, Flask] = {}


def init_app(app: Flask) -> None:
    """Point the queue at the app's storage and let tasks in this process use the app."""
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        redis_huey = RedisHuey(QUEUE_NAME, url=redis_url)
        huey.storage = redis_huey.storage
    else:
        huey.storage = SqliteStorage(QUEUE_NAME, filename=str(app.config["HUEY_SQLITE_PATH"]))
    _bound["app"] = app


def bound_app() -> Flask:
    """The app this process was started with (the web server's, or the worker's)."""
    return _bound["app"]
