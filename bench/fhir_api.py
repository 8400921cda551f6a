"""Benchmark the FHIR API as `flask serve` runs it, on the Dacorum sample's published plan.

    .venv/bin/python -m bench.fhir_api [--rate 100] [--clients 10] [--seconds 20]
        [--attempts 50] [--free 10] [--server gunicorn|waitress] [--workers N] [--threads 4]

A fresh SQLite database gets `init-db` and `load-sample --start <next Monday>` (planned and
published, or a greedy plan: see bench/clinics_load.py), and ten API clients of practice
E82001. A child process serves the app (gunicorn, one worker per core, as `flask serve`
does; or one waitress process), timing each request in the app (Server-Timing), with the
API's rate limit raised past the load but still counted.

1. Slot search: the clients, each on a keep-alive connection with a token of its own, ask
   `GET /fhir/Slot?status=free&start=ge<Monday>&start=le<Monday + 14 days>` (by service, and
   for every service a page of 100) at an even pace adding up to `--rate` requests a second,
   for a bounded time. Each search is audited, as in production.
2. Booking race: `--attempts` clients wait at a barrier, then each POSTs an Appointment for a
   new patient into one of `--free` free slots (a few clients per slot) at once; exactly
   `--free` must get 201 and the rest 409, and the database must hold exactly one booking
   per slot and no referral for a refused booking.

The figures print as Markdown; the exit code is 1 if the race's checks fail.
"""

import argparse
import http.client
import json
import logging
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa
from waitress import serve as waitress_serve

from app import create_app
from bench.clinics_load import BENCH_RATE_LIMIT, HOST, _wait_for, prepare
from booking.models import Booking, Referral, SessionSlot
from booking.nhs_number import check_digit
from extensions import db
from fhir_api.clients import create_client
from plans.calendar import next_monday
from server.gunicorn import serve as gunicorn_serve

PRACTICE = "E82001"  # the sample's first practice (Tring)
WINDOW_DAYS = 14
SERVICE = "dermatology"


def bench_app(database_url: str):
    """The app, its API rate limit raised but counted, each request's time in Server-Timing."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_ENABLED": True,
        "FHIR_RATE_LIMIT": BENCH_RATE_LIMIT,
    }
    if db_name(database_url) == "SQLite":  # writers wait for the lock, as `flask serve`'s do
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    app = create_app(settings)

    def timed(environ, start_response):
        began = time.perf_counter()

        def start(status, headers, exc_info=None):
            elapsed_ms = (time.perf_counter() - began) * 1000
            headers = [*headers, ("Server-Timing", f"app;dur={elapsed_ms:.2f}")]
            return start_response(status, headers, exc_info)

        return app(environ, start)

    return timed


def serve(database_url: str, args: argparse.Namespace) -> None:
    if args.server == "waitress":
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # queueing is expected
        waitress_serve(bench_app(database_url), host=HOST, port=args.port, threads=args.threads)
    else:
        gunicorn_serve(
            lambda: bench_app(database_url),
            host=HOST,
            port=args.port,
            workers=args.workers,
            threads=args.threads,
        )


def make_clients(database_url: str, count: int) -> list[tuple[str, str]]:
    """API clients of the practice: [(client_id, client_secret), ...]."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        made = [create_client(PRACTICE, f"Bench client {i + 1}") for i in range(count)]
    return [(m.client_id, m.client_secret) for m in made]


