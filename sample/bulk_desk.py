"""The sample's past written at once: the rows the desk's own functions would write.

The sample's history (sample/history.py) books, attends and records the outcomes of some
thousands of past appointments. Through `booking.service.book`, `record_attendance` and
`booking.outcomes.record_outcome` each is a transaction of its own, about 30 ms on SQLite:
minutes in all. `BulkDesk` has the same three verbs and keeps in memory the rows they would
leave (each booking in the lowest free slot its step may take; the pathway events, by the
same actor, with the clock worked out by `pathways.rtt.clock` under the local DNA policy;
the steps an outcome adds and those a DNA or a discharge closes; the audit events, kept as
`audit.record.record` keeps them), then writes them in one transaction. It does only what
the history needs, and refuses what the desk would refuse. tests/sample/test_bulk_desk.py
plays one past both ways and compares every row.
"""

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from types import SimpleNamespace

import sqlalchemy as sa

from audit.models import AuditEvent
from audit.privacy import redact
from audit.record import who
from booking.changes import snapshot
from booking.models import LIVE_STATUSES, Booking, Referral, SessionSlot
from booking.openings import Opening
from booking.outcomes import ONWARD, PATIENT_FIELDS, parse
from booking.pathways import DISCHARGED_AFTER_DNAS, DISCHARGED_AT_CLINIC, RETURNED, policy
from booking.service import NEXT_STATUSES
from booking.slots import usable_kind
from extensions import db
from pathways.models import Pathway, PathwayEvent
from pathways.rtt import Clock, Event, clock

# The words booking/pathways.py and booking/outcomes.py close steps with (said there inline).
HOLDING = (*LIVE_STATUSES, "attended")  # a step with such a booking is not closed as waiting


class Refused(ValueError):
    """Something the desk's functions would refuse to do."""


