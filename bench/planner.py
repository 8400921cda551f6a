"""Benchmark the planner against the manager's rotation and print Markdown tables.

Each run is in a fresh child process, so that its peak memory (the child's maximum resident
set size) is its own. Per run: the manager's rotation (`scheduler.baseline`) and its
coverage, then `solve` with the time limit: coverage, the proven upper bound, the share of
the gap between the rotation and the bound that the plan closes, sessions, moves, the time
to the first valid plan and to a plan within 1% of the final coverage, peak memory.

Families (`bench.shapes.FAMILIES`) run on three seeds each; the table gives the median
of each figure over the seeds (and the lowest share of the gap closed). The named
instances (`--instances`) run once each.

    python bench/planner.py                        # every family, 3 seeds, 60 s, 2 workers
    python bench/planner.py --family loaded --seeds 1 --limit 10
    python bench/planner.py --instances --json /tmp/named.json
    python bench/planner.py --workers 1            # one worker: runs repeat, but overrun
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import generate, generate_family  # noqa: E402
from bench.shapes import FAMILIES  # noqa: E402

SHARED = Path("/work/shared/instances")
# (name, source, time limit s): instances run once each with --instances
INSTANCES = (
    ("dacorum-sample", ROOT / "bench/instances/dacorum-sample.json", 30),
    ("example-small", SHARED / "example-small.json", 30),
    ("example-medium", SHARED / "example-medium.json", 60),
    ("generated-30", (30, 8, 16, 40, 70, 1), 60),
    ("generated-120", (120, 30, 16, 150, 300, 1), 60),
)
SEEDS = (1, 2, 3)
TIME_LIMIT_S = 60.0  # the yardstick
WORKERS = 2  # as `python -m scheduler solve` on the two-core machine
NEAR_FINAL = 0.99  # "within 1% of the final coverage": this share of it


def _load(source):
    from scheduler import read_instance

    if isinstance(source, tuple) and isinstance(source[0], str):
        return read_instance(generate_family(*source))
    if isinstance(source, tuple):
        return read_instance(generate(*source))
    return read_instance(source)


def _run(source, time_limit_s: float, workers: int, seed: int, out) -> None:
    """Child process: solve, then the manager's rotation; send the figures back.

    `solve` runs first, in a fresh process, as from the command line: before it, the
    rotation and its score warmed the caches it shares (distances, the instance's facts)
    and made the first plan look up to 1.5 s sooner at 120 sites (until 2026-12-02)."""
    from scheduler import baseline, score, solve, validate
    from scheduler.contract import geo

    instance = _load(source)
    geo.forget_distances()  # the fixed family's published weeks came from a rotation
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
    started = time.monotonic()
    rotation = baseline(instance)
    rotation_s = time.monotonic() - started
    rotation_valid = validate(instance, rotation) == []
    rotation_kpis = score(instance, rotation)
    kpis = result.plan.kpis if result.plan else {}
    final = kpis.get("coverage")
    near = None
    if final is not None:
        near = next((e for e, c, _ in timeline if c is not None and c >= NEAR_FINAL * final), None)
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
            "rotation": rotation_kpis.coverage if rotation_valid else None,
            "rotation_s": rotation_s,
            "rotation_moves": rotation_kpis.moves,
            "rotation_sessions": rotation_kpis.sessions,
            "rotation_min_locality": rotation_kpis.min_locality_coverage,
            "start": result.statistics.get("start"),
            "coverage": final,
            "bound": result.bound,
            "min_locality": kpis.get("min_locality_coverage"),
            "km": kpis.get("mean_travel_km"),
            "moves": kpis.get("moves"),
            "sessions": kpis.get("sessions"),
            "wall_s": wall_s,
            "first_plan_s": result.statistics.get("first_plan_s"),
            "near_final_s": near,
            "candidates": result.statistics.get("candidates"),
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def measure(source, time_limit_s: float, workers: int, seed: int) -> dict:
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(source, time_limit_s, workers, seed, sender))
    child.start()
    figures = receiver.recv()
    child.join()
    return figures


def closed(f: dict) -> float | None:
    """The share of the gap between the manager's rotation and the bound that the plan closes."""
    rotation, coverage, bound = f["rotation"], f["coverage"], f["bound"]
    if None in (rotation, coverage, bound) or bound - rotation <= 1e-9:
        return None
    return (coverage - rotation) / (bound - rotation)


def _points(f: dict) -> float | None:
    if f["coverage"] is None or f["rotation"] is None:
        return None
    return 100 * (f["coverage"] - f["rotation"])


def _median(runs: list[dict], key) -> float | None:
    values = [key(f) if callable(key) else f[key] for f in runs]
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _pct(x) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _num(x, digits: int = 0) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def family_table(rows: list[tuple[str, float, list[dict]]]) -> str:
    head = (
        "| family | sites/units/weeks/practices/clinicians | limit s | seeds | manager's rotation "
        "| coverage | upper bound | gap closed (lowest) | points over rotation | sessions "
        "(rotation) | moves (rotation) | first valid plan s | within 1% of final s "
        "| peak MiB | valid |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, limit, runs in rows:
        shares = [closed(f) for f in runs]
        lowest = min((s for s in shares if s is not None), default=None)
        lines.append(
            f"| {name} | {'/'.join(map(str, runs[0]['size']))} | {limit:g} | {len(runs)} "
            f"| {_pct(_median(runs, 'rotation'))} | {_pct(_median(runs, 'coverage'))} "
            f"| {_pct(_median(runs, 'bound'))} | {_pct(_median(runs, closed))} "
            f"({_pct(lowest)}) "
            f"| {_num(_median(runs, _points), 2)} "
            f"| {_num(_median(runs, 'sessions'))} ({_num(_median(runs, 'rotation_sessions'))}) "
            f"| {_num(_median(runs, 'moves'))} ({_num(_median(runs, 'rotation_moves'))}) "
            f"| {_num(_median(runs, 'first_plan_s'), 2)} "
            f"| {_num(_median(runs, 'near_final_s'), 1)} | {_num(_median(runs, 'peak_mib'))} "
            f"| {sum(f['valid'] for f in runs)}/{len(runs)} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", action="append", help="family name (repeatable)")
    parser.add_argument("--instances", action="store_true", help="the named instances instead")
    parser.add_argument("--only", action="append", help="named instance (with --instances)")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    parser.add_argument(
        "--limit",
        type=float,
        help=f"seconds per run (default {TIME_LIMIT_S:g}; with --instances, each one's own)",
    )
    parser.add_argument("--workers", type=int, default=WORKERS, help="CP-SAT workers")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    rows = []
    if args.instances:
        for name, source, limit in INSTANCES:
            if args.only and name not in args.only:
                continue
            if isinstance(source, Path) and not source.exists():
                print(f"skipping {name}: {source} is not here", file=sys.stderr)
                continue
            limit = args.limit if args.limit is not None else limit
            figures = measure(source, limit, args.workers, 0)
            print(f"{name}: {json.dumps(figures)}", file=sys.stderr)
            rows.append((name, limit, [figures]))
    else:
        args.limit = args.limit if args.limit is not None else TIME_LIMIT_S
        for name in FAMILIES:
            if args.family and name not in args.family:
                continue
            runs = []
            for seed in args.seeds:
                figures = measure((name, seed), args.limit, args.workers, 0)
                print(f"{name} seed {seed}: {json.dumps(figures)}", file=sys.stderr, flush=True)
                runs.append(figures)
            rows.append((name, args.limit, runs))
    print(family_table(rows))
    if args.json:
        args.json.write_text(json.dumps({r[0]: r[2] for r in rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
