"""What the fleet can offer in a week against the demand for it, before any planning.

Nominal figures: every room of every unit runs a session in each working session of the week,
and a service needs demand / slots_per_session sessions a week, its demand counting new
referrals and the follow-up attendances they lead to alike. The planner then loses some
of that offer to moves, set-up days, closures and staff; these figures say whether a fleet
could cope at all. Units and services are anything with the models' attributes (`type`,
`rooms`; `id`, `unit_type`, `slots_per_session`), so the sample's own records do too.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from inputs.columns import UNIT_TYPES
from scheduler.contract.domain import FOLLOW_UP

# Where the need passes this share of the offer, the scenario page calls it tight: moves,
# set-up days, leave and travel limits take more than the rest.
TIGHT = 0.85


@dataclass(frozen=True)
class ServiceNeed:
    """One service: referrals per week (new and follow-up), and the sessions a week they fill."""

    service_id: str
    unit_type: str
    demand_per_week: float
    sessions_needed: float
    follow_up_per_week: float = 0.0  # of demand_per_week


@dataclass(frozen=True)
class FleetBalance:
    """One unit type: what its units offer a week, and what its services need."""

    unit_type: str
    units: int
    rooms: int
    room_sessions: int  # offered per week
    demand_per_week: float
    sessions_needed: float
    follow_up_per_week: float = 0.0  # of demand_per_week


def service_needs(
    services: Iterable,
    demand_per_week: Mapping[str, float],
    follow_up_per_week: Mapping[str, float] | None = None,
) -> list[ServiceNeed]:
    """The sessions a week each service's demand fills, in the services' order.

    Args:
        services: anything with `id`, `unit_type` and `slots_per_session`.
        demand_per_week: referrals a week by service, new and follow-up together.
        follow_up_per_week: how many of those are follow-ups, by service.
    """
    follow_up_per_week = follow_up_per_week or {}
    return [
        ServiceNeed(
            service.id,
            service.unit_type,
            demand_per_week.get(service.id, 0.0),
            demand_per_week.get(service.id, 0.0) / service.slots_per_session,
            follow_up_per_week.get(service.id, 0.0),
        )
        for service in services
    ]


def fleet_balance(
    units: Iterable, needs: Iterable[ServiceNeed], sessions_per_week: int
) -> list[FleetBalance]:
    """Offer against need for every unit type, in the order of `UNIT_TYPES`.

    Args:
        units: the fleet.
        needs: what `service_needs` gives.
        sessions_per_week: the working sessions of a week (10 for Monday to Friday, AM and PM).
    """
    units, needs = list(units), list(needs)
    balances = []
    for unit_type in UNIT_TYPES:
        of_type = [unit for unit in units if unit.type == unit_type]
        served = [need for need in needs if need.unit_type == unit_type]
        rooms = sum(unit.rooms for unit in of_type)
        balances.append(
            FleetBalance(
                unit_type,
                len(of_type),
                rooms,
                rooms * sessions_per_week,
                sum(need.demand_per_week for need in served),
                sum(need.sessions_needed for need in served),
                sum(need.follow_up_per_week for need in served),
            )
        )
    return balances


@dataclass(frozen=True)
class SkillBalance:
    """One skill: the sessions a week its clinicians may give, and those its services need.

    A clinician with several skills counts in each of them, so the offers of skills that
    share clinicians overlap."""

    skill: str
    clinicians: int
    sessions_offered: int
    sessions_needed: float


def skill_balance(
    clinicians: Iterable,
    services: Iterable,
    needs: Iterable[ServiceNeed],
    weekly_sessions: Iterable[str],
) -> list[SkillBalance]:
    """Offer against need for every skill a service asks for, in alphabetical order.

    Args:
        clinicians: anything with `skills`, `availability` ("Mon-AM", ...) and
            `max_sessions_per_week`.
        services: anything with `id` and `staff` (one skill per clinician a session needs).
        needs: what `service_needs` gives for those services.
        weekly_sessions: the week's working sessions, as "Mon-AM" labels.
    """
    open_sessions = set(weekly_sessions)
    clinicians = list(clinicians)
    needed: dict[str, float] = {}
    by_service = {need.service_id: need.sessions_needed for need in needs}
    for service in services:
        for skill in service.staff:
            needed[skill] = needed.get(skill, 0.0) + by_service.get(service.id, 0.0)
    rows = []
    for skill in sorted(needed):
        holders = [c for c in clinicians if skill in c.skills]
        offered = sum(_sessions_a_week(c, open_sessions) for c in holders)
        rows.append(SkillBalance(skill, len(holders), offered, needed[skill]))
    return rows


def _sessions_a_week(clinician, open_sessions: set[str]) -> int:
    """The sessions a week a clinician's job plan gives, within their weekly most."""
    available = len(open_sessions.intersection(clinician.availability))
    most = clinician.max_sessions_per_week
    return available if most is None else min(available, most)


@dataclass(frozen=True)
class Balance:
    """A planning instance's nominal offer against its need, per unit type and per skill."""

    fleet: list[FleetBalance]
    skills: list[SkillBalance]

    @property
    def has_follow_ups(self) -> bool:
        return any(row.follow_up_per_week > 0 for row in self.fleet)


def instance_balance(instance) -> Balance:
    """Offer against need of a planning instance (the planner's `Instance`)."""
    demand: dict[str, float] = {}
    follow_ups: dict[str, float] = {}
    for row in instance.demand:
        demand[row.service] = demand.get(row.service, 0.0) + row.per_week
        if row.kind == FOLLOW_UP:
            follow_ups[row.service] = follow_ups.get(row.service, 0.0) + row.per_week
    horizon = instance.horizon
    weekly = [f"{day}-{period}" for day in horizon.weekdays for period in horizon.sessions]
    needs = service_needs(instance.services, demand, follow_ups)
    return Balance(
        fleet=fleet_balance(instance.units, needs, len(weekly)),
        skills=skill_balance(instance.clinicians, instance.services, needs, weekly),
    )
