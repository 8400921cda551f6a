"""What relies on an input entity, asked before it is deleted or changed.

Plans, scenarios and referrals name sites, units, services, practices and clinicians, and
their packages import inputs/, so inputs/ cannot import them. Each offers a function instead,
which the app factory hands to `init_app`: a `Uses` says what relies on an entity (refusals,
consequences and how to let go of it), a `Guard` applies an edit and says which rules a
published plan would newly break. Demand rows and clinicians' skills are inputs' own.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import Flask, current_app

from audit.record import record
from extensions import db
from inputs.entities import Kind
from inputs.models import Clinician, Demand, Service

EXTENSION = "inputs.reliance"


@dataclass
class Usage:
    """Why an entity cannot be deleted, what deleting it would also remove, and how."""

    refusals: list[str] = field(default_factory=list)
    consequences: list[str] = field(default_factory=list)
    removals: list[Callable[[], None]] = field(default_factory=list)  # run in order, unflushed

    def add(self, other: "Usage") -> None:
        self.refusals += other.refusals
        self.consequences += other.consequences
        self.removals += other.removals


Uses = Callable[[Kind, object], Usage]
Guard = Callable[[Kind, str, Callable[[], None]], list[str]]


@dataclass(frozen=True)
class _Relying:
    uses: tuple[Uses, ...]
    guard: Guard | None


def init_app(app: Flask, *, uses: tuple[Uses, ...] = (), guard: Guard | None = None) -> None:
    """Tell the data pages who relies on the inputs (asked in the order given)."""
    app.extensions[EXTENSION] = _Relying(uses, guard)


def _relying() -> _Relying:
    return current_app.extensions.get(EXTENSION) or _Relying((), None)


def usage(kind: Kind, entity) -> Usage:
    """Find everything that relies on the entity: other features' uses, then demand."""
    found = Usage()
    for uses in _relying().uses:
        found.add(uses(kind, entity))
    if kind.name in ("practices", "services"):
        found.add(_demand_uses(kind, entity))
    if kind.name == "services":
        found.consequences.extend(_orphaned_skills(entity))
    return found


def remove_uses(found: Usage) -> None:
    """Take the entity out of everything that gives way, auditing each change."""
    for removal in found.removals:
        removal()


def new_violations(kind: Kind, entity_id: str, change: Callable[[], None]) -> list[str]:
    """Apply the change (unflushed) and return what a published plan would newly break."""
    guard = _relying().guard
    if guard is None:
        change()
        return []
    return guard(kind, entity_id, change)


def count(number: int, noun: str) -> str:
    """'1 session', '2 sessions'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _demand_uses(kind: Kind, entity) -> Usage:
    column = Demand.practice_id if kind.name == "practices" else Demand.service_id
    rows = list(db.session.scalars(sa.select(Demand).where(column == entity.id)))
    if not rows:
        return Usage()
    return Usage(
        consequences=[
            f"Its {count(len(rows), 'demand row')} (referrals per week) will be deleted too."
        ],
        removals=[lambda: _delete_demand(rows)],
    )


def _delete_demand(rows: list[Demand]) -> None:
    for row in rows:
        key = f"{row.practice_id}/{row.service_id}"
        record("delete", "demand", key, before={"per_week": row.per_week, "source": row.source})
        db.session.delete(row)


def _orphaned_skills(service: Service) -> list[str]:
    """Skills only this service needs, which clinicians hold: an import would then refuse."""
    others = db.session.scalars(sa.select(Service).where(Service.id != service.id))
    needed = {skill for other in others for skill in other.staff}
    holders = defaultdict(list)
    for clinician in db.session.scalars(sa.select(Clinician).order_by(Clinician.id)):
        for skill in set(clinician.skills) - needed:
            if skill in service.staff:
                holders[skill].append(clinician.id)
    return [
        f"No other service needs the skill '{skill}', which clinicians {', '.join(ids)} "
        "hold; change their skills, or a spreadsheet import of them will be refused."
        for skill, ids in sorted(holders.items())
    ]
