"""The planning-contract commands: instances and plans in and out of the database."""

import json
from pathlib import Path

import pytest

from extensions import db
from inputs.models import Site
from plans.models import Plan, Scenario
from scheduler import read_instance, validate
from tests.data import INSTANCES

SHARED = INSTANCES
# The sample alone, quickly: neither planned nor given a waiting list.
LOAD_SAMPLE = ["load-sample", "--start", "2027-01-04", "--plan-seconds", "0", "--no-waiting-list"]


def export(runner, scenario_id: str, path: Path) -> dict:
    result = runner.invoke(args=["export-instance", scenario_id, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text())


@pytest.mark.parametrize("name", ["example-small.json", "example-medium.json"])
def test_shared_instances_import_and_export_unchanged(runner, tmp_path, name):
    result = runner.invoke(args=["import-instance", str(SHARED / name)])
    assert result.exit_code == 0, result.output
    original = json.loads((SHARED / name).read_text())
    exported = export(runner, original["name"], tmp_path / "out.json")
    # The database lists entities by id (demand by practice and service); nothing else changes.
    assert exported == _sorted(original)


def _sorted(document: dict) -> dict:
    result = dict(document)
    for key in ("sites", "units", "services", "practices", "clinicians"):
        result[key] = sorted(document[key], key=lambda entity: entity["id"])
    result["demand"] = sorted(document["demand"], key=lambda row: (row["practice"], row["service"]))
    return result


def test_sample_round_trip_gives_the_same_json(runner, tmp_path):
    assert runner.invoke(args=LOAD_SAMPLE).exit_code == 0
    first = export(runner, "dacorum-sample", tmp_path / "first.json")
    result = runner.invoke(
        args=["import-instance", str(tmp_path / "first.json"), "--scenario-id", "copy"]
    )
    assert result.exit_code == 0, result.output
    second = export(runner, "copy", tmp_path / "second.json")
    assert second == first | {"name": "copy"}


def test_exported_sample_is_a_valid_contract_instance(runner, tmp_path):
    runner.invoke(args=LOAD_SAMPLE)
    document = export(runner, "dacorum-sample", tmp_path / "sample.json")
    instance = read_instance(document)
    assert document["format"] == "mobile-units-instance/1"
    assert document["horizon"]["closed_dates"] == ["2027-03-26", "2027-03-29"]
    assert len(instance.sites) == 20 and len(instance.units) >= 6
    empty = {
        "format": "mobile-units-plan/1",
        "instance": "dacorum-sample",
        "placements": [],
        "sessions": [],
    }
    from scheduler import read_plan

    # With no placements the tour never reaches the sites that must be visited: rule 8 only.
    assert {v.rule for v in validate(instance, read_plan(empty))} == {8}


def test_bad_instance_names_the_field_and_exits_2(runner, tmp_path):
    document = json.loads((SHARED / "example-small.json").read_text())
    document["sites"][3]["pads"] = 0
    (tmp_path / "bad.json").write_text(json.dumps(document))
    result = runner.invoke(args=["import-instance", str(tmp_path / "bad.json")])
    assert result.exit_code == 2
    assert "sites[3].pads: must be at least 1" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Site)) == 0


def test_instance_that_disagrees_with_the_database_is_refused(runner, tmp_path):
    runner.invoke(args=["import-instance", str(SHARED / "example-small.json")])
    document = json.loads((SHARED / "example-small.json").read_text())
    document["sites"][2]["pads"] = 9
    (tmp_path / "changed.json").write_text(json.dumps(document))
    result = runner.invoke(
        args=["import-instance", str(tmp_path / "changed.json"), "--scenario-id", "changed"]
    )
    assert result.exit_code == 2
    site_id = document["sites"][2]["id"]
    assert f"sites[2] ({site_id}): differs from the database in pads" in result.output
    assert db.session.get(Scenario, "changed") is None
    assert db.session.get(Site, site_id).pads != 9
    result = runner.invoke(
        args=[
            "import-instance",
            str(tmp_path / "changed.json"),
            "--scenario-id",
            "changed",
            "--update-existing",
        ]
    )
    assert result.exit_code == 0, result.output
    assert db.session.get(Site, site_id).pads == 9


def test_plan_import_and_export(runner, tmp_path, tiny_plan_document):
    runner.invoke(args=["import-instance", str(SHARED / "example-small.json")])
    instance = read_instance(SHARED / "example-small.json")
    plan = tiny_plan_document
    assert validate(instance, __import__("scheduler").read_plan(plan)) == []
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    result = runner.invoke(args=["import-plan", str(tmp_path / "plan.json")])
    assert result.exit_code == 0, result.output
    stored = db.session.scalar(db.select(Plan))
    assert stored.status == "draft" and stored.kpis["sessions"] == 1
    assert (
        0
        < stored.kpis["served"]
        <= instance.service_by_id[plan["sessions"][0]["service"]].slots_per_session
    )
    result = runner.invoke(args=["export-plan", str(stored.id), "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 0
    exported = json.loads((tmp_path / "out.json").read_text())
    assert exported["placements"] == plan["placements"]
    assert exported["sessions"] == plan["sessions"]
    assert exported["kpis"]["sessions"] == 1


def test_plan_that_breaks_a_rule_is_refused(runner, tmp_path, tiny_plan_document):
    runner.invoke(args=["import-instance", str(SHARED / "example-small.json")])
    plan = tiny_plan_document
    plan["sessions"][0]["room"] = 99
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    result = runner.invoke(args=["import-plan", str(tmp_path / "plan.json")])
    assert result.exit_code == 2
    assert "rule 5" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Plan)) == 0


def test_bad_plan_file_names_the_field(runner, tmp_path):
    (tmp_path / "plan.json").write_text(
        json.dumps(
            {"format": "mobile-units-plan/1", "instance": "x", "placements": [{}], "sessions": []}
        )
    )
    result = runner.invoke(args=["import-plan", str(tmp_path / "plan.json")])
    assert result.exit_code == 2
    assert "placements[0].unit" in result.output


def test_an_exported_instance_with_follow_ups_imports_back_the_same(runner, tmp_path, clinic_world):
    first = export(runner, "templates", tmp_path / "first.json")
    assert [row.get("kind", "new") for row in first["demand"]].count("follow_up") == 3
    result = runner.invoke(
        args=["import-instance", str(tmp_path / "first.json"), "--scenario-id", "copy"]
    )
    assert result.exit_code == 0, result.output
    assert export(runner, "copy", tmp_path / "second.json") == first | {"name": "copy"}


def test_follow_up_rows_the_ratios_do_not_give_are_refused_by_row(runner, tmp_path, clinic_world):
    document = export(runner, "templates", tmp_path / "templates.json")
    document["demand"][1]["per_week"] = 12.5  # twice what dermatology's ratio gives
    (tmp_path / "edited.json").write_text(json.dumps(document))
    result = runner.invoke(
        args=["import-instance", str(tmp_path / "edited.json"), "--scenario-id", "edited"]
    )
    assert result.exit_code == 2
    assert "Nothing written: its follow-up demand is not what its services' follow-up" in (
        result.output
    )
    assert (
        "demand[1] (E82001, dermatology, follow_up): 12.5 a week, but the service's follow-up "
        "ratio gives 6.25 (5 new × 1.25 follow-ups per first)" in result.output
    )
    assert db.session.get(Scenario, "edited") is None
