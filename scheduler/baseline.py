"""The yardstick: the rotation a manager would build by hand in a spreadsheet.

Each unit takes its turn round the sites that can host it, in equal blocks of weeks (units
of the same kind share the sites out between them); rooms are filled in calendar order
with the service most wanted near the site that the first free clinicians can staff.
The plan obeys every rule: a week the round-robin cannot use (the unit off the road, the
site closed or full) stays empty, and when visits or fixed items still fail, CP-SAT finds
the valid rotation closest to the round-robin.
"""

from __future__ import annotations

from collections import defaultdict

from .domain import Instance, Placement, Plan, Session
from .facts import Facts
from .roster import Roster, book_fixed
from .rotation import choose_rotation
from .rules import validate

# Budget of the CP-SAT repair of a round-robin that breaks visits or fixed items.
REPAIR_TIME_S = 5.0


def baseline(instance: Instance) -> Plan:
    """Return the manager's round-robin plan for `instance` (valid when any plan is)."""
    return baseline_plan(Facts(instance))


def baseline_plan(facts: Facts, repair_time_s: float = REPAIR_TIME_S) -> Plan:
    """`baseline` on an instance already indexed."""
    placements = round_robin(facts)
    roster = Roster(facts, placements)
    if book_fixed(roster) or _rotation_broken(facts, placements):
        wanted = {(p.unit, p.site, p.week): 1.0 for p in placements}
        repaired = choose_rotation(
            facts, wanted, move_cost={}, time_limit_s=repair_time_s, hint=placements
        ).placements
        if repaired is not None:
            placements = repaired
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


def round_robin(facts: Facts) -> tuple[Placement, ...]:
    """Deal the sites of each kind of unit among its units; visit them in equal blocks."""
    inst, weeks = facts.instance, facts.weeks
    wanted = local_demand(facts)
    kinds: dict[tuple, list[str]] = defaultdict(list)
    for u in inst.units:
        kinds[u.type, tuple(sorted(u.capabilities))].append(u.id)
    held: dict[tuple[str, int], int] = defaultdict(int)
    placements = [p for p in inst.fixed.placements if 0 <= p.week < weeks]
    taken = {(p.unit, p.week) for p in placements}
    for p in placements:
        held[p.site, p.week] += 1
    for units in kinds.values():
        services = facts.unit_services[units[0]]
        unit_type = inst.unit_by_id[units[0]].type
        sites = [s for s in inst.sites if unit_type in s.unit_types]
        sites.sort(key=lambda s: (-s.min_weeks, -sum(wanted[s.id, k] for k in services), s.id))
        for j, u in enumerate(units):
            mine = sites[j :: len(units)][:weeks]
            if not mine:
                continue
            block, extra = divmod(weeks, len(mine))
            week = 0
            for i, site in enumerate(mine):
                for _ in range(block + (i < extra)):
                    open_weeks = facts.stand_weeks.get((u, site.id), ())
                    free = held[site.id, week] < site.pads and (u, week) not in taken
                    if week in open_weeks and free:
                        placements.append(Placement(u, site.id, week))
                        held[site.id, week] += 1
                        taken.add((u, week))
                    week += 1
    return tuple(sorted(placements, key=lambda p: (p.unit, p.week)))


def fill_rooms(facts: Facts, roster: Roster) -> None:
    """Fill free rooms with the locally most-wanted service that free clinicians can staff.

    A service is wanted near a site while the referrals of the practices within its reach
    outnumber the slots booked there so far.
    """
    inst = facts.instance
    # left[s, k]: referrals over the cycle near site s not yet given a slot there
    left = {key: per_week * facts.weeks for key, per_week in local_demand(facts).items()}
    for s in roster.sessions:
        key = (roster.site[s.unit, facts.horizon.week_of(s.date)], s.service)
        if key in left:
            left[key] -= inst.service_by_id[s.service].slots_per_session
    for week in range(facts.weeks):
        for unit in inst.units:
            site = roster.site.get((unit.id, week))
            if site is None:
                continue
            services = [k for k in facts.unit_services[unit.id] if (site, k) in left]
            for day, session in facts.halfdays[week]:
                if roster.hosts(unit.id, day, session) is None:
                    continue
                for room in roster.free_rooms(unit.id, day, session):
                    ranked = sorted(services, key=lambda k: -left[site, k])
                    for k in ranked:
                        if left[site, k] <= 0:
                            break
                        team = roster.team(k, site, day, session)
                        if team is None:
                            continue
                        roster.book(Session(unit.id, day, session, room, k, team))
                        left[site, k] -= inst.service_by_id[k].slots_per_session
                        break
