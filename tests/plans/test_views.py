"""The operations workspace pages for scenarios and plans."""

from plans.scenarios import copy_scenario


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


def test_the_home_shows_each_published_plan_with_its_figures_and_money(
    client, login, import_tiny_plan
):
    plan = import_tiny_plan()
    plan.status = "published"
    plan.kpis = {"coverage": 0.875, "min_locality_coverage": 0.5}
    copy_scenario(plan.scenario)
    login("ops")
    html = client.get("/ops/").data.decode()
    published = html[html.index("Published plans") : html.index("<h2>Scenarios</h2>")]
    assert "87.5%" in published and "50.0%" in published
    assert f'href="/ops/plans/{plan.id}"' in published
    assert f'href="/ops/plans/{plan.id}/business"' in published
    assert published.count("£") == 2  # a year as planned and with contingencies
    assert "No published plan" in published
    assert 'href="/ops/scenarios/example-small-copy-1"' in published
    assert 'href="/ops/business/compare"' in html


def test_the_plan_page_names_each_service_with_referrals_and_none_served(
    client, login, import_tiny_plan
):
    plan = import_tiny_plan()
    services = {s.id: s.name for s in plan.scenario.services}
    first, second, *others = sorted(services)
    figures = {first: (0.0, 274.0), second: (0.3, 12.0)} | {k: (5.0, 6.0) for k in others}
    by_service = {k: {"served": s, "demand": d} for k, (s, d) in figures.items()}
    plan.kpis = {**plan.kpis, "by_service": by_service}
    login("ops")
    html = client.get(f"/ops/plans/{plan.id}").data.decode()
    callout = html[html.index('id="unserved"') : html.index("Where each unit stands")]
    assert "2 services with no patient served" in callout
    assert f"{services[first]}: 274 referrals, none served" in callout
    assert f"{services[second]}: 12 referrals, none served" in callout
    assert not any(services[k] in callout for k in others)
    assert "plan for money from the" in callout  # how to include them
    plan.service_weights = {first: 0.0}  # planned for money: why, and not that advice again
    callout = client.get(f"/ops/plans/{plan.id}").data.decode().split('id="unserved"')[1]
    assert "This plan was made planning for money" in callout
    assert "plan for money from the" not in callout.split("</div>")[0]
    plan.kpis = {**plan.kpis, "by_service": {k: {"served": 5.0, "demand": 6.0} for k in services}}
    assert 'id="unserved"' not in client.get(f"/ops/plans/{plan.id}").data.decode()
