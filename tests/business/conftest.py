"""The hand-worked example of the business case: two services, one unit, one site, four weeks.

One outpatient unit of one room stands at one site in weeks 0-2 and is off the road in week
3, so it arrives once a cycle (week 0). Dermatology runs on Monday mornings, ENT on Tuesday
mornings: three sessions each. Every wait covers the cycle and every practice is near, so
each service serves all its demand, first attendances and follow-ups alike:
- dermatology: 4 new a week and 1.25 follow-ups per first (a ratio of 1.5 capped at 1.25):
  4 x 2.25 x 4 weeks = 36 attendances (16 first, 20 follow-up), against 3 x 14 slots;
- ENT: 6 new a week and 0.5 follow-ups per first: 6 x 1.5 x 4 = 36 (24 first, 12 follow-up),
  against 3 x 15 slots.
The price book (`hand_book`) is set to round figures; tests/business/test_money.py works
every figure out by hand.
"""

from datetime import date, timedelta

import pytest

from business.book import ensure_book
from extensions import db
from inputs.models import Clinician, Demand, Practice, Service, Site, Unit
from plans.bridge import plan_domain, store_plan
from plans.models import ClinicSession, Placement, Plan, Scenario
from plans.scenarios import copy_scenario

MONDAY = date(2027, 1, 4)
WEEKS = 4
HAND_BOOK = {
    "market_forces_factor": 1,  # prices as they are, to keep the arithmetic plain
    "discount_pct": 10,
    "commissioner_share_pct": 15,
    "site_visit_gbp": 750,
    "admin_per_appointment_gbp": 3.60,
    "letters_per_appointment": 1,
    "letter_gbp": 0.73,
    "texts_per_appointment": 2,
    "text_gbp": 0.024,
    "volume_factor_pct": 50,
    "income_haircut_pct": 20,
    "capital_outlay_gbp": 20000,
    "startup_gbp": 5000,
}
HAND_PRICES = {"dermatology": (134, 74), "ent": (133, 57)}  # first, follow-up
HAND_HIRE_GBP, HAND_MOVE_GBP, HAND_SESSION_GBP = 6000, 2500, 400


@pytest.fixture
def hand_world(app) -> Plan:
    """The example's scenario and its plan (a draft), committed."""
    return build_hand_world()


def build_hand_world() -> Plan:
    """Add the example's scenario and its plan (a draft) to the app's database, and commit."""
    site = Site(
        id="S1",
        name="Tring Sportspace",
        locality="Tring",
        postcode="HP23 5",
        lat=51.7925,
        lon=-0.648,
        pads=1,
        unit_types=["outpatient"],
    )
    unit = Unit(id="op-1", name="Outpatient unit 1", type="outpatient", rooms=1)
    services = [
        Service(
            id="dermatology",
            name="Dermatology clinic",
            unit_type="outpatient",
            slots_per_session=14,
            follow_up_slots=6,
            staff=["dermatology"],
            max_wait_weeks=WEEKS,
            follow_up_ratio=1.5,
            follow_up_cap=1.25,
        ),
        Service(
            id="ent",
            name="ENT clinic",
            unit_type="outpatient",
            slots_per_session=15,
            follow_up_slots=9,
            staff=["ent"],
            max_wait_weeks=WEEKS,
            follow_up_ratio=0.5,
        ),
    ]
    clinicians = [
        Clinician(id="c-derm", name="Derm", skills=["dermatology"], availability=["Mon-AM"]),
        Clinician(id="c-ent", name="ENT", skills=["ent"], availability=["Tue-AM"]),
    ]
    practices = [
        Practice(
            id="E82001",
            name="Rothschild House",
            locality="Tring",
            postcode="HP23 6PU",
            lat=51.7908,
            lon=-0.6689,
            list_size=10000,
        )
    ]
    db.session.add_all([site, unit, *services, *clinicians, *practices])
    db.session.flush()
    db.session.add_all(
        [
            Demand(practice_id="E82001", service_id="dermatology", per_week=4.0),
            Demand(practice_id="E82001", service_id="ent", per_week=6.0),
        ]
    )
    scenario = Scenario(
        id="hand",
        name="Hand-worked example",
        start=MONDAY,
        weeks=WEEKS,
        weekdays=["Mon", "Tue", "Wed", "Thu", "Fri"],
        periods=["AM", "PM"],
        sites=[site],
        units=[unit],
        services=services,
        practices=practices,
        clinicians=clinicians,
    )
    plan = Plan(scenario=scenario, name="Three weeks at Tring", kpis=None)
    for week in range(3):
        plan.placements.append(Placement(unit_id="op-1", site_id="S1", week=week))
        monday = MONDAY + timedelta(weeks=week)
        for day, service, clinician in (
            (monday, "dermatology", clinicians[0]),
            (monday + timedelta(days=1), "ent", clinicians[1]),
        ):
            session = ClinicSession(
                unit_id="op-1", date=day, period="AM", room=0, service_id=service
            )
            session.clinicians.append(clinician)
            plan.sessions.append(session)
    db.session.add_all([scenario, plan])
    db.session.commit()
    return plan


@pytest.fixture
def hand_book(hand_world):
    """The example's price book, set to the round figures of HAND_BOOK and HAND_PRICES."""
    return set_hand_book(hand_world)


def set_hand_book(hand_world: Plan):
    """Make the example's price book with the round figures, and commit."""
    book = ensure_book(hand_world.scenario)
    for name, value in HAND_BOOK.items():
        setattr(book, name, value)
    for row in book.services:
        row.first_price_gbp, row.follow_up_price_gbp = HAND_PRICES[row.service_id]
    for row in book.units:
        row.hire_per_week_gbp, row.move_gbp = HAND_HIRE_GBP, HAND_MOVE_GBP
    for row in book.staff:
        row.session_gbp = HAND_SESSION_GBP
    db.session.commit()
    return book


WHAT_IF_ENT_FIRST_GBP, WHAT_IF_HIRE_GBP = 150, 5000


@pytest.fixture
def what_if(hand_book, hand_world) -> Plan:
    """The board's what-if: a copy of the example's scenario whose book is `hand_book` but
    for an ENT first attendance at £150 and the unit's hire at £5,000 a week, holding a copy
    of the example's plan (a draft), committed."""
    scenario = copy_scenario(hand_world.scenario)
    plan = store_plan(scenario, plan_domain(hand_world), name="Tring at new prices", kpis=None)
    book = ensure_book(scenario)
    for name, value in HAND_BOOK.items():
        setattr(book, name, value)
    for row in book.services:
        row.first_price_gbp, row.follow_up_price_gbp = HAND_PRICES[row.service_id]
        if row.service_id == "ent":
            row.first_price_gbp = WHAT_IF_ENT_FIRST_GBP
    for row in book.units:
        row.hire_per_week_gbp, row.move_gbp = WHAT_IF_HIRE_GBP, HAND_MOVE_GBP
    for row in book.staff:
        row.session_gbp = HAND_SESSION_GBP
    db.session.commit()
    return plan
