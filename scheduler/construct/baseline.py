"""The yardstick: the rotation a manager would build by hand.

Units of the same type and capabilities share their compatible sites, dealt out in order
of the demand each site can reach (largest first). Each unit tours its own sites, at most
W/2 of them (every stay is then at least two weeks; it keeps its busiest sites and never
drops one with `min_weeks`), in equal whole-week stays, the spare weeks going to its
busiest sites. A tour that clashes with a site's closure, a full site or the unit's own
time off the road is rotated to the start week that clashes least; the weeks that still
clash stay empty. Sites still short of `min_weeks` then borrow unit-weeks, and rooms are
filled day by day (`filling`). When the result still breaks a rule (visits, fixed items),
CP-SAT finds the valid rotation nearest to it.
"""

from __future__ import annotations

from collections import defaultdict

from ..contract.domain import Instance, Placement, Plan, Site
from ..rules.facts import Facts
from ..rules.hard import pads_left, site_hosts, visits_missing, visits_short
from ..rules.validate import validate
from .filling import fill_rooms
from .roster import Roster, book_fixed
from .rotation import choose_rotation

# Budget of the CP-SAT repair of a rotation that breaks visits or fixed items.
REPAIR_TIME_S = 5.0
# Stays of at least two weeks: a unit tours at most W / MIN_STAY_WEEKS sites.
MIN_STAY_WEEKS = 2


def baseline(instance: Instance) -> Plan:
    """Return the manager's rotation for `instance` (valid when any plan is)."""
    return baseline_plan(Facts(instance))


def baseline_plan(
    facts: Facts, repair_time_s: float = REPAIR_TIME_S, min_stay_weeks: int = MIN_STAY_WEEKS
) -> Plan:
    """`baseline` on an instance already indexed, with stays of at least `min_stay_weeks`."""
    placements = manager_rotation(facts, min_stay_weeks)
    if book_fixed(Roster(facts, placements)) or _rotation_broken(facts, placements):
        wanted = {(p.unit, p.site, p.week): 1.0 for p in placements}
        repaired = choose_rotation(
            facts, wanted, move_cost={}, time_limit_s=repair_time_s, hint=placements
        ).placements
        if repaired is not None:
            placements = repaired
    return filled(facts, placements)


def filled(facts: Facts, placements: tuple[Placement, ...]) -> Plan:
    """`placements` with the fixed sessions booked and the rooms filled day by day, as the
    manager fills them (`filling.fill_rooms`)."""
    roster = Roster(facts, placements)
    book_fixed(roster)
    fill_rooms(facts, roster)
    return Plan(facts.instance.name, roster.placements, tuple(roster.sessions))


def _rotation_broken(facts: Facts, placements: tuple[Placement, ...]) -> bool:
    plan = Plan(facts.instance.name, placements, ())
    return any(v.rule != 9 or "placement" in v.message for v in validate(facts.instance, plan))


def local_demand(facts: Facts) -> dict[tuple[str, str], float]:
    """Referrals per week for service k from practices within its reach of site s."""
    out: dict[tuple[str, str], float] = defaultdict(float)
    for (p, k), sites in facts.reach.items():
        for s in sites:
            out[s, k] += facts.instance.demand_per_week[p, k]
    return out


