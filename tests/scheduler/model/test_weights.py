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
