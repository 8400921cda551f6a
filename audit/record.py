"""Write audit events in the caller's transaction."""

from flask_login import current_user

from audit.models import AuditEvent
from extensions import db


def record(action: str, entity_type: str, entity_id: str, *, before=None, after=None) -> None:
    """Add an audit event for a change; it commits with the change it describes."""
    user = current_user if _has_user() else None
    db.session.add(
        AuditEvent(
            user_id=user.id if user else None,
            actor=user.username if user else "system",
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id),
            before=before,
            after=after,
        )
    )


def _has_user() -> bool:
    try:
        return bool(current_user and current_user.is_authenticated)
    except RuntimeError:  # outside a request (command line)
        return False
