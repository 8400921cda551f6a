"""Hand edits are checked against the rules at once; locks and copies."""

import pytest

from audit.models import AuditEvent
from extensions import db
from plans.editing import EditRefused, SessionChange, change_session, move_unit_week
from plans.models import Plan


def test_move_to_a_site_that_cannot_host_the_unit_is_refused(app, import_tiny_plan):
    plan = import_tiny_plan()
    placement = plan.placements[0]
    unit = next(u for u in plan.scenario.units if u.id == placement.unit_id)
    wrong = next(s for s in plan.scenario.sites if unit.type not in s.unit_types)
    with pytest.raises(EditRefused) as refused:
        move_unit_week(plan, unit.id, placement.week, wrong.id)
    assert any(v.startswith("rule 3") for v in refused.value.violations)
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).placements[0].site_id == placement.site_id


def test_a_good_move_is_kept_and_the_figures_recomputed(app, import_tiny_plan):
    plan = import_tiny_plan()
    unit = plan.placements[0].unit_id
    site = plan.placements[0].site_id
    move_unit_week(plan, unit, 5, site)
    db.session.expire_all()
    plan = db.session.get(Plan, plan.id)
    assert (unit, 5) in {(p.unit_id, p.week) for p in plan.placements}
    assert plan.kpis["moves"] >= 1
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="move")) is not None


def test_changing_a_session_to_an_unskilled_clinician_is_refused(app, import_tiny_plan):
    plan = import_tiny_plan()
    session = plan.sessions[0]
    service = next(s for s in plan.scenario.services if s.id == session.service_id)
    unskilled = next(c for c in plan.scenario.clinicians if service.staff[0] not in c.skills)
    with pytest.raises(EditRefused) as refused:
        change_session(plan, session, SessionChange(service.id, (unskilled.id,)))
    assert any(v.startswith("rule 7") for v in refused.value.violations)


def test_clearing_a_session_updates_the_figures(app, import_tiny_plan):
    plan = import_tiny_plan()
    change_session(plan, plan.sessions[0], None)
    db.session.expire_all()
    plan = db.session.get(Plan, plan.id)
    assert plan.sessions == [] and plan.kpis["sessions"] == 0 and plan.kpis["served"] == 0


def test_published_plans_are_edited_through_a_copy(client, login, import_tiny_plan):
    plan = import_tiny_plan()
    login("ops")
    client.post(f"/ops/plans/{plan.id}/publish")
    response = client.post(
        f"/ops/plans/{plan.id}/move",
        data={"unit": plan.placements[0].unit_id, "week": "0", "site": ""},
        follow_redirects=True,
    )
    assert "cannot be changed directly" in response.data.decode()
    response = client.post(f"/ops/plans/{plan.id}/copy", follow_redirects=True)
    assert "Made a draft copy" in response.data.decode()
    copy = db.session.scalar(db.select(Plan).order_by(Plan.id.desc()))
    assert copy.status == "draft" and len(copy.sessions) == len(plan.sessions)


def test_edit_refusal_is_shown_on_the_page(client, login, import_tiny_plan):
    plan = import_tiny_plan()
    login("ops")
    unit = plan.placements[0].unit_id
    response = client.post(
        f"/ops/plans/{plan.id}/move",
        data={"unit": unit, "week": "1", "site": ""},
        follow_redirects=True,
    )
    assert "sessions run on" in response.data.decode()
