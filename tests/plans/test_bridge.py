"""The bridge: rows become the planner's objects and back, and nothing is lost on the way."""

from dataclasses import replace
from datetime import date, time

import pytest
import sqlalchemy as sa

import scheduler.contract.domain as d
from extensions import db
from inputs.mapping import to_row
from inputs.models import Demand, Practice
from inputs.tables import CLINICIANS, PRACTICES, SERVICES, SITES, UNITS
from plans.bridge import (
    NOTHING_LOCKED,
    ImportConflict,
    locked_items,
    plan_domain,
    scenario_instance,
    store_instance,
    store_plan,
)
from plans.follow_ups import NOT_DERIVED
from plans.models import Plan, Scenario
from sample.loading import load_sample
from scheduler import instance_to_json, read_instance
from tests.data import INSTANCES

MEMBERS = {
    "sites": SITES,
    "units": UNITS,
    "services": SERVICES,
    "practices": PRACTICES,
    "clinicians": CLINICIANS,
}
SCENARIO_COLUMNS = (
    "start",
    "weeks",
    "weekdays",
    "periods",
    "closed_dates",
    "session_times",
    "extras",
    "fixed",
)


def _by_id(instance: d.Instance) -> d.Instance:
    """The instance with its entities in id order, as the database lists them."""
    return replace(
        instance,
        **{kind: tuple(sorted(getattr(instance, kind), key=lambda e: e.id)) for kind in MEMBERS},
        demand=tuple(sorted(instance.demand, key=lambda row: (row.practice, row.service))),
    )


def _rows(scenario: Scenario) -> dict:
    """Everything the database holds for a scenario, as plain values."""
    rows = {column: getattr(scenario, column) for column in SCENARIO_COLUMNS}
    for kind, table in MEMBERS.items():
        rows[kind] = [to_row(table, entity) for entity in getattr(scenario, kind)]
    return rows


def test_an_instance_stored_and_read_back_is_the_same_instance(app):
    instance = read_instance(INSTANCES / "example-small.json")
    unit, site = instance.units[0], instance.sites[0]
    instance = replace(
        instance,
        horizon=replace(
            instance.horizon,
            session_times=(("AM", time(8, 30), time(12, 30)), ("PM", time(13, 30), time(17))),
        ),
        fixed=d.FixedItems(
            placements=(d.Placement(unit.id, site.id, 0),),
            sessions=(d.FixedSession(unit=unit.id, date=instance.horizon.start, session="AM"),),
        ),
    )
    scenario = store_instance(instance, "round-trip")
    assert _by_id(scenario_instance(scenario)) == _by_id(replace(instance, name="round-trip"))


def test_the_date_of_a_list_size_stays_out_of_the_instance_and_in_the_database(app):
    instance = read_instance(INSTANCES / "example-small.json")
    scenario = store_instance(instance, "dated")
    practice = scenario.practices[0]
    practice.list_size_date = date(2026, 4, 1)
    db.session.commit()
    document = instance_to_json(scenario_instance(scenario))
    assert all("list_size_date" not in row for row in document["practices"])
    store_instance(instance, "dated-again", update_existing=True)
    assert db.session.get(Practice, practice.id).list_size_date == date(2026, 4, 1)


def test_the_sample_read_from_rows_stores_back_as_the_same_rows(app):
    sample = load_sample(date(2027, 1, 4))
    # An entity whose values came back different would be refused as a conflict here.
    again = store_instance(scenario_instance(sample), "sample-again")
    # The copy spells out the default session times and the empty fixed items.
    assert _rows(again) | {"session_times": None, "fixed": {}} == _rows(sample)
    assert again.fixed == {"placements": [], "sessions": []}
    assert scenario_instance(again) == replace(scenario_instance(sample), name="sample-again")


def test_a_plan_stored_and_read_back_is_the_same_plan_with_its_locks(app, import_tiny_plan):
    stored = import_tiny_plan()
    stored.placements[1].locked = stored.sessions[0].locked = True
    stored.bound = 0.75
    db.session.commit()
    again = store_plan(
        stored.scenario,
        plan_domain(stored),
        name="Again",
        kpis=stored.kpis,
        locked=locked_items(stored),
    )
    db.session.commit()
    assert plan_domain(again) == plan_domain(stored)
    assert [p.locked for p in again.placements] == [False, True]
    assert [s.locked for s in again.sessions] == [True]
    assert [c.id for c in again.sessions[0].clinicians] == [
        c.id for c in stored.sessions[0].clinicians
    ]


def test_a_plan_stored_without_locks_has_none(app, import_tiny_plan):
    stored = import_tiny_plan()
    domain = plan_domain(stored)
    assert locked_items(stored) == NOTHING_LOCKED
    again = store_plan(stored.scenario, domain, name="Unlocked", kpis=None)
    db.session.commit()
    assert not any(item.locked for item in [*again.placements, *again.sessions])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Plan)) == 2


def _demand_rows() -> list[tuple[str, str, float]]:
    rows = db.session.scalars(sa.select(Demand).order_by(Demand.practice_id, Demand.service_id))
    return [(row.practice_id, row.service_id, row.per_week) for row in rows]


def test_an_instance_with_its_derived_follow_ups_stores_back_without_doubling(clinic_world):
    instance = scenario_instance(clinic_world)
    assert {row.kind for row in instance.demand} == {"new", "follow_up"}
    stored = _demand_rows()
    again = store_instance(read_instance(instance_to_json(instance)), "again")
    assert _demand_rows() == stored  # new demand only, as it was
    assert scenario_instance(again) == replace(instance, name="again")


def test_an_instance_whose_follow_ups_its_ratios_do_not_give_is_refused(clinic_world):
    instance = scenario_instance(clinic_world)
    index = next(i for i, row in enumerate(instance.demand) if row.kind == "follow_up")
    demand = list(instance.demand)
    demand[index] = replace(demand[index], per_week=7.0)
    with pytest.raises(ImportConflict) as refused:
        store_instance(replace(instance, demand=tuple(demand)), "doubled")
    assert refused.value.summary == NOT_DERIVED
    assert refused.value.problems == [
        f"demand[{index}] (E82001, dermatology, follow_up): 7 a week, but the service's "
        "follow-up ratio gives 6.25 (5 new × 1.25 follow-ups per first)"
    ]
    assert db.session.get(Scenario, "doubled") is None
