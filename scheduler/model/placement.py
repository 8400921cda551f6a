"""Where units stand: the placement part of every model (rules 2, 3, 8, 9 and what fixed
sessions demand of placements), written once for CP-SAT and for the LP relaxation.

Each requirement that a manager can change is put in a labelled group, so that CP-SAT
can name the requirements that clash when no rotation exists.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..rules.facts import Facts
from ..rules.hard import pads_left, setup_days, visits_missing
from .linear import Linear


@dataclass
class Placements:
    """The placement variables of a model."""

    # at[u, s, w]: unit u stands at site s in week w (only where rules 2 and 3 allow it)
    at: dict[tuple[str, str, int], Any] = field(default_factory=dict)
    # arrive[u, s, w]: unit u arrives at site s in week w (at least the true arrival, rule 4)
    arrive: dict[tuple[str, str, int], Any] = field(default_factory=dict)
    # sites_of[u, w]: sites s with a variable at[u, s, w]
    sites_of: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    # group label -> the rule and the words a manager reads in an explanation
    groups: dict[str, tuple[int, str]] = field(default_factory=dict)

    def placed(self, lin: Linear, unit_id: str, week: int) -> Any:
        """1 when the unit stands somewhere in the week."""
        return lin.total(self.at[unit_id, s, week] for s in self.sites_of[unit_id, week])

    def arrives(self, lin: Linear, unit_id: str, week: int) -> Any:
        """1 when the unit arrives somewhere in the week."""
        return lin.total(self.arrive[unit_id, s, week] for s in self.sites_of[unit_id, week])


def add_placements(
    lin: Linear, facts: Facts, *, keep_rules: bool = True, arrivals: bool = True
) -> Placements:
    """Add placement variables and rules 2, 3 (and, with `keep_rules`, 8 and 9).

    Without `keep_rules` minimum visits and fixed items are left out; without `arrivals`
    there are no arrival variables, so setup days cost nothing. Either way the model is a
    relaxation, which can only raise the coverage it allows.
    """
    inst, weeks = facts.instance, facts.weeks
    p = Placements()
    for (u, s), stand in facts.stand_weeks.items():
        for w in stand:
            p.at[u, s, w] = lin.new_bool(f"at[{u},{s},{w}]")
            p.sites_of[u, w].append(s)
    for (u, s, w), here in p.at.items() if arrivals else ():
        p.arrive[u, s, w] = lin.new_bool(f"arrive[{u},{s},{w}]")
        before = p.at.get((u, s, (w - 1) % weeks))
        lin.add(p.arrive[u, s, w] >= (here - before if before is not None else here))
    for u in inst.units:
        for w in range(weeks):
            if len(p.sites_of[u.id, w]) > 1:
                lin.add(p.placed(lin, u.id, w) <= 1)
    units_at: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for (_, s, w), var in p.at.items():
        units_at[s, w].append(var)
    for (s, _), held in units_at.items():
        pads = pads_left(inst.site_by_id[s])
        if len(held) > pads:
            lin.add(lin.total(held) <= pads)
    if keep_rules:
        _min_weeks(lin, facts, p, units_at)
        _fixed_placements(lin, facts, p)
        _fixed_sessions(lin, facts, p)
    return p


def _min_weeks(lin: Linear, facts: Facts, p: Placements, units_at: dict) -> None:
    """Rule 8: every site has a unit in at least `min_weeks` weeks."""
    for site in facts.instance.sites:
        need = visits_missing(site)
        if need <= 0:
            continue
        label = f"min_weeks:{site.id}"
        p.groups[label] = (8, f"site {site.id} needs a unit in {site.min_weeks} week(s)")
        visited = []
        for w in range(facts.weeks):
            if units_at.get((site.id, w)):
                # visited[w]: some unit stands at the site in week w
                var = lin.new_bool(f"visited[{site.id},{w}]")
                lin.add(var <= lin.total(units_at[site.id, w]))
                visited.append(var)
        lin.add(lin.total(visited) >= need, label)


def _fixed_placements(lin: Linear, facts: Facts, p: Placements) -> None:
    """Rule 9: fixed placements are in the plan."""
    for f in facts.instance.fixed.placements:
        label = f"fixed placement:{f.unit}:{f.site}:{f.week}"
        p.groups[label] = (9, f"unit {f.unit} is fixed at site {f.site} in week {f.week}")
        var = p.at.get((f.unit, f.site, f.week))
        lin.add(var == 1 if var is not None else False, label)


def _fixed_sessions(lin: Linear, facts: Facts, p: Placements) -> None:
    """Rules 4, 7 and 9: a fixed session's unit stands, set up, where its clinicians reach."""
    inst, h = facts.instance, facts.horizon
    # on_date[c, date]: (unit, label) of fixed sessions naming clinician c on that date
    on_date: dict[tuple[str, Any], list[tuple[str, str]]] = defaultdict(list)
    for i, f in enumerate(inst.fixed.sessions):
        if f.unit is None or f.date is None or not h.in_cycle(f.date):
            continue
        label = f"fixed session:{i}"
        p.groups[label] = (9, f"{f.label()} must run")
        w = h.week_of(f.date)
        lin.add(p.placed(lin, f.unit, w) == 1, label)
        if p.arrive and f.date in setup_days(h, inst.unit_by_id[f.unit], w):
            lin.add(p.arrives(lin, f.unit, w) == 0, label)
        for c in f.clinicians or ():
            reached = facts.clinician_sites[c]
            for s in p.sites_of[f.unit, w]:
                if s not in reached:
                    lin.add(p.at[f.unit, s, w] == 0, label)
            on_date[c, f.date].append((f.unit, label))
    for (c, day), uses in on_date.items():
        units = sorted({unit for unit, _ in uses})
        if len(units) < 2:
            continue
        # One site per date: the units of one clinician's fixed sessions stand together.
        label = f"fixed clinician day:{c}:{day}"
        sessions = ", ".join(p.groups[lbl][1].removesuffix(" must run") for _, lbl in uses)
        p.groups[label] = (7, f"clinician {c} works at one site on {day} ({sessions})")
        w = h.week_of(day)
        first = units[0]
        for other in units[1:]:
            for s in sorted(set(p.sites_of[first, w]) | set(p.sites_of[other, w])):
                a, b = p.at.get((first, s, w)), p.at.get((other, s, w))
                lin.add((a if a is not None else 0) == (b if b is not None else 0), label)
