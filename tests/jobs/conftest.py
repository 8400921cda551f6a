"""A real queue worker process on the test's database."""

import os
import subprocess
import sys
import time

import pytest

from config import ROOT


@pytest.fixture
def start_worker(app):
    """Start `flask worker` against the test database; stopped when the test ends."""
    processes = []

    def start():
        env = os.environ | {
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "HUEY_SQLITE_PATH": app.config["HUEY_SQLITE_PATH"],
            "SECRET_KEY": "test-secret",
            "SOLVER_WORKERS": "1",
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
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
