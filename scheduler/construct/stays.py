"""Other tours for one unit, as rotations to judge by the LP with every placement fixed:
long stays at one, two or three of its sites of most value (`long_stays`), and its tour
with one block of weeks moved (`block_moves`).

The unit tours (`search.unit_tours`) make a unit's tour with CP-SAT from a value per
placement. A sum of values cannot see that more weeks at a site serve fewer and fewer
(with six-week waits its patients are served already), so where that tour serves no more
these are tried, each judged by the LP with every placement fixed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

from ..contract.domain import Placement
from ..rules.facts import Facts
from ..rules.validate import rotation_fits

# Stays are made at this many of the unit's sites of most value, alone, in pairs and all
# three: at most 11 rotations to judge. Quarters as well as halves (17) gained nothing on
# clinician-bound (run D, 2026-12-01).
STAY_SITES = 3
# A block's boundary moves by `SHIFTS` weeks; a block at least two weeks longer than an
# `INSERTS` length may have another site's stay of that length set in its middle.
SHIFTS = (1, 2)
INSERTS = (2, 3)


def top_sites(unit: str, value: Mapping[tuple[str, str, int], float], most: int) -> list[str]:
    """The unit's `most` sites of most `value` (summed over weeks; only those worth
    anything), best first."""
    totals: dict[str, float] = {}
    for (u, s, _), v in value.items():
        if u == unit and v > 0:
            totals[s] = totals.get(s, 0.0) + v
    return sorted(totals, key=lambda s: (-totals[s], s))[:most]


def long_stays(
    facts: Facts,
    placements: tuple[Placement, ...],
    unit: str,
    free: Set[tuple[str, int]],
    value: Mapping[tuple[str, str, int], float],
) -> list[tuple[Placement, ...]]:
    """`placements` with the unit's free weeks given to long stays at its `STAY_SITES`
    sites of most `value` (summed over the free weeks): each alone, each pair in two
    halves either way round, and the three in thirds in both cyclic orders; only those
    that keep pads and least visits (`rules.validate.rotation_fits`: the LP would refuse
    the others, at the cost of a solve and a line of GLOP's log), and not `placements`
    again.

    A tour made from linear values can leave a unit where it stands, or spread it, when
    a long stay at one, two or three sites serves more: on clinician-bound seed 1 the
    X-ray and ultrasound unit stood at S007 all cycle (80.42% by the LP), where two halves,
    at S007 then S022, served 81.68% (2026-12-01). In a week the unit may not stand at its
    site (closed, or the unit off the road) it is off the road, and arrives again after."""
    weeks = sorted(w for (u, w) in free if u == unit)
    top = top_sites(unit, value, STAY_SITES)
    half = len(weeks) // 2
    layouts = [[s] * len(weeks) for s in top]
    layouts += [[a] * half + [b] * (len(weeks) - half) for a in top for b in top if a != b]
    if len(top) >= 3:
        third = len(weeks) // 3
        a, b, c = top[:3]
        for order in ((a, b, c), (a, c, b)):
            layouts.append([order[min(2, i // max(1, third))] for i in range(len(weeks))])
    return _rotations(facts, placements, unit, weeks, layouts)


def block_moves(
    facts: Facts,
    placements: tuple[Placement, ...],
    unit: str,
    free: Set[tuple[str, int]],
    sites: Sequence[str],
) -> list[tuple[Placement, ...]]:
    """`placements` with one move made to the unit's tour over its free weeks, seen as
    blocks of weeks at one site (or off the road): a boundary between two blocks moved
    by `SHIFTS` weeks, a block moved to another of `sites` (or to a site of the tour),
    another site's stay of `INSERTS` weeks set in the middle of a long block, or a block
    given to the block before or after it (the free weeks in order, as one line: blocks
    do not wrap round the cycle). Only those that keep pads and least visits
    and where the unit may stand (as `long_stays`), each once, `placements` not among
    them.

    Where the tour is a few long stays, the best tour is often close by: on
    clinician-bound seed 2 the X-ray and ultrasound unit's tour of six stays served 21,000
    referrals by the LP; three such moves, each the first found to serve more, made it
    21,240 (2026-12-01)."""
    weeks = sorted(w for (u, w) in free if u == unit)
    at = {p.week: p.site for p in placements if p.unit == unit}
    blocks: list[list] = []  # [site or None, weeks]
    for w in weeks:
        if blocks and blocks[-1][0] == at.get(w):
            blocks[-1][1] += 1
        else:
            blocks.append([at.get(w), 1])
    choices = list(dict.fromkeys([*sites, *(b[0] for b in blocks if b[0] is not None)]))
    layouts = []

    def layout(changed: list[list]) -> None:
        layouts.append([s for s, n in changed if n > 0 for _ in range(n)])

    for i, (site, length) in enumerate(blocks):
        if i + 1 < len(blocks):
            for shift in (*SHIFTS, *(-s for s in SHIFTS)):
                if length + shift >= 1 and blocks[i + 1][1] - shift >= 1:
                    moved = [list(b) for b in blocks]
                    moved[i][1] += shift
                    moved[i + 1][1] -= shift
                    layout(moved)
        for other in choices:
            if other != site:
                layout([*blocks[:i], [other, length], *blocks[i + 1 :]])
                for inner in (n for n in INSERTS if length >= n + 2):
                    before = (length - inner) // 2
                    split = [[site, before], [other, inner], [site, length - before - inner]]
                    layout([*blocks[:i], *split, *blocks[i + 1 :]])
        for j in (i - 1, i + 1) if len(blocks) > 1 else ():
            if 0 <= j < len(blocks):
                given = [list(b) for b in blocks]
                given[j][1] += length
                given[i][1] = 0
                layout(given)
    return _rotations(facts, placements, unit, weeks, layouts)


def _rotations(
    facts: Facts,
    placements: tuple[Placement, ...],
    unit: str,
    weeks: list[int],
    layouts: list[list[str | None]],
) -> list[tuple[Placement, ...]]:
    """`placements` with the unit at each layout's sites in `weeks` (off the road where
    a layout says None or the unit may not stand there that week), each once, and only
    those that are new and keep rules 3 and 8."""
    touring = set(weeks)
    kept = [p for p in placements if p.unit != unit or p.week not in touring]
    out, seen = [], {tuple(sorted(placements, key=lambda p: (p.unit, p.week)))}
    for sites in layouts:
        tour = [
            Placement(unit, s, w)
            for s, w in zip(sites, weeks, strict=True)
            if s is not None and s in facts.stand_sites.get((unit, w), ())
        ]
        rotation = tuple(sorted(kept + tour, key=lambda p: (p.unit, p.week)))
        if rotation not in seen and rotation_fits(facts.instance, rotation):
            seen.add(rotation)
            out.append(rotation)
    return out
