"""The audit trail's record of the API's reads of the directory and free slots, and of its
refusals (fhir_api.refusals): one event per call, written in batches.

These reads carry no patient data, and a practice system may make a hundred a second: a
transaction of its own for each would queue every server thread behind SQLite's one writer.
So each process keeps the events of such calls (each with its own time) and writes them
together once BATCH_SECONDS have passed since the last batch, in the call that finds them
due. A server process that stops loses at most that last moment's reads; calls about
patients (appointments read, booked or cancelled) are audited in their own transaction, as
the desk's are.
"""

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import current_app

from audit.models import AuditEvent
from extensions import db

BATCH_SECONDS = 1.0  # the longest a read waits to be written (FHIR_AUDIT_BATCH_SECONDS)


@dataclass
class _Pending:
    events: list[AuditEvent] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    written_at: float = 0.0


def _pending() -> _Pending:
    return current_app.extensions.setdefault("fhir_read_audit", _Pending())


def note(actor: str, client_id: str, action: str, after: dict) -> None:
    """Keep the event of one read by the client; write the batch if it is due."""
    now = datetime.now(UTC)
    pending = _pending()
    seconds = current_app.config.get("FHIR_AUDIT_BATCH_SECONDS", BATCH_SECONDS)
    with pending.lock:
        pending.events.append(
            AuditEvent(
                at=now,
                user_id=None,
                actor=actor,
                action=action,
                entity_type="api_client",
                entity_id=client_id,
                after=after,
            )
        )
        if now.timestamp() - pending.written_at < seconds:
            return
        events, pending.events, pending.written_at = pending.events, [], now.timestamp()
    write(events)


def write(events: list[AuditEvent]) -> None:
    db.session.add_all(events)
    db.session.commit()


def flush() -> None:
    """Write whatever reads are kept, now."""
    pending = _pending()
    with pending.lock:
        events, pending.events = pending.events, []
        pending.written_at = datetime.now(UTC).timestamp()
    if events:
        write(events)
