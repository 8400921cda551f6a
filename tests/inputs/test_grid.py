"""The demand grid: practices by services, saved whole with errors per cell."""

import sqlalchemy as sa

from extensions import db
from inputs.models import Demand
from tests.inputs.conftest import audit_events, text_of


def demand() -> dict[tuple[str, str], float]:
    rows = db.session.scalars(sa.select(Demand))
    return {(r.practice_id, r.service_id): r.per_week for r in rows}


def test_the_grid_shows_every_practice_against_every_service(client, login, world):
    login()
    html = text_of(client.get("/ops/data/demand"))
    assert html.count('inputmode="decimal"') == 4  # 2 practices x 2 services
    assert 'name="E82001:dermatology"' in html and 'value="3.5"' in html
    assert 'name="E82001:xray" type="text" inputmode="decimal" autocomplete="off" value=""' in html
    assert "Referrals per week from Rothschild House for X-ray" in html


def test_saving_changes_only_what_changed_in_one_go(client, login, world):
    login()
    form = {
        "E82001:dermatology": "3.5",  # unchanged
        "E82001:xray": "4",  # new
        "E82022:dermatology": "",  # removed
        "E82022:xray": " 12.5 ",  # changed
    }
    response = client.post("/ops/data/demand", data=form)
    assert response.status_code == 302
    assert "Demand saved: 3 cells changed." in text_of(client.get(response.location))
    assert demand() == {
        ("E82001", "dermatology"): 3.5,
        ("E82001", "xray"): 4.0,
        ("E82022", "xray"): 12.5,
    }
    kept = db.session.scalar(sa.select(Demand).where(Demand.service_id == "dermatology"))
    assert kept.source == "x"
    events = [(e.action, e.entity_id, e.before, e.after) for e in audit_events("demand")]
    assert events == [
        ("create", "E82001/xray", None, {"per_week": 4.0, "source": "entered on the demand page"}),
        ("delete", "E82022/dermatology", {"per_week": 2.0, "source": ""}, None),
        ("update", "E82022/xray", {"per_week": 12.25}, {"per_week": 12.5}),
    ]


def test_bad_cells_are_named_and_nothing_is_saved(client, login, world):
    login()
    form = {
        "E82001:dermatology": "lots",
        "E82001:xray": "4",
        "E82022:dermatology": "-1",
        "E82022:xray": "12.25",
    }
    response = client.post("/ops/data/demand", data=form)
    assert response.status_code == 200
    html = text_of(response)
    assert "Rothschild House (E82001), dermatology: 'lots' is not a number" in html
    assert "Fernville Surgery (E82022), dermatology: must not be negative, not -1" in html
    assert 'href="#demand-1-1"' in html and 'id="demand-1-1"' in html
    assert 'value="lots"' in html and 'value="4"' in html  # typed values stay
    assert demand()[("E82001", "dermatology")] == 3.5
    assert ("E82001", "xray") not in demand()
    assert audit_events() == []


def test_cells_missing_from_the_form_are_left_alone(client, login, world):
    """A practice added after the page was shown is not wiped by saving the old page."""
    login()
    client.post("/ops/data/demand", data={"E82001:dermatology": "5"})
    assert demand()[("E82022", "xray")] == 12.25
    assert demand()[("E82001", "dermatology")] == 5.0


def test_the_grid_asks_for_practices_and_services_first(client, login):
    login()
    assert "Add <a" in text_of(client.get("/ops/data/demand"))
