"""`python -m scheduler solve|baseline` end to end: exit codes 0, 2, 3 and 4."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler import instance_to_json, read_plan, validate
from scheduler.cli import commands
from scheduler.cli.main import main
from scheduler.search.solve import SolveResult
from tests.scheduler.planner_instances import one_clinic, two_services

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


def test_no_plan_found_in_time_exits_4_not_3(write, tmp_path, monkeypatch, capsys):
    # "unknown": no plan within the limit, and none proven not to exist (see test_solve).
    why = "No valid plan was found in 5 s, and the planner could not tell in 1 s whether"
    monkeypatch.setattr(commands, "solve", lambda *a, **k: SolveResult("unknown", None, why))
    out = tmp_path / "plan.json"
    assert main(["solve", str(write(one_clinic())), "--out", str(out), "--time-limit", "5"]) == 4
    assert capsys.readouterr().err == why + "\n"
    assert not out.exists()


def test_baseline_says_when_whether_any_plan_avoids_its_breaches_is_unsettled(
    write, tmp_path, monkeypatch, capsys
):
    def unsettled(facts):
        raise commands.Unsettled(10.0)

    monkeypatch.setattr(commands, "explain", unsettled)
    out = tmp_path / "plan.json"
    assert main(["baseline", str(write(one_clinic(min_weeks_b=3))), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "site b" in err  # the rotation's breach, by the validator
    assert err.endswith(
        "Whether any plan can avoid these is not known: the planner could not tell in 10 s "
        "whether the sites' minimum visits and the fixed items can all be met\n"
    )
    assert "No valid plan exists" not in err and not out.exists()


@pytest.mark.parametrize("command", ["solve", "baseline"])
def test_bad_input_exits_2_naming_the_field(write, tmp_path, command):
    data = instance_to_json(one_clinic())
    data["units"][0]["rooms"] = 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = run(command, bad, "--out", tmp_path / "plan.json")
    assert result.returncode == 2
    assert result.stderr == f"error: {bad}: units[0].rooms: must be at least 1\n"


@pytest.mark.parametrize(
    ("limit", "problem"),
    [
        ("0", "must be more than 0, not 0"),
        ("-1", "must be more than 0, not -1"),
        ("abc", "must be a number, not 'abc'"),
        ("nan", "must be a finite number of seconds, not nan"),
        ("inf", "must be a finite number of seconds, not inf"),
        ("-inf", "must be a finite number of seconds, not -inf"),
        ("1e400", "must be a finite number of seconds, not 1e400"),
    ],
)
def test_a_bad_time_limit_exits_2_naming_the_problem(write, tmp_path, limit, problem):
    out = tmp_path / "p.json"
    result = run("solve", write(one_clinic()), "--out", out, f"--time-limit={limit}")
    assert result.returncode == 2
    assert f"--time-limit: {problem}" in result.stderr
    assert not out.exists()


def test_solve_with_service_weights_prefers_the_service_worth_more(write, tmp_path):
    weights = tmp_path / "weights.json"
    weights.write_text(json.dumps({"derm": 0.1, "diab": 3}))
    out = tmp_path / "plan.json"
    args = ("--out", out, "--time-limit", 3, "--workers", 1, "--quiet")
    result = run("solve", write(two_services()), *args, "--service-weights", weights)
    assert result.returncode == 0, result.stderr
    assert validate(two_services(), read_plan(out)) == []
    kpis = json.loads(out.read_text())["kpis"]
    assert kpis["by_service"]["diab"]["served"] == pytest.approx(20.0)
    summary = json.loads(result.stdout)
    assert summary["coverage"] == pytest.approx(1 / 3, abs=1e-6)
    assert summary["weighted_served"] == pytest.approx(60.0)  # 20 diabetes at 3


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('{"ent": 1}', "unknown service 'ent'"),
        ('{"diab": -2}', "service 'diab': weight must be a number >= 0, not -2"),
        ("[1, 2]", "must be a JSON object of service id -> weight"),
        ("{derm: 1}", "not JSON"),
    ],
)
def test_a_bad_service_weights_file_exits_2_naming_the_problem(write, tmp_path, text, named):
    weights = tmp_path / "weights.json"
    weights.write_text(text)
    out = tmp_path / "plan.json"
    result = run("solve", write(two_services()), "--out", out, "--service-weights", weights)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {weights}: ")
    assert named in result.stderr
    assert not out.exists()


def test_a_missing_service_weights_file_exits_2(write, tmp_path):
    missing = tmp_path / "none.json"
    result = run(
        "solve", write(two_services()), "--out", tmp_path / "p.json", "--service-weights", missing
    )
    assert result.returncode == 2
    assert f"error: {missing}: cannot read" in result.stderr
