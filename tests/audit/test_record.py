"""Writing audit events: changes in the caller's transaction, readings committed at once."""

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from audit.record import record, record_access
from extensions import db


def _events() -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))


def test_record_keeps_a_patients_details_by_name_and_waits_for_the_commit(app):
    record("create", "referral", 3, after={"name": "Ada Lovelace", "priority": "urgent"})
    [event] = _events()
    assert (event.actor, event.entity_id) == ("system", "3")
    assert event.after == {"priority": "urgent", "changed": ["name", "priority"]}
    db.session.rollback()
    assert _events() == []


def test_record_access_commits_a_reading(app):
    record_access("view", "booking", 5, what="letter")
    db.session.rollback()
    [event] = _events()
    assert (event.action, event.entity_type, event.after) == ("view", "booking", {"what": "letter"})


def test_record_access_is_for_readings_only(app):
    with pytest.raises(ValueError, match="not a reading"):
        record_access("cancel", "booking", 5)
