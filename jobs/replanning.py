"""What a re-plan must keep: locked items, and what is published and already past."""

from dataclasses import asdict
from datetime import date

import scheduler.contract.domain as d
from booking.carry import booked_sessions
from plans.bridge import session_domain
from plans.models import Plan


def kept_items(plan: Plan, today: date) -> d.FixedItems:
    """Fixed items for re-planning from the plan.

    Kept: every locked placement and session; every session holding a booking still to come
    (and its unit-week); for the published plan, also the placements of weeks that have begun
    and the sessions on dates already past (they happened, or are about to).
    """
    start = plan.scenario.start
    published = plan.status == "published"
    booked = {session.id for session in booked_sessions(plan)}
    booked_weeks = {
        (s.unit_id, (s.date - start).days // 7) for s in plan.sessions if s.id in booked
    }
    placements = [
        d.Placement(p.unit_id, p.site_id, p.week)
        for p in plan.placements
        if p.locked
        or (p.unit_id, p.week) in booked_weeks
        or (published and start.toordinal() + 7 * p.week <= today.toordinal())
    ]
    sessions = [
        d.FixedSession(**asdict(session_domain(s)))
        for s in plan.sessions
        if s.locked or s.id in booked or (published and s.date < today)
    ]
    return d.FixedItems(tuple(placements), tuple(sessions))


def merge(first: d.FixedItems, second: d.FixedItems) -> d.FixedItems:
    """Both sets of fixed items, without repeating a placement."""
    placements = tuple(dict.fromkeys(first.placements + second.placements))
    return d.FixedItems(placements, first.sessions + second.sessions)


def lock_kept(plan: Plan, kept: d.FixedItems) -> None:
    """Mark the new plan's items that re-planning had to keep, so the next re-plan keeps them."""
    placements = {(p.unit, p.site, p.week) for p in kept.placements}
    for placement in plan.placements:
        if (placement.unit_id, placement.site_id, placement.week) in placements:
            placement.locked = True
    for session in plan.sessions:
        domain = session_domain(session)
        if any(item.matches(domain) for item in kept.sessions):
            session.locked = True
