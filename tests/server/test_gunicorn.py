"""gunicorn as `flask serve` runs it: several worker processes answer at once."""

import http.client
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A server whose app answers with its process id, slowly, one request per worker at a time.
CHILD = """
import os, sys, time
from server.gunicorn import serve

def app(environ, start_response):
    time.sleep(0.5)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]

serve(lambda: app, host="127.0.0.1", port=int(sys.argv[1]), workers=2, threads=1)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/")
    response = connection.getresponse()
    assert response.getheader("Server") == "gunicorn"  # no version for attackers to look up
    return response.read().decode()


def test_two_worker_processes_answer_requests_at_once():
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", CHILD, str(port)], cwd=ROOT)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        _get(port)  # one worker is up; the second may still be booting on a busy machine
        pids: set[str] = set()
        deadline = time.monotonic() + 30
        while len(pids) < 2 and time.monotonic() < deadline:
            with ThreadPoolExecutor(8) as pool:  # eight slow requests at once
                pids |= set(pool.map(lambda _: _get(port), range(8)))
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert len(pids) == 2  # both processes took some, and no third answered
