"""Measure the business pages on the Dacorum sample: server time of a plan's business page, as
planned and with contingencies, its Excel workbook, the ops home (which prices each published
plan) and the comparison of two plans.

Usage: .venv/bin/python bench/business_pages.py [--solve-seconds 15] [--repeat 10]

Builds a throwaway SQLite database with the Dacorum sample, plans and publishes it, copies the
plan for the comparison, then times requests through the app (the WSGI app's own work, no
network).
"""

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.page_timing import time_page  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solve-seconds", type=float, default=15.0)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="business-bench-"))
    os.environ.update(
        DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
        HUEY_SQLITE_PATH=str(folder / "huey.sqlite3"),
        SECRET_KEY="bench",
    )

    from accounts.service import create_user
    from app import create_app
    from database.migrate import upgrade
    from plans.editing import copy_plan
    from sample.loading import load_sample, plan_sample

    app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        scenario = load_sample(date(2027, 1, 4))
        plan = plan_sample(scenario, args.solve_seconds)
        other = copy_plan(plan, "Copy for comparing")
        create_user("bench", "bench-password-long", "ops")
        plan_id, other_id, sessions = plan.id, other.id, plan.kpis["sessions"]
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": "bench-password-long"})
    rows = [
        ("business page, as planned", f"/ops/plans/{plan_id}/business"),
        ("business page, with contingencies", f"/ops/plans/{plan_id}/business?contingencies=1"),
        ("business workbook (XLSX)", f"/ops/plans/{plan_id}/business.xlsx"),
        ("ops home (one published plan)", "/ops/"),
        ("compare two plans", f"/ops/business/compare?a={plan_id}&b={other_id}"),
        ("price book", "/ops/scenarios/dacorum-sample/prices"),
    ]
    print(f"Dacorum sample plan: {sessions} sessions; {args.repeat} requests each")
    print(f"{'page':36} {'median ms':>10} {'max ms':>10}")
    for label, path in rows:
        median, worst = time_page(client, path, args.repeat)
        print(f"{label:36} {median * 1000:10.0f} {worst * 1000:10.0f}")


if __name__ == "__main__":
    main()
