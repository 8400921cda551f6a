"""A small planning world built in code: two sites, a unit, two services, a clinician,
practices with demand, and a scenario with a published and a draft plan."""

from datetime import date
from html import unescape

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from extensions import db
from inputs.models import Clinician, Demand, Practice, Service, Site, Unit
from plans.models import ClinicSession, Placement, Plan, Scenario

START = date(2027, 1, 4)  # a Monday


@pytest.fixture
def world(app):
    """Entities, demand and the scenario 'Spring tour'; its plans come from `plans`."""
    hemel = Site(
        id="S01",
        name="Hemel Hempstead Hospital",
        locality="Hemel Hempstead",
        postcode="HP2 4AD",
        lat=51.7509,
        lon=-0.4686,
        pads=2,
        unit_types=["outpatient", "radiology"],
    )
    tring = Site(
        id="S02",
        name="Tring Sportspace",
        locality="Tring",
        postcode="HP23 5",
        lat=51.7925,
        lon=-0.648,
        pads=1,
        unit_types=["outpatient"],
    )
    spare = Site(
        id="S03",
        name="Kings Langley Library",
        locality="Kings Langley",
        postcode="WD4 8AB",
        lat=51.71,
        lon=-0.45,
        pads=1,
        unit_types=["outpatient"],
    )
    unit = Unit(id="op-1", name="Outpatient unit 1", type="outpatient", rooms=2)
    dermatology = Service(
        id="dermatology",
        name="Dermatology clinic",
        unit_type="outpatient",
        slots_per_session=8,
        staff=["dermatology"],
        max_wait_weeks=18,
    )
    xray = Service(
        id="xray",
        name="X-ray",
        unit_type="radiology",
        capability="xray",
        slots_per_session=30,
        staff=["radiographer"],
    )
    clinician = Clinician(
        id="c-derm-1",
        name="Dr Zeb Trialby",
        skills=["dermatology"],
        availability=["Mon-AM", "Mon-PM", "Tue-AM"],
        max_sessions_per_week=3,
    )
    practices = [
        Practice(
            id="E82001",
            name="Rothschild House",
            locality="Tring",
            postcode="HP23 6PU",
            lat=51.7908,
            lon=-0.6689,
            list_size=43859,
        ),
        Practice(
            id="E82022",
            name="Fernville Surgery",
            locality="Hemel Hempstead",
            postcode="HP2 5BL",
            lat=51.7546,
            lon=-0.4718,
            list_size=18633,
        ),
    ]
    db.session.add_all([hemel, tring, spare, unit, dermatology, xray, clinician, *practices])
    db.session.flush()  # demand refers to practices and services by id only
    db.session.add_all(
        [
            Demand(practice_id="E82001", service_id="dermatology", per_week=3.5, source="x"),
            Demand(practice_id="E82022", service_id="dermatology", per_week=2.0),
            Demand(practice_id="E82022", service_id="xray", per_week=12.25),
        ]
    )
    scenario = Scenario(
        id="spring",
        name="Spring tour",
        start=START,
        weeks=12,
        weekdays=["Mon", "Tue", "Wed", "Thu", "Fri"],
        periods=["AM", "PM"],
        closed_dates=[],
        extras={},
        fixed={},
        sites=[hemel, tring],
        units=[unit],
        services=[dermatology],
        practices=practices,
        clinicians=[clinician],
    )
    db.session.add(scenario)
    db.session.commit()
    return scenario


def _plan(scenario: Scenario, name: str, status: str, site_by_week: dict[int, str]) -> Plan:
    """op-1 stands at the given site each week and runs Monday's two dermatology sessions."""
    clinician = db.session.get(Clinician, "c-derm-1")
    plan = Plan(scenario=scenario, name=name, status=status)
    for week, site in site_by_week.items():
        plan.placements.append(Placement(unit_id="op-1", site_id=site, week=week))
        monday = date.fromordinal(START.toordinal() + 7 * week)
        for period in ("AM", "PM"):
            plan.sessions.append(
                ClinicSession(
                    unit_id="op-1",
                    date=monday,
                    period=period,
                    room=0,
                    service_id="dermatology",
                    clinicians=[clinician],
                )
            )
    db.session.add(plan)
    return plan


@pytest.fixture
def plans(world):
    """A published plan at S01 (weeks 0-1) and a draft at S01 then S02 (weeks 0-2)."""
    published = _plan(world, "Spring", "published", {0: "S01", 1: "S01"})
    draft = _plan(world, "Spring what-if", "draft", {0: "S01", 2: "S02"})
    db.session.commit()
    return published, draft


def audit_events(entity_type: str | None = None) -> list[AuditEvent]:
    """Audit events about the data, oldest first (signing in creates a user: left out)."""
    query = sa.select(AuditEvent).where(AuditEvent.entity_type != "user").order_by(AuditEvent.id)
    if entity_type:
        query = query.where(AuditEvent.entity_type == entity_type)
    return list(db.session.scalars(query))


def text_of(response) -> str:
    """The page's HTML with entities decoded, so messages read as a person sees them."""
    return unescape(response.get_data(as_text=True))
