"""The pure planning core: domain types, contract I/O, hard rules and scoring."""

from .contract import instance_to_json, plan_to_json, read_instance, read_plan
from .domain import (
    Clinician,
    DateRange,
    DemandRow,
    FixedItems,
    FixedSession,
    Horizon,
    Instance,
    Placement,
    Plan,
    Practice,
    Service,
    Session,
    Site,
    Unit,
)
from .fields import ContractError
from .geo import geodesic_km
from .rules import Violation, validate
from .scoring import Figures, Kpis, score

__all__ = [
    "Clinician",
    "ContractError",
    "DateRange",
    "DemandRow",
    "Figures",
    "FixedItems",
    "FixedSession",
    "Horizon",
    "Instance",
    "Kpis",
    "Placement",
    "Plan",
    "Practice",
    "Service",
    "Session",
    "Site",
    "Unit",
    "Violation",
    "geodesic_km",
    "instance_to_json",
    "plan_to_json",
    "read_instance",
    "read_plan",
    "score",
    "validate",
]
