"""What the fleet can offer in a week against the demand for it, before any planning.

Nominal figures: every room of every unit runs a session in each working session of the week,
and a service needs demand / slots_per_session sessions a week. The planner then loses some
of that offer to moves, set-up days, closures and staff; these figures say whether a fleet
could cope at all. Units and services are anything with the models' attributes (`type`,
`rooms`; `id`, `unit_type`, `slots_per_session`), so the sample's own records do too.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from inputs.columns import UNIT_TYPES


@dataclass(frozen=True)
class ServiceNeed:
    """One service: referrals per week, and the sessions a week they fill."""

    service_id: str
    unit_type: str
    demand_per_week: float
    sessions_needed: float


@dataclass(frozen=True)
class FleetBalance:
    """One unit type: what its units offer a week, and what its services need."""

    unit_type: str
    units: int
    rooms: int
    room_sessions: int  # offered per week
    demand_per_week: float
    sessions_needed: float


def service_needs(services: Iterable, demand_per_week: Mapping[str, float]) -> list[ServiceNeed]:
    """The sessions a week each service's demand fills, in the services' order."""
    return [
        ServiceNeed(
            service.id,
            service.unit_type,
            demand_per_week.get(service.id, 0.0),
            demand_per_week.get(service.id, 0.0) / service.slots_per_session,
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
            )
        )
    return balances
