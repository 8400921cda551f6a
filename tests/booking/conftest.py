"""A small booking desk built in code: the example-small entities and a published plan."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

import scheduler.contract.domain as d
from audit.models import AuditEvent
from booking.events import appointments_changed
from booking.models import Referral
from booking.nhs_number import check_digit
from booking.slots import open_slots
from extensions import db
from plans.bridge import store_plan
from plans.models import Plan, Scenario

NOW = datetime(2026, 12, 1, 9, 0)  # the desk's clock in these tests: before the plan starts
TODAY = NOW.date()
NEAR_SITE = "chipperfield-sports-club"  # about 2 km from practice E82102 (WD4 3AA)
FAR_SITE = "redbourn-civic-centre"  # about 14 km from it


def nhs_number(serial: int) -> str:
    """A valid NHS number for each serial (skipping the stems no check digit fits)."""
    stem = 400_000_000 + serial * 7
    while check_digit(f"{stem:09d}") is None:
        stem += 1
    return f"{stem:09d}{check_digit(f'{stem:09d}')}"


def accesses() -> list[tuple]:
    """The audit trail's readings of patient records: (who, action, entity, id, detail)."""
    query = sa.select(AuditEvent).where(AuditEvent.action.in_(("view", "export", "search")))
    return [
        (e.actor, e.action, e.entity_type, e.entity_id, e.after)
        for e in db.session.scalars(query.order_by(AuditEvent.id))
    ]


class Desk:
    """Builds plans and referrals for a test."""

    def __init__(self):
        self.scenario = db.session.get(Scenario, "example-small")
        self.serial = 0

    def plan(self, sessions, *, published: bool = True, name: str = "Test plan") -> Plan:
        """Store a plan of (site, date, period, room, service[, unit]) sessions (unit op-2 if
        not given), the unit standing at the site all that week.

        The booking desk needs no more than sessions and sites, so the plan is built
        directly rather than checked against every planning rule.
        """
        rows = [(*row, "op-2")[:6] for row in sessions]
        start = self.scenario.start
        sites = {(unit, (day - start).days // 7): site for site, day, *_, unit in rows}
        domain = d.Plan(
            instance=self.scenario.id,
            placements=tuple(d.Placement(u, site, week) for (u, week), site in sites.items()),
            sessions=tuple(
                d.Session(unit, day, period, room, service, ())
                for _, day, period, room, service, unit in rows
            ),
        )
        plan = store_plan(self.scenario, domain, name=name, kpis=None)
        db.session.flush()
        if published:
            plan.status = "published"
            open_slots(plan)
        db.session.commit()
        return plan

    def referral(self, **overrides) -> Referral:
        self.serial += 1
        values = dict(
            nhs_number=nhs_number(self.serial),
            name=f"Patient {self.serial}",
            date_of_birth=date(1960, 5, 17),
            postcode="WD4 3AA",
            practice_id="E82102",
            service_id="orthopaedics",
            priority="routine",
            referral_date=date(2026, 10, 1),
        )
        referral = Referral(**(values | overrides))
        db.session.add(referral)
        db.session.commit()
        return referral


@pytest.fixture
def desk(app, example_small) -> Desk:
    return Desk()


@pytest.fixture
def heard(app):
    """What a listener connected for the test hears: (change, booking ids) each time (the app
    stands by, so that its own listener, for messages, is quiet)."""
    calls = []

    def listener(change, booking_ids):
        calls.append((change, booking_ids))

    appointments_changed.connect(listener)
    yield calls
    appointments_changed.disconnect(listener)
