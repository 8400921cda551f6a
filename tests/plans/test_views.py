"""The operations workspace pages for scenarios and plans."""


def test_plan_page_shows_timeline_figures_and_a_unit_week(client, login, import_tiny_plan):
    plan = import_tiny_plan()
    login("ops")
    html = client.get(f"/ops/plans/{plan.id}").data.decode()
    assert "Where each unit stands" in html and "Coverage by locality" in html
    placement = plan.placements[0]
    assert f"➜ {placement.site_id}" in html
    html = client.get(f"/ops/plans/{plan.id}?unit={placement.unit_id}&week=1").data.decode()
    assert f"{placement.unit_id} in week 2: " in html
    assert plan.sessions[0].clinicians[0].name in html


def test_plan_pages_need_the_ops_role(client, login, import_tiny_plan):
    plan = import_tiny_plan()
    login("booking")
    for path in (f"/ops/plans/{plan.id}", "/ops/scenarios/example-small", "/ops/jobs/1"):
        assert client.get(path).status_code == 403
    assert client.post(f"/ops/plans/{plan.id}/publish").status_code == 403
