"""Load-test the patients' search as `make run` serves it, on the Dacorum sample's published plan.

    .venv/bin/python -m bench.clinics_load [--clients 20] [--seconds 20] [--workers N]
        [--threads 4] [--server gunicorn|waitress]

A fresh SQLite database gets `init-db` and `load-sample --start <next Monday>` (which plans and
publishes the sample when the planner runs; else a greedy valid plan made here is published).
A child process serves the app with gunicorn, one worker process per core as `flask serve`
does (or with one waitress process, for comparison), timing each request in the app
(Server-Timing);
keep-alive clients in threads ask for one URL for a bounded time. Figures print as Markdown.
"""

import argparse
import http.client
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from waitress import serve as waitress_serve

from app import create_app
from bench.greedy_plan import greedy_plan
from extensions import db
from plans.bridge import scenario_instance, store_plan
from plans.calendar import next_monday
from plans.models import Plan, Scenario
from publishing.service import publish
from sample.loading import SAMPLE_ID
from scheduler import score
from server.gunicorn import serve as gunicorn_serve

URL = "/clinics?postcode=HP23%205JD&service=dermatology"
HOST = "127.0.0.1"
# The public pages' limit, raised so the clients (all from 127.0.0.1) are never refused,
# while the limiter still counts every request as it does in production.
BENCH_RATE_LIMIT = "10000000 per minute"


def prepare(database_url: str, plan_seconds: float) -> str:
    """Load the sample and publish a plan: the planner's if it runs, else a greedy one."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    runner = app.test_cli_runner()
    start = next_monday(date.today()).isoformat()
    load = ["load-sample", "--start", start]
    options = {p.name for p in app.cli.commands["load-sample"].params}
    if "plan_seconds" in options:
        load += ["--plan-seconds", str(plan_seconds)]  # `load-sample` plans and publishes
    if "waiting_list" in options:
        load.append("--no-waiting-list")  # every slot free, as in the earlier runs
    if runner.invoke(args=["init-db"]).exit_code:
        raise SystemExit("init-db failed")
    runner.invoke(args=load)  # if the planner fails, a greedy plan is published below
    with app.app_context():
        return _publish_a_plan(start)


def _publish_a_plan(start: str) -> str:
    """Describe the published plan, publishing a greedy one if the planner published none."""
    row = db.session.scalar(sa.select(Plan).where(Plan.status == "published"))
    made_by = "the planner (load-sample)"
    if row is None:
        scenario = db.session.get(Scenario, SAMPLE_ID)
        instance = scenario_instance(scenario)
        plan = greedy_plan(instance)
        kpis = score(instance, plan).to_json()
        row = store_plan(scenario, plan, name="Greedy bench plan", kpis=kpis)
        db.session.commit()
        publish(row)
        made_by = "the greedy builder in bench/greedy_plan.py"
    return (
        f"{len(row.placements)} placements, {len(row.sessions)} sessions over "
        f"{row.scenario.weeks} weeks from {start}, made by {made_by}, published"
    )


def timed_app(database_url: str, page_cache: bool):
    """The app, adding each request's time in the app as Server-Timing."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": True,
            "CLINICS_RATE_LIMIT": BENCH_RATE_LIMIT,
            "CLINICS_PAGE_CACHE": page_cache,
        }
    )

    def timed(environ, start_response):
        began = time.perf_counter()

        def start(status, headers, exc_info=None):
            elapsed_ms = (time.perf_counter() - began) * 1000
            return start_response(
                status, [*headers, ("Server-Timing", f"app;dur={elapsed_ms:.2f}")], exc_info
            )

        return app(environ, start)

    return timed


def serve(database_url: str, port: int, args: argparse.Namespace) -> None:
    """Serve the timed app with the server chosen."""
    page_cache = not args.no_page_cache
    if args.server == "waitress":
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # queueing is expected
        app = timed_app(database_url, page_cache)
        waitress_serve(app, host=HOST, port=port, threads=args.threads, _quiet=True)
    else:
        gunicorn_serve(
            lambda: timed_app(database_url, page_cache),
            host=HOST,
            port=port,
            workers=args.workers,
            threads=args.threads,
        )


def _client(
    port: int, url: str, until: float, latencies: list, server: list, errors: Counter
) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    while time.perf_counter() < until:
        began = time.perf_counter()
        connection.request("GET", url)
        response = connection.getresponse()
        response.read()
        latencies.append((time.perf_counter() - began) * 1000)
        if response.status != 200:
            errors[response.status] += 1
        timing = response.getheader("Server-Timing", "")
        if "dur=" in timing:
            server.append(float(timing.split("dur=")[1]))
    connection.close()


def load(port: int, url: str, clients: int, seconds: float) -> dict:
    """Run the clients for `seconds`; return requests per second and latency percentiles."""
    latencies: list[float] = []
    server: list[float] = []
    errors: Counter = Counter()
    until = time.perf_counter() + seconds
    began = time.perf_counter()
    pool = [
        threading.Thread(target=_client, args=(port, url, until, latencies, server, errors))
        for _ in range(clients)
    ]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - began
    pct = statistics.quantiles(latencies, n=100)
    app_pct = statistics.quantiles(server, n=100)
    return {
        "requests": len(latencies),
        "req/s": round(len(latencies) / elapsed),
        "p50 ms": round(pct[49], 1),
        "p95 ms": round(pct[94], 1),
        "p99 ms": round(pct[98], 1),
        "app p50 ms": round(app_pct[49], 1),
        "app p95 ms": round(app_pct[94], 1),
        "errors": dict(errors) or "none",
    }


def _wait_for(port: int, child: subprocess.Popen) -> None:
    for _ in range(200):
        if child.poll() is not None:
            raise SystemExit("the server stopped")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--server", choices=("gunicorn", "waitress"), default="gunicorn")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="gunicorn worker processes"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads in each process")
    parser.add_argument("--port", type=int, default=5731)
    parser.add_argument("--url", default=URL, help="the address to ask for")
    parser.add_argument("--plan-seconds", type=float, default=30, help="planner time limit")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="make every page afresh (the worst case)"
    )
    parser.add_argument("--serve", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args)
        return
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        described = prepare(database_url, args.plan_seconds)
        command = [sys.executable, "-m", "bench.clinics_load", "--serve", database_url]
        command += ["--port", str(args.port), "--threads", str(args.threads)]
        command += ["--server", args.server, "--workers", str(args.workers)]
        command += ["--no-page-cache"] if args.no_page_cache else []
        child = subprocess.Popen(command, cwd=Path(__file__).parents[1])
        try:
            _wait_for(args.port, child)
            load(args.port, args.url, 2, 2)  # warm up: the timetable is built, templates compiled
            figures = load(args.port, args.url, args.clients, args.seconds)
        finally:
            child.terminate()
            child.wait(timeout=10)
    print(f"Plan: {described}")
    cache = "off" if args.no_page_cache else "on"
    print(f"Load: {args.clients} keep-alive clients for {args.seconds:g} s, GET {args.url}")
    processes = 1 if args.server == "waitress" else args.workers
    print(
        f"Server: {args.server}, {processes} process(es) of {args.threads} threads; "
        f"page cache {cache}"
    )
    print("| " + " | ".join(figures) + " |")
    print("|" + " --- |" * len(figures))
    print("| " + " | ".join(str(value) for value in figures.values()) + " |")


if __name__ == "__main__":
    main()
