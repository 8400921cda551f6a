"""Read the audit trail: each role sees its own kind of event, and no patient's details."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from audit.models import AuditEvent
from audit.privacy import (
    ACCOUNT_ENTITIES,
    CHANGED,
    PATIENT_ENTITIES,
    redact,
    visible_categories,
)
from extensions import db

PAGE_ROWS = 200  # newest first; filters narrow the trail down


@dataclass(frozen=True)
class TrailQuery:
    """Which events to show; empty values mean no filter."""

    actor: str = ""
    start: date | None = None
    end: date | None = None
    # entity type -> ids: only events about these (a patient's referrals and bookings)
    subjects: dict[str, list[str]] | None = None


@dataclass(frozen=True)
class ShownEvent:
    """An event as the audit page shows it: safe values and the names of changed fields."""

    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str
    changed: list[str]
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)


def _visible(role: str):
    """The events the role may read: patient events for booking staff, planning for ops."""
    seen = visible_categories(role)
    kinds = []
    if "patient" in seen:
        kinds.append(AuditEvent.entity_type.in_(PATIENT_ENTITIES))
    if "account" in seen:
        kinds.append(AuditEvent.entity_type.in_(ACCOUNT_ENTITIES))
    if "planning" in seen:
        kinds.append(AuditEvent.entity_type.not_in(PATIENT_ENTITIES | ACCOUNT_ENTITIES))
    return sa.or_(*kinds) if kinds else sa.false()


def _about(subjects: dict[str, list[str]]):
    matches = [
        sa.and_(AuditEvent.entity_type == kind, AuditEvent.entity_id.in_(ids))
        for kind, ids in subjects.items()
        if ids
    ]
    return sa.or_(*matches) if matches else sa.false()


def shown(event: AuditEvent) -> ShownEvent:
    """The event without patient details, even one written before the trail kept them out."""
    before, after = redact(event.entity_type, event.action, event.before, event.after)
    after = dict(after or {})
    changed = after.pop(CHANGED, [])
    return ShownEvent(
        event.at,
        event.actor,
        event.action,
        event.entity_type,
        event.entity_id,
        list(changed),
        before or {},
        after,
    )


def find_events(role: str, query: TrailQuery) -> tuple[list[ShownEvent], int]:
    """The newest events the role may read that match the query, and how many match in all."""
    select = sa.select(AuditEvent).where(_visible(role))
    if query.subjects is not None:
        select = select.where(_about(query.subjects))
    if query.actor:
        select = select.where(AuditEvent.actor == query.actor)
    if query.start:
        select = select.where(AuditEvent.at >= datetime.combine(query.start, time.min))
    if query.end:
        end = datetime.combine(query.end + timedelta(days=1), time.min)
        select = select.where(AuditEvent.at < end)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(select.subquery()))
    rows = db.session.scalars(select.order_by(AuditEvent.id.desc()).limit(PAGE_ROWS))
    return [shown(event) for event in rows], total


def actors(role: str) -> list[str]:
    """Who wrote the events the role may read, for the page's filter."""
    select = sa.select(AuditEvent.actor).where(_visible(role)).distinct()
    return list(db.session.scalars(select.order_by(AuditEvent.actor)))


def may_search_patients(role: str) -> bool:
    """Tell whether the role may look up a patient's events (booking staff and admin)."""
    return "patient" in visible_categories(role)
