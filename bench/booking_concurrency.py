"""Benchmark: many clerks book the last free slots of one session at the same moment.

    .venv/bin/python -m bench.booking_concurrency [--attempts 50] [--free 10] [--threads]
                                                  [--no-write-lock]

A fresh SQLite file gets `init-db` and `load-sample --start 2027-01-04` (which plans and
publishes the sample; if the planner publishes nothing, the baseline plan is published). One
session of a service with at least `--free` slots is filled until exactly `--free` are left.
Then `--attempts` processes (or threads), each with its own app and database connection, wait
at a barrier and call the booking service at once for different patients. The figures and the
consistency checks print as Markdown; the exit code is 1 if a check fails.
"""

import argparse
import multiprocessing
import platform
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from app import create_app
from extensions import db

START = date(2027, 1, 4)
NOW = datetime(2027, 1, 4, 7, 0)  # the desk's clock: the Monday the plan starts, before opening
BUSY_TIMEOUT_S = 30  # how long a connection waits for SQLite's write lock
POOL_SIZE = 64  # a connection for every clerk thread, so none waits for the pool


def bench_app(url: str):
    """An app on the database, whose connections wait for the write lock."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "connect_args": {"timeout": BUSY_TIMEOUT_S},
                "pool_size": POOL_SIZE,
            },
        }
    )


def prepare_sample(url: str, plan_seconds: float = 15.0, start: date = START) -> str:
    """Load the Dacorum sample, its tour starting on `start`, and publish a plan; describe it."""
    from plans.bridge import scenario_instance, store_plan
    from plans.models import Plan, Scenario
    from publishing.service import publish

    app = bench_app(url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    load = ["load-sample", "--start", start.isoformat(), "--plan-seconds", str(plan_seconds)]
    load.append("--no-waiting-list")  # the bench makes its own referrals
    runner.invoke(args=load)
    with app.app_context():
        plan = db.session.scalar(sa.select(Plan).where(Plan.status == "published"))
        made_by = f"the planner (`load-sample`, {plan_seconds:g} s)"
        if plan is None:
            from scheduler import baseline, score

            scenario = db.session.get(Scenario, "dacorum-sample")
            instance = scenario_instance(scenario)
            domain = baseline(instance)
            plan = store_plan(
                scenario, domain, name="Baseline", kpis=score(instance, domain).to_json()
            )
            db.session.commit()
            publish(plan)
            made_by = "the baseline planner (`scheduler.baseline`)"
        return f"{len(plan.sessions)} sessions over {plan.scenario.weeks} weeks, by {made_by}"


def make_referrals(service_id: str, count: int, first_serial: int) -> list[int]:
    """Add `count` routine referrals for the service at the sample's practices."""
    from booking.models import Referral
    from booking.nhs_number import check_digit
    from inputs.models import Practice

    practices = list(db.session.scalars(sa.select(Practice).order_by(Practice.id)))
    rows = []
    stem = 600_000_000 + first_serial * 11
    while len(rows) < count:
        stem += 1
        digit = check_digit(f"{stem:09d}")
        if digit is None:
            continue
        practice = practices[len(rows) % len(practices)]
        rows.append(
            Referral(
                nhs_number=f"{stem:09d}{digit}",
                name=f"Bench patient {stem}",
                date_of_birth=date(1960, 1, 1),
                postcode=practice.postcode or "HP1 1AA",
                practice_id=practice.id,
                service_id=service_id,
                priority="routine",
                referral_date=date(2026, 11, 2),
            )
        )
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows]


LOST: Counter = Counter()  # inserts the unique index refused, by referral id


def _count_lost_races(service) -> None:
    """Wrap the service's insert once per process to count the races it lost."""
    take = service._take_slot
    if getattr(take, "counting", False):
        return

    def counted(referral_id, *rest):
        try:
            return take(referral_id, *rest)
        except sa.exc.IntegrityError:  # the index refused the insert: the service tries again
            LOST[referral_id] += 1
            raise

    counted.counting = True
    service._take_slot = counted


def _in_process(url: str, *args) -> None:
    """A clerk in a process of their own, with their own app."""
    _attempt(bench_app(url), *args)


def _attempt(app, referral_id: int, session_id: int, barrier, no_lock: bool, out) -> None:
    """One clerk: wait for the others, then book (in an app context of their own)."""
    from booking import service
    from database import locking

    _count_lost_races(service)
    with app.app_context():
        if no_lock:  # no BEGIN IMMEDIATE: SQLite takes its write lock at the first write
            locking.begin_write = lambda: None
        # Warm up as a running server would be: connected, mappers configured, caches full.
        referral = db.session.get(service.Referral, referral_id)
        service.check_bookable(referral, session_id, NOW)
        service.find_slots(referral, NOW, limit=1)
        db.session.rollback()
        barrier.wait(timeout=600)
        released, began = time.time(), time.perf_counter()
        try:
            booking = service.book(referral_id, session_id, now=NOW)
            outcome = ("booked", booking.slot_number)
        except service.SlotTaken as refused:
            outcome = ("refused", str(refused))
        except service.BookingRefused as refused:
            outcome = ("other", str(refused))
        except Exception as error:  # reported, so that the benchmark never hangs
            outcome = ("other", f"{type(error).__name__}: {error}")
        out.put((*outcome, time.perf_counter() - began, released, time.time(), LOST[referral_id]))
        db.session.remove()


