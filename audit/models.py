"""Audit events: who changed or read what, and when, with the values the trail may keep.

Events about patients keep ids and the names of changed fields only (audit.privacy); the
model refuses to insert one that keeps more, and refuses any change or deletion.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column

from audit.privacy import AuditPrivacyError, leaks
from extensions import db


class AuditEvent(db.Model):
    """One change to the data, or one reading of a patient's record; never edited or deleted
    once written."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=lambda: datetime.now(UTC), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    actor: Mapped[str] = mapped_column(sa.String(64))  # username, or "system" for commands
    action: Mapped[str] = mapped_column(sa.String(40))
    entity_type: Mapped[str] = mapped_column(sa.String(40), index=True)
    entity_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    after: Mapped[dict | None] = mapped_column(sa.JSON)


class AuditImmutableError(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(mapper, connection, target) -> None:
    raise AuditImmutableError("audit events cannot be changed or deleted")


@event.listens_for(AuditEvent, "before_insert")
def _refuse_patient_details(mapper, connection, target) -> None:
    found = leaks(target.entity_type, target.before, target.after)
    if found:
        raise AuditPrivacyError(
            f"an audit event about a {target.entity_type} may not keep the values of "
            f"{', '.join(sorted(set(found)))}; record() keeps their names"
        )
