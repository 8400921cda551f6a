"""Nominal offer against need: rooms times sessions, demand over slots."""

from dataclasses import replace
from types import SimpleNamespace

import pytest

from capacity.balance import fleet_balance, instance_balance, service_needs, skill_balance
from scheduler import DemandRow, read_instance
from scheduler.contract.domain import FOLLOW_UP
from tests.data import INSTANCES

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


def _clinician(skills, availability, most):
    return SimpleNamespace(skills=skills, availability=availability, max_sessions_per_week=most)


WEEK = ["Mon-AM", "Mon-PM", "Tue-AM", "Tue-PM"]


def test_a_skill_offers_its_clinicians_job_plans_within_the_week_and_their_most():
    services = [
        SimpleNamespace(id="dermatology", staff=["dermatology"]),
        SimpleNamespace(id="list", staff=["dermatology", "anaesthesia"]),
    ]
    needs = service_needs(
        [
            SimpleNamespace(id="dermatology", unit_type="outpatient", slots_per_session=10),
            SimpleNamespace(id="list", unit_type="theatre", slots_per_session=5),
        ],
        {"dermatology": 30.0, "list": 10.0},
    )
    clinicians = [
        _clinician(["dermatology"], ["Mon-AM", "Mon-PM", "Wed-AM"], None),  # Wed not worked
        _clinician(["dermatology", "anaesthesia"], WEEK, 3),  # counted under both, 3 at most
        _clinician(["anaesthesia"], ["Tue-AM"], 5),
    ]
    rows = {row.skill: row for row in skill_balance(clinicians, services, needs, WEEK)}
    assert list(rows) == ["anaesthesia", "dermatology"]
    assert (rows["dermatology"].clinicians, rows["dermatology"].sessions_offered) == (2, 5)
    assert rows["dermatology"].sessions_needed == 3.0 + 2.0  # its clinic and the list
    assert (rows["anaesthesia"].sessions_offered, rows["anaesthesia"].sessions_needed) == (4, 2.0)


def test_an_instance_balance_adds_demand_rows_and_counts_the_horizon_s_sessions():
    instance = read_instance(INSTANCES / "example-small.json")
    balance = instance_balance(instance)
    fleet = {row.unit_type: row for row in balance.fleet}
    assert fleet["outpatient"].room_sessions == (2 + 4) * 10
    mri = sum(row.per_week for row in instance.demand if row.service == "mri")
    assert fleet["radiology"].sessions_needed == pytest.approx(mri / 13)
    skills = {row.skill: row for row in balance.skills}
    assert skills["theatre-nurse"].clinicians == 2  # one of them also a specialist nurse
    assert skills["theatre-nurse"].sessions_offered == 2 + 3


def test_follow_up_rows_count_in_the_need_and_are_shown_apart():
    instance = read_instance(INSTANCES / "example-small.json")
    mri = sum(row.per_week for row in instance.demand if row.service == "mri")
    follow_ups = DemandRow(instance.demand[0].practice, "mri", 2.5, FOLLOW_UP)
    balance = instance_balance(replace(instance, demand=(*instance.demand, follow_ups)))
    radiology = next(row for row in balance.fleet if row.unit_type == "radiology")
    assert radiology.demand_per_week == pytest.approx(mri + 2.5)
    assert radiology.sessions_needed == pytest.approx((mri + 2.5) / 13)
    assert radiology.follow_up_per_week == 2.5 and balance.has_follow_ups
    assert not instance_balance(instance).has_follow_ups
