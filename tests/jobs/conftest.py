"""A real queue worker process on the test's database."""

import time

import pytest

from tests.conftest import spawn_worker


@pytest.fixture
def start_worker(app):
    """Start `flask worker` against the test database; stopped when the test ends."""
    processes = []

    def start():
        process = spawn_worker(app)
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=20)


def wait_for(predicate, timeout_s: float = 60.0, interval_s: float = 0.2):
    """Poll until predicate() is true; fail the test after the timeout."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval_s)
    raise AssertionError(f"gave up waiting after {timeout_s} s")
