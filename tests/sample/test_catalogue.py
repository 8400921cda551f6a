"""The sample's services and demand: the documented formula, and demand of the order the
fleet can meet."""

import pytest

from sample.catalogue import SERVICES
from tests.sample.conftest import UNIT_TYPES


def test_demand_follows_the_documented_formula(data):
    sizes = {row["id"]: int(row["list_size"]) for row in data["practices"]}
    by_id = {service.id: service for service in SERVICES}
    for row in data["demand"]:
        service = by_id[row["service"]]
        expected = sizes[row["practice"]] * service.rate_per_1000 / 1000 / 52
        expected *= service.eligible * service.share
        assert float(row["per_week"]) == pytest.approx(expected, abs=0.005)


def test_demand_and_capacity_are_of_the_same_order(data):
    rooms = {t: sum(int(u["rooms"]) for u in data["units"] if u["type"] == t) for t in UNIT_TYPES}
    needed = dict.fromkeys(UNIT_TYPES, 0.0)
    services = {row["id"]: row for row in data["services"]}
    for row in data["demand"]:
        service = services[row["service"]]
        needed[service["unit_type"]] += float(row["per_week"]) / int(service["slots_per_session"])
    for unit_type, sessions in needed.items():
        assert 0.4 <= sessions / (rooms[unit_type] * 10) <= 0.9, unit_type
