"""The audit trail's rows (`audit/models.py`): appended, never changed or deleted."""

import pytest

from audit.models import AuditEvent, AuditImmutableError
from extensions import db


def test_audit_events_cannot_be_changed_or_deleted(app):
    event = AuditEvent(actor="system", action="create", entity_type="site", entity_id="S01")
    db.session.add(event)
    db.session.commit()
    event.action = "delete"
    with pytest.raises(AuditImmutableError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(event)
    with pytest.raises(AuditImmutableError):
        db.session.commit()
    db.session.rollback()
