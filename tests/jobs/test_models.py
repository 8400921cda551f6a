"""A planner run's row: finished once done, failed, infeasible, undecided or cancelled, and
the figures the solve page polls for."""

from jobs.models import SolveJob


def test_a_run_is_finished_only_in_an_end_state():
    assert not SolveJob(status="queued").finished and not SolveJob(status="running").finished
    assert all(
        SolveJob(status=s).finished
        for s in ("done", "failed", "infeasible", "undecided", "cancelled")
    )


def test_the_progress_rounds_the_elapsed_time_and_says_whether_it_ended():
    job = SolveJob(id=4, status="running", elapsed_s=12.345, time_limit_s=60, best_coverage=0.5)
    body = job.progress_json()
    assert body["elapsed_s"] == 12.3 and body["finished"] is False and body["id"] == 4
    assert SolveJob(status="queued").progress_json()["elapsed_s"] == 0.0
