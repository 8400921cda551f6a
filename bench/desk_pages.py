"""Benchmark: the booking desk's pages with 10,000 referrals on the waiting list.

    .venv/bin/python -m bench.desk_pages [--referrals 10000] [--repeat 15] [--plan-seconds 15]

A fresh SQLite file gets `init-db` and `load-sample`, starting the 16-week tour eight weeks
before today, so half the plan has happened and half is still to book (the pages read the real
clock). Pathways are then written in bulk, drawn from the sample's demand (a fifth of them
direct-access tests), referred over the last year and more: some attended a past clinic, with an
outcome (a follow-up, a test, a day case, discharge or active monitoring), some booked into a
session to come, the rest waiting, until `--referrals` steps are open (waiting or booked). A
signed-in booking clerk then asks the app (Flask's test client, no network: server time) for the
waiting list, the RTT report and, if the route exists, a clinic's register, `--repeat` times
each after one warm-up. Figures print as Markdown; exit code 1 if a page misses its target.
"""

import argparse
import gc
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.booking_concurrency import prepare_sample
from extensions import db

TARGETS_MS = {"waiting list": 300, "RTT report": 300, "clinic register": 200}
PLAN_WEEKS_PAST = 8  # the tour began this many weeks ago
DIRECT_ACCESS_SHARE = 0.2  # of first steps: GP direct-access tests
MEAN_WAIT_DAYS = 75  # referral dates: exponential, so a tail waits over a year
LONGEST_WAIT_DAYS = 540
ATTENDED_SHARE = 0.35  # of first steps with a past clinic of their service after the referral
BOOKED_SHARE = 0.2  # of open steps, booked into a session still to come
OUTCOMES = {  # what a first attendance led to, and how often
    "follow_up": 0.45,
    "discharged": 0.25,
    "refer_on_diagnostic": 0.1,
    "decision_to_treat": 0.1,
    "active_monitoring": 0.1,
}
STEP_OF = {"follow_up": "follow_up", "refer_on_diagnostic": "diagnostic"}
STEP_OF["decision_to_treat"] = "day_case"
STOPS = {"discharged": "discharged", "active_monitoring": "active monitoring"}
PASSWORD = "bench-password-long"


@dataclass
class Slots:
    """Free slot numbers of each session, by service and by whether it is past or to come."""

    free: dict[int, list[int]] = field(default_factory=dict)
    past: dict[str, list[tuple[date, int]]] = field(default_factory=dict)
    ahead: dict[str, list[tuple[date, int]]] = field(default_factory=dict)

    def take(self, sessions: list[tuple[date, int]], rng: random.Random, after: date):
        """A free slot in one of the sessions on or after `after`: (date, session, slot)."""
        open_ = [(d, s) for d, s in sessions if d >= after and self.free[s]]
        if not open_:
            return None
        day, session_id = rng.choice(open_[:40])  # the soonest few weeks, as the desk books
        return day, session_id, self.free[session_id].pop(0)


def _slots(today: date) -> Slots:
    from booking.models import SessionSlot
    from plans.models import ClinicSession, Plan

    query = (
        sa.select(
            ClinicSession.id, ClinicSession.date, ClinicSession.service_id, SessionSlot.number
        )
        .join(SessionSlot, SessionSlot.session_id == ClinicSession.id)
        .join(Plan, Plan.id == ClinicSession.plan_id)
        .where(Plan.status == "published")
        .order_by(ClinicSession.date, ClinicSession.id, SessionSlot.number)
    )
    slots = Slots()
    for session_id, day, service_id, number in db.session.execute(query):
        if session_id not in slots.free:
            slots.free[session_id] = []
            side = slots.past if day < today else slots.ahead
            side.setdefault(service_id, []).append((day, session_id))
        slots.free[session_id].append(number)
    return slots


def _nhs_numbers():
    from booking.nhs_number import check_digit

    stem = 800_000_000
    while True:
        stem += 1
        digit = check_digit(f"{stem:09d}")
        if digit is not None:
            yield f"{stem:09d}{digit}"


