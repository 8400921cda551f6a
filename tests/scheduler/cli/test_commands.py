"""`python -m scheduler solve|baseline` end to end: exit codes 0, 2 and 3."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler import instance_to_json, read_plan, validate
from tests.scheduler.planner_instances import one_clinic

ROOT = Path(__file__).resolve().parents[3]


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scheduler", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def write(tmp_path):
    def write(instance, name="instance.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(instance_to_json(instance)))
        return path

    return write


def test_solve_writes_a_valid_plan_with_kpis_and_bound(write, tmp_path):
    out = tmp_path / "plan.json"
    result = run("solve", write(one_clinic()), "--out", out, "--time-limit", 3, "--workers", 1)
    assert result.returncode == 0, result.stderr
    plan = read_plan(out)
    assert validate(one_clinic(), plan) == []
    written = json.loads(out.read_text())
    assert written["kpis"]["coverage"] == pytest.approx(2 / 3, abs=1e-6)
    assert written["bound"] >= written["kpis"]["coverage"]
    assert "coverage" in result.stderr and "bound" in result.stderr  # progress lines
    assert json.loads(result.stdout)["coverage"] == written["kpis"]["coverage"]


def test_solve_quiet_prints_no_progress(write, tmp_path):
    out = tmp_path / "plan.json"
    result = run("solve", write(one_clinic()), "--out", out, "--time-limit", 2, "--quiet")
    assert (result.returncode, result.stderr) == (0, "")


def test_baseline_writes_a_valid_plan(write, tmp_path):
    out = tmp_path / "plan.json"
    result = run("baseline", write(one_clinic(availability=("Tue-AM",))), "--out", out)
    assert result.returncode == 0, result.stderr
    assert validate(one_clinic(availability=("Tue-AM",)), read_plan(out)) == []
    assert json.loads(out.read_text())["kpis"]["sessions"] == 2


@pytest.mark.parametrize("command", ["solve", "baseline"])
def test_an_infeasible_instance_exits_3_with_the_explanation(write, tmp_path, command):
    out = tmp_path / "plan.json"
    result = run(command, write(one_clinic(min_weeks_b=3)), "--out", out)
    assert result.returncode == 3
    assert result.stderr.startswith("No valid plan exists:")
    assert "site b needs a unit in 3 week(s)" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("command", ["solve", "baseline"])
def test_bad_input_exits_2_naming_the_field(write, tmp_path, command):
    data = instance_to_json(one_clinic())
    data["units"][0]["rooms"] = 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = run(command, bad, "--out", tmp_path / "plan.json")
    assert result.returncode == 2
    assert result.stderr == f"error: {bad}: units[0].rooms: must be at least 1\n"


def test_a_bad_time_limit_exits_2(write, tmp_path):
    result = run("solve", write(one_clinic()), "--out", tmp_path / "p.json", "--time-limit", 0)
    assert result.returncode == 2
    assert "--time-limit: must be more than 0" in result.stderr
