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
        attendances = float(row["per_week"]) * (1 + float(service["follow_up_ratio"]))
        needed[service["unit_type"]] += attendances / int(service["slots_per_session"])
    for unit_type, sessions in needed.items():
        assert 0.4 <= sessions / (rooms[unit_type] * 10) <= 0.9, unit_type


# Follow-ups per first attendance, from shared/data/business/followup_ratios.csv.
RATIOS = {
    "dermatology": 1.33,
    "orthopaedics": 1.6,
    "ent": 0.96,
    "ophthalmology": 2.37,
    "gynaecology": 0.94,
    "general-surgery": 1.21,
    "cardiology": 1.52,
    "urology": 1.57,
    "gastroenterology": 1.85,
}


def test_the_clinics_have_templates_and_sourced_follow_up_ratios(data):
    for row in data["services"]:
        template = (int(row["slots_per_session"]), int(row["follow_up_slots"]))
        if row["unit_type"] != "outpatient":
            assert (template[1], float(row["follow_up_ratio"])) == (0, 0.0), row["id"]
            assert row["follow_up_weeks"] == ""
            continue
        assert template == ((14, 6) if row["id"] in ("dermatology", "ent") else (15, 9))
        ratio = RATIOS[row["id"]]
        assert float(row["follow_up_ratio"]) == ratio
        assert f"{ratio:g} follow-ups per first: " in row["source"]
        assert int(row["follow_up_weeks"]) == 12 and "12 weeks: assumed" in row["source"]
    sources = {row["id"]: row["source"] for row in data["services"]}
    assert "assumed: no urology figure" in sources["urology"]
    assert "proxy: no gastroenterology figure" in sources["gastroenterology"]


def test_dermatology_alone_has_a_cap_assumed_above_its_ratio(data):
    caps = {row["id"]: row["follow_up_cap"] for row in data["services"] if row["follow_up_cap"]}
    assert set(caps) == {"dermatology"}
    dermatology = next(row for row in data["services"] if row["id"] == "dermatology")
    assert float(dermatology["follow_up_cap"]) >= float(dermatology["follow_up_ratio"])
    assert "cap 1.4 follow-ups per first: assumed" in dermatology["source"]
