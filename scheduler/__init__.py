"""The pure planning core: domain types, contract I/O, hard rules, scoring and the planner."""

from .baseline import baseline
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
from .solver import SolveResult, solve
from .weights import Weights

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
    "SolveResult",
    "Unit",
    "Violation",
    "Weights",
    "baseline",
    "geodesic_km",
    "instance_to_json",
    "plan_to_json",
    "read_instance",
    "read_plan",
    "score",
    "solve",
    "validate",
]
