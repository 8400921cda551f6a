"""The demand forecast page: who may read it and who may change the demand with it, what it
says, and using the forecast and undoing it through the page."""

import pytest
import sqlalchemy as sa

from extensions import db
from inputs.models import Demand
from plans.scenarios import copy_scenario
from referral_analysis import forecast_views
from referral_analysis.models import DemandSnapshot
from tests.referral_analysis.conftest import TODAY, refer

PAGE = "/ops/referrals/forecast/"
USE = "/ops/referrals/forecast/example-small/use"
UNDO = "/ops/referrals/forecast/example-small/undo"
BUTTON = "Use this forecast as the scenario's demand"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Pin the page's today."""
    monkeypatch.setattr(forecast_views, "_today", lambda: TODAY)


def _demand() -> dict:
    return {
        (row.practice_id, row.service_id): (row.per_week, row.source)
        for row in db.session.scalars(sa.select(Demand))
    }


@pytest.fixture
def referred(scenario):
    refer("E82100", "orthopaedics", [9] * 30)
    return scenario


def test_booking_staff_are_refused(client, login, referred):
    login("booking")
    assert client.get(PAGE).status_code == 403
    assert client.post(USE).status_code == 403


def test_commissioners_read_the_forecast_but_cannot_change_the_demand(client, login, referred):
    login("commissioner")
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Orthopaedic clinic" in page.text and ">9.0<" in page.text  # the forecast
    assert BUTTON not in page.text and "Undo" not in page.text
    before = _demand()
    assert client.post(USE).status_code == 403
    assert client.post(UNDO, data={"snapshot": 1}).status_code == 403
    assert _demand() == before


def test_ops_use_the_forecast_and_undo_it_through_the_page(client, login, referred):
    before = _demand()
    login("ops")
    page = client.get(PAGE)
    assert BUTTON in page.text and "Follow-ups follow from each service's ratio" in page.text

    used = client.post(USE, follow_redirects=True)
    assert used.request.path == PAGE and used.request.args["scenario"] == "example-small"
    assert "The forecast is now the demand of example-small: 120 demand rows changed" in used.text
    assert "new referrals a week" in used.text and "and 9.0 now" in used.text
    assert "Undo: put back the demand from" in used.text and ">Kept<" in used.text
    assert _demand() == {("E82100", "orthopaedics"): (9.0, _demand()["E82100", "orthopaedics"][1])}

    snapshot = used.text.split('name="snapshot" value="')[1].split('"')[0]
    undone = client.post(UNDO, data={"snapshot": snapshot}, follow_redirects=True)
    assert "Put back the demand of example-small from before the forecast" in undone.text
    assert _demand() == before and "Undo: put back" not in undone.text
    again = client.post(UNDO, data={"snapshot": snapshot}, follow_redirects=True)
    assert "was put back already" in again.text and _demand() == before


def test_the_page_says_in_words_that_there_is_nothing_to_forecast_from(client, login, scenario):
    login("ops")
    page = client.get(PAGE)
    assert "No whole week of referrals is held" in page.text and BUTTON not in page.text
    refused = client.post(USE, follow_redirects=True)
    assert "there is nothing to forecast from: the demand is unchanged" in refused.text


def test_the_page_says_demand_is_shared_and_with_which_scenarios(client, login, scenario):
    login("ops")
    shared = "Demand is shared: other scenarios with these practices and services plan with it too"
    assert "No other scenario plans with them" in client.get(PAGE).text
    copy = copy_scenario(scenario)
    page = client.get(PAGE, query_string={"scenario": scenario.id})
    assert shared in page.text and f"/ops/scenarios/{copy.id}" in page.text
    chosen = client.get(PAGE, query_string={"scenario": copy.id})
    assert f'<option value="{copy.id}" selected>' in chosen.text


def test_the_scenario_page_links_to_the_forecast(client, login, scenario):
    login("ops")
    page = client.get(f"/ops/scenarios/{scenario.id}")
    assert "Compare its demand with the forecast from referrals" in page.text
    assert f"{PAGE}?scenario={scenario.id}" in page.text


def test_an_undo_losing_later_edits_asks_for_a_confirmation_on_the_page(client, login, referred):
    login("ops")
    client.post(USE)
    snapshot = db.session.scalar(sa.select(DemandSnapshot.id))
    row = db.session.scalar(sa.select(Demand).where(Demand.practice_id == "E82100"))
    row.per_week = 99
    db.session.commit()
    asked = client.post(UNDO, data={"snapshot": snapshot}, follow_redirects=True).data.decode()
    assert "would lose these changes" in asked and "Undo anyway" in asked
    done = client.post(UNDO, data={"snapshot": snapshot, "confirm": "yes"}, follow_redirects=True)
    assert "Put back the demand" in done.data.decode()
