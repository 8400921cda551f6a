"""`python -m scheduler solve` and `python -m scheduler baseline`: write plans from the shell.

`solve --service-weights FILE.json` weighs services by value (docs/contract-extensions.md).

The exit codes of every command are here: 0 a plan was written (or is valid); 1 the plan
breaks rules (never expected of `solve`); 2 bad input, with the field named; 3 no valid
plan exists, with the explanation on stderr; 4 (`solve`) no valid plan was found within
the time limit and none is proven not to exist, with what is not known on stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from ..construct.baseline import baseline
from ..construct.explain import Unsettled, explain
from ..contract.domain import Instance, Plan
from ..contract.fields import ContractError
from ..contract.json_io import plan_to_json, read_instance
from ..model.weights import Weights
from ..rules.facts import Facts
from ..rules.validate import validate
from ..scoring.kpis import score
from ..search.solve import solve

EXIT_OK = 0
EXIT_INVALID_PLAN = 1
EXIT_BAD_INPUT = 2  # also what argparse uses for a bad command line
EXIT_INFEASIBLE = 3
EXIT_NO_PLAN_FOUND = 4
DEFAULT_TIME_LIMIT_S = 30.0
DEFAULT_WORKERS = 2  # the cores of the machine the benchmarks ran on
# The figures printed at the end (the plan file holds the breakdowns as well).
SUMMARY_KEYS = (
    "coverage",
    "served",
    "demand",
    "min_locality_coverage",
    "mean_travel_km",
    "moves",
    "sessions",
    "utilisation",
)


def _read_instance(path: str):
    try:
        return read_instance(path)
    except ContractError as err:
        named = [p if p.startswith(f"{path}:") else f"{path}: {p}" for p in err.problems]
        raise ContractError(named) from err


def _read_service_weights(path: str, instance: Instance) -> dict[str, float]:
    """The `--service-weights` file: a JSON object of service id -> weight >= 0."""
    try:
        values = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise ContractError([f"{path}: cannot read ({err.strerror or err})"]) from err
    except (ValueError, UnicodeDecodeError) as err:
        raise ContractError([f"{path}: not JSON ({err})"]) from err
    if not isinstance(values, dict):
        raise ContractError([f"{path}: must be a JSON object of service id -> weight"])
    try:
        Weights().with_services((k.id for k in instance.services), values)
    except ValueError as err:
        raise ContractError([f"{path}: {err}"]) from err
    return values


def _write(plan: Plan, out: str, weights: Weights | None = None) -> int:
    """Write the plan and print its main KPIs and bound as JSON (with service weights, the
    value served as well: the referrals served counted by their service's weight)."""
    try:
        Path(out).write_text(json.dumps(plan_to_json(plan), indent=1) + "\n", encoding="utf-8")
    except OSError as err:
        raise ContractError([f"{out}: cannot write ({err.strerror or err})"]) from err
    summary = {key: plan.kpis[key] for key in SUMMARY_KEYS if key in (plan.kpis or {})}
    summary["bound"] = plan.bound
    if weights is not None and weights.by_service:
        by_service = (plan.kpis or {}).get("by_service", {})
        value = sum(weights.service(k) * f["served"] for k, f in by_service.items())
        summary["weighted_served"] = round(value, 6)
    print(json.dumps(summary, indent=2))
    return EXIT_OK


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds, not {text}")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def run_solve(args: argparse.Namespace) -> int:
    instance = _read_instance(args.instance)
    service_weights = None
    if args.service_weights is not None:
        service_weights = _read_service_weights(args.service_weights, instance)

    def progress(elapsed_s: float, coverage: float | None, bound: float | None) -> None:
        shown = "-" if coverage is None else f"{coverage:.4f}"
        limit = "-" if bound is None else f"{bound:.4f}"
        print(f"{elapsed_s:7.1f} s  coverage {shown}  bound {limit}", file=sys.stderr)

    result = solve(
        instance,
        time_limit_s=args.time_limit,
        seed=args.seed,
        workers=args.workers,
        on_progress=None if args.quiet else progress,
        service_weights=service_weights,
    )
    if result.plan is None:
        print(result.explanation, file=sys.stderr)
        return EXIT_INFEASIBLE if result.impossible else EXIT_NO_PLAN_FOUND
    violations = validate(instance, result.plan)
    for violation in violations:
        print(violation, file=sys.stderr)
    weights = Weights().with_services((k.id for k in instance.services), service_weights)
    code = _write(result.plan, args.out, weights)
    return EXIT_INVALID_PLAN if violations else code


def run_baseline(args: argparse.Namespace) -> int:
    instance = _read_instance(args.instance)
    plan = baseline(instance)
    violations = validate(instance, plan)
    if violations:
        unsettled = None
        try:
            why = explain(Facts(instance))
        except Unsettled as error:
            why, unsettled = None, error
        if why is not None:
            print(why, file=sys.stderr)
            return EXIT_INFEASIBLE
        for violation in violations:
            print(violation, file=sys.stderr)
        if unsettled is not None:
            print(f"Whether any plan can avoid these is not known: {unsettled}", file=sys.stderr)
        return EXIT_INVALID_PLAN
    plan = Plan(plan.instance, plan.placements, plan.sessions, score(instance, plan).to_json())
    return _write(plan, args.out)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("instance", metavar="INSTANCE.json", help="a mobile-units-instance/1 file")
    parser.add_argument("--out", required=True, metavar="PLAN.json", help="where to write the plan")


def add_solve(commands: Any) -> None:
    parser = commands.add_parser("solve", help="plan an instance: rotation, sessions, staff")
    _common(parser)
    parser.add_argument(
        "--time-limit",
        type=_positive,
        default=DEFAULT_TIME_LIMIT_S,
        metavar="S",
        help=f"seconds to search (default {DEFAULT_TIME_LIMIT_S:g})",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="random seed")
    parser.add_argument(
        "--workers",
        type=_at_least_one,
        default=DEFAULT_WORKERS,
        metavar="N",
        help=(
            f"CP-SAT workers (default {DEFAULT_WORKERS}; 1 repeats runs exactly but may "
            "overrun the time limit: by about 30%% at 60 s, more at short limits)"
        ),
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument(
        "--service-weights",
        metavar="FILE.json",
        help=(
            "a JSON object of service id -> weight >= 0: prefer plans serving the services "
            "weighted more (services left out weigh 1; the KPIs stay the contract's)"
        ),
    )
    parser.set_defaults(run=run_solve)


def add_baseline(commands: Any) -> None:
    parser = commands.add_parser("baseline", help="write the manager's rotation (the yardstick)")
    _common(parser)
    parser.set_defaults(run=run_baseline)
