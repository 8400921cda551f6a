"""Each unit's best tour by dynamic programming: a quick rotation to start CP-SAT from.

`choose_rotation`'s objective is a sum over units (a placement's value, less each
arrival's cost) but for the pads the units share and the sites' least visits (rule 8).
Without those, each unit's best cyclic tour is a shortest path through its weeks: in each
week the unit stands at one of its allowed sites or nowhere, arriving when the site
differs from last week's. `best_tours` finds it exactly per unit in O(sites² × weeks),
units taken by the value they can reach (most first), each within the pads the earlier
ones left. Rule 8 and fixed sessions are left to CP-SAT, which starts from these tours:
at 30 sites it reaches in half a second what three seconds from the starting rotation
did not always reach.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..contract.domain import Placement
from ..rules.facts import Facts
from ..rules.hard import pads_left, visits_missing, visits_short

Tour = list[str | None]  # the site of each week, None: off the road


def best_tours(
    facts: Facts,
    value: Mapping[tuple[str, str, int], float],
    move_cost: Mapping[str, float],
) -> tuple[Placement, ...]:
    """Placements of every unit's best tour (see the module docstring).

    Hard: rules 2 and 3 (only `facts.stand_weeks`), pads, fixed placements (rule 9).
    Not enforced: rule 8 and what fixed sessions ask of placements.
    """
    inst, weeks = facts.instance, facts.weeks
    forced: dict[str, dict[int, str]] = defaultdict(dict)
    for p in inst.fixed.placements:
        forced[p.unit][p.week] = p.site
    reach: dict[str, float] = defaultdict(float)
    for (u, _, _), v in value.items():
        reach[u] += v
    held: dict[tuple[str, int], int] = defaultdict(int)
    for p in inst.fixed.placements:
        held[p.site, p.week] += 1
    out: list[Placement] = []
    for unit in sorted(inst.units, key=lambda u: (-reach[u.id], u.id)):
        u, mine = unit.id, forced[unit.id]
        options = [
            [mine[w]]
            if w in mine
            else [
                s
                for s in facts.stand_sites.get((u, w), ())
                if pads_left(inst.site_by_id[s], held[s, w]) > 0
            ]
            for w in range(weeks)
        ]
        tour = unit_tour(options, [w in mine for w in range(weeks)], u, value, move_cost[u])
        for w, s in enumerate(tour):
            if s is not None:
                out.append(Placement(u, s, w))
                if w not in mine:
                    held[s, w] += 1
    return tuple(sorted(out, key=lambda p: (p.unit, p.week)))


def unit_tour(
    options: Sequence[Sequence[str]],
    fixed: Sequence[bool],
    unit: str,
    value: Mapping[tuple[str, str, int], float],
    cost: float,
) -> Tour:
    """The cyclic tour of most value less `cost` per arrival: `options[w]` are the sites
    allowed in week w (off the road is allowed too, unless `fixed[w]`).

    Week 0's state is tried in turn, so that the arrival it costs is known from the last
    week's; within a start, each week's best comes from staying or from the best state of
    the week before, less `cost` (a max over states, not over pairs).
    """
    weeks = len(options)
    states = [list(options[w]) + ([] if fixed[w] else [None]) for w in range(weeks)]
    best: tuple[float, Tour] | None = None
    for first in states[0]:
        score = {first: _worth(value, unit, first, 0)}
        back: list[dict[str | None, str | None]] = []
        for w in range(1, weeks):
            lead = max(score, key=lambda s: (score[s], s is None, s or ""))
            step: dict[str | None, float] = {}
            came: dict[str | None, str | None] = {}
            for s in states[w]:
                here = _worth(value, unit, s, w)
                moved = score[lead] - (cost if s is not None and lead != s else 0.0)
                stayed = score.get(s, float("-inf")) if s is not None else float("-inf")
                step[s], came[s] = (stayed + here, s) if stayed >= moved else (moved + here, lead)
            score = step
            back.append(came)
        if not score:
            continue
        for last, total in score.items():
            total -= cost if first is not None and last != first else 0.0
            if best is None or total > best[0] + 1e-9:
                tour = [last]
                for came in reversed(back):
                    tour.append(came[tour[-1]])
                tour.reverse()
                best = (total, tour)
    return best[1] if best is not None else [None] * weeks


def _worth(value, unit: str, site: str | None, week: int) -> float:
    return 0.0 if site is None else value.get((unit, site, week), 0.0)


def window_tour(
    facts: Facts,
    where: Mapping[tuple[str, int], str],
    free: set[tuple[str, int]],
    sites_of: Mapping[tuple[str, int], Sequence[str]],
    value: Mapping[tuple[str, str, int], float],
    cost: float,
) -> dict[tuple[str, int], str | None] | None:
    """Where one unit stands in its `free` weeks (None: off the road) for the most `value`
    less `cost` per arrival, by `unit_tour`, the rest staying `where`: among `sites_of`
    with a pad the rest leaves, its other weeks as they are. None when that tour leaves
    a site short of its least visits with the rest counted (rule 8: the caller asks
    CP-SAT instead)."""
    inst, weeks = facts.instance, facts.weeks
    (unit,) = {u for u, _ in free}
    others: dict[tuple[str, int], int] = defaultdict(int)
    for (u, w), s in where.items():
        if u != unit:
            others[s, w] += 1
    options: list[Sequence[str]] = []
    for w in range(weeks):
        if (unit, w) in free:
            allowed = sites_of.get((unit, w), ())
            options.append([s for s in allowed if pads_left(inst.site_by_id[s], others[s, w]) > 0])
        else:
            options.append([where[unit, w]] if (unit, w) in where else [])
    fixed = [(unit, w) not in free and (unit, w) in where for w in range(weeks)]
    tour = unit_tour(options, fixed, unit, value, cost)
    for site in inst.sites:
        if visits_missing(site):
            held = sum(1 for w in range(weeks) if others[site.id, w] or tour[w] == site.id)
            if visits_short(site, held):
                return None
    return {(unit, w): tour[w] for w in range(weeks) if (unit, w) in free}
