"""The pure planning core: domain types, contract I/O, hard rules, scoring and the planner."""

from .construct.baseline import baseline
from .contract.domain import (
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
from .contract.fields import ContractError
from .contract.geo import geodesic_km
from .contract.json_io import instance_to_json, plan_to_json, read_instance, read_plan
from .model.weights import Weights
from .rules.validate import Violation, validate
from .scoring.kpis import Figures, Kpis, score
from .search.solve import SolveResult, solve

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