def _session_to_race(free: int):
    """A session of a service with at least `free` slots, filled until `free` are left."""
    from booking.openings import bookable_openings
    from booking.service import book

    opening = next(o for o in bookable_openings(None, NOW) if o.slots >= free)
    for referral_id in make_referrals(opening.service_id, opening.slots - free, 0):
        book(referral_id, opening.session_id, now=NOW)
    return opening


def check(session_id: int, slots: int, outcomes: list) -> list[tuple[str, bool]]:
    """Consistency checks after the race, each with whether it holds."""
    from audit.models import AuditEvent
    from booking.models import Booking

    held = db.session.scalars(
        sa.select(Booking.slot_number).where(
            Booking.session_id == session_id, Booking.status != "cancelled"
        )
    ).all()
    per_referral = db.session.scalars(
        sa.select(sa.func.count())
        .select_from(Booking)
        .where(Booking.status.in_(("booked", "arrived")))
        .group_by(Booking.referral_id)
    ).all()
    books = db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "book")
    )
    booked = sum(1 for kind, *_ in outcomes if kind == "booked")
    return [
        (f"bookings held in the session = its {slots} slots", len(held) == slots),
        ("no slot held twice", len(held) == len(set(held))),
        ("every slot number is one of the session's", set(held) <= set(range(slots))),
        ("no referral holds two appointments", max(per_referral, default=0) <= 1),
        ("one audit event per booking made", books == len(held)),
        ("every winner's slot is held", booked <= len(held)),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=50)
    parser.add_argument("--free", type=int, default=10)
    parser.add_argument("--threads", action="store_true", help="threads instead of processes")
    parser.add_argument("--no-write-lock", action="store_true", help="rely on the index alone")
    parser.add_argument("--plan-seconds", type=float, default=15.0)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-booking-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    described = prepare_sample(url, args.plan_seconds)
    app = bench_app(url)
    with app.app_context():
        opening = _session_to_race(args.free)
        referrals = make_referrals(opening.service_id, args.attempts, 1000)
        db.session.remove()
    if args.threads:  # one app shared by the threads (Flask apps are built one at a time)
        import queue

        barrier, out, spawn = threading.Barrier(args.attempts), queue.Queue(), threading.Thread
        target, first = _attempt, app
    else:
        context = multiprocessing.get_context("spawn")
        barrier, out, spawn = context.Barrier(args.attempts), context.Queue(), context.Process
        target, first = _in_process, url
    workers = [
        spawn(target=target, args=(first, r, opening.session_id, barrier, args.no_write_lock, out))
        for r in referrals
    ]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    outcomes = [out.get(timeout=900) for _ in workers]  # spawning 50 apps takes a while
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - began
    with app.app_context():
        checks = check(opening.session_id, opening.slots, outcomes)
    counts = Counter(outcome[0] for outcome in outcomes)
    messages = Counter(outcome[1] for outcome in outcomes if outcome[0] != "booked")
    calls = sorted(outcome[2] for outcome in outcomes)
    span = max(o[4] for o in outcomes) - min(o[3] for o in outcomes)
    print(
        f"- machine: {platform.machine()}, {multiprocessing.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
    print(f"- plan: {described}")
    print(
        f"- session: {opening.service_name} at {opening.site_name}, "
        f"{opening.start:%a %-d %b %Y %H:%M}, {opening.slots} slots, {args.free} free"
    )
    print(
        f"- {args.attempts} {'threads' if args.threads else 'processes'}"
        f"{' without the early write lock' if args.no_write_lock else ''}: "
        f"{counts['booked']} booked, {counts['refused']} refused, {counts['other']} other"
    )
    for message, n in messages.items():
        print(f"  - {n} × “{message}”")
    print(f"  - inserts refused by the unique index and retried: {sum(o[5] for o in outcomes)}")
    print(
        f"- all {args.attempts} answered within {span:.2f} s of the barrier's release; "
        f"booking call median {calls[len(calls) // 2] * 1000:.0f} ms, "
        f"slowest {calls[-1] * 1000:.0f} ms; whole run {wall:.1f} s with start-up"
    )
    for text, holds in checks:
        print(f"- {'✔' if holds else '✘'} {text}")
    exact = counts["booked"] == args.free and counts["refused"] == args.attempts - args.free
    return 0 if exact and all(holds for _, holds in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
