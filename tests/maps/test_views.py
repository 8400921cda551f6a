"""The map pages of the operations workspace: a plan's tour and a scenario's demand."""


def test_tour_map_and_demand_map_pages(client, login, import_tiny_plan):
    plan = import_tiny_plan()
    login("ops")
    page = client.get(f"/ops/plans/{plan.id}/map").data.decode()
    assert f'src="/ops/plans/{plan.id}/map/frame?week=0"' in page
    frame = client.get(f"/ops/plans/{plan.id}/map/frame?week=1").data.decode()
    assert "/vendor/leaflet/leaflet.js" in frame and plan.placements[0].unit_id in frame
    assert "https://" not in frame.replace("http://www.w3.org", "")
    service = plan.scenario.services[0].id
    assert (
        client.get(f"/ops/scenarios/{plan.scenario_id}/demand-map?service={service}").status_code
        == 200
    )
    frame = client.get(f"/ops/scenarios/{plan.scenario_id}/demand-map/frame?service={service}")
    assert frame.status_code == 200 and b"leaflet" in frame.data
