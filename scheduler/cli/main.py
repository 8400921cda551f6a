"""`python -m scheduler`: plan, check and score from the command line.

The exit codes, for every command, are listed and defined in `commands`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from ..contract.domain import Instance, Plan
from ..contract.fields import ContractError
from ..contract.json_io import read_instance, read_plan
from ..rules.validate import validate
from ..scoring.kpis import score
from .commands import EXIT_BAD_INPUT, EXIT_INVALID_PLAN, EXIT_OK, add_baseline, add_solve


def _read(reader: Callable[[str], Any], path: str) -> Any:
    """Read one file, naming it in front of each problem."""
    try:
        return reader(path)
    except ContractError as err:
        named = [p if p.startswith(f"{path}:") else f"{path}: {p}" for p in err.problems]
        raise ContractError(named) from err


def _instance_and_plan(args: argparse.Namespace) -> tuple[Instance, Plan]:
    problems = []
    instance = plan = None
    try:
        instance = _read(read_instance, args.instance)
    except ContractError as err:
        problems += err.problems
    try:
        plan = _read(read_plan, args.plan)
    except ContractError as err:
        problems += err.problems
    if problems:
        raise ContractError(problems)
    return instance, plan


def run_validate(args: argparse.Namespace) -> int:
    instance, plan = _instance_and_plan(args)
    violations = validate(instance, plan)
    for violation in violations:
        print(violation)
    if violations:
        return EXIT_INVALID_PLAN
    print("valid")
    return EXIT_OK


def run_score(args: argparse.Namespace) -> int:
    instance, plan = _instance_and_plan(args)
    broken = validate(instance, plan)
    if broken:
        print(
            f"warning: the plan breaks {len(broken)} hard rule(s); `validate` lists them",
            file=sys.stderr,
        )
    print(json.dumps(score(instance, plan).to_json(), indent=2))
    return EXIT_OK


def _instance_and_plan_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("instance", metavar="INSTANCE.json", help="a mobile-units-instance/1 file")
    parser.add_argument("plan", metavar="PLAN.json", help="a mobile-units-plan/1 file")


def add_validate(commands: Any) -> None:
    parser = commands.add_parser("validate", help="list the hard rules a plan breaks")
    _instance_and_plan_arguments(parser)
    parser.set_defaults(run=run_validate)


def add_score(commands: Any) -> None:
    parser = commands.add_parser("score", help="print a plan's KPIs as JSON")
    _instance_and_plan_arguments(parser)
    parser.set_defaults(run=run_score)


# Each command adds its subparser and sets `run(args) -> exit code`.
COMMANDS: tuple[Callable[[Any], None], ...] = (add_solve, add_baseline, add_validate, add_score)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scheduler",
        description="Plan truck-mounted mobile clinics: solve, check and score plans.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ContractError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
