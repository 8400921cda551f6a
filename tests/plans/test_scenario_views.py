"""The scenario pages: creating, editing and copying scenarios through their forms."""

from datetime import date

from extensions import db
from plans.models import Scenario
from sample.loading import load_sample

FORM = {
    "id": "spring",
    "name": "Spring tour",
    "start": "2027-01-04",
    "weeks": "16",
    "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri"],
    "closed_dates": "",
}


def test_new_scenario_fills_in_bank_holidays(client, login):
    load_sample(date(2027, 1, 4))
    login("ops")
    form = FORM | {"units": ["op-1"], "sites": ["S01", "S17"], "services": ["dermatology"]}
    response = client.post("/ops/scenarios/new", data=form, follow_redirects=True)
    assert "Created “Spring tour”" in response.data.decode()
    scenario = db.session.get(Scenario, "spring")
    assert scenario.closed_dates == ["2027-03-26", "2027-03-29"]
    assert [u.id for u in scenario.units] == ["op-1"] and len(scenario.sites) == 2
    assert len(scenario.practices) == 14 and scenario.clinicians


def test_new_scenario_form_names_each_problem_and_keeps_what_was_typed(client, login):
    login("ops")
    form = FORM | {
        "id": "Spring 2027",
        "start": "2027-01-05",
        "weeks": "30",
        "weekdays": [],
        "closed_dates": "2027-02-30",
    }
    html = client.post("/ops/scenarios/new", data=form).data.decode()
    assert "Use lower-case letters, digits and &#39;-&#39;" in html
    assert "The cycle starts on a Monday; 5 January 2027 is a Tuesday" in html
    assert "Enter from 12 to 18 weeks" in html
    assert "Choose at least one working day" in html
    assert 'value="Spring 2027"' in html and 'value="30"' in html
    assert db.session.get(Scenario, "Spring 2027") is None


def test_copy_for_a_what_if(client, login):
    load_sample(date(2027, 1, 4))
    login("ops")
    response = client.post("/ops/scenarios/dacorum-sample/copy", follow_redirects=True)
    assert "Copied the scenario" in response.data.decode()
    copy = db.session.get(Scenario, "dacorum-sample-copy-1")
    original = db.session.get(Scenario, "dacorum-sample")
    assert [u.id for u in copy.units] == [u.id for u in original.units]
    assert copy.plans == [] and not copy.is_sample


def test_edit_that_would_break_the_published_plan_is_refused(client, login, import_tiny_plan):
    plan = import_tiny_plan()
    login("ops")
    client.post(f"/ops/plans/{plan.id}/publish")
    scenario = plan.scenario
    used_unit = plan.placements[0].unit_id
    form = FORM | {
        "id": scenario.id,
        "name": "Renamed",
        "weeks": str(scenario.weeks),
        "start": scenario.start.isoformat(),
        "closed_dates": "\n".join(scenario.closed_dates),
        "units": [u.id for u in scenario.units if u.id != used_unit],
        "sites": [s.id for s in scenario.sites],
        "services": [s.id for s in scenario.services],
    }
    html = client.post(f"/ops/scenarios/{scenario.id}/edit", data=form).data.decode()
    assert "relies on what you changed" in html
    db.session.expire_all()
    assert used_unit in [u.id for u in db.session.get(Scenario, scenario.id).units]
    form["units"] = [u.id for u in scenario.units]
    response = client.post(f"/ops/scenarios/{scenario.id}/edit", data=form, follow_redirects=True)
    assert "Saved the scenario" in response.data.decode()
    assert db.session.get(Scenario, scenario.id).name == "Renamed"
