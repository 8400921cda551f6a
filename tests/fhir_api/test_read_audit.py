"""Reads of the directory and slots: an audit event each, written in batches."""

import sqlalchemy as sa

from audit.models import AuditEvent
from extensions import db
from fhir_api import read_audit

SEARCH = "/fhir/Slot?start=ge2027-01-04&start=le2027-01-10"


def _reads() -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.entity_type == "api_client")
    return list(db.session.scalars(query.where(AuditEvent.action.in_(("search", "view")))))


def test_reads_are_written_together_once_the_batch_is_due(api, app, monkeypatch):
    token = api.token("Surgery")
    app.config["FHIR_AUDIT_BATCH_SECONDS"] = 3600
    read_audit.flush()
    for _ in range(3):
        api.get(SEARCH, token)
    assert _reads() == []  # kept for the batch
    read_audit.flush()
    reads = _reads()
    assert [(e.actor, e.action, e.after["what"]) for e in reads] == [
        ("api:Surgery", "search", "Slot")
    ] * 3
    assert reads[0].at <= reads[1].at <= reads[2].at  # each at its own time


def test_a_due_batch_is_written_by_the_call_that_finds_it_due(api, app):
    token = api.token("Surgery")
    app.config["FHIR_AUDIT_BATCH_SECONDS"] = 3600
    read_audit.flush()
    api.get(SEARCH, token)
    app.extensions["fhir_read_audit"].written_at = 0.0  # the last batch was long ago
    api.get("/fhir/Location", token)
    assert [e.after["what"] for e in _reads()] == ["Slot", "Location"]
