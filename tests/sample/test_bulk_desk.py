"""The fast path of the sample's past writes exactly the rows the desk's own functions would,
and refuses what they would refuse."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from booking.models import Booking, Referral
from booking.outcomes import record_outcome
from booking.service import book, record_attendance
from extensions import db
from pathways.models import Pathway, PathwayEvent
from plans.models import Plan
from sample import history, seen, waiting_list
from sample.bulk_desk import BulkDesk, Refused
from tests.sample.conftest import NOW

WRITTEN_AT = ("at", "created_at", "updated_at")  # the wall clock's, not the desk's
TABLES = (Referral, Booking, Pathway, PathwayEvent, AuditEvent)


class LiveDesk:
    """The desk's own functions, a transaction each, behind BulkDesk's verbs."""

    def __init__(self, _openings) -> None:
        pass

    def book(self, referral_id: int, session_id: int, *, now) -> int:
        return book(referral_id, session_id, now=now).id

    def record_attendance(self, booking_id: int, status: str, *, now) -> None:
        record_attendance(booking_id, status, now=now)

    def record_outcome(self, booking_id: int, form) -> int | None:
        step = record_outcome(booking_id, form).step
        return None if step is None else step.id

    def closed(self, referral_id: int) -> bool:
        return db.session.get(Referral, referral_id).closed_on is not None

    def write(self) -> None:
        pass


def written() -> dict[str, list[dict]]:
    """Every row of the tables the past writes, in id order, without when it was written."""
    return {
        model.__tablename__: [
            {k: v for k, v in row.items() if k not in WRITTEN_AT}
            for row in db.session.execute(
                sa.select(model.__table__).order_by(model.__table__.c.id)
            ).mappings()
        ]
        for model in TABLES
    }


@pytest.fixture
def eventful(monkeypatch, few_seen):
    """A past of a few dozen patients in which every kind of event is likely: a few in
    every tenth session."""
    monkeypatch.setattr(seen, "FILLED", (0.2, 0.3))
    monkeypatch.setattr(history, "FIRST_DNA_SHARE", 0.15)
    monkeypatch.setattr(history, "LATER_DNA_SHARE", 0.4)
    monkeypatch.setattr(history, "AGAIN_DNA_SHARE", 1.0)
    monkeypatch.setattr(history, "LEFT_UNBOOKED_SHARE", 0.0)
    onward = {"follow_up": 4, "refer_on_diagnostic": 3, "decision_to_treat": 3}
    monkeypatch.setattr(history, "FIRST_OUTCOMES", onward | {"patient_initiated": 1})
    monkeypatch.setattr(history, "FOLLOW_UP_OUTCOMES", {"follow_up": 1, "discharged": 1})


@pytest.mark.slow  # about 29 s: the desk built twice, once a transaction a step
def test_the_fast_path_writes_the_rows_the_desks_functions_would(
    sample_desk, second_app, eventful, monkeypatch
):
    sample_desk(most=30)
    fast = written()
    monkeypatch.setattr(waiting_list, "BulkDesk", LiveDesk)
    with second_app.app_context():
        sample_desk(most=30)
        slow = written()
    events = fast["pathway_event"]
    kinds = {e["kind"] for e in events}
    assert {
        "booked",
        "attended",
        "dna",
        "follow_up",
        "refer_on_diagnostic",
        "diagnostic_done",
        "decision_to_treat",
        "treated",
        "patient_initiated",
        "discharged",
    } <= kinds
    later_dnas = [p for p in fast["pathway"] if p["later_dnas"]]
    assert any(p["later_dnas"] == 2 and p["ended"] for p in later_dnas)  # discharged by policy
    assert {r["closed_reason"] for r in fast["referral"]} > {None}
    assert len([b for b in fast["booking"] if b["status"] == "attended"]) > 20
    assert fast == slow


def test_it_refuses_what_the_desk_would_refuse(sample_desk, few_seen):
    sample_desk(most=30)
    plan = db.session.scalar(sa.select(Plan).where(Plan.status == "published"))
    openings = waiting_list.plan_sessions(plan)
    desk = BulkDesk(openings)
    waiting = db.session.scalar(
        sa.select(Referral).where(Referral.id.not_in(sa.select(Booking.referral_id))).limit(1)
    )
    theirs = [o for o in openings if o.service_id == waiting.service_id]
    begun = next(o for o in theirs if o.start < NOW)
    with pytest.raises(Refused):
        desk.book(waiting.id, begun.session_id, now=NOW)
    later = next(o for o in theirs if o.start > NOW + timedelta(days=7))
    booking_id = desk.book(waiting.id, later.session_id, now=NOW)
    with pytest.raises(Refused):  # one appointment to come at a time
        desk.book(waiting.id, later.session_id, now=NOW)
    with pytest.raises(Refused):  # attendance is recorded from the day of the appointment
        desk.record_attendance(booking_id, "attended", now=NOW)
    with pytest.raises(Refused):  # an outcome needs an attendance
        desk.record_outcome(booking_id, {"outcome": "discharged"})
