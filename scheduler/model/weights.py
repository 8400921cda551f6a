"""What the planner's objective trades, in referrals served.

The contract's order of merit is coverage, then the worst locality's coverage, then patient
travel, then moves. The defaults keep that order in all but extreme cases: a referral
outweighs a 100 km journey, two moves, or two points of the worst locality's coverage.

An option beside the contract (`per_service`): a referral served of one service may count
as more or fewer referrals than one of another, so that the planner prefers, among valid
plans, those serving the services worth more (see docs/contract-extensions.md). It changes
no rule and no KPI, only which valid plan is preferred.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from functools import cached_property
from typing import Any

# A service the caller's weights leave out counts as one referral per referral served, as
# without weights: giving weights for some services changes only those.
UNLISTED_SERVICE_WEIGHT = 1.0


@dataclass(frozen=True)
class Weights:
    """Objective weights; each is worth this many referrals served per unit."""

    coverage: float = 1.0  # per referral served
    min_locality_coverage: float = 50.0  # per 1.0 of the worst locality's coverage
    travel_km: float = 0.01  # per referral-km travelled by patients
    moves: float = 0.5  # per arrival of a unit at a site
    # per_service: (service id, weight) pairs: a referral served of that service counts as
    # `weight` referrals (services not listed: UNLISTED_SERVICE_WEIGHT). Empty: the
    # contract's order of merit, every referral alike.
    per_service: tuple[tuple[str, float], ...] = ()

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> Weights:
        """Weights from a mapping of field names (missing ones keep their defaults).

        Raises:
            ValueError: on an unknown name or a negative or non-numeric weight.
        """
        if values is None:
            return cls()
        names = {f.name for f in fields(cls)} - {"per_service"}
        unknown = sorted(set(values) - names)
        if unknown:
            raise ValueError(f"unknown weight(s): {', '.join(unknown)}")
        for name, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"weight {name} must be a number >= 0, not {value!r}")
        return cls(**{name: float(v) for name, v in values.items()})

    def with_services(self, services: Iterable[str], values: Mapping[str, Any] | None) -> Weights:
        """These weights with a weight per service of the instance (None: none).

        Args:
            services: the instance's service ids.
            values: service id -> weight >= 0 (a referral served of it counts as that
                many); services left out count as `UNLISTED_SERVICE_WEIGHT`.

        Raises:
            ValueError: naming each service that is unknown or whose weight is not a
                finite number >= 0.
        """
        if values is None:
            return self
        if not isinstance(values, Mapping):
            raise ValueError("service weights must map service ids to numbers")
        known = set(services)
        problems = [f"unknown service {k!r}" for k in sorted(map(str, values)) if k not in known]
        for k, value in sorted(values.items(), key=lambda kv: str(kv[0])):
            number = not isinstance(value, bool) and isinstance(value, int | float)
            if not number or not math.isfinite(value) or value < 0:
                problems.append(f"service {k!r}: weight must be a number >= 0, not {value!r}")
        if problems:
            raise ValueError("bad service weights: " + "; ".join(problems))
        pairs = tuple(sorted((str(k), float(v)) for k, v in values.items()))
        return replace(self, per_service=pairs)

    @property
    def by_service(self) -> bool:
        """Whether referrals count by their service's weight (else all alike)."""
        return bool(self.per_service)

    @cached_property
    def _service_weight(self) -> dict[str, float]:
        return dict(self.per_service)

    def service(self, service_id: str) -> float:
        """What a referral served of `service_id` counts as, in referrals."""
        return self._service_weight.get(service_id, UNLISTED_SERVICE_WEIGHT)
