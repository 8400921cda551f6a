"""A published tour built in code on the Dacorum sample, dated around today.

The sample starts on last week's Monday, so week 0 is past, week 1 holds today, and from
week 2 on every clinic is to come; week 14 is beyond the 12 weeks the search shows.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from booking.models import Booking, Referral
from booking.slots import open_slots
from clinics.answers import today
from extensions import db
from plans.models import ClinicSession, Placement, Plan
from sample.catalogue import SERVICES
from sample.loading import SAMPLE_ID, load_sample

TRING, BERKHAMSTED, HEMEL = "S17", "S15", "S01"  # Tring Sportspace, Milton House, the hospital
# Appointments in one of the sample's dermatology sessions, new and follow-up.
DERMATOLOGY_SLOTS = next(s.slots_per_session for s in SERVICES if s.id == "dermatology")
# (unit, site, weeks): where each unit stands.
PLACEMENTS = (
    ("op-1", TRING, (0, 2, 3, 14)),
    ("op-2", BERKHAMSTED, (2,)),
    ("op-3", HEMEL, (2, 4)),
)
# (unit, week, weekday, period, room, service): what runs there.
SESSIONS = (
    ("op-1", 0, 0, "AM", 0, "dermatology"),  # past: never shown
    ("op-1", 2, 1, "AM", 0, "dermatology"),
    ("op-1", 2, 1, "AM", 1, "ent"),
    ("op-1", 2, 2, "PM", 0, "dermatology"),
    ("op-2", 2, 0, "AM", 0, "dermatology"),  # the soonest dermatology
    ("op-3", 2, 3, "AM", 0, "orthopaedics"),
    ("op-1", 3, 0, "AM", 0, "dermatology"),  # two rooms, one clinic
    ("op-1", 3, 0, "AM", 1, "dermatology"),
    ("op-3", 4, 0, "AM", 0, "dermatology"),
    ("op-1", 14, 2, "AM", 0, "ophthalmology"),  # beyond the 12 weeks
)


@dataclass
class Tour:
    """The published plan and how to date its weeks."""

    plan: Plan
    start: date

    def day(self, week: int, weekday: int) -> date:
        return self.start + timedelta(days=7 * week + weekday)

    def session(self, unit: str, week: int, weekday: int, period: str, room: int = 0):
        day = self.day(week, weekday)
        return next(
            s
            for s in self.plan.sessions
            if (s.unit_id, s.date, s.period, s.room) == (unit, day, period, room)
        )


def build_tour(name: str = "Test tour", sessions=SESSIONS, publish: bool = True) -> Tour:
    """Load the sample (once) and store a plan with the placements and sessions above."""
    now = today()
    start = now - timedelta(days=now.weekday() + 7)
    load_sample(start)
    plan = Plan(scenario_id=SAMPLE_ID, name=name, status="draft")
    for unit, site, weeks in PLACEMENTS:
        plan.placements.extend(Placement(unit_id=unit, site_id=site, week=w) for w in weeks)
    for unit, week, weekday, period, room, service in sessions:
        plan.sessions.append(
            ClinicSession(
                unit_id=unit,
                date=start + timedelta(days=7 * week + weekday),
                period=period,
                room=room,
                service_id=service,
            )
        )
    db.session.add(plan)
    db.session.flush()
    if publish:
        open_slots(plan)
        plan.status, plan.published_at = "published", datetime.now(UTC)
    db.session.commit()
    return Tour(plan, start)


def referral(nhs_number: str = "9434765919", name: str = "Test Patient", service="dermatology"):
    """Add a referral from a Tring practice, referred today."""
    row = Referral(
        nhs_number=nhs_number,
        name=name,
        date_of_birth=date(1950, 1, 1),
        postcode="HP23 5JD",
        practice_id="E82001",
        service_id=service,
        referral_date=today(),
    )
    db.session.add(row)
    db.session.commit()
    return row


def book(session, name: str = "Test Patient", nhs_number: str = "9434765919", slot: int = 0):
    """Book a new referral into a slot of the session."""
    row = Booking(referral=referral(nhs_number, name), session_id=session.id, slot_number=slot)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def tour(app) -> Tour:
    return build_tour()
