"""Reading JSON fields at named paths (the machinery under `contract`)."""

from __future__ import annotations

from datetime import date

import pytest

from scheduler.contract.fields import ContractError, Fields, show


def test_values_are_shown_briefly():
    assert [show(v) for v in ("x", None, True, {}, [], 2.5)] == [
        "'x'",
        "null",
        "true",
        "an object",
        "a list",
        "2.5",
    ]
    assert show("y" * 100).endswith("...'")


def test_get_applies_defaults_null_and_checks():
    f = Fields()
    obj = {"n": 3, "none": None, "flag": True}
    assert f.get(obj, "n", "x", f.integer, minimum=1) == 3
    assert f.get(obj, "absent", "x", f.integer, default=7) == 7
    assert f.get(obj, "none", "x", f.integer, default=0, nullable=True) is None
    assert f.get(obj, "flag", "x", f.integer) is None
    assert f.get(obj, "gone", "x", f.integer) is None
    assert f.problems == ["x.flag: must be an integer, not true", "x.gone: missing"]


def test_numbers_must_be_finite_and_dates_strict():
    f = Fields()
    assert f.number(float("nan"), "v") is None
    assert f.iso_date("2027-02-30", "d") is None
    assert f.iso_date("20270104", "d") is None
    assert f.iso_date("2027-01-04", "d") == date(2027, 1, 4)
    assert f.problems == [
        "v: must be a number, not nan",
        "d: not an ISO date '2027-02-30'",
        "d: not an ISO date '20270104'",
    ]


def test_raise_if_any_lists_every_problem():
    f = Fields()
    f.add("a", "one")
    f.add("b[2].c", "two")
    with pytest.raises(ContractError) as caught:
        f.raise_if_any()
    assert caught.value.problems == ["a: one", "b[2].c: two"]
    assert str(caught.value) == "a: one\nb[2].c: two"
