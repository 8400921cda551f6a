"""Rate limits shared by every server process (in Redis)."""

import importlib
import shutil
import socket
import subprocess
import time

import pytest

import config

REDIS = shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    """A real Redis server on a free loopback port, for this module's tests."""
    if REDIS is None:
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    port = _free_port()
    server = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


def test_two_server_processes_share_one_budget_in_redis(limited_app, redis_url):
    # Two apps, as two gunicorn workers would have, counting in the same Redis.
    first = limited_app(RATELIMIT_STORAGE_URI=redis_url)
    second = limited_app(RATELIMIT_STORAGE_URI=redis_url)
    address = {"REMOTE_ADDR": "192.0.2.10"}
    answers = [
        app.test_client().get("/services", environ_base=address).status_code
        for app in (first, second, first, second)
    ]
    assert answers == [200, 200, 200, 429]


def test_redis_url_sets_where_the_counts_are_kept(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6399/2")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    try:
        assert importlib.reload(config).Config.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6399/2"
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(config)
    assert config.Config.RATELIMIT_STORAGE_URI == "memory://"