def _request(connection, method: str, url: str, body=None, headers=None):
    connection.request(method, url, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    return response, data


def get_token(port: int, client_id: str, secret: str) -> str:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    form = urlencode(
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    response, data = _request(connection, "POST", "/fhir/token", form, headers)
    connection.close()
    assert response.status == 200, data
    return json.loads(data)["access_token"]


def _searcher(port, url, token, interval, until, out) -> None:
    """One client asking every `interval` seconds (sooner when it fell behind)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Authorization": f"Bearer {token}"}
    due = time.perf_counter()
    while due < until:
        time.sleep(max(0.0, due - time.perf_counter()))
        began = time.perf_counter()
        response, _ = _request(connection, "GET", url, headers=headers)
        out["latency"].append((time.perf_counter() - began) * 1000)
        out["status"][response.status] += 1
        timing = response.getheader("Server-Timing", "")
        if "dur=" in timing:
            out["server"].append(float(timing.split("dur=")[1]))
        due += interval
    connection.close()


def search_load(port, url, tokens, rate, seconds) -> dict:
    out = {"latency": [], "server": [], "status": Counter()}
    interval = len(tokens) / rate
    began = time.perf_counter()
    until = began + seconds
    threads = [
        threading.Thread(target=_searcher, args=(port, url, token, interval, until, out))
        for token in tokens
    ]
    for thread in threads:
        thread.start()
        time.sleep(interval / len(tokens))  # spread the clients over one interval
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latency, server = (
        statistics.quantiles(out["latency"], n=100),
        statistics.quantiles(out["server"], n=100),
    )
    return {
        "requests": len(out["latency"]),
        "req/s": round(len(out["latency"]) / elapsed),
        "p50 ms": round(latency[49], 1),
        "p95 ms": round(latency[94], 1),
        "app p50 ms": round(server[49], 1),
        "app p95 ms": round(server[94], 1),
        "app max ms": round(max(out["server"]), 1),
        "statuses": dict(out["status"]),
    }


def _nhs_number(serial: int) -> str:
    stem = 700_000_000 + serial * 13
    while check_digit(f"{stem:09d}") is None:
        stem += 1
    return f"{stem:09d}{check_digit(f'{stem:09d}')}"


def _body(slot: str, serial: int) -> str:
    return json.dumps(
        {
            "resourceType": "Appointment",
            "status": "booked",
            "slot": [{"reference": f"Slot/{slot}"}],
            "contained": [
                {
                    "resourceType": "Patient",
                    "id": "p",
                    "name": [{"text": f"Bench Patient {serial}"}],
                    "birthDate": "1958-03-02",
                    "address": [{"postalCode": "HP23 6PU"}],
                }
            ],
            "participant": [
                {
                    "actor": {
                        "reference": "#p",
                        "identifier": {
                            "system": "https://fhir.nhs.uk/Id/nhs-number",
                            "value": _nhs_number(serial),
                        },
                    },
                    "status": "accepted",
                }
            ],
        }
    )


def free_slots(port: int, token: str, monday: date, count: int) -> list[str]:
    """`count` free first-appointment slots of the service in the window, by the API."""
    query = {
        "status": "free",
        "start": [f"ge{monday}", f"le{monday + timedelta(days=WINDOW_DAYS)}"],
        "service-type": SERVICE,
        "appointment-type": "ROUTINE",
        "_count": count,
    }
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    url = f"/fhir/Slot?{urlencode(query, doseq=True)}"
    _, data = _request(connection, "GET", url, headers={"Authorization": f"Bearer {token}"})
    connection.close()
    return [entry["resource"]["id"] for entry in json.loads(data)["entry"]]


def race(port: int, tokens: list[str], slots: list[str], attempts: int) -> list[int]:
    """Post `attempts` bookings at once over the slots; the statuses, in order."""
    barrier = threading.Barrier(attempts)
    statuses = [0] * attempts

    def attempt(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        connection.connect()
        headers = {
            "Authorization": f"Bearer {tokens[index % len(tokens)]}",
            "Content-Type": "application/fhir+json",
        }
        body = _body(slots[index % len(slots)], index)
        barrier.wait()
        response, _ = _request(connection, "POST", "/fhir/Appointment", body, headers)
        statuses[index] = response.status
        connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def check_race(database_url: str, slots: list[str]) -> dict:
    """What the database holds after the race."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    pairs = [tuple(int(part) for part in slot.split("-")) for slot in slots]
    with app.app_context():
        held = Counter(
            (b.session_id, b.slot_number)
            for b in db.session.scalars(sa.select(Booking).where(Booking.status != "cancelled"))
            if (b.session_id, b.slot_number) in pairs
        )
        made = db.session.scalar(
            sa.select(sa.func.count()).select_from(Referral).where(Referral.practice_id == PRACTICE)
        )
        kinds = set(
            db.session.scalars(
                sa.select(SessionSlot.kind).where(
                    sa.tuple_(SessionSlot.session_id, SessionSlot.number).in_(pairs)
                )
            )
        )
    return {
        "slots booked once": sum(1 for n in held.values() if n == 1),
        "slots booked twice": sum(1 for n in held.values() if n > 1),
        "referrals made": made,
        "slot kinds": sorted(kinds),
    }


def db_name(database_url: str) -> str:
    return "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"


def _table(rows: list[dict]) -> str:
    heads = list(rows[0])
    lines = ["| " + " | ".join(heads) + " |", "|" + " --- |" * len(heads)]
    lines += ["| " + " | ".join(str(row[h]) for h in heads) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100, help="slot searches a second in all")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--attempts", type=int, default=50)
    parser.add_argument("--free", type=int, default=10)
    parser.add_argument("--server", choices=("gunicorn", "waitress"), default="gunicorn")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=5733)
    parser.add_argument("--plan-seconds", type=float, default=15, help="planner time limit")
    parser.add_argument(
        "--wal", action="store_true", help="put the SQLite file in WAL mode (not the default)"
    )
    parser.add_argument(
        "--database-url", help="an empty database to use instead of a new SQLite file"
    )
    parser.add_argument("--serve", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args)
        return
    monday = next_monday(date.today())
    window = f"start=ge{monday}&start=le{monday + timedelta(days=WINDOW_DAYS)}"
    searches = {
        f"one service ({SERVICE})": f"/fhir/Slot?status=free&{window}&service-type={SERVICE}",
        "every service, first page of 100": f"/fhir/Slot?status=free&{window}&_count=100",
    }
    with tempfile.TemporaryDirectory() as folder:
        database_url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        described = prepare(database_url, args.plan_seconds)
        credentials = make_clients(database_url, args.clients)
        if args.wal:
            with sqlite3.connect(Path(folder) / "bench.sqlite3") as connection:
                connection.execute("PRAGMA journal_mode=WAL")
        command = [sys.executable, "-m", "bench.fhir_api", "--serve", database_url]
        command += ["--port", str(args.port), "--threads", str(args.threads)]
        command += ["--server", args.server, "--workers", str(args.workers)]
        child = subprocess.Popen(command, cwd=Path(__file__).parents[1])
        try:
            _wait_for(args.port, child)
            tokens = [get_token(args.port, *pair) for pair in credentials]
            search_load(args.port, next(iter(searches.values())), tokens, 20, 2)  # warm up
            rows = []
            for what, url in searches.items():
                figures = search_load(args.port, url, tokens, args.rate, args.seconds)
                rows.append({"search": what} | figures)
            slots = free_slots(args.port, tokens[0], monday, args.free)
            statuses = race(args.port, tokens, slots, args.attempts)
        finally:
            child.terminate()
            child.wait(timeout=10)
        held = check_race(database_url, slots)
    counted = Counter(statuses)
    processes = 1 if args.server == "waitress" else args.workers
    print(f"Plan: {described}")
    journal = "WAL" if args.wal else "rollback journal (the default)"
    print(f"Server: {args.server}, {processes} process(es) of {args.threads} threads")
    print(f"Database: {db_name(database_url)}" + ("" if args.database_url else f", {journal}"))
    print(
        f"\nSlot search, {monday} + {WINDOW_DAYS} days: {args.clients} clients with tokens of "
        f"their own, {args.rate:g} requests a second in all, {args.seconds:g} s each\n"
    )
    print(_table(rows))
    print(
        f"\nBooking race: {args.attempts} POST /fhir/Appointment at once on {len(slots)} free "
        f"slots of {SERVICE}\n"
    )
    print(
        _table(
            [
                {"201": counted[201], "409": counted[409]}
                | held
                | {"other": {s: n for s, n in counted.items() if s not in (201, 409)} or "none"}
            ]
        )
    )
    expected = counted == {201: len(slots), 409: args.attempts - len(slots)}
    consistent = held["slots booked once"] == len(slots) and not held["slots booked twice"]
    consistent = consistent and held["referrals made"] == len(slots)
    if not (expected and consistent):
        print("\nFAILED: the race did not end in exactly one booking per slot")
        sys.exit(1)


if __name__ == "__main__":
    main()
