"""What the planner's objective trades, in referrals served.

The contract's order of merit is coverage, then the worst locality's coverage, then patient
travel, then moves. The defaults keep that order in all but extreme cases: a referral
outweighs a 100 km journey, two moves, or two points of the worst locality's coverage.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Weights:
    """Objective weights; each is worth this many referrals served per unit."""

    coverage: float = 1.0  # per referral served
    min_locality_coverage: float = 50.0  # per 1.0 of the worst locality's coverage
    travel_km: float = 0.01  # per referral-km travelled by patients
    moves: float = 0.5  # per arrival of a unit at a site

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> Weights:
        """Weights from a mapping of field names (missing ones keep their defaults).

        Raises:
            ValueError: on an unknown name or a negative or non-numeric weight.
        """
        if values is None:
            return cls()
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise ValueError(f"unknown weight(s): {', '.join(unknown)}")
        for name, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"weight {name} must be a number >= 0, not {value!r}")
        return cls(**{name: float(v) for name, v in values.items()})