class Builder:
    """Rows for the bulk inserts, with ids given here so they can point at each other."""

    def __init__(self, rng: random.Random, today: date):
        from inputs.models import Demand, Practice, Service

        self.rng, self.today = rng, today
        services = {s.id: s for s in db.session.scalars(sa.select(Service))}
        demand = list(db.session.scalars(sa.select(Demand).where(Demand.per_week > 0)))
        self.direct = [d for d in demand if services[d.service_id].unit_type == "radiology"]
        self.clinics = [d for d in demand if services[d.service_id].unit_type == "outpatient"]
        self.tests = [s for s in services.values() if s.unit_type == "radiology"]
        self.theatres = [s for s in services.values() if s.unit_type == "theatre"]
        self.practices = {p.id: p for p in db.session.scalars(sa.select(Practice))}
        self.slots = _slots(today)
        self.numbers = _nhs_numbers()
        self.pathways, self.events, self.referrals, self.bookings = [], [], [], []
        self.open_steps = 0

    def _event(self, pathway_id: int, kind: str, on: date, **ids) -> None:
        self.events.append(
            {"pathway_id": pathway_id, "kind": kind, "on": on, "detail": {}, "actor": "bench"}
            | {"referral_id": None, "booking_id": None}
            | ids
        )

    def _referral(self, pathway_id: int, patient: dict, service_id: str, on: date, **more):
        row = patient | {
            "id": len(self.referrals) + 1,
            "pathway_id": pathway_id,
            "service_id": service_id,
            "referral_date": on,
            "kind": "first",
            "due_date": None,
            "notes": "",
        }
        self.referrals.append(row | more)
        return row["id"]

    def _book(self, pathway_id: int, referral_id: int, taken, status: str, booked_on: date):
        day, session_id, number = taken
        booking_id = len(self.bookings) + 1
        self.bookings.append(
            {
                "id": booking_id,
                "referral_id": referral_id,
                "session_id": session_id,
                "slot_number": number,
                "status": status,
            }
        )
        self._event(pathway_id, "booked", booked_on, referral_id=referral_id, booking_id=booking_id)
        return booking_id

    def _waits(self, pathway_id: int, referral_id: int, service_id: str, since: date) -> None:
        """An open step: booked into a session to come, or waiting."""
        self.open_steps += 1
        if self.rng.random() < BOOKED_SHARE:
            taken = self.slots.take(self.slots.ahead.get(service_id, []), self.rng, self.today)
            if taken:
                self._book(pathway_id, referral_id, taken, "booked", max(since, self.today))

    def pathway(self) -> None:
        """One GP referral and what has happened on its pathway so far."""
        rng = self.rng
        drawn = self.direct if rng.random() < DIRECT_ACCESS_SHARE else self.clinics
        row = rng.choices(drawn, weights=[d.per_week for d in drawn])[0]
        practice = self.practices[row.practice_id]
        started = self.today - timedelta(
            days=min(int(rng.expovariate(1 / MEAN_WAIT_DAYS)), LONGEST_WAIT_DAYS)
        )
        patient = {
            "nhs_number": next(self.numbers),
            "name": f"Bench patient {len(self.pathways) + 1}",
            "date_of_birth": date(1940, 1, 1) + timedelta(days=rng.randrange(25_000)),
            "postcode": practice.postcode or "HP1 1AA",
            "practice_id": practice.id,
            "priority": "urgent" if rng.random() < 0.15 else "routine",
        }
        pathway = {"id": len(self.pathways) + 1, "started": started}
        self.pathways.append(pathway)
        self._event(pathway["id"], "referred", started)
        first = self._referral(pathway["id"], patient, row.service_id, started)
        past = self.slots.past.get(row.service_id, [])
        taken = rng.random() < ATTENDED_SHARE and self.slots.take(past, rng, started)
        if not taken:
            self._waits(pathway["id"], first, row.service_id, started)
            return
        clinic = taken[0]
        booking = self._book(
            pathway["id"], first, taken, "attended", max(started, clinic - timedelta(days=21))
        )
        self._event(pathway["id"], "attended", clinic, referral_id=first, booking_id=booking)
        if row in self.direct:
            return  # a test done; a report goes back to the GP
        outcome = rng.choices(list(OUTCOMES), weights=list(OUTCOMES.values()))[0]
        self.bookings[-1]["outcome"] = outcome
        self._event(pathway["id"], outcome, clinic, referral_id=first, booking_id=booking)
        if outcome in STOPS:
            pathway |= {"stopped": clinic, "stop_reason": STOPS[outcome]}
            if outcome == "discharged":
                pathway["ended"] = clinic
            return
        kind = STEP_OF[outcome]
        service_id = {
            "follow_up": row.service_id,
            "diagnostic": rng.choice(self.tests).id,
            "day_case": rng.choice(self.theatres).id,
        }[kind]
        due = clinic + timedelta(weeks=rng.randint(2, 12)) if kind == "follow_up" else None
        step = self._referral(pathway["id"], patient, service_id, clinic, kind=kind, due_date=due)
        self._waits(pathway["id"], step, service_id, clinic)

    def write(self) -> None:
        from booking.models import Booking, Referral
        from pathways.models import Pathway, PathwayEvent

        defaults = {"stopped": None, "stop_reason": None, "ended": None}
        db.session.execute(sa.insert(Pathway), [defaults | p for p in self.pathways])
        db.session.execute(sa.insert(Referral), self.referrals)
        db.session.execute(sa.insert(Booking), [{"outcome": None} | b for b in self.bookings])
        db.session.execute(sa.insert(PathwayEvent), self.events)
        db.session.commit()


