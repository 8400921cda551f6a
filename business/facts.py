"""What a stored plan does, as its money needs it: sessions with the referrals each served,
where each unit stood, and its arrivals (through the bridge and the planner's scoring)."""

from datetime import timedelta

from business.money import PlanFacts, SessionFact
from plans.bridge import plan_domain
from plans.models import Plan
from scheduler.contract.domain import Instance
from scheduler.rules.tour import arrivals, stands
from scheduler.scoring.attribution import served_by_session


def plan_facts(plan: Plan, instance: Instance) -> PlanFacts:
    """The facts of `plan` under `instance`, its scenario's as it now is."""
    domain = plan_domain(plan)
    horizon = instance.horizon
    where = stands(instance, domain.placements)
    served = served_by_session(instance, domain)
    sessions = []
    for session, referrals in zip(domain.sessions, served, strict=True):
        service = instance.service_by_id.get(session.service)
        week = horizon.week_of(session.date) if horizon.in_cycle(session.date) else None
        site = where.get((session.unit, week))
        if service is None or site is None:
            continue  # a session of a unit standing nowhere runs no clinic
        sessions.append(
            SessionFact(
                session.unit,
                site,
                week,
                session.service,
                referrals,
                service.staff,
                service.slots_per_session,
            )
        )
    return PlanFacts(
        weeks=horizon.weeks,
        week_starts=tuple(horizon.start + timedelta(weeks=w) for w in range(horizon.weeks)),
        units=tuple(unit.id for unit in instance.units),
        stays=where,
        arrivals=tuple(arrivals(instance, domain.placements)),
        sessions=tuple(sessions),
    )
