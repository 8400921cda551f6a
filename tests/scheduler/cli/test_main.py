"""`python -m scheduler` end to end: exit codes 0 (valid), 1 (rules broken), 2 (bad input)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from scheduler import Session, instance_to_json, plan_to_json
from scheduler.cli.main import main

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scheduler", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def files(tmp_path, tiny, tiny_plan):
    """Write the tiny instance and a plan; return (instance path, plan path, write_plan)."""
    instance_path, plan_path = tmp_path / "instance.json", tmp_path / "plan.json"
    instance_path.write_text(json.dumps(instance_to_json(tiny)))

    def write_plan(plan) -> Path:
        plan_path.write_text(json.dumps(plan_to_json(plan)))
        return plan_path

    write_plan(tiny_plan)
    return instance_path, plan_path, write_plan


def test_validate_a_valid_plan_exits_0(files):
    instance_path, plan_path, _ = files
    result = run("validate", instance_path, plan_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "valid\n", "")


def test_validate_prints_one_line_per_violation_and_exits_1(files, tiny_plan):
    instance_path, _, write_plan = files
    on_leave = Session("op-1", date(2027, 1, 13), "AM", 0, "derm", ("c-derm-1",))
    plan_path = write_plan(replace(tiny_plan, sessions=(*tiny_plan.sessions, on_leave)))
    result = run("validate", instance_path, plan_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "rule 7: clinician c-derm-1 is on leave on 2027-01-13 (session op-1 2027-01-13 AM room 0)"
    ]


def test_score_prints_kpis_as_json(files):
    instance_path, plan_path, _ = files
    result = run("score", instance_path, plan_path)
    assert result.returncode == 0, result.stderr
    kpis = json.loads(result.stdout)
    assert kpis["sessions"] == 1 and kpis["served"] == pytest.approx(10.0)
    assert {"coverage", "min_locality_coverage", "mean_travel_km", "moves"} <= set(kpis)


def test_bad_input_exits_2_naming_the_file_and_field(files, tmp_path):
    instance_path, plan_path, _ = files
    data = json.loads(instance_path.read_text())
    data["sites"][1]["pads"] = 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = run("validate", bad, plan_path)
    assert result.returncode == 2
    assert result.stderr == f"error: {bad}: sites[1].pads: must be at least 1\n"
    assert result.stdout == ""


def test_a_bad_follow_up_field_exits_2_naming_its_path(files, tmp_path):
    instance_path, plan_path, _ = files
    data = json.loads(instance_path.read_text())
    data["services"][0]["follow_up_ratio"] = -1
    data["demand"][0]["kind"] = "first"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = run("validate", bad, plan_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {bad}: services[0].follow_up_ratio: must be at least 0",
        f"error: {bad}: demand[0].kind: unknown demand kind 'first' "
        "(expected one of new, follow_up)",
    ]


@pytest.mark.parametrize("content", [None, "{not json", "[]"])
def test_unreadable_or_malformed_plans_exit_2(files, tmp_path, content):
    instance_path, _, _ = files
    plan_path = tmp_path / "p.json"
    if content is not None:
        plan_path.write_text(content)
    assert main(["score", str(instance_path), str(plan_path)]) == 2


def test_a_bad_command_line_exits_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["solve-everything"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
