"""Write audit events in the caller's transaction, keeping no patient's details."""

from flask import g, has_app_context
from flask_login import current_user

from audit.models import AuditEvent
from audit.privacy import READ_ACTIONS, redact
from extensions import db


def record(
    action: str,
    entity_type: str,
    entity_id: str,
    *,
    before: dict | None = None,
    after: dict | None = None,
    changed=(),
) -> None:
    """Add an audit event for a change; it commits with the change it describes.

    For a patient's records (audit.privacy.PATIENT_ENTITIES) only ids, codes, statuses and
    counts are kept by value; the other fields given in `before` and `after` are kept by the
    names of those that changed, with any names given in `changed`.
    """
    user_id, actor = who()
    before, after = redact(entity_type, action, before, after, changed)
    db.session.add(
        AuditEvent(
            user_id=user_id,
            actor=actor,
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id),
            before=before,
            after=after,
        )
    )


def who() -> tuple[int | None, str]:
    """The signed-in user's id and name, the API client acting (see act_as), or
    (None, "system") for commands and jobs."""
    if has_app_context() and (actor := g.get("audit_actor")):
        return None, actor
    user = current_user if _has_user() else None
    return (user.id, user.username) if user else (None, "system")


def act_as(actor: str) -> None:
    """Name who acts for the rest of this request (an API client, which has no user row):
    every event it records, the service's own included, is theirs."""
    g.audit_actor = actor


def record_access(action: str, entity_type: str, entity_id, **details) -> None:
    """Record that the signed-in user read or exported a patient's data, and commit.

    Args:
        action: "view", "export" or "search".
        entity_type: what was read, e.g. "referral" or "booking".
        entity_id: its id.
        **details: what exactly (`what="letter"`), counts (`rows=12`); no patient data.
    """
    if action not in READ_ACTIONS:
        raise ValueError(f"{action!r} is not a reading; use record() for changes")
    record(action, entity_type, entity_id, after=details or None)
    db.session.commit()


def _has_user() -> bool:
    try:
        return bool(current_user and current_user.is_authenticated)
    except RuntimeError:  # outside a request (command line)
        return False
