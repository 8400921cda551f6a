"""Which units the unit tours take (`unit_tours.better_tours`), and in what order.

A pass takes first the units whose tours may gain most at the margins (`by_gain`). On
large instances a step re-tours one unit of each service group at once (`next_units`):
units that share no service hardly change what the others' tours are worth, and one LP
solve judges them all. From the manager's rotation of large seed 1, the first four
such steps (five units each) were all kept and gained 2.8 points by the LP that counts
setup days in 17 s, where steps of one unit gained 1.4 points in 22 s (2026-12-01).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..contract.domain import Placement
from ..rules.facts import Facts


def service_groups(facts: Facts) -> list[frozenset[str]]:
    """The units in groups that share no service with each other (a unit shares one with
    another of its group, directly or through others), largest first."""
    groups: list[set[str]] = []
    for u, services in sorted(facts.unit_services.items()):
        mine = {u}
        for g in [g for g in groups if any(set(services) & set(facts.unit_services[v]) for v in g)]:
            mine |= g
            groups.remove(g)
        groups.append(mine)
    return sorted((frozenset(g) for g in groups), key=lambda g: (-len(g), sorted(g)))


def next_units(queue: list[str], groups: list[frozenset[str]] | None) -> tuple[str, ...]:
    """The units of the next step, taken from `queue`: its first, and with `groups`
    the first of each other group too."""
    if groups is None:
        return (queue.pop(0),)
    taken: list[str] = []
    for u in list(queue):
        if not any(u in g and any(v in g for v in taken) for g in groups):
            taken.append(u)
            queue.remove(u)
    return tuple(taken)


def by_gain(
    units: list[str],
    margins: Mapping[tuple[str, str, int], float] | None,
    placements: tuple[Placement, ...],
) -> list[str]:
    """`units`, those that would gain most at `margins` by standing each week at the site
    worth most to them first (arrivals not charged); in order without margins. On large
    seed 1 the radiology units' tours gained most, 0.3-0.4 point a step, and came last
    in the order of their names (2026-12-01)."""
    if not margins:
        return list(units)
    where = {(p.unit, p.week): p.site for p in placements}
    most: dict[tuple[str, int], float] = {}
    for (u, _, w), v in margins.items():
        most[u, w] = max(most.get((u, w), 0.0), v)
    gain = dict.fromkeys(units, 0.0)
    for (u, w), v in most.items():
        gain[u] += v - margins.get((u, where.get((u, w)), w), 0.0)
    return sorted(units, key=lambda u: (-gain[u], u))
