"""Database constraints back the rules that belong in the database."""

from datetime import date

import pytest
import sqlalchemy as sa

from extensions import db
from inputs.models import Clinician, Demand, Practice, Service, Site, Unit
from plans.models import ClinicSession, Placement, Plan, Scenario


def site(**overrides) -> Site:
    values = dict(
        id="S01",
        name="Hospital",
        locality="Hemel",
        postcode="HP2 4AD",
        lat=51.75,
        lon=-0.47,
        pads=1,
        unit_types=["outpatient"],
    )
    return Site(**(values | overrides))


def scenario(**overrides) -> Scenario:
    values = dict(
        id="spring",
        name="Spring",
        start=date(2027, 1, 4),
        weeks=16,
        weekdays=["Mon"],
        periods=["AM"],
        closed_dates=[],
        extras={},
        fixed={},
    )
    return Scenario(**(values | overrides))


def refused(*rows) -> None:
    db.session.add_all(rows)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_duplicate_ids_are_refused(app):
    db.session.add(site())
    db.session.commit()
    refused(site())


@pytest.mark.parametrize(
    "row",
    [
        lambda: site(pads=0),
        lambda: site(min_weeks=-1),
        lambda: site(lat=95.0),
        lambda: Unit(id="u", name="u", type="outpatient", rooms=0),
        lambda: Unit(id="u", name="u", type="lorry", rooms=1),
        lambda: Unit(id="u", name="u", type="outpatient", rooms=1, setup_days=-1),
        lambda: Service(id="s", name="s", unit_type="outpatient", slots_per_session=0, staff=["x"]),
        lambda: Practice(id="p", name="p", locality="l", lat=51, lon=0, list_size=-5),
        lambda: Clinician(id="c", name="c", skills=["x"], availability=[], base_lat=51.0),
        lambda: scenario(weeks=0),
    ],
)
def test_counts_and_choices_are_checked(app, row):
    refused(row())


def test_demand_needs_known_practice_and_service_and_is_unique(app):
    refused(Demand(practice_id="nope", service_id="nope", per_week=1))
    db.session.add_all(
        [
            Practice(id="p", name="p", locality="l", lat=51, lon=0, list_size=5),
            Service(id="s", name="s", unit_type="outpatient", slots_per_session=1, staff=["x"]),
        ]
    )
    db.session.commit()
    refused(Demand(practice_id="p", service_id="s", per_week=-1))
    db.session.add(Demand(practice_id="p", service_id="s", per_week=1))
    db.session.commit()
    refused(Demand(practice_id="p", service_id="s", per_week=2))


def test_one_published_plan_per_scenario_and_one_placement_per_unit_week(app):
    db.session.add_all([scenario(), site(), Unit(id="u", name="u", type="outpatient", rooms=1)])
    db.session.commit()
    first = Plan(scenario_id="spring", name="a", status="published")
    db.session.add_all([first, Plan(scenario_id="spring", name="b", status="draft")])
    db.session.commit()
    refused(Plan(scenario_id="spring", name="c", status="published"))
    refused(Plan(scenario_id="spring", name="d", status="final"))
    db.session.add(Placement(plan_id=first.id, unit_id="u", site_id="S01", week=0))
    db.session.commit()
    refused(Placement(plan_id=first.id, unit_id="u", site_id="S01", week=0))
    refused(Placement(plan_id=first.id, unit_id="ghost", site_id="S01", week=1))


def test_a_room_holds_one_session_at_a_time(app):
    db.session.add_all(
        [
            scenario(),
            Unit(id="u", name="u", type="outpatient", rooms=1),
            Service(id="s", name="s", unit_type="outpatient", slots_per_session=1, staff=["x"]),
        ]
    )
    plan = Plan(scenario_id="spring", name="a")
    db.session.add(plan)
    db.session.commit()
    values = dict(plan_id=plan.id, unit_id="u", date=date(2027, 1, 4), period="AM", service_id="s")
    db.session.add(ClinicSession(room=0, **values))
    db.session.commit()
    refused(ClinicSession(room=0, **values))
    refused(ClinicSession(room=0, **(values | {"period": "EV"})))


def test_migrations_match_the_models(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
