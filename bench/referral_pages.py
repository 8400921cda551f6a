"""Measure the referral analysis pages on 50,000 referrals: the funnel page, a practice's
report and the demand forecast for every practice and service.

Usage: .venv/bin/python bench/referral_pages.py [--referrals 50000] [--repeat 10]

Builds a throwaway SQLite database with the Dacorum sample's practices and services (no plan),
adds the referrals as copies from practices spread over two years (each practice in proportion
to its list, each service to its planning demand), then times requests through the app (server
time: the WSGI app's own work, no network) and the forecast on its own.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LAST_DAY = date(2026, 11, 29)
DAYS = 728  # two years


def _time(action, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), max(samples)


def _referrals(number: int) -> list[dict]:
    """`number` copies: practice and service drawn by demand, day uniformly over two years."""
    import sqlalchemy as sa

    from extensions import db
    from inputs.models import Demand

    demand = db.session.execute(sa.select(Demand.practice_id, Demand.service_id, Demand.per_week))
    pairs, weights = zip(*(((p, s), w) for p, s, w in demand), strict=True)
    rng = random.Random(13)  # nosec B311: made-up referrals
    drawn = rng.choices(pairs, weights=weights, k=number)
    first = LAST_DAY - timedelta(days=DAYS - 1)
    return [
        dict(
            practice_id=practice,
            service_id=service,
            referred_on=first + timedelta(days=rng.randrange(DAYS)),
            source="bench",
        )
        for practice, service in drawn
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="referral-bench-"))
    os.environ.update(
        DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
        HUEY_SQLITE_PATH=str(folder / "huey.sqlite3"),
        SECRET_KEY="bench",
    )

    import sqlalchemy as sa

    from accounts.service import create_user
    from app import create_app
    from database.migrate import upgrade
    from extensions import db
    from plans.models import Scenario
    from referral_analysis.forecast import forecast_demand
    from referral_analysis.models import ReferralCopy
    from sample.loading import load_sample

    app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        scenario_id = load_sample(date(2026, 11, 30)).id
        db.session.execute(sa.insert(ReferralCopy), _referrals(args.referrals))
        db.session.commit()
        create_user("bench", "bench-password-long", "ops")
        scenario = db.session.get(Scenario, scenario_id)
        practice = scenario.practices[0].id
        forecast = _time(lambda: forecast_demand(scenario, LAST_DAY), args.repeat)
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": "bench-password-long"})
    rows = [
        ("rates page, every service (summary)", "/ops/referrals/"),
        ("funnel page, one service", "/ops/referrals/?service=dermatology"),
        ("trends (XmR and seasons)", "/ops/referrals/trends?service=dermatology"),
        (f"practice report ({practice})", f"/ops/referrals/practices/{practice}"),
        ("practice report download", f"/ops/referrals/practices/{practice}.csv"),
        ("demand forecast page", f"/ops/referrals/forecast/?scenario={scenario_id}"),
    ]
    print(f"{args.referrals:,} referrals over two years; {args.repeat} requests each")
    print(f"{'what':40} {'median ms':>10} {'max ms':>10}")
    for label, path in rows:

        def get(path=path):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        median, worst = _time(get, args.repeat)
        print(f"{label:40} {median * 1000:10.0f} {worst * 1000:10.0f}")
    median, worst = forecast
    print(f"{'forecast, every practice and service':40} {median * 1000:10.0f} {worst * 1000:10.0f}")


if __name__ == "__main__":
    main()
