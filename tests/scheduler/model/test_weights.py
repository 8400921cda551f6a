"""Weights: the objective's trade-offs, in referrals served."""

from __future__ import annotations

import pytest

from scheduler import Weights


def test_defaults_follow_the_order_of_merit():
    w = Weights()
    assert w.coverage > w.moves > w.travel_km
    assert w.coverage > w.min_locality_coverage / 100  # a point of equity < one referral


def test_from_mapping_keeps_defaults_and_checks_values():
    assert Weights.from_mapping(None) == Weights()
    assert Weights.from_mapping({"moves": 2}) == Weights(moves=2.0)
    with pytest.raises(ValueError, match="unknown weight"):
        Weights.from_mapping({"speed": 1})
    with pytest.raises(ValueError, match="must be a number"):
        Weights.from_mapping({"moves": "many"})


def test_service_weights_keep_the_rest_and_count_left_out_services_as_one():
    weights = Weights(moves=2.0).with_services(["derm", "diab"], {"diab": 3})
    assert (weights.moves, weights.by_service) == (2.0, True)
    assert (weights.service("diab"), weights.service("derm")) == (3.0, 1.0)
    assert Weights().with_services(["derm"], None) == Weights()
    assert not Weights().by_service


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"ent": 1.0}, "unknown service 'ent'"),
        ({"derm": -0.5}, "service 'derm': weight must be a number >= 0, not -0.5"),
        ({"derm": float("nan")}, "service 'derm'"),
        ({"derm": float("inf")}, "service 'derm'"),
        ({"derm": "high"}, "service 'derm'"),
        ({"derm": True}, "service 'derm'"),
    ],
)
def test_bad_service_weights_are_refused_naming_the_service(values, named):
    with pytest.raises(ValueError, match="bad service weights") as caught:
        Weights().with_services(["derm", "diab"], values)
    assert named in str(caught.value)


def test_service_weights_are_not_taken_by_name_with_the_others():
    with pytest.raises(ValueError, match="unknown weight"):
        Weights.from_mapping({"per_service": 1.0})
