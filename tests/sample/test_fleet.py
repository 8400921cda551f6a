"""The sample's fleet: enough units of each kind for the services."""

from tests.sample.conftest import UNIT_TYPES


def test_fleet_and_services_are_large_enough(data):
    units = data["units"]
    assert sum(u["type"] == "outpatient" and u["rooms"] == "3" for u in units) >= 3
    assert [u["capabilities"] for u in units if u["type"] == "theatre"] == ["day-surgery"]
    radiology = {u["capabilities"] for u in units if u["type"] == "radiology"}
    assert len(radiology) >= 2
    assert len(data["services"]) >= 12
    assert {row["unit_type"] for row in data["services"]} == UNIT_TYPES
