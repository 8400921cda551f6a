"""LP diving: turn the relaxation's fractional tour into whole placements a batch at a time.

Each step fixes the unit-weeks the LP is surest about (the site with the most of the unit
that week, or off the road), preferring the site the unit holds in a neighbouring fixed
week, and solves the LP again so that the rest adapts. A batch that leaves the LP
infeasible is halved; a single unit-week that cannot be fixed ends the dive, and CP-SAT
(`rotation`) completes and repairs the rotation from the values the dive leaves.
"""

from __future__ import annotations

import time
from collections import defaultdict

from ..model.relaxation import Relaxation
from ..rules.facts import Facts
from ..rules.hard import pads_left

# Below this share of a unit in a week, the unit is taken off the road that week.
PLACED_FROM = 0.5
# The LP is sure of a unit-week from this value on; all such are fixed at once.
SURE = 0.99


def dive(
    relaxation: Relaxation,
    facts: Facts,
    values: dict[tuple[str, str, int], float],
    *,
    batch_share: float,
    stick: float,
    lp_time_s: float,
    deadline: float | None = None,
) -> dict[tuple[str, str, int], float]:
    """Dive; return value[u, s, w] for `choose_rotation` (fixed unit-weeks count double).

    Args:
        relaxation: the LP; its placement bounds are changed (see `unfix`).
        values: the LP's placement values to start from.
        batch_share: share of the unfixed unit-weeks fixed per step.
        stick: keep a neighbouring week's site when its LP value is at least this share
            of the best site's (fewer moves, fewer setup days).
        lp_time_s: budget of each LP solve.
        deadline: `time.monotonic()` after which the dive stops where it is (None: never).
    """
    at = relaxation.placements.at
    sites: dict[tuple[str, int], list[str]] = defaultdict(list)
    for u, s, w in at:
        sites[u, w].append(s)
    fixed: dict[tuple[str, int], str | None] = {}
    while len(fixed) < len(sites):
        if deadline is not None and time.monotonic() > deadline:
            break
        batch = _batch(facts, values, sites, fixed, batch_share, stick)
        while batch:
            if deadline is not None and time.monotonic() > deadline:
                batch = []
                break
            _fix(at, sites, batch)
            if relaxation.max_value(lp_time_s) is not None:
                break
            _fix(at, sites, batch, undo=True)
            batch = batch[: len(batch) // 2]
        if not batch:
            break
        fixed.update(batch)
        values = relaxation.at_values()
    out = dict(values)
    for (u, w), site in fixed.items():
        for s in sites[u, w]:
            out[u, s, w] = 2.0 if s == site else 0.0
    return out


def unfix(relaxation: Relaxation) -> None:
    """Free every placement variable again."""
    for var in relaxation.placements.at.values():
        var.SetBounds(0.0, 1.0)


def _batch(facts, values, sites, fixed, share, stick) -> list[tuple[tuple[str, int], str | None]]:
    """The next unit-weeks to fix, surest first, within the sites' pads."""
    weeks = facts.weeks
    ranked = []
    for (u, w), here in sites.items():
        if (u, w) in fixed:
            continue
        placed = sum(values[u, s, w] for s in here)
        best = max(here, key=lambda s: values[u, s, w])
        for neighbour in (fixed.get((u, (w - 1) % weeks)), fixed.get((u, (w + 1) % weeks))):
            if neighbour in here and values[u, neighbour, w] >= stick * values[u, best, w]:
                best = neighbour
        if placed >= PLACED_FROM:
            ranked.append((values[u, best, w], u, w, best))
        else:
            ranked.append((1 - placed, u, w, None))
    ranked.sort(key=lambda t: (-t[0], t[1], t[2]))
    size = max(1, int(share * len(ranked)), sum(1 for t in ranked if t[0] >= SURE))
    held: dict[tuple[str, int], int] = defaultdict(int)
    for (_, w), site in fixed.items():
        if site is not None:
            held[site, w] += 1
    batch = []
    for _, u, w, site in ranked[:size]:
        if site is not None:
            if pads_left(facts.instance.site_by_id[site], held[site, w]) <= 0:
                continue
            held[site, w] += 1
        batch.append(((u, w), site))
    return batch


def _fix(at, sites, batch, undo: bool = False) -> None:
    for (u, w), site in batch:
        for s in sites[u, w]:
            if undo:
                at[u, s, w].SetBounds(0.0, 1.0)
            else:
                value = 1.0 if s == site else 0.0
                at[u, s, w].SetBounds(value, value)
