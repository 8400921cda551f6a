"""Reading and writing instance and plan JSON: round trips, defaults, and named problems."""

from __future__ import annotations

import copy
import json
from datetime import date, time

import pytest

from scheduler import (
    ContractError,
    FixedSession,
    instance_to_json,
    plan_to_json,
    read_instance,
    read_plan,
)
from scheduler.contract.domain import DEFAULT_SESSION_TIMES
from tests.data import INSTANCES

EXAMPLES = sorted(INSTANCES.glob("*.json"))


def problems_of(reader, data) -> list[str]:
    with pytest.raises(ContractError) as caught:
        reader(data)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


@pytest.fixture
def data(tiny) -> dict:
    """The tiny instance as contract JSON."""
    return instance_to_json(tiny)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_shared_examples_round_trip_exactly(path):
    original = json.loads(path.read_text())
    written = instance_to_json(read_instance(original))
    assert written == original
    assert json.dumps(written) == json.dumps(original)  # same key order, same number types
    assert read_instance(path) == read_instance(original)


def test_an_instance_built_in_code_round_trips(tiny, data):
    assert read_instance(data) == tiny
    assert list(data) == [
        "format",
        "name",
        "horizon",
        "sites",
        "units",
        "services",
        "practices",
        "demand",
        "clinicians",
        "fixed",
    ]
    assert data["sites"][1]["unavailable"] == [{"from": "2027-01-16", "to": "2027-01-16"}]
    assert "postcode" not in data["sites"][0]  # optional descriptive fields absent stay absent


def test_unknown_keys_are_kept_for_writing(data):
    data["costs"] = {"per_km": 0.45}
    data["weights"] = [1, 2]
    data["sites"][0]["address"] = "1 High Street"
    instance = read_instance(data)
    assert instance.extras == {"costs": {"per_km": 0.45}, "weights": [1, 2]}
    assert instance.sites[0].extras == {"address": "1 High Street"}
    assert instance_to_json(instance) == data


def test_optional_fields_take_the_contract_defaults(data):
    del data["horizon"]["sessions"], data["horizon"]["closed_dates"], data["fixed"]
    del data["sites"][0]["min_weeks"], data["sites"][0]["unavailable"]
    del data["units"][0]["capabilities"], data["units"][0]["setup_days"]
    del data["units"][0]["unavailable"], data["clinicians"][0]["leave"]
    del data["services"][0]["max_wait_weeks"], data["services"][0]["max_travel_km"]
    instance = read_instance(data)
    assert instance.horizon.sessions == ("AM", "PM")
    assert instance.horizon.closed_dates == ()
    assert instance.horizon.session_times == DEFAULT_SESSION_TIMES
    assert (instance.sites[0].min_weeks, instance.sites[0].unavailable) == (0, ())
    unit = instance.units[0]
    assert (unit.capabilities, unit.setup_days, unit.unavailable) == ((), 0, ())
    assert instance.clinicians[0].leave == ()
    assert (instance.services[0].max_wait_weeks, instance.services[0].max_travel_km) == (None, None)
    assert instance.fixed.placements == () and instance.fixed.sessions == ()


def test_clinic_templates_and_follow_up_rows_are_read_and_written_back(data):
    data["services"][0].update(
        follow_up_slots=4, follow_up_ratio=1.33, follow_up_cap=1.2, follow_up_weeks=12
    )
    data["demand"].append(
        {"practice": "P1", "service": "derm", "per_week": 4.8, "kind": "follow_up"}
    )
    instance = read_instance(data)
    derm = instance.services[0]
    assert (derm.follow_up_slots, derm.follow_up_ratio) == (4, 1.33)
    assert (derm.follow_up_cap, derm.follow_up_weeks) == (1.2, 12)
    assert [row.kind for row in instance.demand] == ["new", "new", "new", "follow_up"]
    assert instance.demand_per_week["P1", "derm"] == 4.0 + 4.8
    assert instance_to_json(instance) == data


def test_without_the_follow_up_fields_nothing_changes(data):
    instance = read_instance(data)
    derm = instance.services[0]
    assert (derm.follow_up_slots, derm.follow_up_ratio) == (0, 0)
    assert (derm.follow_up_cap, derm.follow_up_weeks) == (None, None)
    assert {row.kind for row in instance.demand} == {"new"}
    written = instance_to_json(instance)
    assert not any(key.startswith("follow_up") for key in written["services"][0])
    assert not any("kind" in row for row in written["demand"])


