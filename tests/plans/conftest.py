"""A scenario whose clinics have templates and follow-up ratios, built in code."""

from datetime import date

import pytest

from extensions import db
from inputs.models import Clinician, Demand, Practice, Service, Site, Unit
from plans.models import Scenario

MONDAY = date(2027, 1, 4)
WEEKS = 12


@pytest.fixture
def clinic_world(app) -> Scenario:
    """One outpatient unit of one room at one site, two clinics with ratios, two practices.

    Dermatology: 14 slots a session (8 new + 6 follow-up), ratio 1.5 capped at 1.25, and a
    dermatologist for Monday morning only: 14 slots a week against 8 + 10 attendances, so
    its follow-ups decide how much is served. ENT: ratio 0.5, 15 slots on Tuesday mornings
    against 6 + 3. Every practice is near the site and waits are as long as the cycle, so
    served = min(demand, slots) for each service, whichever weeks its sessions fall in.
    """
    site = Site(
        id="S17",
        name="Tring Sportspace",
        locality="Tring",
        postcode="HP23 5",
        lat=51.7925,
        lon=-0.648,
        pads=1,
        unit_types=["outpatient"],
    )
    unit = Unit(id="op-1", name="Outpatient 1", type="outpatient", rooms=1)
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
            follow_up_weeks=12,
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
            id=code,
            name=code,
            locality="Tring",
            postcode="HP23 6PU",
            lat=51.7908,
            lon=-0.6689,
            list_size=10000,
        )
        for code in ("E82001", "E82002")
    ]
    db.session.add_all([site, unit, *services, *clinicians, *practices])
    db.session.flush()
    db.session.add_all(
        [
            Demand(practice_id="E82001", service_id="dermatology", per_week=5.0),
            Demand(practice_id="E82002", service_id="dermatology", per_week=3.0),
            Demand(practice_id="E82001", service_id="ent", per_week=6.0),
        ]
    )
    scenario = Scenario(
        id="templates",
        name="Clinic templates",
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
    db.session.add(scenario)
    db.session.commit()
    return scenario
