"""Measure the operations workspace: plan page and tour map server time, and how soon a
planner run shows progress.

Usage: .venv/bin/python bench/ops_pages.py [--solve-seconds 15] [--repeat 20]

Builds a throwaway SQLite database with the Dacorum sample, plans and publishes it, then times
requests through the app (server time: the WSGI app's own work, no network) and starts a real
queue worker to time the first progress update of a new run.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.page_timing import time_page  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solve-seconds", type=float, default=15.0)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ops-bench-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    huey_path = str(folder / "huey.sqlite3")
    os.environ.update(DATABASE_URL=url, HUEY_SQLITE_PATH=huey_path, SECRET_KEY="bench")

    from accounts.service import create_user
    from app import create_app
    from database.migrate import upgrade
    from extensions import db
    from jobs.models import SolveJob
    from jobs.service import start_solve
    from plans.models import Scenario
    from sample.loading import load_sample, plan_sample

    app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        scenario = load_sample(date(2027, 1, 4))
        plan = plan_sample(scenario, args.solve_seconds)
        create_user("bench", "bench-password-long", "ops")
        plan_id, sessions = plan.id, plan.kpis["sessions"]
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": "bench-password-long"})
    rows = [
        ("plan page (timeline, figures)", f"/ops/plans/{plan_id}"),
        ("plan page with a unit-week open", f"/ops/plans/{plan_id}?unit=op-1&week=3"),
        ("tour map frame (Folium)", f"/ops/plans/{plan_id}/map/frame"),
        ("site calendar", f"/ops/plans/{plan_id}/sites"),
        ("clinician rota", f"/ops/plans/{plan_id}/rota"),
    ]
    print(f"Dacorum sample plan: {sessions} sessions; {args.repeat} requests each")
    print(f"{'page':36} {'median ms':>10} {'max ms':>10}")
    for label, path in rows:
        median, worst = time_page(client, path, args.repeat)
        print(f"{label:36} {median * 1000:10.0f} {worst * 1000:10.0f}")

    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "worker"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2)  # the worker is up, as it is under `make run`
        with app.app_context():
            job = start_solve(db.session.get(Scenario, "dacorum-sample"), time_limit_s=20)
            started, first, coverage = time.monotonic(), None, None
            while time.monotonic() - started < 60:
                db.session.expire_all()
                row = db.session.get(SolveJob, job.id)
                if first is None and row.status == "running" and row.elapsed_s > 0:
                    first = time.monotonic() - started
                if row.best_coverage is not None:
                    coverage = time.monotonic() - started
                    break
                time.sleep(0.05)
        print(
            f"planner run: first progress update after {first:.1f} s; "
            f"first coverage figure after {coverage:.1f} s"
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)


if __name__ == "__main__":
    main()