def test_session_times_are_read_and_written_when_not_the_defaults(data):
    data["horizon"]["session_times"] = {"AM": ["08:30", "12:30"], "PM": ["13:30", "17:30"]}
    instance = read_instance(data)
    assert instance.horizon.session_times[0] == ("AM", time(8, 30), time(12, 30))
    assert instance_to_json(instance) == data


def test_fixed_items_read_in_plan_form(data):
    data["fixed"] = {
        "placements": [{"unit": "op-1", "site": "a", "week": 1}],
        "sessions": [{"unit": "op-1", "date": "2027-01-05", "clinicians": ["c-derm-1"]}],
    }
    instance = read_instance(data)
    assert instance.fixed.sessions == (
        FixedSession(unit="op-1", date=date(2027, 1, 5), clinicians=("c-derm-1",)),
    )
    assert instance_to_json(instance) == data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["sites"][1].update(pads=0), "sites[1].pads: must be at least 1"),
        (lambda d: d["horizon"].update(start="x"), "horizon.start: not an ISO date 'x'"),
        (lambda d: d["horizon"].update(start="2027-1-4"), "horizon.start: not an ISO date"),
        (lambda d: d["horizon"].update(weeks=53), "horizon.weeks: must be at most 52"),
        (lambda d: d["horizon"].update(weeks="12"), "horizon.weeks: must be an integer, not '12'"),
        (lambda d: d["horizon"].update(weekdays=["Mon", "Mon"]), "horizon.weekdays[1]: repeats"),
        (
            lambda d: d["horizon"].update(weekdays=["Monday"]),
            "horizon.weekdays[0]: unknown weekday 'Monday' (expected one of Mon, Tue,",
        ),
        (lambda d: d["horizon"].update(sessions=["EVE"]), "horizon.sessions[0]: unknown session"),
        (
            lambda d: d["demand"][1].update(practice="E9"),
            "demand[1].practice: unknown practice 'E9'",
        ),
        (lambda d: d["demand"][2].update(service="x"), "demand[2].service: unknown service 'x'"),
        (lambda d: d["demand"][0].update(per_week=-1), "demand[0].per_week: must be at least 0"),
        (lambda d: d["units"][0].update(type="bus"), "units[0].type: unknown unit type 'bus'"),
        (lambda d: d["units"][0].update(rooms=0), "units[0].rooms: must be at least 1"),
        (lambda d: d["units"][0].update(setup_days=-1), "units[0].setup_days: must be at least 0"),
        (lambda d: d["units"][1].update(id="op-1"), "units[1].id: duplicate id 'op-1'"),
        (lambda d: d["services"][0].pop("staff"), "services[0].staff: missing"),
        (
            lambda d: d["services"][0].update(slots_per_session=0),
            "services[0].slots_per_session: must be at least 1",
        ),
        (
            lambda d: d["services"][0].update(follow_up_slots=-1),
            "services[0].follow_up_slots: must be at least 0",
        ),
        (
            lambda d: d["services"][0].update(follow_up_slots=11),
            "services[0].follow_up_slots: must be at most slots_per_session 10",
        ),
        (
            lambda d: d["services"][1].update(follow_up_ratio="1.3"),
            "services[1].follow_up_ratio: must be a number, not '1.3'",
        ),
        (
            lambda d: d["services"][0].update(follow_up_cap=-0.5),
            "services[0].follow_up_cap: must be at least 0",
        ),
        (
            lambda d: d["services"][2].update(follow_up_weeks=0),
            "services[2].follow_up_weeks: must be at least 1",
        ),
        (
            lambda d: d["demand"][1].update(kind="return"),
            "demand[1].kind: unknown demand kind 'return' (expected one of new, follow_up)",
        ),
        (lambda d: d["sites"][0].update(lat=True), "sites[0].lat: must be a number, not true"),
        (lambda d: d["sites"][0].update(lat=91), "sites[0].lat: must be at most 90"),
        (lambda d: d["horizon"].update(weekdays=[]), "horizon.weekdays: must not be empty"),
        (
            lambda d: d["sites"][0].update(unit_types=["bus"]),
            "sites[0].unit_types[0]: unknown unit type 'bus'",
        ),
        (
            lambda d: d["units"][1]["unavailable"][0].update({"from": "2027-02-01"}),
            "units[1].unavailable[0]: from 2027-02-01 is after to 2027-01-18",
        ),
        (
            lambda d: d["clinicians"][0]["availability"].append("Mon-EVE"),
            "clinicians[0].availability[10]: unknown weekday-session 'Mon-EVE'",
        ),
        (
            lambda d: d["clinicians"][0].update(base_lon=None),
            "clinicians[0]: base_lat and base_lon must be given together",
        ),
        (lambda d: d.update(format="v2"), "format: expected 'mobile-units-instance/1', not 'v2'"),
        (lambda d: d.pop("units"), "units: missing"),
        (lambda d: d.update(sites={}), "sites: must be a list, not an object"),
        (lambda d: d["sites"].append(3), "sites[2]: must be an object, not 3"),
        (
            lambda d: d.update(fixed={"placements": [{"unit": "op-9", "site": "a", "week": 5}]}),
            "fixed.placements[0].unit: unknown unit 'op-9'",
        ),
        (
            lambda d: d.update(fixed={"placements": [{"unit": "op-1", "site": "a", "week": 5}]}),
            "fixed.placements[0].week: week 5 is outside the cycle [0, 2)",
        ),
        (
            lambda d: d.update(fixed={"sessions": [{"clinicians": ["c-x"]}]}),
            "fixed.sessions[0].clinicians[0]: unknown clinician 'c-x'",
        ),
        (
            lambda d: d.update(fixed={"sessions": [{"date": "2027-03-01"}]}),
            "fixed.sessions[0].date: 2027-03-01 is outside the cycle 2027-01-04..2027-01-17",
        ),
    ],
)
def test_problems_name_the_field_path(data, change, expected):
    change(data)
    problems = problems_of(read_instance, data)
    assert any(p.startswith(expected) for p in problems), problems


