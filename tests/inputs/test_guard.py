"""Edits that would make a published plan break a rule are shown and need confirming."""

from extensions import db
from inputs.entities import KINDS
from inputs.models import Clinician, Site
from plans.bridge import plan_domain, scenario_instance
from plans.reliance import new_violations, published_plans
from scheduler.rules.validate import validate
from tests.inputs.conftest import audit_events, text_of

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
