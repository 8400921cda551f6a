"""Commands for the planning contract: instance and plan JSON in and out."""

import json
from pathlib import Path

import click
from flask import Flask

from extensions import db
from plans.bridge import ImportConflict, plan_domain, scenario_instance, store_instance, store_plan
from plans.models import Plan, Scenario
from scheduler import score, validate
from scheduler.contract.fields import ContractError
from scheduler.contract.json_io import instance_to_json, plan_to_json, read_instance, read_plan

BAD_INPUT = 2  # the exit code for input that breaks the contract, as the planner uses


def refuse(message: str, problems: list[str] = ()) -> None:
    click.echo(f"Nothing written: {message}", err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)
    raise SystemExit(BAD_INPUT)


def _write_json(document: dict, output: Path | None) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}", err=True)


def register(app: Flask) -> None:
    """Add the planning-contract commands to the app's command line."""

    @app.cli.command("export-instance")
    @click.argument("scenario_id")
    @click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout)")
    def export_instance(scenario_id: str, output: Path | None) -> None:
        """Write a scenario as a planning instance JSON (PLANNING-PROBLEM.md)."""
        scenario = db.session.get(Scenario, scenario_id)
        if scenario is None:
            refuse(f"no scenario '{scenario_id}'")
        _write_json(instance_to_json(scenario_instance(scenario)), output)

    @app.cli.command("import-instance")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--scenario-id", help="Id of the new scenario (default: the instance's name).")
    @click.option(
        "--update-existing",
        is_flag=True,
        help="Let the instance's values replace those of entities already in the database.",
    )
    def import_instance(path: Path, scenario_id: str | None, update_existing: bool) -> None:
        """Import an instance JSON as a new scenario with its sites, units, ... and demand."""
        try:
            instance = read_instance(path)
        except ContractError as error:
            refuse(f"{path} is not a valid instance", error.problems)
        try:
            scenario = store_instance(
                instance, scenario_id or instance.name, update_existing=update_existing
            )
        except ImportConflict as conflict:
            refuse(conflict.summary, conflict.problems)
        click.echo(f"Imported scenario '{scenario.id}'.")

    @app.cli.command("import-plan")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--scenario", "scenario_id", help="Scenario (default: the plan's instance).")
    @click.option("--name", help="Name of the new draft plan.")
    def import_plan(path: Path, scenario_id: str | None, name: str | None) -> None:
        """Import a plan JSON as a draft plan; a plan that breaks a rule is refused."""
        try:
            plan = read_plan(path)
        except ContractError as error:
            refuse(f"{path} is not a valid plan", error.problems)
        scenario = db.session.get(Scenario, scenario_id or plan.instance)
        if scenario is None:
            refuse(f"no scenario '{scenario_id or plan.instance}' (use --scenario)")
        instance = scenario_instance(scenario)
        violations = validate(instance, plan)
        if violations:
            refuse("the plan breaks the rules", [str(v) for v in violations])
        kpis = score(instance, plan).to_json()
        row = store_plan(scenario, plan, name=name or path.stem, kpis=kpis)
        db.session.commit()
        click.echo(f"Imported plan {row.id} for '{scenario.id}' (coverage {kpis['coverage']:.1%}).")

    @app.cli.command("export-plan")
    @click.argument("plan_id", type=int)
    @click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout)")
    def export_plan(plan_id: int, output: Path | None) -> None:
        """Write a stored plan as plan JSON (PLANNING-PROBLEM.md)."""
        plan = db.session.get(Plan, plan_id)
        if plan is None:
            refuse(f"no plan {plan_id}")
        _write_json(plan_to_json(plan_domain(plan)), output)
