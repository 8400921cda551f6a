"""Fixtures for the maps: a tiny hand-made instance and plan, and the small example."""

from __future__ import annotations

from datetime import date

import pytest

from scheduler import Instance, Placement, Plan, Session, read_instance
from tests.data import INSTANCES


@pytest.fixture
def tiny() -> Instance:
    """Three weeks, three sites (one per town), two units, two services, three practices."""
    return read_instance(
        {
            "format": "mobile-units-instance/1",
            "name": "tiny-maps",
            "horizon": {"start": "2027-01-04", "weeks": 3, "weekdays": ["Mon", "Tue"]},
            "sites": [
                _site("tring", "Tring Sports Centre", "Tring", 51.7936, -0.6516, ["outpatient"]),
                _site(
                    "berko",
                    "Berkhamsted Civic Centre",
                    "Berkhamsted",
                    51.7606,
                    -0.5660,
                    ["outpatient", "radiology"],
                ),
                _site(
                    "hemel", "Hemel <Hospital>", "Hemel Hempstead", 51.7526, -0.4692, ["theatre"]
                ),
            ],
            "units": [
                {"id": "op-1", "name": "Outpatient unit 1", "type": "outpatient", "rooms": 2},
                {"id": "rad-1", "name": "Scanner 1", "type": "radiology", "rooms": 1},
            ],
            "services": [
                _service("derm", "Dermatology clinic", "outpatient"),
                _service("xray", "X-ray", "radiology"),
            ],
            "practices": [
                _practice("P1", "Rothschild House", "Tring", 51.795, -0.655),
                _practice("P2", "Manor Street Surgery", "Berkhamsted", 51.762, -0.560),
                _practice("P3", "Parkwood Surgery", "Hemel Hempstead", 51.750, -0.470),
            ],
            "demand": [
                {"practice": "P1", "service": "derm", "per_week": 4.0},
                {"practice": "P1", "service": "xray", "per_week": 1.0},
                {"practice": "P2", "service": "derm", "per_week": 2.5},
                {"practice": "P3", "service": "xray", "per_week": 9.0},
            ],
            "clinicians": [],
        }
    )


@pytest.fixture
def tiny_plan() -> Plan:
    """op-1 at Tring in weeks 1-2, then Berkhamsted; rad-1 at Berkhamsted in week 1 only."""
    return Plan(
        instance="tiny-maps",
        placements=(
            Placement("op-1", "tring", 0),
            Placement("op-1", "tring", 1),
            Placement("op-1", "berko", 2),
            Placement("rad-1", "berko", 0),
        ),
        sessions=(
            Session("op-1", date(2027, 1, 4), "AM", 0, "derm", ()),
            Session("op-1", date(2027, 1, 4), "AM", 1, "derm", ()),
            Session("op-1", date(2027, 1, 5), "PM", 0, "derm", ()),
            Session("rad-1", date(2027, 1, 5), "AM", 0, "xray", ()),
        ),
    )


@pytest.fixture
def small() -> Instance:
    return read_instance(INSTANCES / "example-small.json")


def _site(site_id, name, locality, lat, lon, unit_types) -> dict:
    return {
        "id": site_id,
        "name": name,
        "locality": locality,
        "postcode": "HP23 5JD",
        "lat": lat,
        "lon": lon,
        "pads": 1,
        "unit_types": unit_types,
    }


def _service(service_id, name, unit_type) -> dict:
    return {
        "id": service_id,
        "name": name,
        "unit_type": unit_type,
        "capability": None,
        "slots_per_session": 10,
        "staff": [],
        "max_wait_weeks": 18,
        "max_travel_km": 30,
    }


def _practice(practice_id, name, locality, lat, lon) -> dict:
    return {
        "id": practice_id,
        "name": name,
        "locality": locality,
        "postcode": None,
        "lat": lat,
        "lon": lon,
        "list_size": 8000,
    }
