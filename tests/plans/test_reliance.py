"""What plans and scenarios hold of an input: deleting what a published plan uses is refused,
drafts and scenarios give way once confirmed, and an edit that would make a published plan
break a rule is shown and needs confirming."""

import pytest
import sqlalchemy as sa

from extensions import db
from inputs.entities import KINDS
from inputs.models import Clinician, Site
from inputs.services import DeleteRefused, NeedsConfirmation, delete_entity
from plans.bridge import plan_domain, scenario_instance
from plans.models import ClinicSession, Plan, Scenario
from plans.reliance import new_violations, published_plans
from scheduler.rules.validate import validate
from tests.inputs import conftest as data_pages
from tests.inputs.conftest import audit_events, text_of

# The data pages' small world and its two plans, in place of the app-wide `world` (this module
# only: the plans' other tests use the app-wide one).
world, plans = data_pages.world, data_pages.plans

HEMEL = {
    "name": "Hemel Hempstead Hospital",
    "locality": "Hemel Hempstead",
    "postcode": "HP2 4AD",
    "lat": "51.7509",
    "lon": "-0.4686",
    "pads": "2",
    "unit_types": ["outpatient", "radiology"],
}


def test_the_fixture_plans_keep_every_rule(plans):
    for plan in plans:
        assert validate(scenario_instance(plan.scenario), plan_domain(plan)) == []


def test_only_published_plans_of_scenarios_with_the_entity_are_checked(plans):
    published, _ = plans
    assert published_plans(KINDS["sites"], "S01") == [published]
    assert published_plans(KINDS["sites"], "S03") == []  # in no scenario


def test_a_harmless_edit_breaks_nothing(plans):
    site = db.session.get(Site, "S01")
    assert new_violations(plans[:1], lambda: setattr(site, "name", "Hemel")) == []


