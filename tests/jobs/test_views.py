"""A scenario's page with its plans, its runs and the form that starts one."""

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
