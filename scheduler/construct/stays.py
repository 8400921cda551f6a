"""Long stays for one unit: its free weeks at one, two or three of its sites of most value.

The unit tours (`search.unit_tours`) make a unit's tour with CP-SAT from a value per
placement. A sum of values cannot see that more weeks at a site serve fewer and fewer
(with six-week waits its patients are served already), so where that tour serves no more
these stays are tried, each judged by the LP with every placement fixed.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from ..contract.domain import Placement
from ..rules.facts import Facts
from ..rules.validate import rotation_fits

# Stays are made at this many of the unit's sites of most value, alone, in pairs and all
# three: at most 11 rotations to judge. Quarters as well as halves (17) gained nothing on
# clinician-bound (run D, 2026-12-01).
STAY_SITES = 3


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
    totals: dict[str, float] = {}
    for (u, s, _), v in value.items():
        if u == unit and v > 0:
            totals[s] = totals.get(s, 0.0) + v
    top = sorted(totals, key=lambda s: (-totals[s], s))[:STAY_SITES]
    kept = [p for p in placements if (p.unit, p.week) not in free]
    half = len(weeks) // 2
    layouts = [[s] * len(weeks) for s in top]
    layouts += [[a] * half + [b] * (len(weeks) - half) for a in top for b in top if a != b]
    if len(top) >= 3:
        third = len(weeks) // 3
        a, b, c = top[:3]
        for order in ((a, b, c), (a, c, b)):
            layouts.append([order[min(2, i // max(1, third))] for i in range(len(weeks))])
    out = []
    for sites in layouts:
        tour = [
            Placement(unit, s, w)
            for s, w in zip(sites, weeks, strict=True)
            if s in facts.stand_sites.get((unit, w), ())
        ]
        rotation = tuple(sorted(kept + tour, key=lambda p: (p.unit, p.week)))
        if (
            set(rotation) != set(placements)
            and rotation not in out
            and rotation_fits(facts.instance, rotation)
        ):
            out.append(rotation)
    return out