class BulkDesk:
    """Book, attend and record outcomes in memory, as the desk would; `write` stores it all.

    Args:
        openings: the sessions that may be booked (published, not cancelled).
    """

    def __init__(self, openings: Iterable[Opening]) -> None:
        self.sessions = {o.session_id: o for o in openings}
        self.slots: dict[int, dict[int, str]] = {}  # session -> slot number -> kind
        for session_id, number, kind in db.session.execute(
            sa.select(SessionSlot.session_id, SessionSlot.number, SessionSlot.kind).where(
                SessionSlot.session_id.in_(list(self.sessions))
            )
        ):
            self.slots.setdefault(session_id, {})[number] = kind
        self.referrals, self.bookings, self.pathways = (
            _by_id(model) for model in (Referral, Booking, Pathway)
        )
        self.steps: dict[int, list[int]] = {}  # pathway -> its steps' ids
        for referral in self.referrals.values():
            self.steps.setdefault(referral["pathway_id"], []).append(referral["id"])
        self.by_referral: dict[int, list[dict]] = {}
        for booking in self.bookings.values():
            self.by_referral.setdefault(booking["referral_id"], []).append(booking)
        self.held = {  # (session, slot) held by a booking
            (b["session_id"], b["slot_number"])
            for b in self.bookings.values()
            if b["status"] != "cancelled"
        }
        self.events: dict[int, list[tuple[date, int, str]]] = {}  # pathway -> (on, id, kind)
        for pathway_id, *event in db.session.execute(
            sa.select(PathwayEvent.pathway_id, PathwayEvent.on, PathwayEvent.id, PathwayEvent.kind)
        ):
            self.events.setdefault(pathway_id, []).append(tuple(event))
        self.next_id = {
            model: (db.session.scalar(sa.select(sa.func.max(model.id))) or 0) + 1
            for model in (Referral, Booking, PathwayEvent, AuditEvent)
        }
        self.added: dict[type, list[dict]] = {model: [] for model in self.next_id}
        self.changed_referrals: set[int] = set()
        self.changed_pathways: set[int] = set()
        self.at = datetime.now(UTC)  # when the rows are written, as the desk's defaults say
        self.user_id, self.actor = who()

    def _id(self, model: type) -> int:
        self.next_id[model] += 1
        return self.next_id[model] - 1

    def _audit(self, action: str, entity_type: str, entity_id: int, before, after) -> None:
        before, after = redact(entity_type, action, before, after)
        self.added[AuditEvent].append(
            {
                "id": self._id(AuditEvent),
                "at": self.at,
                "user_id": self.user_id,
                "actor": self.actor,
                "action": action,
                "entity_type": entity_type,
                "entity_id": str(entity_id),
                "before": before,
                "after": after,
            }
        )

    def _snapshot(self, booking: dict) -> dict:
        opening = self.sessions[booking["session_id"]]
        return snapshot(SimpleNamespace(**booking, session=opening))

    def _note(self, referral: dict, kind: str, on: date, booking: dict, detail=None) -> Clock:
        """Record an event on the referral's pathway and work its clock out afresh."""
        pathway_id = referral["pathway_id"]
        event_id = self._id(PathwayEvent)
        events = self.events.setdefault(pathway_id, [])
        events.append((on, event_id, kind))
        found = clock([Event(k, day) for day, _, k in sorted(events)], policy())
        self.added[PathwayEvent].append(
            {
                "id": event_id,
                "pathway_id": pathway_id,
                "kind": kind,
                "on": on,
                "referral_id": referral["id"],
                "booking_id": booking["id"],
                "detail": detail or {},
                "user_id": self.user_id,
                "actor": self.actor,
                "at": self.at,
            }
        )
        pathway = self.pathways[pathway_id]
        pathway.update(
            stopped=found.stopped,
            stop_reason=found.stop_reason,
            nullified=found.nullified,
            later_dnas=found.later_dnas,
            ended=found.ended,
        )
        self.changed_pathways.add(pathway_id)
        return found

    def _close_waiting(self, pathway_id: int, on: date, reason: str) -> None:
        """Close the pathway's steps that wait for an appointment (not those with one)."""
        for step_id in sorted(self.steps[pathway_id]):
            step = self.referrals[step_id]
            if step["closed_on"] is None and not self._holds(step_id):
                step.update(closed_on=on, closed_reason=reason, version=step["version"] + 1)
                self.changed_referrals.add(step_id)
                self._audit("close", "referral", step_id, None, {"closed_on": on.isoformat()})

    def _holds(self, referral_id: int) -> bool:
        """Whether the step has an appointment to come, or was seen."""
        return any(b["status"] in HOLDING for b in self.by_referral.get(referral_id, ()))

    def book(self, referral_id: int, session_id: int, *, now: datetime) -> int:
        """Book the referral into the lowest free slot of the session it may take."""
        referral = self.referrals.get(referral_id)
        opening = self.sessions.get(session_id)
        if referral is None or opening is None:
            raise Refused("no such referral or session")
        if referral["closed_on"] is not None or self._holds(referral_id):
            raise Refused("the step is closed, attended or booked already")
        if opening.service_id != referral["service_id"] or opening.start <= now:
            raise Refused("the session is of another service, or has begun")
        slots = self.slots.get(session_id, {})
        kind = usable_kind(referral["kind"], sum(k == "follow_up" for k in slots.values()))
        free = [
            n
            for n in sorted(slots)
            if (session_id, n) not in self.held and (kind is None or slots[n] == kind)
        ]
        if not free:
            raise Refused("the session has no slot free for this step")
        booking = {
            "id": self._id(Booking),
            "referral_id": referral_id,
            "session_id": session_id,
            "slot_number": free[0],
            "status": "booked",
            "cancelled_by": None,
            "outcome": None,
            "created_at": self.at,
            "updated_at": self.at,
            "version": 1,
        }
        self.bookings[booking["id"]] = booking
        self.by_referral.setdefault(referral_id, []).append(booking)
        self.added[Booking].append(booking)
        self.held.add((session_id, free[0]))
        self._note(referral, "booked", now.date(), booking)
        self._audit("book", "booking", booking["id"], None, self._snapshot(booking))
        return booking["id"]

    def record_attendance(self, booking_id: int, status: str, *, now: datetime) -> None:
        """Mark the booking attended or not attended, and act on a DNA by the policy."""
        booking = self.bookings[booking_id]
        opening = self.sessions[booking["session_id"]]
        if status not in NEXT_STATUSES.get(booking["status"], ()) or opening.date > now.date():
            raise Refused(f"an appointment {booking['status']} cannot be marked {status} now")
        before = self._snapshot(booking)
        booking.update(status=status, version=booking["version"] + 1)
        referral = self.referrals[booking["referral_id"]]
        pathway_id, on = referral["pathway_id"], opening.date
        if status == "attended":
            self._note(referral, "attended", on, booking)
            if referral["kind"] == "diagnostic":
                self._note(referral, "diagnostic_done", on, booking)
        elif status == "did_not_attend":
            found = self._note(referral, "dna", on, booking)
            if found.nullified:
                self.pathways[pathway_id]["ended"] = on
                self._close_waiting(pathway_id, on, RETURNED)
            elif found.next_after_dna == "discharge":
                reason = DISCHARGED_AFTER_DNAS.format(found.later_dnas)
                self._note(referral, "discharged", on, booking, {"reason": reason})
                self._close_waiting(pathway_id, on, reason)
        self._audit("attendance", "booking", booking_id, before, self._snapshot(booking))

    def _step(self, referral: dict, kind: str, service_id: str, on: date, due) -> dict:
        step = {field: referral[field] for field in PATIENT_FIELDS} | {
            "id": self._id(Referral),
            "pathway_id": referral["pathway_id"],
            "service_id": service_id,
            "referral_date": on,
            "kind": kind,
            "due_date": due,
            "notes": "",
            "created_at": self.at,
            "closed_on": None,
            "closed_reason": None,
            "version": 1,
        }
        self.referrals[step["id"]] = step
        self.steps[referral["pathway_id"]].append(step["id"])
        self.added[Referral].append(step)
        self._audit(
            "create", "referral", step["id"], None, {"kind": kind, "service_id": service_id}
        )
        return step

    def _clinic_of(self, referral: dict) -> str:
        """The clinic a follow-up returns to: the step's own, or the pathway's first one."""
        if referral["kind"] in ("first", "follow_up"):
            return referral["service_id"]
        firsts = [
            self.referrals[i]
            for i in sorted(self.steps[referral["pathway_id"]])
            if self.referrals[i]["kind"] == "first"
        ]
        return firsts[0]["service_id"]

    def record_outcome(self, booking_id: int, form: Mapping[str, str]) -> int | None:
        """Record the outcome of an attended appointment; return the step it adds, if any."""
        booking = self.bookings[booking_id]
        if booking["status"] != "attended" or booking["outcome"] is not None:
            raise Refused("an outcome needs an attendance, and only one is recorded")
        clinic = self.sessions[booking["session_id"]].date
        values, errors = parse(form, clinic)
        if errors:
            raise Refused(f"the outcome form is wrong: {errors}")
        outcome, referral = values["outcome"], self.referrals[booking["referral_id"]]
        step = None
        if outcome == "follow_up":
            step = self._step(
                referral, "follow_up", self._clinic_of(referral), clinic, values["due"]
            )
        elif outcome in ONWARD:
            step = self._step(referral, ONWARD[outcome][0], values["service"], clinic, None)
        detail = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
        detail.pop("outcome")
        if step is not None:
            detail["step"] = step["id"]
        self._note(referral, outcome, clinic, booking, detail)
        if outcome == "patient_initiated":
            self.pathways[referral["pathway_id"]]["pifu_until"] = values["expiry"]
        if outcome == "discharged":
            self._close_waiting(referral["pathway_id"], clinic, DISCHARGED_AT_CLINIC.format(clinic))
        booking.update(outcome=outcome, version=booking["version"] + 1)
        self._audit("outcome", "booking", booking_id, None, {"outcome": outcome})
        return None if step is None else step["id"]

    def closed(self, referral_id: int) -> bool:
        """Whether the step was closed (its pathway ended without it)."""
        return self.referrals[referral_id]["closed_on"] is not None

    def write(self) -> None:
        """Store every row kept, in one transaction, and commit."""
        new_steps = {row["id"] for row in self.added[Referral]}
        inserts = [
            (Referral, self.added[Referral]),
            (Booking, self.added[Booking]),
            (PathwayEvent, self.added[PathwayEvent]),
            (AuditEvent, self.added[AuditEvent]),
        ]
        for model, rows in inserts:
            if rows:
                db.session.execute(sa.insert(model.__table__), rows)
        closes = [
            {
                "key": i,
                **{k: self.referrals[i][k] for k in ("closed_on", "closed_reason", "version")},
            }
            for i in sorted(self.changed_referrals - new_steps)
        ]
        _update(Referral, closes)
        clocks = ("stopped", "stop_reason", "nullified", "ended", "later_dnas", "pifu_until")
        _update(
            Pathway,
            [
                {"key": i, **{k: self.pathways[i][k] for k in clocks}}
                for i in sorted(self.changed_pathways)
            ],
        )
        _advance_sequences(model for model, rows in inserts if rows)
        db.session.commit()


def _by_id(model: type) -> dict[int, dict]:
    """Every row of the model's table, as a dict, by id."""
    rows = db.session.execute(sa.select(model.__table__)).mappings()
    return {row["id"]: dict(row) for row in rows}


def _update(model: type, rows: list[dict]) -> None:
    """Update rows by id: each dict gives its id as "key" and the new column values."""
    if not rows:
        return
    table = model.__table__
    columns = [k for k in rows[0] if k != "key"]
    db.session.execute(
        table.update()
        .where(table.c.id == sa.bindparam("key"))
        .values({name: sa.bindparam(name) for name in columns}),
        rows,
    )


def _advance_sequences(models: Iterable[type]) -> None:
    """Move PostgreSQL's id sequences past the ids given here (SQLite needs nothing)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__table__
        sequence = sa.func.pg_get_serial_sequence(table.name, "id")
        db.session.execute(sa.select(sa.func.setval(sequence, sa.func.max(table.c.id))))
