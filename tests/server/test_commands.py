"""`flask serve`: gunicorn with the configured workers, and the queue's worker beside it,
stopped when the server stops."""

import server.commands


def test_flask_serve_runs_a_worker_process_per_core(app, runner, monkeypatch):
    calls = []
    monkeypatch.setattr(
        server.commands, "gunicorn_serve", lambda make_app, **options: calls.append(options)
    )
    app.config.update(SERVER_WORKERS=3, SERVER_THREADS=4)
    result = runner.invoke(args=["serve", "--no-worker"])
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 5000, "workers": 3, "threads": 4}]
    assert "3 worker process(es)" in result.output


class _Helper:
    def __init__(self, command: str, started: list):
        self.command, self.stopped = command, False
        started.append(self)

    def terminate(self) -> None:
        self.stopped = True

    def wait(self, timeout: float) -> int:
        return 0


def test_the_queue_worker_runs_beside_the_server_and_stops_with_it(app, runner, monkeypatch):
    started = []
    monkeypatch.setattr(server.commands, "_start", lambda command: _Helper(command, started))
    monkeypatch.setattr(server.commands, "gunicorn_serve", lambda make_app, **options: None)
    app.config["NOTIFY_STAND_IN"] = "1"
    result = runner.invoke(args=["serve", "--workers", "2", "--threads", "1"])
    assert result.exit_code == 0, result.output
    assert "with 2 worker process(es) of 1 threads" in result.output
    assert [(h.command, h.stopped) for h in started] == [
        ("worker", True),
        ("notify-stand-in", True),
    ]


def test_a_forked_worker_drops_the_connections_made_before_the_fork(app, monkeypatch):
    disposed = []
    monkeypatch.setattr(server.commands.db.engine, "dispose", lambda close: disposed.append(close))
    frozen = []
    monkeypatch.setattr(server.commands.gc, "freeze", lambda: frozen.append(True))
    assert server.commands.forked(app) is app and disposed == [False]
    assert frozen == [True]  # the start-up objects are out of the collector's reach