def test_a_site_that_stops_hosting_outpatients_needs_confirmation(client, login, plans):
    login()
    typed = HEMEL | {"unit_types": ["radiology"], "name": "Hemel Hempstead Hospital (West)"}
    response = client.post("/ops/data/sites/S01/edit", data=typed)
    assert response.status_code == 200
    html = text_of(response)
    assert "This change breaks a published plan" in html
    assert "The published plan 'Spring' would break rule" in html
    assert 'value="Hemel Hempstead Hospital (West)"' in html  # what was typed is kept
    assert 'name="confirm" value="yes"' in html
    db.session.expire_all()
    assert db.session.get(Site, "S01").unit_types == ["outpatient", "radiology"]
    assert audit_events() == []
    response = client.post("/ops/data/sites/S01/edit", data=typed | {"confirm": "yes"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Site, "S01").unit_types == ["radiology"]
    (event,) = audit_events("site")
    assert event.after["unit_types"] == "radiology"


def test_leave_over_a_published_session_needs_confirmation(client, login, plans):
    login()
    typed = {
        "name": "Dr Zeb Trialby",
        "skills": ["dermatology"],
        "availability": ["Mon-AM", "Mon-PM", "Tue-AM"],
        "max_sessions_per_week": "3",
        "leave": "2027-01-04",
    }
    html = text_of(client.post("/ops/data/clinicians/c-derm-1/edit", data=typed))
    assert "would break rule" in html and "2027-01-04" in html
    db.session.expire_all()
    assert db.session.get(Clinician, "c-derm-1").leave == []
    # Leave that touches no published session is saved at once.
    typed["leave"] = "2027-03-01..2027-03-05"
    assert client.post("/ops/data/clinicians/c-derm-1/edit", data=typed).status_code == 302


def test_a_site_in_a_published_plan_cannot_be_deleted(client, login, plans):
    login()
    page = text_of(client.get("/ops/data/sites/S01/delete"))
    assert "You cannot delete site S01" in page
    assert (
        "Site S01 is used by 2 unit-weeks and 4 sessions of the published plan 'Spring' "
        "of scenario 'Spring tour'."
    ) in page
    assert "<form" not in page.split("<main")[1]  # no delete button at all
    response = client.post("/ops/data/sites/S01/delete", data={"confirm": "yes"})
    assert response.status_code == 302 and response.location.endswith("/S01/delete")
    assert "Nothing was deleted" in text_of(client.get(response.location))
    assert db.session.get(Site, "S01") is not None
    assert audit_events() == []


@pytest.mark.parametrize(
    ("kind", "entity_id", "reason"),
    [
        ("units", "op-1", "Unit op-1 is used by 2 unit-weeks and 4 sessions of the published"),
        ("services", "dermatology", "Service dermatology is used by 4 sessions of the published"),
        ("clinicians", "c-derm-1", "Clinician c-derm-1 is used by 4 sessions of the published"),
    ],
)
def test_everything_a_published_plan_uses_is_kept(plans, kind, entity_id, reason):
    with pytest.raises(DeleteRefused) as refused:
        delete_entity(KINDS[kind], entity_id, confirmed=True)
    assert refused.value.reasons[0].startswith(reason)
    assert db.session.get(KINDS[kind].table.model, entity_id) is not None


def test_a_site_in_a_draft_goes_from_the_draft_and_the_scenario_after_confirmation(
    client, login, plans
):
    published, draft = plans
    login()
    page = text_of(client.get("/ops/data/sites/S02/delete"))
    assert (
        "It will be removed from 1 unit-week and 2 sessions of the draft plan 'Spring what-if'"
    ) in page
    assert "It will be taken out of the scenario 'Spring tour'." in page
    assert 'name="confirm" value="yes"' in page
    # A post without the confirmation (a stale page) changes nothing.
    response = client.post("/ops/data/sites/S02/delete")
    assert response.location.endswith("/S02/delete")
    assert db.session.get(Site, "S02") is not None
    response = client.post("/ops/data/sites/S02/delete", data={"confirm": "yes"})
    assert response.location.endswith("/ops/data/sites/")
    db.session.expire_all()
    assert db.session.get(Site, "S02") is None
    assert [s.id for s in db.session.get(Scenario, "spring").sites] == ["S01"]
    draft = db.session.get(Plan, draft.id)
    assert [(p.site_id, p.week) for p in draft.placements] == [("S01", 0)]
    assert len(draft.sessions) == 2
    assert len(db.session.get(Plan, published.id).sessions) == 4
    actions = [(e.action, e.entity_type, e.entity_id) for e in audit_events()]
    assert actions == [
        ("remove_from_draft", "plan", str(draft.id)),
        ("remove_member", "scenario", "spring"),
        ("delete", "site", "S02"),
    ]


def test_a_clinician_in_drafts_only_is_taken_off_their_sessions(plans):
    published, draft = plans
    published.status = "draft"
    db.session.commit()
    with pytest.raises(NeedsConfirmation) as asked:
        delete_entity(KINDS["clinicians"], "c-derm-1")
    assert "It will be taken off 4 sessions of the draft plan 'Spring'" in asked.value.messages[0]
    delete_entity(KINDS["clinicians"], "c-derm-1", confirmed=True)
    assert db.session.get(Clinician, "c-derm-1") is None
    sessions = db.session.scalars(sa.select(ClinicSession)).all()
    assert len(sessions) == 8 and all(s.clinicians == [] for s in sessions)


def test_fixed_items_of_a_scenario_keep_their_entities(world):
    world.fixed = {"placements": [{"unit": "op-1", "site": "S02", "week": 3}]}
    db.session.commit()
    for kind, entity_id in (("sites", "S02"), ("units", "op-1")):
        with pytest.raises(DeleteRefused) as refused:
            delete_entity(KINDS[kind], entity_id, confirmed=True)
        assert "one of the fixed items of scenario 'Spring tour'" in refused.value.reasons[0]
