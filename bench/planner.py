"""Benchmark the planner against the baseline and print a Markdown table.

Each instance runs in a fresh child process, so that its peak memory (the child's maximum
resident set size) is its own. Per instance: the baseline's coverage, then `solve` with the
instance's time limit: coverage, the proven upper bound and the gap to it, the worst
locality's coverage, mean patient travel, moves, wall time, the time to the first valid
plan and to a plan within the target gap.

    python bench/planner.py                      # every instance below
    python bench/planner.py --only dacorum-sample --only generated-30
    python bench/planner.py --workers 2 --json bench/results.json
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402

SHARED = Path("/work/shared/instances")
# (name, source, time limit s, target: first valid plan within s, target gap to the bound)
INSTANCES = (
    ("dacorum-sample", ROOT / "bench/instances/dacorum-sample.json", 30, 5, 0.01),
    ("example-small", SHARED / "example-small.json", 30, 5, 0.01),
    ("example-medium", SHARED / "example-medium.json", 60, 10, 0.03),
    ("generated-30", (30, 8, 16, 40, 70, 1), 60, 10, 0.03),
    ("generated-120", (120, 30, 16, 150, 300, 1), 300, 60, 0.05),
)


def _load(source):
    from scheduler import read_instance

    if isinstance(source, tuple):
        return read_instance(generate(*source))
    return read_instance(source)


def _run(source, time_limit_s: float, workers: int, seed: int, gap: float, out) -> None:
    """Child process: baseline, then solve; send the figures back."""
    from scheduler import baseline, score, solve, validate

    instance = _load(source)
    started = time.monotonic()
    reference = baseline(instance)
    baseline_s = time.monotonic() - started
    reference_kpis = score(instance, reference)
    timeline = []
    started = time.monotonic()
    result = solve(
        instance,
        time_limit_s=time_limit_s,
        seed=seed,
        workers=workers,
        on_progress=lambda e, c, b: timeline.append((e, c, b)),
    )
    wall_s = time.monotonic() - started
    kpis = result.plan.kpis if result.plan else {}
    within = next((e for e, c, b in timeline if c is not None and b and (b - c) / b <= gap), None)
    out.send(
        {
            "size": (
                len(instance.sites),
                len(instance.units),
                instance.horizon.weeks,
                len(instance.practices),
                len(instance.clinicians),
            ),
            "status": result.status,
            "valid": bool(result.plan) and validate(instance, result.plan) == [],
            "baseline": reference_kpis.coverage,
            "baseline_s": baseline_s,
            "baseline_moves": reference_kpis.moves,
            "baseline_min_locality": reference_kpis.min_locality_coverage,
            "coverage": kpis.get("coverage"),
            "served": kpis.get("served"),
            "baseline_served": reference_kpis.served,
            "bound": result.bound,
            "min_locality": kpis.get("min_locality_coverage"),
            "km": kpis.get("mean_travel_km"),
            "moves": kpis.get("moves"),
            "sessions": kpis.get("sessions"),
            "wall_s": wall_s,
            "first_plan_s": result.statistics.get("first_plan_s"),
            "within_gap_s": within,
            "rounds": result.statistics.get("candidates"),
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def measure(source, time_limit_s: float, workers: int, seed: int, gap: float) -> dict:
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(source, time_limit_s, workers, seed, gap, sender))
    child.start()
    figures = receiver.recv()
    child.join()
    return figures


def _pct(x) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def table(rows: list[tuple[str, float, float, float, dict]]) -> str:
    head = (
        "| instance | sites/units/weeks/practices/clinicians | limit s | baseline coverage "
        "| coverage | upper bound | gap | referrals vs baseline | worst locality | mean km "
        "| moves | wall s | first valid plan s | within target gap s | peak MiB |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, limit, valid_target, gap_target, f in rows:
        gap = (f["bound"] - f["coverage"]) / f["bound"] if f["bound"] and f["coverage"] else None
        more = f["served"] / f["baseline_served"] - 1 if f["baseline_served"] else None
        lines.append(
            f"| {name} | {'/'.join(map(str, f['size']))} | {limit:g} | {_pct(f['baseline'])} "
            f"| {_pct(f['coverage'])} | {_pct(f['bound'])} | {_pct(gap)} "
            f"(target {_pct(gap_target)}) | +{_pct(more)} | {_pct(f['min_locality'])} "
            f"(baseline {_pct(f['baseline_min_locality'])}) | {f['km']:.2f} "
            f"| {f['moves']} (baseline {f['baseline_moves']}) | {f['wall_s']:.1f} "
            f"| {f['first_plan_s']:.2f} (target {valid_target:g}) "
            f"| {'-' if f['within_gap_s'] is None else format(f['within_gap_s'], '.1f')} "
            f"| {f['peak_mib']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="instance name (repeatable)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    rows = []
    for name, source, limit, valid_target, gap_target in INSTANCES:
        if args.only and name not in args.only:
            continue
        if isinstance(source, Path) and not source.exists():
            print(f"skipping {name}: {source} is not here", file=sys.stderr)
            continue
        figures = measure(source, limit, args.workers, args.seed, gap_target)
        print(f"{name}: {json.dumps(figures)}", file=sys.stderr)
        rows.append((name, limit, valid_target, gap_target, figures))
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps({r[0]: r[4] for r in rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
