"""A scenario's page with its plans, its runs and the form that starts one."""

import sqlalchemy as sa

from extensions import db
from inputs.models import Demand, Service
from tests.data import INSTANCES


def test_scenario_page_lists_plans_and_offers_a_solve(client, login, import_tiny_plan):
    plan = import_tiny_plan()
    login("ops")
    html = client.get("/ops/scenarios/example-small").data.decode()
    assert "Tiny" in html and f"/ops/plans/{plan.id}" in html
    assert "Start planning" in html and 'name="time_limit_s"' in html


def test_solve_form_reshows_a_bad_time_limit(client, login, runner):
    runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
    login("ops")
    response = client.post(
        "/ops/scenarios/example-small/solve",
        data={"time_limit_s": "9999", "seed": "0", "hint": "0"},
    )
    assert response.status_code == 400
    assert b"Enter a time limit from 1 to 600" in response.data
    assert b'value="9999"' in response.data


def test_scenario_page_sets_capacity_against_demand_and_names_a_shortfall(client, login, runner):
    runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
    login("ops")
    html = client.get("/ops/scenarios/example-small").data.decode()
    assert "Capacity against demand" in html
    assert "Rooms against demand, per unit type" in html

    def row(label: str) -> str:
        return html[html.index(f">{label}<") :].split("</tr>")[0]

    assert ">Tight<" in row("Radiology") and "90%" in row("Radiology")  # 9 of 10 sessions
    assert ">Short<" in row("mri-radiographer") and ">Short<" not in row("Outpatient")
    demand = db.session.scalar(
        sa.select(Demand).where(Demand.practice_id == "E82100", Demand.service_id == "mri")
    )
    demand.per_week = 10_000.0  # far past one scanner's week
    db.session.commit()
    html = client.get("/ops/scenarios/example-small").data.decode()
    assert ">Short<" in row("Radiology")


def test_scenario_page_shows_the_follow_ups_a_services_ratio_adds(client, login, runner):
    runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
    login("ops")
    html = client.get("/ops/scenarios/example-small").data.decode()
    assert "Of which follow-ups" not in html  # no service has a follow-up ratio
    db.session.get(Service, "orthopaedics").follow_up_ratio = 0.5
    db.session.commit()
    html = client.get("/ops/scenarios/example-small").data.decode()
    assert ">Of which follow-ups<" in html
    outpatient = html[html.index(">Outpatient<") :].split("</tr>")[0]
    new = sum(
        db.session.scalars(sa.select(Demand.per_week).where(Demand.service_id == "orthopaedics"))
    )
    assert f">{new * 0.5:.1f}<" in outpatient
