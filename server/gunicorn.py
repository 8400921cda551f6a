"""Run a WSGI app under gunicorn from Python: one worker process per core, threads in each.

One Python process runs one thread of Python at a time, so a single process cannot use a
second core; gunicorn forks a worker per core. `make_app` runs in each worker after the fork,
so it can drop (or make) what must not be shared across processes, such as pooled database
connections.
"""

from collections.abc import Callable

from gunicorn.app.base import BaseApplication

REQUEST_LINE_LIMIT = 8190  # gunicorn's default; URLs here are short
GRACEFUL_TIMEOUT_S = 10  # Ctrl+C: finish requests under way, then stop


class Server(BaseApplication):
    """gunicorn, serving the app that `make_app` builds in each worker."""

    def __init__(self, make_app: Callable, options: dict) -> None:
        self.make_app = make_app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.make_app()


def serve(make_app: Callable, *, host: str, port: int, workers: int, threads: int) -> None:
    """Serve until stopped (Ctrl+C or SIGTERM), logging requests' errors to the console."""
    Server(
        make_app,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "limit_request_line": REQUEST_LINE_LIMIT,
            "graceful_timeout": GRACEFUL_TIMEOUT_S,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
        },
    ).run()
