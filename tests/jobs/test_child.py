"""The planner in a child process: its plan, its progress, a cancel, and an error come back."""

import json
import multiprocessing
import os

import pytest

import jobs.child
import scheduler
from jobs.child import run_solver
from scheduler import read_plan
from scheduler.search.solve import SolveResult
from tests.data import INSTANCES

OPTIONS = {"time_limit_s": 2, "seed": 1, "workers": 1, "hint": None}


def _small() -> dict:
    return json.loads((INSTANCES / "example-small.json").read_text())


def test_the_child_sends_back_its_plan_and_progress():
    progress = []
    outcome = run_solver(
        _small(), OPTIONS, on_progress=lambda *report: progress.append(report), cancelled=bool
    )
    assert outcome.status == "done", outcome.message
    plan = read_plan(outcome.plan_json)
    assert plan.sessions and plan.placements
    assert progress and all(elapsed_s >= 0 for elapsed_s, _, _ in progress)


def test_a_cancel_stops_the_child_at_once():
    outcome = run_solver(_small(), OPTIONS, on_progress=print, cancelled=lambda: True)
    assert outcome.status == "cancelled" and outcome.plan_json is None
    assert outcome.message == "Cancelled before it finished."


def test_an_error_in_the_child_comes_back_as_a_failed_outcome():
    outcome = run_solver({"name": "no sites"}, OPTIONS, on_progress=print, cancelled=bool)
    assert outcome.status == "failed" and outcome.plan_json is None
    assert "Error" in outcome.message


@pytest.mark.parametrize(
    ("solved", "status"),
    [("infeasible", "infeasible"), ("unknown", "undecided")],  # proven none; none found in time
)
def test_a_run_without_a_plan_comes_back_as_proven_or_undecided(monkeypatch, solved, status):
    # In this process: the child's side of the pipes, with `solve` answering `solved`.
    monkeypatch.setattr(scheduler, "solve", lambda *a, **k: SolveResult(solved, None, "Why."))
    inbox, outbox = multiprocessing.Pipe(duplex=False)
    receiver, sender = multiprocessing.Pipe(duplex=False)
    outbox.send((_small(), OPTIONS))
    jobs.child._solve_in_child(inbox, sender)
    assert receiver.recv() == ("result", status, None, "Why.", None)


class DiesAtOnce:
    """A spawn context whose child exits (code 3) as it starts, before reading anything,
    as a child the out-of-memory killer takes while it starts would."""

    def __init__(self, real) -> None:
        self.real = real

    def Pipe(self, duplex=True):  # noqa: N802 - multiprocessing's name
        return self.real.Pipe(duplex=duplex)

    def Process(self, target, args):  # noqa: N802 - multiprocessing's name
        return self.real.Process(target=os._exit, args=(3,))


def test_a_child_that_dies_as_it_starts_fails_the_job_and_never_hangs(monkeypatch):
    spawn = DiesAtOnce(multiprocessing.get_context("spawn"))
    monkeypatch.setattr(jobs.child.multiprocessing, "get_context", lambda method: spawn)
    # Several megabytes: more than a pipe holds, so sending it waits for a reader.
    big = {"name": "big", "padding": "x" * 8_000_000}
    outcome = run_solver(big, OPTIONS, on_progress=print, cancelled=bool, poll_s=0.05)
    assert outcome.status == "failed" and outcome.plan_json is None
    assert outcome.message == "The planner stopped (exit 3)."