def test_every_problem_is_collected(data):
    data["sites"][1]["pads"] = 0
    data["horizon"]["start"] = "x"
    data["demand"][1]["practice"] = "E9"
    data["units"][0]["rooms"] = 0
    assert problems_of(read_instance, data) == [
        "horizon.start: not an ISO date 'x'",
        "sites[1].pads: must be at least 1",
        "units[0].rooms: must be at least 1",
        "demand[1].practice: unknown practice 'E9'",
    ]


def test_files_that_cannot_be_read_or_parsed_are_contract_errors(tmp_path):
    missing = tmp_path / "missing.json"
    assert problems_of(read_instance, missing)[0].startswith(f"{missing}: cannot read")
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")
    assert problems_of(read_plan, broken)[0].startswith(f"{broken}: not valid JSON")
    assert problems_of(read_instance, [1]) == ["instance: must be an object, not a list"]


def test_a_plan_round_trips(tiny_plan):
    written = plan_to_json(tiny_plan)
    assert written == {
        "format": "mobile-units-plan/1",
        "instance": "tiny",
        "placements": [
            {"unit": "op-1", "site": "a", "week": 0},
            {"unit": "op-1", "site": "a", "week": 1},
        ],
        "sessions": [
            {
                "unit": "op-1",
                "date": "2027-01-05",
                "session": "AM",
                "room": 0,
                "service": "derm",
                "clinicians": ["c-derm-1"],
            }
        ],
    }
    assert read_plan(written) == tiny_plan
    with_kpis = copy.deepcopy(written) | {"kpis": {"coverage": 0.5}, "bound": 0.9, "solver": "x"}
    plan = read_plan(with_kpis)
    assert (plan.kpis, plan.bound, plan.extras) == ({"coverage": 0.5}, 0.9, {"solver": "x"})
    assert plan_to_json(plan) == with_kpis


def test_plan_problems_name_the_field_path(tiny_plan):
    written = plan_to_json(tiny_plan)
    written["sessions"][0].update(session="EVE", room="0", date="5 Jan")
    del written["placements"][1]["week"]
    written["format"] = "mobile-units-instance/1"
    assert problems_of(read_plan, written) == [
        "format: expected 'mobile-units-plan/1', not 'mobile-units-instance/1'",
        "placements[1].week: missing",
        "sessions[0].date: not an ISO date '5 Jan'",
        "sessions[0].session: unknown session 'EVE' (expected one of AM, PM)",
        "sessions[0].room: must be an integer, not '0'",
    ]


def test_a_plan_is_read_without_an_instance_so_unknown_ids_are_left_to_rule_1(tiny_plan):
    written = plan_to_json(tiny_plan)
    written["placements"][0].update(unit="op-9", week=99)
    plan = read_plan(written)
    assert plan.placements[0].unit == "op-9"
