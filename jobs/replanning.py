"""What a re-plan must keep: locked items, and what is published and already past."""

from datetime import date

import scheduler.contract.domain as d
from booking.carry import booked_sessions
from plans.bridge import fixed_session, placement_domain
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
        placement_domain(p)
        for p in plan.placements
        if p.locked
        or (p.unit_id, p.week) in booked_weeks
        or (published and start.toordinal() + 7 * p.week <= today.toordinal())
    ]
    sessions = [
        fixed_session(s)
        for s in plan.sessions
        if s.locked or s.id in booked or (published and s.date < today)
    ]
    return d.FixedItems(tuple(placements), tuple(sessions))


def merge(first: d.FixedItems, second: d.FixedItems) -> d.FixedItems:
    """Both sets of fixed items, without repeating a placement."""
    placements = tuple(dict.fromkeys(first.placements + second.placements))
    return d.FixedItems(placements, first.sessions + second.sessions)
