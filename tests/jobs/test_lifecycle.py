"""The life of a planner run with a real worker: queued, running, progress, and how it ends."""

import json

import pytest

from extensions import db
from jobs.models import SolveJob
from jobs.service import JobError, request_cancel, start_solve
from plans.models import Plan, Scenario
from tests.data import INSTANCES
from tests.jobs.conftest import wait_for


def _import(runner, path, scenario_id=None):
    args = ["import-instance", str(path)] + (["--scenario-id", scenario_id] if scenario_id else [])
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    return db.session.get(Scenario, scenario_id or json.loads(path.read_text())["name"])


def _job(job_id: int) -> SolveJob:
    db.session.expire_all()
    return db.session.get(SolveJob, job_id)


def test_run_goes_from_queued_to_done_with_progress_and_a_draft_plan(runner, start_worker):
    scenario = _import(runner, INSTANCES / "example-small.json")
    job = start_solve(scenario, time_limit_s=5)
    assert job.status == "queued"
    start_worker()
    wait_for(lambda: _job(job.id).status != "queued", 30)
    done = wait_for(lambda: _job(job.id).finished and _job(job.id), 90)
    assert done.status == "done", done.message
    assert done.elapsed_s > 0 and done.best_coverage > 0
    assert done.bound is None or done.bound >= done.best_coverage - 1e-6
    plan = db.session.get(Plan, done.plan_id)
    assert plan.status == "draft" and plan.kpis["coverage"] == done.best_coverage
    assert plan.sessions and plan.placements


def test_progress_json_reports_the_job(client, login, runner):
    login("ops")
    scenario = _import(runner, INSTANCES / "example-small.json")
    job = start_solve(scenario, time_limit_s=5)
    body = client.get(f"/ops/jobs/{job.id}/progress.json").json
    assert body["status"] == "queued" and body["finished"] is False
    assert client.get(f"/ops/jobs/{job.id}").status_code == 200


def test_cancelled_while_queued_never_starts(runner, start_worker):
    scenario = _import(runner, INSTANCES / "example-small.json")
    job = start_solve(scenario, time_limit_s=5)
    request_cancel(job)
    start_worker()
    cancelled = wait_for(lambda: _job(job.id).finished and _job(job.id), 30)
    assert cancelled.status == "cancelled"
    assert "before it started" in cancelled.message


def test_cancel_stops_a_running_solve(runner, start_worker):
    scenario = _import(runner, INSTANCES / "example-medium.json")
    job = start_solve(scenario, time_limit_s=300)
    start_worker()
    wait_for(lambda: _job(job.id).status == "running", 30)
    request_cancel(_job(job.id))
    cancelled = wait_for(lambda: _job(job.id).finished and _job(job.id), 30)
    assert cancelled.status == "cancelled"
    assert cancelled.elapsed_s < 60
    try:
        request_cancel(cancelled)
    except JobError as error:
        assert "already finished" in str(error)
    else:
        raise AssertionError("a finished run cannot be cancelled")


def test_infeasible_instance_is_explained(runner, start_worker, tmp_path):
    document = json.loads((INSTANCES / "example-small.json").read_text())
    document["name"] = "impossible"
    site = document["sites"][0]
    site["min_weeks"] = document["horizon"]["weeks"]
    site["unavailable"] = [{"from": document["horizon"]["start"], "to": "2027-12-31"}]
    (tmp_path / "impossible.json").write_text(json.dumps(document))
    scenario = _import(runner, tmp_path / "impossible.json")
    job = start_solve(scenario, time_limit_s=5)
    start_worker()
    finished = wait_for(lambda: _job(job.id).finished and _job(job.id), 60)
    assert finished.status == "infeasible"
    assert site["id"] in finished.message and "INFEASIBLE" not in finished.message


def _planner_children(worker_pid: int) -> list[int]:
    """Processes the worker started to run the planner (multiprocessing 'spawn' children)."""
    from pathlib import Path

    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            cmdline = (status.parent / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        parent = next(line for line in text.splitlines() if line.startswith("PPid:"))
        if int(parent.split()[1]) == worker_pid and "spawn_main" in cmdline:
            found.append(int(status.parent.name))
    return found


def test_a_planner_that_dies_leaves_a_failed_run_with_the_reason(runner, start_worker):
    import os
    import signal

    scenario = _import(runner, INSTANCES / "example-medium.json")
    job = start_solve(scenario, time_limit_s=300)
    worker = start_worker()
    # The first heartbeat comes once the child has been handed its instance. Killed while
    # multiprocessing still writes it (on a loaded machine), the child would leave the worker
    # blocked in that write for good, since the worker holds the pipe's other end until then.
    wait_for(lambda: _job(job.id).elapsed_s > 0, 30)
    children = wait_for(lambda: _planner_children(worker.pid), 30)
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    failed = wait_for(lambda: _job(job.id).finished and _job(job.id), 90)  # a loaded machine
    assert failed.status == "failed"
    assert "The planner stopped" in failed.message
    assert failed.plan_id is None


@pytest.mark.slow  # about 12 s alone: a worker and a 5 s planner run from a locked hint
def test_re_planning_keeps_what_the_starting_plan_locked(app, start_worker, import_tiny_plan):
    plan = import_tiny_plan()
    placement, session = plan.placements[0], plan.sessions[0]
    placement.locked = session.locked = True
    db.session.commit()
    job = start_solve(plan.scenario, time_limit_s=5, hint=plan)
    start_worker()
    done = wait_for(lambda: _job(job.id).finished and _job(job.id), 90)
    assert done.status == "done", done.message
    new = db.session.get(Plan, done.plan_id)
    kept = {(p.unit_id, p.site_id, p.week) for p in new.placements if p.locked}
    assert (placement.unit_id, placement.site_id, placement.week) in kept
    assert any(
        (s.unit_id, s.date, s.period, s.room, s.service_id)
        == (session.unit_id, session.date, session.period, session.room, session.service_id)
        and s.locked
        for s in new.sessions
    )
