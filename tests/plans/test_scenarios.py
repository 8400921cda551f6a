"""Scenarios made, changed and copied: bank holidays, refusals, and copies for a what-if."""

from datetime import date

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from extensions import db
from plans.models import Scenario
from plans.scenarios import (
    ScenarioRefused,
    ScenarioValues,
    copy_scenario,
    create_scenario,
    update_scenario,
)
from publishing.service import publish


def _values(scenario: Scenario, **changes) -> ScenarioValues:
    values = dict(
        id=scenario.id,
        name=scenario.name,
        start=scenario.start,
        weeks=scenario.weeks,
        weekdays=list(scenario.weekdays),
        closed_dates=[date.fromisoformat(day) for day in scenario.closed_dates],
        unit_ids=[u.id for u in scenario.units],
        site_ids=[s.id for s in scenario.sites],
        service_ids=[s.id for s in scenario.services],
    )
    return ScenarioValues(**(values | changes))


def test_a_new_scenario_gets_the_bank_holidays_and_every_practice(app, import_tiny_plan):
    tiny = import_tiny_plan().scenario
    values = _values(tiny, id="spring", start=date(2027, 1, 4), weeks=16, closed_dates=None)
    spring = create_scenario(values)
    assert spring.closed_dates == ["2027-03-26", "2027-03-29"]  # Good Friday, Easter Monday
    assert {p.id for p in spring.practices} == {p.id for p in tiny.practices}
    assert [u.id for u in spring.units] == sorted(u.id for u in tiny.units)
    with pytest.raises(ScenarioRefused, match="exists already"):
        create_scenario(values)


def test_a_change_the_published_plan_relies_on_is_refused(app, import_tiny_plan):
    plan = import_tiny_plan()
    publish(plan)
    scenario = plan.scenario
    used_unit = plan.placements[0].unit_id
    others = [u.id for u in scenario.units if u.id != used_unit]
    with pytest.raises(ScenarioRefused, match="relies on what you changed"):
        update_scenario(scenario, _values(scenario, name="Renamed", unit_ids=others))
    db.session.expire_all()
    scenario = db.session.get(Scenario, scenario.id)
    assert scenario.name != "Renamed" and used_unit in [u.id for u in scenario.units]
    update_scenario(scenario, _values(scenario, name="Renamed"))
    assert db.session.get(Scenario, scenario.id).name == "Renamed"


def test_copies_take_the_next_free_id_and_no_plans(app, import_tiny_plan):
    original = import_tiny_plan().scenario
    first, second = copy_scenario(original), copy_scenario(original)
    assert (first.id, second.id) == (f"{original.id}-copy-1", f"{original.id}-copy-2")
    assert second.name == f"{original.name} (copy 2)"
    assert [s.id for s in first.sites] == [s.id for s in original.sites]
    assert first.plans == [] and original.plans
    copies = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "copy"))
    assert [(e.entity_id, e.before) for e in copies] == [
        (first.id, {"from": original.id}),
        (second.id, {"from": original.id}),
    ]
