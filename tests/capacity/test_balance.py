"""Nominal offer against need: rooms times sessions, demand over slots."""

from types import SimpleNamespace

from capacity.balance import fleet_balance, service_needs

UNITS = [
    SimpleNamespace(type="outpatient", rooms=3),
    SimpleNamespace(type="outpatient", rooms=2),
    SimpleNamespace(type="radiology", rooms=1),
]
SERVICES = [
    SimpleNamespace(id="dermatology", unit_type="outpatient", slots_per_session=10),
    SimpleNamespace(id="xray", unit_type="radiology", slots_per_session=20),
    SimpleNamespace(id="ent", unit_type="outpatient", slots_per_session=8),
]


def test_a_service_needs_its_demand_over_its_slots_and_none_without_demand():
    needs = service_needs(SERVICES, {"dermatology": 25.0, "xray": 30.0})
    assert [(n.service_id, n.sessions_needed) for n in needs] == [
        ("dermatology", 2.5),
        ("xray", 1.5),
        ("ent", 0.0),
    ]


def test_every_unit_type_sets_its_rooms_sessions_against_its_services_needs():
    needs = service_needs(SERVICES, {"dermatology": 25.0, "ent": 4.0, "xray": 30.0})
    balance = {row.unit_type: row for row in fleet_balance(UNITS, needs, sessions_per_week=10)}
    assert list(balance) == ["outpatient", "theatre", "radiology"]
    outpatient = balance["outpatient"]
    assert (outpatient.units, outpatient.rooms, outpatient.room_sessions) == (2, 5, 50)
    assert (outpatient.demand_per_week, outpatient.sessions_needed) == (29.0, 3.0)
    assert balance["theatre"].room_sessions == 0 and balance["theatre"].sessions_needed == 0
    assert balance["radiology"].sessions_needed == 1.5