class _Board:
    """Placements so far: which unit stands where, and how full each site is."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        # where[u, w]: the site of unit u in week w
        self.where: dict[tuple[str, int], str] = {}
        # held[s, w]: units standing at site s in week w
        self.held: dict[tuple[str, int], int] = defaultdict(int)
        self.fixed: set[tuple[str, int]] = set()
        for p in facts.instance.fixed.placements:
            if 0 <= p.week < facts.weeks and (p.unit, p.week) not in self.where:
                self.put(p.unit, p.site, p.week)
                self.fixed.add((p.unit, p.week))

    def fits(self, unit: str, site: Site, week: int) -> bool:
        """Whether the unit may stand at the site in the week (rules 2 and 3), pads free."""
        open_weeks = self.facts.stand_weeks.get((unit, site.id), ())
        return week in open_weeks and pads_left(site, self.held[site.id, week]) > 0

    def put(self, unit: str, site: str, week: int) -> None:
        self.where[unit, week] = site
        self.held[site, week] += 1

    def lift(self, unit: str, week: int) -> None:
        self.held[self.where.pop((unit, week)), week] -= 1

    def placements(self) -> tuple[Placement, ...]:
        return tuple(
            Placement(u, s, w) for (u, w), s in sorted(self.where.items(), key=lambda x: x[0])
        )


def manager_rotation(facts: Facts, min_stay_weeks: int = MIN_STAY_WEEKS) -> tuple[Placement, ...]:
    """Deal the sites out among units of a kind; each unit tours its own in equal stays."""
    inst, weeks = facts.instance, facts.weeks
    wanted = local_demand(facts)
    board = _Board(facts)
    kinds: dict[tuple, list[str]] = defaultdict(list)
    for u in inst.units:
        kinds[u.type, tuple(sorted(u.capabilities))].append(u.id)
    most_sites = max(1, weeks // max(1, min_stay_weeks))
    for units in kinds.values():
        services = facts.unit_services[units[0]]
        reach = {s.id: sum(wanted[s.id, k] for k in services) for s in inst.sites}
        sites = [
            s
            for s in inst.sites
            if site_hosts(s, inst.unit_by_id[units[0]])
            and any((u, s.id) in facts.stand_weeks for u in units)
        ]
        sites.sort(key=lambda s: (-reach[s.id], s.id))
        for j, u in enumerate(units):
            mine = sites[j :: len(units)]
            must = [s for s in mine if visits_missing(s)][:weeks]
            rest = [s for s in mine if not visits_missing(s)][: max(0, most_sites - len(must))]
            kept = {s.id for s in must + rest}
            _tour(board, u, [s for s in mine if s.id in kept])
    _borrow(facts, board, wanted)
    return board.placements()


def _tour(board: _Board, unit: str, sites: list[Site]) -> None:
    """Place the unit on its sites in equal stays, rotated to the start that clashes least."""
    weeks = board.facts.weeks
    if not sites:
        return
    block, spare = divmod(weeks, len(sites))
    tour = [site for i, site in enumerate(sites) for _ in range(block + (i < spare))]

    def clashes(shift: int) -> int:
        return sum(
            (unit, w) not in board.fixed and not board.fits(unit, tour[(w - shift) % weeks], w)
            for w in range(weeks)
        )

    shift = min(range(weeks), key=lambda r: (clashes(r), r))
    for w in range(weeks):
        site = tour[(w - shift) % weeks]
        if (unit, w) not in board.fixed and board.fits(unit, site, w):
            board.put(unit, site.id, w)


def _borrow(facts: Facts, board: _Board, wanted: dict[tuple[str, str], float]) -> None:
    """Give sites short of `min_weeks` unit-weeks taken where they are missed least.

    A unit-week off the road goes first, then the last week of a stay at the site whose
    units can reach the least demand; a site is never taken below its own `min_weeks`.
    """
    inst, weeks = facts.instance, facts.weeks
    visits: dict[str, set[int]] = defaultdict(set)
    for (_, w), s in board.where.items():
        visits[s].add(w)

    def cost(u: str, w: int) -> tuple:
        here = board.where.get((u, w))
        if here is None:
            return (0, 0, 0.0)
        stay_ends = board.where.get((u, (w + 1) % weeks)) != here
        served = sum(wanted[here, k] for k in facts.unit_services[u])
        return (1, not stay_ends, served)

    for site in inst.sites:
        while visits_short(site, len(visits[site.id])):
            options = [
                (cost(u.id, w), u.id, w)
                for u in inst.units
                for w in facts.stand_weeks.get((u.id, site.id), ())
                if w not in visits[site.id]
                and (u.id, w) not in board.fixed
                and pads_left(site, board.held[site.id, w]) > 0
                and _spare(inst, board, visits, u.id, w)
            ]
            if not options:
                break  # CP-SAT's repair, or the explanation, takes over
            _, u, w = min(options)
            if (u, w) in board.where:
                visits[board.where[u, w]].discard(w)
                board.lift(u, w)
            board.put(u, site.id, w)
            visits[site.id].add(w)


def _spare(inst: Instance, board: _Board, visits: dict, unit: str, week: int) -> bool:
    """Whether moving the unit away in the week leaves its site's `min_weeks` kept."""
    here = board.where.get((unit, week))
    if here is None or board.held[here, week] > 1:
        return True
    return not visits_short(inst.site_by_id[here], len(visits[here]) - 1)