def _timed(client, path: str, repeat: int) -> tuple[list[float], list[float]]:
    """Server times and CPU times of `repeat` requests (ms), after one to warm up."""
    client.get(path)  # templates compiled, caches filled
    wall, cpu = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.thread_time()
        response = client.get(path)
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.thread_time() - began_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return wall, cpu


def _p90(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=10, method="inclusive")[-1]


def _register_session() -> int | None:
    """The session with the most appointments today or earlier: the busiest register."""
    from booking.models import Booking

    return db.session.scalar(
        sa.select(Booking.session_id)
        .group_by(Booking.session_id)
        .order_by(sa.func.count().desc(), Booking.session_id)
        .limit(1)
    )


def _machine() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        model = next(line.split(":", 1)[1].strip() for line in lines if "model name" in line)
    except (OSError, StopIteration):
        model = platform.machine()
    return f"{os.cpu_count()} × {model}, load average {os.getloadavg()[0]:.1f}"


def main(argv: list[str] | None = None) -> int:
    from accounts.service import create_user
    from app import create_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plan-seconds", type=float, default=15.0)
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="move what the app holds after start-up out of the garbage collector's reach "
        "(gc.freeze), as a server could once a worker has started",
    )
    args = parser.parse_args(argv)
    today = date.today()
    start = today - timedelta(days=today.weekday(), weeks=PLAN_WEEKS_PAST)
    folder = Path(tempfile.mkdtemp(prefix="bench-desk-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", "bench")
    described = prepare_sample(url, args.plan_seconds, start=start)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "HTTPS": False,
            "HUEY_SQLITE_PATH": str(folder / "huey.sqlite3"),
        }
    )
    with app.app_context():
        began = time.perf_counter()
        builder = Builder(random.Random(args.seed), today)
        while builder.open_steps < args.referrals:
            builder.pathway()
        builder.write()
        built = time.perf_counter() - began
        create_user("bench-clerk", PASSWORD, "booking")
        session_id = _register_session()
        db.session.remove()
    if args.gc_freeze:
        gc.collect()
        gc.freeze()
    client = app.test_client()
    response = client.post("/login", data={"username": "bench-clerk", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    booked = sum(1 for b in builder.bookings if b["status"] == "booked")
    attended = len(builder.bookings) - booked
    print(f"- plan: {described}; the tour began {start:%-d %B %Y}, today is {today:%-d %B %Y}")
    print(
        f"- {builder.open_steps:,} open steps on the waiting list ({booked:,} booked), "
        f"{len(builder.pathways):,} pathways, {len(builder.referrals):,} steps, "
        f"{attended:,} attendances; written in {built:.1f} s"
    )
    print(f"- {_machine()}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    collector = "start-up objects frozen" if args.gc_freeze else "as Python has it"
    print(f"- garbage collector: {collector}")
    pages = [
        ("waiting list", "/booking/"),
        ("RTT report", "/booking/reports/rtt"),
        ("clinic register", f"/booking/sessions/{session_id}/register"),
    ]
    print("\n| page | requests | median ms | p90 ms | CPU median ms | target ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    missed = False
    for label, path in pages:
        if client.get(path).status_code == 404:
            print(f"| {label} (`{path}`) | – | – | – | – | not built yet: the route answers 404 |")
            continue
        wall, cpu = _timed(client, path, args.repeat)
        median, p90, on_cpu = statistics.median(wall), _p90(wall), statistics.median(cpu)
        missed |= median >= TARGETS_MS[label]
        print(
            f"| {label} | {len(wall)} | {median:.0f} | {p90:.0f} | {on_cpu:.0f} "
            f"| {TARGETS_MS[label]} |"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
