"""Typed, immutable domain objects of the planning contract (PLANNING-PROBLEM.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from .horizon import (
    DAYS_PER_WEEK,
    DEFAULT_SESSION_TIMES,
    SESSIONS,
    WEEKDAYS,
    DateRange,
    Horizon,
    extras_field,
)

UNIT_TYPES = ("outpatient", "theatre", "radiology")
# What a demand row counts: first attendances (the contract's referrals), or the follow-up
# attendances they lead to (docs/contract-extensions.md). Both are demand alike.
NEW = "new"
FOLLOW_UP = "follow_up"
DEMAND_KINDS = (NEW, FOLLOW_UP)
# Re-exported: the calendar types are part of the domain.
__all__ = [
    "DAYS_PER_WEEK",
    "DEFAULT_SESSION_TIMES",
    "DEMAND_KINDS",
    "FOLLOW_UP",
    "NEW",
    "SESSIONS",
    "UNIT_TYPES",
    "WEEKDAYS",
    "Clinician",
    "DateRange",
    "DemandRow",
    "FixedItems",
    "FixedSession",
    "Horizon",
    "Instance",
    "Placement",
    "Plan",
    "Practice",
    "Service",
    "Session",
    "Site",
    "Unit",
]


@dataclass(frozen=True)
class Site:
    """A place where a unit can stand; `pads` units at once, of `unit_types`."""

    id: str
    name: str | None
    locality: str
    postcode: str | None
    lat: float
    lon: float
    pads: int
    unit_types: tuple[str, ...]
    unavailable: tuple[DateRange, ...] = ()
    min_weeks: int = 0
    extras: Mapping[str, Any] = extras_field()


@dataclass(frozen=True)
class Unit:
    """A truck-mounted unit; `rooms` sessions side by side, `setup_days` lost on arrival."""

    id: str
    name: str | None
    type: str
    rooms: int
    capabilities: tuple[str, ...] = ()
    setup_days: int = 0
    unavailable: tuple[DateRange, ...] = ()
    extras: Mapping[str, Any] = extras_field()


@dataclass(frozen=True)
class Service:
    """What one session delivers, with the staff and the unit it needs.

    The follow-up fields extend the contract (docs/contract-extensions.md): of the session's
    `slots_per_session`, `follow_up_slots` are kept for follow-up patients; each first
    attendance leads to `follow_ups_per_first` follow-ups, due within `follow_up_weeks`.
    """

    id: str
    name: str | None
    unit_type: str
    capability: str | None
    slots_per_session: int
    staff: tuple[str, ...]
    max_wait_weeks: int | None = None
    max_travel_km: float | None = None
    follow_up_slots: int = 0
    follow_up_ratio: float = 0.0
    follow_up_cap: float | None = None  # None: no commissioned cap
    follow_up_weeks: int | None = None  # None: no window given
    extras: Mapping[str, Any] = extras_field()

    @property
    def follow_ups_per_first(self) -> float:
        """Follow-up attendances planned per first attendance: the ratio, within its cap."""
        if self.follow_up_cap is None:
            return self.follow_up_ratio
        return min(self.follow_up_ratio, self.follow_up_cap)


@dataclass(frozen=True)
class Practice:
    """A GP practice: the source of referral demand."""

    id: str
    name: str | None
    locality: str
    postcode: str | None
    lat: float
    lon: float
    list_size: int | None = None
    extras: Mapping[str, Any] = extras_field()


@dataclass(frozen=True)
class DemandRow:
    """Referrals per week from a practice for a service (rows for a pair add up).

    `kind` says whether they are first attendances (`NEW`) or follow-ups (`FOLLOW_UP`); the
    rules and the scoring treat both alike.
    """

    practice: str
    service: str
    per_week: float
    kind: str = NEW
    extras: Mapping[str, Any] = extras_field()


@dataclass(frozen=True)
class Clinician:
    """A clinician with skills, a weekly job plan, leave and an optional base."""

    id: str
    name: str | None
    skills: tuple[str, ...]
    base_lat: float | None
    base_lon: float | None
    max_travel_km: float | None
    availability: tuple[str, ...]  # "Mon-AM" weekday-session pairs
    max_sessions_per_week: int | None = None
    leave: tuple[DateRange, ...] = ()
    extras: Mapping[str, Any] = extras_field()

    def is_available(self, day: date, session: str) -> bool:
        return f"{WEEKDAYS[day.weekday()]}-{session}" in self.availability

    def leave_on(self, day: date) -> DateRange | None:
        return next((r for r in self.leave if r.contains(day)), None)


@dataclass(frozen=True)
class Placement:
    """Unit `unit` stands at site `site` in cycle week `week`."""

    unit: str
    site: str
    week: int


@dataclass(frozen=True)
class Session:
    """One half-day of `service` in room `room` of `unit`."""

    unit: str
    date: date
    session: str
    room: int
    service: str
    clinicians: tuple[str, ...]

    def label(self) -> str:
        return f"session {self.unit} {self.date.isoformat()} {self.session} room {self.room}"


@dataclass(frozen=True)
class FixedSession:
    """A session the plan must keep; None means the field was not given and matches anything."""

    unit: str | None = None
    date: date | None = None
    session: str | None = None
    room: int | None = None
    service: str | None = None
    clinicians: tuple[str, ...] | None = None

    def matches(self, other: Session) -> bool:
        """Whether `other` agrees on every given field (clinicians compare as a set)."""
        pairs = (
            (self.unit, other.unit),
            (self.date, other.date),
            (self.session, other.session),
            (self.room, other.room),
            (self.service, other.service),
        )
        if any(mine is not None and mine != theirs for mine, theirs in pairs):
            return False
        return self.clinicians is None or set(self.clinicians) == set(other.clinicians)

    def label(self) -> str:
        clinicians = None if self.clinicians is None else ",".join(self.clinicians)
        fields = ("unit", "date", "session", "room", "service")
        given = [(name, getattr(self, name)) for name in fields] + [("clinicians", clinicians)]
        shown = " ".join(f"{name}={value}" for name, value in given if value is not None)
        return f"fixed session {shown or '(any)'}"


@dataclass(frozen=True)
class FixedItems:
    """Placements and sessions that every plan must keep (rule 9)."""

    placements: tuple[Placement, ...] = ()
    sessions: tuple[FixedSession, ...] = ()


@dataclass(frozen=True)
class Instance:
    """Everything a plan is made for and checked against."""

    name: str
    horizon: Horizon
    sites: tuple[Site, ...]
    units: tuple[Unit, ...]
    services: tuple[Service, ...]
    practices: tuple[Practice, ...]
    demand: tuple[DemandRow, ...]
    clinicians: tuple[Clinician, ...]
    fixed: FixedItems = FixedItems()
    extras: Mapping[str, Any] = extras_field()

    @cached_property
    def site_by_id(self) -> dict[str, Site]:
        return {s.id: s for s in self.sites}

    @cached_property
    def unit_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def service_by_id(self) -> dict[str, Service]:
        return {s.id: s for s in self.services}

    @cached_property
    def practice_by_id(self) -> dict[str, Practice]:
        return {p.id: p for p in self.practices}

    @cached_property
    def clinician_by_id(self) -> dict[str, Clinician]:
        return {c.id: c for c in self.clinicians}

    @cached_property
    def demand_per_week(self) -> dict[tuple[str, str], float]:
        """Referrals per week by (practice, service); rows for the same pair add up."""
        total: dict[tuple[str, str], float] = {}
        for row in self.demand:
            key = (row.practice, row.service)
            total[key] = total.get(key, 0.0) + row.per_week
        return total


@dataclass(frozen=True)
class Plan:
    """Where units stand each week and which sessions run; `kpis` and `bound` as reported."""

    instance: str
    placements: tuple[Placement, ...]
    sessions: tuple[Session, ...]
    kpis: Mapping[str, Any] | None = field(default=None, hash=False)
    bound: float | None = None
    extras: Mapping[str, Any] = extras_field()
